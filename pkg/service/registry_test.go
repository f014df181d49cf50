package service_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A file with one bad row stores nothing, and its answer holds the bad
// values of the file and what the registry says of its good rows.
func TestImportWorkersIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 1) // worker 0 is already enrolled
		file := rosterCSV(4, s.bank)
		file = bytes.Replace(file, []byte(workerCard(3)), []byte("6222021234"), 1) // too short a card on row 5
		_, _, err := s.svc.ImportWorkers(s.ctx, s.project, upload(file, "roster.csv"), false)
		wantCode(t, err, ledger.EInvalid, "length")
		f := ledger.ErrorFields(err)
		if len(f) != 2 || f[0].Row != 2 || f[0].Code != string(ledger.RefuseAlreadyEnrolled) || f[1].Row != 5 {
			t.Errorf("refusals %+v, want row 2 already enrolled and row 5's card", f)
		}
		if n := s.count(t, "enrolments"); n != 1 {
			t.Errorf("%d enrolments, want only the first worker's", n)
		}
		var ids int
		if err := db.Get(s.ctx, &ids, "SELECT COUNT(*) FROM worker_identities"); err != nil || ids != 1 {
			t.Errorf("%d identities (%v), want 1", ids, err)
		}
		s.wantAudit(t, "worker.import", 0)
	})
}

// A good file enrols everyone once, audited; sent again it is a replay; a
// dry run stores nothing.
func TestImportWorkersEnrolsAndReplays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		dry, _, err := s.svc.ImportWorkers(s.ctx, s.project, upload(rosterCSV(3, s.bank), "roster.csv"), true)
		if err != nil || !dry.DryRun || len(dry.Enrolments) != 3 || s.count(t, "enrolments") != 0 {
			t.Fatalf("dry run: %+v, %v, %d enrolments stored", dry, err, s.count(t, "enrolments"))
		}
		res, replayed, err := s.svc.ImportWorkers(s.ctx, s.project, upload(rosterCSV(3, s.bank), "roster.csv"), false)
		if err != nil || replayed || len(res.Enrolments) != 3 || res.Enrolments[2].Row != 4 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		again, replayed, err := s.svc.ImportWorkers(s.ctx, s.project, upload(rosterCSV(3, s.bank), "roster.csv"), false)
		if err != nil || !replayed || again.Enrolments[0].EnrolmentID != res.Enrolments[0].EnrolmentID {
			t.Fatalf("replay: %+v, replayed %v, %v", again, replayed, err)
		}
		if n := s.count(t, "enrolments"); n != 3 {
			t.Errorf("%d enrolments, want 3", n)
		}
		s.wantAudit(t, "worker.import", 1)
	})
}

// Registration, exit and re-entry: each step audited; the person keeps one
// identity; enrolling them while still on site is refused.
func TestRegisterExitReenter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		first, err := s.svc.RegisterWorker(s.ctx, s.project, s.worker(0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.svc.RegisterWorker(s.ctx, s.project, s.worker(0))
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseAlreadyEnrolled))
		if _, err := s.svc.ExitWorker(s.ctx, s.project, first.ID, ledger.NewDate(2025, 3, 1)); err != nil {
			t.Fatal(err)
		}
		w := s.worker(0)
		w.EnteredOn = "2025-04-01"
		again, err := s.svc.RegisterWorker(s.ctx, s.project, w)
		if err != nil {
			t.Fatal(err)
		}
		if again.WorkerID != first.WorkerID || again.ID == first.ID {
			t.Errorf("re-entry: worker %s enrolment %s; first %s %s", again.WorkerID, again.ID, first.WorkerID, first.ID)
		}
		w = s.worker(0)
		w.Name = "冒名顶替"
		w.IDNumber = workerID(0)
		_, err = s.svc.RegisterWorker(s.ctx, s.project, w)
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNameMismatch))
		s.wantAudit(t, "worker.enrol", 2)
		s.wantAudit(t, "worker.exit", 1)
	})
}

// A subcontractor registers only its own workers; another employer is refused.
func TestRegisterWorkerAsSubcontractor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ctx := service.WithCaller(s.ctx, service.Caller{KeyID: "key_sub", OrgID: s.sub, Role: ledger.RoleContractor})
		e, err := s.svc.RegisterWorker(ctx, s.project, s.worker(0))
		if err != nil || e.EmployerID != s.sub {
			t.Fatalf("own worker: %+v, %v", e, err)
		}
		w := s.worker(1)
		w.EmployerID = s.gc
		_, err = s.svc.RegisterWorker(ctx, s.project, w)
		wantCode(t, err, ledger.EForbidden, "")
		w.EmployerID = s.bank
		_, err = s.svc.RegisterWorker(s.ctx, s.project, w)
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNotOnProject))
		if n := s.count(t, "enrolments"); n != 1 {
			t.Errorf("%d enrolments, want 1", n)
		}
	})
}

