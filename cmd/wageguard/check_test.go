package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

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
		if code != 0 || !row.MatchString(out) || !regexp.MustCompile(`as of 2025-03-01: finished, 1 projects`).MatchString(out) {
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
