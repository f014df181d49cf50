package service_test

import (
	"context"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The database counts a person's entries and exits over all their
// enrolments in scope (issue 18, counted in SQL): in June 2025 worker 0
// moves from project A to project B (neither an entry nor an exit in the
// total, an exit from A and an entry on B in the project table), worker 1
// leaves A and the scope (an exit), worker 3 starts on A (an entry), and
// worker 2 stays. Counted by hand, on both databases.
func TestWorkforceStatsMovesBetweenProjects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		admin := service.WithCaller(context.Background(), service.System)
		a := s.enrol(t, 3)
		in := s.worker(3)
		in.EnteredOn = "2025-06-05"
		w3, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.svc.CreateProject(admin, ledger.Project{Code: "SITE-B", Name: "site B", RegionCode: "110105", OwnerID: s.owner, GeneralContractorID: s.gc,
			ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
			PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345679"}})
		if err != nil {
			t.Fatal(err)
		}
		for i, on := range map[int]string{0: "2025-06-10", 1: "2025-06-20"} {
			if _, err := s.svc.ExitWorker(s.ctx, s.project, a[i], day(on)); err != nil {
				t.Fatal(err)
			}
		}
		moved := s.worker(0)
		moved.EnteredOn = "2025-06-11"
		if _, err := s.svc.RegisterWorker(s.ctx, b.ID, moved); err != nil {
			t.Fatal(err)
		}
		r, err := s.svc.WorkforceStats(admin, service.WorkforceStatsQuery{Period: ledger.Period{Year: 2025, Month: 6},
			Groupings: []ledger.StatsGrouping{ledger.GroupProject, ledger.GroupSex}})
		if err != nil {
			t.Fatal(err)
		}
		type moves struct{ registered, entries, exits int }
		of := func(row ledger.WorkforceRow) moves {
			return moves{row.Counts[ledger.CountRegistered], row.Counts[ledger.CountEntries], row.Counts[ledger.CountExits]}
		}
		if got, want := of(r.Total), (moves{4, 1, 1}); got != want {
			t.Errorf("total %+v, want %+v", got, want)
		}
		if got, want := of(r.Tables[1].Total), (moves{4, 1, 1}); got != want {
			t.Errorf("the sex table's total (people) %+v, want %+v", got, want)
		}
		projects := r.Tables[0]
		if got, want := of(projects.Total), (moves{5, 2, 2}); got != want {
			t.Errorf("the project table's total (enrolments) %+v, want %+v", got, want)
		}
		want := map[string]moves{s.project: {4, 1, 2}, b.ID: {1, 1, 0}}
		for _, row := range projects.Rows {
			if of(row) != want[row.Key] {
				t.Errorf("project %s: %+v, want %+v", row.Label, of(row), want[row.Key])
			}
			delete(want, row.Key)
		}
		if len(want) != 0 {
			t.Errorf("projects missing from the table: %v (w3 %s)", want, w3.ID)
		}
	})
}