// One person enrolled on several projects at the same moment: each
// registration looks the identity up, finds nothing, and creates it; all but
// one collide on the identity's unique index, and the ErrConcurrentChange
// retry runs them again, now finding the identity. Everyone is enrolled,
// as one person.
func TestConcurrentRegistrationsOfOnePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		sys := service.WithCaller(s.ctx, service.System)
		projects := []string{s.project}
		for i := 1; i < 6; i++ {
			p, err := s.svc.CreateProject(sys, ledger.Project{Code: fmt.Sprintf("SITE%d", i), Name: "site", RegionCode: "110105", OwnerID: s.owner,
				GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("1000000"), StartedOn: ledger.NewDate(2025, 1, 1),
				PlannedCompletionOn: ledger.NewDate(2027, 1, 1), PayDay: 15, LabourCostCycle: ledger.Monthly,
				WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: fmt.Sprintf("11001234567%d", i)}})
			if err != nil {
				t.Fatal(err)
			}
			projects = append(projects, p.ID)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(projects))
		workers := make([]string, len(projects))
		for i, p := range projects {
			wg.Go(func() {
				e, err := s.svc.RegisterWorker(s.ctx, p, s.worker(0))
				if errs[i] = err; err == nil {
					workers[i] = e.WorkerID
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("registration on project %d: %v", i, err)
			}
			if workers[i] != workers[0] {
				t.Errorf("project %d enrolled worker %s, project 0 worker %s: one person, one identity", i, workers[i], workers[0])
			}
		}
		var ids int
		if err := db.Get(s.ctx, &ids, "SELECT COUNT(*) FROM worker_identities"); err != nil || ids != 1 {
			t.Errorf("%d identities (%v), want 1", ids, err)
		}
	})
}

// A new card replaces the old one, which stays on record, audited; a bad
// update changes nothing.
func TestUpdateWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enr := s.enrol(t, 1)[0]
		_, err := s.svc.UpdateWorker(s.ctx, s.project, enr, service.WorkerUpdate{BankCard: workerCard(7)})
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseRequired))
		_, err = s.svc.UpdateWorker(s.ctx, s.project, enr, service.WorkerUpdate{BankCard: workerCard(7), BankID: s.gc})
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNotABank))
		s.wantAudit(t, "worker.update", 0)
		e, err := s.svc.UpdateWorker(s.ctx, s.project, enr, service.WorkerUpdate{BankCard: workerCard(7), BankID: s.bank, Phone: "13912345678"})
		if err != nil || e.Phone != "139****5678" || e.BankCard == "" {
			t.Fatalf("update: %+v, %v", e, err)
		}
		_, history, err := s.svc.GetWorker(s.ctx, s.project, enr)
		if err != nil || len(history) != 3 {
			t.Fatalf("history %+v, %v: want the old card, the new card and the phone", history, err)
		}
		s.wantAudit(t, "worker.update", 1)
	})
}

// A new card's bank must be a registered bank: an unknown ID is refused as
// not a bank, but a database that cannot say (here the organisations'
// table is gone) is a failure of the database, not a verdict on the bank.
func TestUpdateWorkerBankLookupFailureIsNotARefusal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.SkipOnSharedDB(t, db, "renames a table of the shared database")
		s := newSite(t, db)
		enr := s.enrol(t, 1)[0]
		_, err := s.svc.UpdateWorker(s.ctx, s.project, enr, service.WorkerUpdate{BankCard: workerCard(7), BankID: "org_nosuchbank0000"})
		wantCode(t, err, ledger.EInvalid, string(ledger.RefuseNotABank))
		if err := db.ExecRaw(s.ctx, "ALTER TABLE organizations RENAME TO organizations_gone"); err != nil {
			t.Fatal(err)
		}
		_, err = s.svc.UpdateWorker(s.ctx, s.project, enr, service.WorkerUpdate{BankCard: workerCard(7), BankID: s.bank})
		if err == nil || ledger.ErrorCode(err) == ledger.EInvalid {
			t.Fatalf("with the organisations unreadable: %v (code %q), want the database's error", err, ledger.ErrorCode(err))
		}
	})
}
