package main

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func TestCheckCommand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := service.WithCaller(context.Background(), service.System)
		svc := service.New(db, nil)
		var ids []string
		for i, kind := range []ledger.OrgKind{ledger.OrgOwner, ledger.OrgGeneralContractor, ledger.OrgBank} {
			o, err := svc.CreateOrganization(ctx, ledger.Organization{Name: string(kind), Kind: kind, RegionCode: "110105",
				USCC: []string{"91350100M000100Y43", "91110000600037341L", "91310115MA1K3BTP2B"}[i]})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		if _, err := svc.CreateProject(ctx, ledger.Project{Code: "CHK", Name: "check", RegionCode: "110105", OwnerID: ids[0],
			GeneralContractorID: ids[1], ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2025, 1, 6),
			PlannedCompletionOn: ledger.NewDate(2026, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
			WageAccount: ledger.WageAccountRef{BankID: ids[2], AccountNo: "110012345678"}}); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"WAGEGUARD_DATABASE_URL": db.URL()}
		// No allocation since the start: one allocation_overdue, opened once.
		row := regexp.MustCompile(`(?m)^allocation_overdue\s+1\s+1\s+0\s+0\s+0\s*$`)
		code, out, stderr := run(t, env, "check", "--as-of", "2025-03-01")
		if code != 0 || !row.MatchString(out) || !regexp.MustCompile(`as of 2025-03-01: finished, 1 project `).MatchString(out) ||
			!regexp.MustCompile(`(?m)^costliest \(summed over the workers\): (read|rule|write) `).MatchString(out) {
			t.Fatalf("check: %d\n%s\n%s", code, out, stderr)
		}
		again := regexp.MustCompile(`(?m)^allocation_overdue\s+1\s+0\s+0\s+0\s+0\s*$`)
		if code, out, _ = run(t, env, "check", "--as-of", "2025-03-01"); code != 0 || !again.MatchString(out) {
			t.Fatalf("the same night again: %d\n%s", code, out)
		}
		if code, _, stderr = run(t, env, "check", "--as-of", "2025-02-30"); code != exitUsage {
			t.Fatalf("an impossible date: %d %s", code, stderr)
		}
		// A back-test writes nothing and says so; the same policy changes nothing.
		if code, _, stderr = run(t, env, "check", "--from", "2025-03-01", "--to", "2025-03-03"); code != exitUsage || !strings.Contains(stderr, "--dry-run") {
			t.Fatalf("a back-test without --dry-run: %d %s", code, stderr)
		}
		code, out, stderr = run(t, env, "check", "--from", "2025-03-01", "--to", "2025-03-03", "--dry-run")
		if code != 0 || !strings.Contains(out, "0 project-nights would change") || !regexp.MustCompile(`(?m)^wages_unpaid\s+0\s+0\s*$`).MatchString(out) {
			t.Fatalf("back-test: %d\n%s\n%s", code, out, stderr)
		}
	})
}

// serve catches up at start on the nights missed while it was down: the
// last finished check was four nights ago, so the three nights since, up to
// the night before today, are checked in date order before any tick.
func TestServeCatchesUpMissedNights(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"WAGEGUARD_DATABASE_URL": "sqlite://" + filepath.Join(dir, "wageguard.db"), "WAGEGUARD_ADDR": "127.0.0.1:0"}
	if code, _, stderr := run(t, env, "migrate"); code != exitOK {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	today := ledger.DateOf(time.Now())
	if code, _, stderr := run(t, env, "check", "--as-of", today.AddDays(-4).String()); code != exitOK {
		t.Fatalf("check: %d %s", code, stderr)
	}
	var out, errb syncBuf
	addr := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }, OnListen: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	defer func() { cancel(); <-done }()
	select {
	case <-addr:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start within 20 s")
	}
	db, err := store.Open(context.Background(), env["WAGEGUARD_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := []string{today.AddDays(-4).String(), today.AddDays(-3).String(), today.AddDays(-2).String(), today.AddDays(-1).String()}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var nights []ledger.Date
		if err := db.Select(context.Background(), &nights, `SELECT as_of FROM check_runs WHERE status = 'finished' ORDER BY started_at`); err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(nights))
		for i, n := range nights {
			got[i] = n.String()
		}
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nights checked %v, want %v in that order; log:\n%s", got, want, errb.String())
		}
	}
}
