package service_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// readFacts reports whether the run read any project's facts (it read
// none when it skipped every project).
func readFacts(run *store.CheckRun) bool {
	_, read := run.Timings.Reads["payments"]
	return read
}

// A run of a night checked before skips the project when nothing it is
// decided from changed, with the counts and alerts a full run gives; a late
// bank report about that night, or an inspector's action on its alert, has
// it checked again.
func TestReRunSkipsAProjectWhoseInputsDidNotChange(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		clock.Advance(12 * 24 * time.Hour)
		if first := s.run(t, "2025-07-16"); !readFacts(first) {
			t.Fatal("the first run of the night read no facts")
		}
		a := s.alert(t, ledger.RuleWagesUnpaid)
		again := s.run(t, "2025-07-16")
		if readFacts(again) {
			t.Fatal("the night again, with nothing changed, read the facts")
		}
		full := s.runInFull(t, "2025-07-16")
		if got, want := countsOf(again), countsOf(full); got != want || counts(again, ledger.RuleWagesUnpaid) != (ledger.RuleCounts{Found: 1}) {
			t.Fatalf("skipped: %s\nin full: %s", got, want)
		}
		if got := s.alert(t, ledger.RuleWagesUnpaid); fmt.Sprint(got) != fmt.Sprint(a) {
			t.Fatalf("the night again changed the alert:\n%+v\n%+v", a, got)
		}

		// The bank reports late that worker 0 was paid on 15 July: the truth
		// about the night of the 16th changed.
		s.pay(t, 0, "BANK-LATE", day("2025-07-15"))
		late := s.run(t, "2025-07-16")
		if c := counts(late, ledger.RuleWagesUnpaid); !readFacts(late) || c.Updated != 1 {
			t.Fatalf("after a late bank report: read %v, %+v", readFacts(late), c)
		}
		if got := s.alert(t, ledger.RuleWagesUnpaid); got.AmountAtRisk != ledger.MustMoney("6000") || got.Headcount != 1 {
			t.Fatalf("after a late bank report: %+v", got)
		}
		if again := s.run(t, "2025-07-16"); readFacts(again) || countsOf(again) != countsOf(s.runInFull(t, "2025-07-16")) {
			t.Fatalf("the night again after the late report: read %v, %s", readFacts(again), countsOf(again))
		}

		inspector := service.WithCaller(context.Background(), service.Caller{KeyID: "key_insp", Role: ledger.RoleInspector, RegionCode: "110105"})
		if _, err := s.svc.ActOnAlert(inspector, s.alert(t, ledger.RuleWagesUnpaid).ID, ledger.AlertActionInput{Action: ledger.ActionAcknowledge}); err != nil {
			t.Fatal(err)
		}
		if acted := s.run(t, "2025-07-16"); !readFacts(acted) {
			t.Fatal("the night again after an inspector's action skipped the project")
		}
	})
}

// runInFull runs the night with nothing kept of its earlier runs, so that
// every project is checked.
func (s *checkSite) runInFull(t *testing.T, asOf string) *store.CheckRun {
	t.Helper()
	if err := s.db.ExecRaw(context.Background(), `DELETE FROM check_inputs`); err != nil {
		t.Fatal(err)
	}
	run := s.run(t, asOf)
	if !readFacts(run) {
		t.Fatal("a run with nothing kept read no facts")
	}
	return run
}

// The night's contractor record reads the wages owed a batch of projects
// at a time: the same periods, amounts and pay rules as the contractor's
// own statement over all its projects.
func TestNightReadsTheWagesOwedByContractors(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		s.pay(t, 0, "BANK-1", day("2025-07-09"))
		q := db.Reader(context.Background())
		all, err := store.CheckProjects(q, day("2099-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := store.WagesOwedByContractor(q, s.gc, day("2025-07-10").Period())
		if err != nil || len(want) != 1 || want[0].Amount != ledger.MustMoney("6000") {
			t.Fatalf("owed by the contractor: %+v, %v", want, err)
		}
		got, err := service.WagesOwedBy(q, all, day("2025-07-10"))
		if err != nil || fmt.Sprint(got[s.gc]) != fmt.Sprint(want) || len(got) != 1 {
			t.Fatalf("read a batch at a time: %+v, %v\nwant %+v", got, err, want)
		}
	})
}

// Inside the night, the record a small contract (whose exemption turns on
// it) is sized on knows whether its contractor owes wages past their pay
// day on another of its projects: not before the pay day, yes after it, no
// once the bank paid them; and whether it is on the dishonesty list; each
// time as the contractor's own statements have it. A large contract, whose
// size does not turn on them, is sized without reading them, to the same
// amount and explanation as on the contractor's own record.
func TestNightKnowsTheContractorsOverdueWages(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		s.pay(t, 0, "BANK-1", day("2025-07-09"))
		other, err := s.svc.CreateProject(service.WithCaller(context.Background(), service.System), ledger.Project{Code: "SITE-OTHER",
			Name: "site", RegionCode: "110105", OwnerID: s.owner, GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("2000000"),
			StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
			WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345679"}})
		if err != nil {
			t.Fatal(err)
		}
		q := db.Reader(context.Background())
		for _, c := range []struct {
			today   string
			overdue bool
		}{{"2025-07-15", false}, {"2025-07-16", true}, {"2025-07-20", true}} {
			night, err := service.NightContractorRecord(s.svc, q, other, day(c.today))
			if err != nil {
				t.Fatal(err)
			}
			own, err := service.OwnContractorRecord(s.svc, q, other, day(c.today))
			if err != nil {
				t.Fatal(err)
			}
			if night.OverdueWages != c.overdue || !reflect.DeepEqual(night, own) {
				t.Fatalf("%s: the night's record %+v, want overdue %v and the contractor's own %+v", c.today, night, c.overdue, own)
			}
		}
		large, err := s.svc.CreateProject(service.WithCaller(context.Background(), service.System), ledger.Project{Code: "SITE-LARGE",
			Name: "site", RegionCode: "110105", OwnerID: s.owner, GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("100000000"),
			StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
			WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345670"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []*ledger.Project{other, large} {
			night, err := service.NightContractorRecord(s.svc, q, p, day("2025-07-16"))
			if err != nil {
				t.Fatal(err)
			}
			own, err := service.OwnContractorRecord(s.svc, q, p, day("2025-07-16"))
			if err != nil || !own.OverdueWages {
				t.Fatalf("%s: the contractor's own record %+v, %v", p.Code, own, err)
			}
			if read := p == other; night.OverdueWages != read {
				t.Errorf("%s: the night read the wages owed %v, want %v", p.Code, night.OverdueWages, read)
			}
			sized := func(rec ledger.ContractorRecord) ledger.RequiredGuarantee {
				r, err := ledger.DefaultPolicy().RequiredGuarantee(ledger.SizingInput{ContractAmount: p.ContractAmount, Region: p.RegionCode,
					SignedOn: p.StartedOn, Record: rec})
				if err != nil {
					t.Fatal(err)
				}
				return r
			}
			if n, o := sized(night), sized(own); !reflect.DeepEqual(n, o) {
				t.Errorf("%s: sized on the night's record %+v, on the contractor's own %+v", p.Code, n, o)
			}
		}
		clock.Advance(12 * 24 * time.Hour) // to 22 July
		s.pay(t, 1, "BANK-2", day("2025-07-21"))
		night, err := service.NightContractorRecord(s.svc, q, other, day("2025-07-22"))
		if err != nil || night.OverdueWages || night.Blacklisted {
			t.Fatalf("after the bank paid: %+v, %v", night, err)
		}

		// Listed on the dishonesty list on the day the other project was
		// signed: the night's record says so, as the contractor's own does.
		if _, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-16")); err != nil {
			t.Fatal(err)
		}
		alert := s.alert(t, ledger.RuleWagesUnpaid)
		l := &ledger.Listing{ProjectID: s.project, ID: ledger.NewID("bll"), AlertID: alert.ID, EmployerID: s.gc, Source: ledger.CandidateEscalation,
			Status: ledger.ListingProposed, ProposedOn: day("2024-11-01"), ProposedBy: "key_insp"}
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			if err := store.ProposeCandidates(tx, []ledger.BlacklistCandidate{{EmployerID: s.gc, ProjectID: s.project, AlertID: alert.ID,
				Source: ledger.CandidateEscalation, Rule: ledger.RuleWagesUnpaid, ProposedOn: day("2024-11-01"), ProposedBy: "key_insp"}}); err != nil {
				return err
			}
			if err := store.InsertListing(tx, l); err != nil {
				return err
			}
			l.Status, l.StartOn, l.EndOn = ledger.ListingListed, day("2024-12-01"), day("2025-11-30")
			return store.UpdateListing(tx, l, ledger.ListingProposed)
		}); err != nil {
			t.Fatal(err)
		}
		night, err = service.NightContractorRecord(s.svc, q, other, day("2025-07-22"))
		if err != nil || !night.Blacklisted {
			t.Fatalf("listed: %+v, %v", night, err)
		}
		if own, err := service.OwnContractorRecord(s.svc, q, other, day("2025-07-22")); err != nil || !reflect.DeepEqual(night, own) {
			t.Fatalf("listed: the night's record %+v, the contractor's own %+v, %v", night, own, err)
		}
	})
}

// A work-injury policy recorded after a night was checked has the project
// checked again when the night is run again: the policy clears the alert
// that said it was missing.
func TestReRunChecksAgainAfterAPolicyIsRecorded(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		clock.Advance(12 * 24 * time.Hour)
		s.run(t, "2025-07-16")
		if a := s.alert(t, ledger.RuleInjuryInsuranceMissing); a.Status != ledger.AlertOpen {
			t.Fatalf("before the policy: %+v", a)
		}
		if again := s.run(t, "2025-07-16"); readFacts(again) {
			t.Fatal("the night again, with nothing changed, read the facts")
		}
		if _, err := s.svc.RecordInjuryPolicy(s.ctx, ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "朝阳区社会保险事业管理中心", PolicyNo: "GS-2025-1",
			ValidFrom: day("2025-01-01"), ValidUntil: day("2026-07-10"), Basis: ledger.BasisHeadcount, Headcount: 10}); err != nil {
			t.Fatal(err)
		}
		// The policy, backdated to January, covers the night and June's days:
		// the standing alert closes; June's stays open for an inspector.
		if insured := s.run(t, "2025-07-16"); !readFacts(insured) || counts(insured, ledger.RuleInjuryInsuranceMissing).Resolved != 1 {
			t.Fatalf("after the policy: read %v, %+v", readFacts(insured), counts(insured, ledger.RuleInjuryInsuranceMissing))
		}
	})
}

// The sealer deletes a queued record it quarantines. A project's change
// mark must not come back to a value a run was kept under when the next
// change is queued, or a re-run would skip a project whose facts changed.
func TestChangeMarkDoesNotReturnAfterAQuarantine(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		ctx := context.Background()
		mark := func() string {
			var marks map[string]string
			if err := db.WithTx(ctx, func(tx *store.Tx) (err error) { marks, err = store.ChangeMarks(tx, []string{s.project}); return err }); err != nil {
				t.Fatal(err)
			}
			return marks[s.project]
		}
		var ids []string
		if err := db.Select(ctx, &ids, `SELECT id FROM audit_queue WHERE chain = ? AND action <> ? ORDER BY id`, s.project, store.CheckAuditAction); err != nil || len(ids) == 0 {
			t.Fatalf("no queued record on the project's chain: %v %v", ids, err)
		}
		before := mark()
		// The sealer quarantines one queued record (as store.SealChain does)…
		if err := db.ExecRaw(ctx, `INSERT INTO audit_quarantine (chain, id, at, ord, actor, action, subject, request_hash, detail, seal, reason, found_at)
			SELECT chain, id, at, ord, actor, action, subject, request_hash, detail, '', 'test', at FROM audit_queue WHERE chain = '`+s.project+`' AND id = '`+ids[0]+`'`); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecRaw(ctx, `DELETE FROM audit_queue WHERE chain = '`+s.project+`' AND id = '`+ids[0]+`'`); err != nil {
			t.Fatal(err)
		}
		// …and the next change queues one record again.
		if err := db.ExecRaw(ctx, `INSERT INTO audit_queue (chain, id, at, ord, actor, action, subject, request_hash, detail)
			SELECT chain, id || 'n', at, ord, actor, action, subject, request_hash, detail FROM audit_quarantine WHERE chain = '`+s.project+`' AND id = '`+ids[0]+`'`); err != nil {
			t.Fatal(err)
		}
		if after := mark(); after == before {
			t.Fatalf("the change mark came back to %q after a quarantine and a new change", before)
		}
	})
}

// nightsKept are the nights check_inputs holds a row of, oldest first.
func (s *checkSite) nightsKept(t *testing.T) []string {
	t.Helper()
	var nights []ledger.Date
	if err := s.db.Select(context.Background(), &nights, `SELECT as_of FROM check_inputs ORDER BY as_of`); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(nights))
	for i, d := range nights {
		out[i] = d.String()
	}
	return out
}

// What a night kept is forgotten once no run can skip on it: when a later
// night changes the project's alerts (their versions only grow), and for
// nights more than the catch-up window before the night run.
func TestCheckInputsArePruned(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		clock.Advance(12 * 24 * time.Hour)
		s.run(t, "2025-07-16")
		if got := s.nightsKept(t); !reflect.DeepEqual(got, []string{"2025-07-16"}) {
			t.Fatalf("after the night of the 16th: %v", got)
		}
		// The 17th sees the wages_unpaid alert again and records so: the
		// 16th's digest names its old version.
		before := s.alert(t, ledger.RuleWagesUnpaid)
		s.run(t, "2025-07-17")
		if after := s.alert(t, ledger.RuleWagesUnpaid); after.Version == before.Version {
			t.Fatalf("the 17th left the alert's version at %d", after.Version)
		}
		if got := s.nightsKept(t); !reflect.DeepEqual(got, []string{"2025-07-17"}) {
			t.Fatalf("after the night of the 17th: %v", got)
		}
		// Nights kept long before (by an older run) go with the project's
		// batch in a run of a night more than the catch-up window later, a
		// batch of projects skipped too; the 17th again is skipped and
		// keeps the rest.
		for _, night := range []string{"2025-06-01", "2025-06-20"} {
			if err := s.db.ExecRaw(context.Background(), fmt.Sprintf(`INSERT INTO check_inputs (project_id, as_of, digest, found)
				VALUES ('%s', '%s', 'x', '{}')`, s.project, night)); err != nil {
				t.Fatal(err)
			}
		}
		if again := s.run(t, "2025-07-17"); readFacts(again) {
			t.Fatal("the 17th again read the facts")
		}
		if got := s.nightsKept(t); !reflect.DeepEqual(got, []string{"2025-06-20", "2025-07-17"}) {
			t.Fatalf("after the 17th again: %v", got)
		}
	})
}
