package service_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// keySite is a project with workers, a changed card and an approved payroll:
// a row in every table a key rotation rewrites.
type keySite struct {
	svc             *service.Service
	sys, ctx        context.Context
	project, gc, bk string
	payroll         string
}

const keySiteWorkers = 12

func rosterName(i int) string {
	return fmt.Sprintf("工人%c%c", '甲'+rune(i%50), '乙'+rune(i/50%50))
}

// cardOf is the card worker i is paid on: worker 0 changed theirs.
func cardOf(i int) string {
	if i == 0 {
		return workerCard(100)
	}
	return workerCard(i)
}

func payrollCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,本人签字确认\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,%s,%s,22,%d.00,0,%d.00,是\n", rosterName(i), workerID(i), cardOf(i), 6000+i, 6000+i)
	}
	return b.Bytes()
}

func newKeySite(t *testing.T, db *store.DB, keys *identity.Keyring) *keySite {
	t.Helper()
	svc := service.New(db, nil)
	svc.Identity = keys
	s := &keySite{svc: svc, sys: service.WithCaller(context.Background(), service.System)}
	mk := func(kind ledger.OrgKind, n int) string {
		o, err := svc.CreateOrganization(s.sys, ledger.Organization{Name: fmt.Sprintf("%s %d", kind, n), USCC: benchUSCC(n), Kind: kind, RegionCode: "110105"})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	s.gc, s.bk = mk(ledger.OrgGeneralContractor, 1), mk(ledger.OrgBank, 2)
	p, err := svc.CreateProject(s.sys, ledger.Project{Code: "KEYS", Name: "keys", RegionCode: "110105", OwnerID: mk(ledger.OrgOwner, 3), GeneralContractorID: s.gc,
		ContractAmount: ledger.MustMoney("100000000"), StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
		PayDay: 15, LabourCostCycleDays: 30, WageAccount: ledger.WageAccountRef{BankID: s.bk, AccountNo: "110012345678"}})
	if err != nil {
		t.Fatal(err)
	}
	s.project = p.ID
	s.ctx = service.WithCaller(context.Background(), service.Caller{KeyID: "key_gc", OrgID: s.gc, Role: ledger.RoleContractor})
	if _, _, err := svc.ImportWorkers(s.ctx, s.project, upload(rosterCSV(keySiteWorkers, s.bk), "roster.csv"), false); err != nil {
		t.Fatal(err)
	}
	es, err := svc.ListWorkers(s.ctx, store.EnrolmentFilter{ProjectID: s.project, Limit: 100})
	if err != nil || len(es) != keySiteWorkers {
		t.Fatalf("workers: %d, %v", len(es), err)
	}
	for _, e := range es {
		if e.Name == rosterName(0) {
			if _, err := svc.UpdateWorker(s.ctx, s.project, e.ID, service.WorkerUpdate{BankCard: cardOf(0), BankID: s.bk, Phone: "13900000000"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.payroll = s.submit(t, "2026-10", keySiteWorkers)
	if _, err := svc.ApprovePayroll(s.ctx, s.payroll); err != nil {
		t.Fatal(err)
	}
	return s
}

// submit uploads a payroll of the first n workers; every line must match a
// registered worker.
func (s *keySite) submit(t *testing.T, period string, n int) string {
	t.Helper()
	lines, done, err := service.FileLines(upload(payrollCSV(n), "payroll.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	res, _, err := s.svc.SubmitPayroll(s.ctx, s.project, service.PayrollSubmission{Period: period}, upload(payrollCSV(n), "p.csv").SHA256+period, "p.csv", lines)
	if err != nil {
		t.Fatalf("payroll %s: %v %v", period, err, ledger.ErrorFields(err))
	}
	return res.ID
}

// A rotation stopped half-way through the identities (their unique blind
// index then holds both versions) and resumed leaves every worker findable by
// identity number and card, every card decryptable, nothing under the old
// key, and the audit trail intact.
func TestRotateSecretKeyInterruptedAndResumed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		keys, _ := identity.Generate()
		s := newKeySite(t, db, keys)
		check1, _ := keys.CheckValue(1)
		if err := s.svc.RecordSecretKey(s.sys, 1, check1); err != nil {
			t.Fatal(err)
		}
		rotating, to, err := keys.WithNewVersion(1)
		if err != nil || to != 2 {
			t.Fatal(to, err)
		}
		s.svc.Identity = rotating
		if err := s.svc.StartSecretKeyRotation(s.sys, to); err != nil {
			t.Fatal(err)
		}
		rep, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 5, MaxBatches: 2})
		if err != nil || rep.Finished || rep.Rows != 10 {
			t.Fatalf("interrupted rotation: %+v, %v", rep, err)
		}
		var moved int
		if err := db.Get(s.sys, &moved, "SELECT count(*) FROM worker_identities WHERE id_number_enc LIKE 'v2:%'"); err != nil || moved != 10 {
			t.Fatalf("identities under version 2 after two batches: %d, %v", moved, err)
		}
		progress, err := store.RotationProgress(db.Reader(s.sys), to)
		if err != nil || progress["worker_identities"].Rows != 10 || progress["worker_identities"].Finished {
			t.Fatalf("recorded progress: %+v, %v", progress, err)
		}
		recorded, _ := db.SecretKeys(s.sys)
		if fmt.Sprint(recorded) != fmt.Sprintf("[{1 %s current} {2 %s rotating}]", check1, mustCheck(rotating, 2)) {
			t.Fatalf("secret_keys while rotating: %v", recorded)
		}

		rep, err = s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 5})
		if err != nil || !rep.Finished {
			t.Fatalf("resumed rotation: %+v, %v", rep, err)
		}
		// 2 identities, 12 enrolments (card and phone), 26 details (a card and
		// a phone each, and worker 0's new ones), 12 instructions.
		if rep.Rows != 2+keySiteWorkers+(2*keySiteWorkers+2)+keySiteWorkers {
			t.Errorf("the resumed run rewrote %d rows", rep.Rows)
		}
		for _, tb := range store.SealedTables {
			if n, err := store.CountSealedNotAt(db.Reader(s.sys), tb, "v2"); err != nil || n != 0 {
				t.Errorf("%s: %d rows under another key than version 2 (%v)", tb.Name, n, err)
			}
		}
		recorded, _ = db.SecretKeys(s.sys)
		if fmt.Sprint(recorded) != fmt.Sprintf("[{1 %s retired} {2 %s current}]", check1, mustCheck(rotating, 2)) {
			t.Fatalf("secret_keys after the rotation: %v", recorded)
		}

		// From now on only version 2 is needed.
		only, _ := rotating.Only(2)
		s.svc.Identity = only
		// Every worker is found by identity number and card: a payroll of all matches.
		s.submit(t, "2026-11", keySiteWorkers)
		// The same person is not enrolled a second time.
		var identities int
		_, err = s.svc.RegisterWorker(s.ctx, s.project, ledger.WorkerInput{Name: rosterName(3), IDNumber: workerID(3), EmployerID: s.gc, Trade: "木工",
			BankCard: workerCard(3), BankID: s.bk, ContractSignedOn: "2026-02-01", EnteredOn: "2026-02-02"})
		if db.Get(s.sys, &identities, "SELECT count(*) FROM worker_identities"); err == nil || !strings.Contains(err.Error(), "already enrolled") || identities != keySiteWorkers {
			t.Fatalf("re-enrolling worker 3 after the rotation: %v; %d identities", err, identities)
		}
		// Every card decrypts: the bank file of the payroll approved before the rotation.
		b, err := s.svc.ExportInstructions(s.sys, s.payroll)
		if err != nil || len(b.Lines) != keySiteWorkers {
			t.Fatalf("export after the rotation: %v", err)
		}
		cards := map[string]bool{}
		for _, l := range b.Lines {
			cards[l.PayeeAccount] = true
		}
		for i := 0; i < keySiteWorkers; i++ {
			if !cards[cardOf(i)] {
				t.Errorf("worker %d's card is not in the bank file", i)
			}
		}
		// The audit trail still verifies, and tells the rotation.
		if _, err := db.SealAudit(s.sys); err != nil {
			t.Fatal(err)
		}
		audit, err := db.VerifyAudit(s.sys)
		if err != nil || len(audit.Problems) != 0 {
			t.Fatalf("audit after the rotation: %+v, %v", audit, err)
		}
		var actions []string
		if err := db.Select(s.sys, &actions, "SELECT action FROM audit_log WHERE subject = 'secret_key/2' ORDER BY seq"); err != nil ||
			strings.Join(actions, ",") != "secret_key.rotation.start,secret_key.rotation.finish" {
			t.Fatalf("audit of the rotation: %v, %v", actions, err)
		}
	})
}

func mustCheck(k *identity.Keyring, n int) string {
	c, _ := k.CheckValue(n)
	return c
}

// A blind index that does not match the value it indexes stops the rotation
// with the row named, and the batch changes nothing.
func TestRotateSecretKeyStopsAtADamagedIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		keys, _ := identity.Generate()
		s := newKeySite(t, db, keys)
		if err := db.ExecRaw(s.sys, "UPDATE enrolments SET bank_card_index = 'forged' WHERE id = (SELECT min(id) FROM enrolments)"); err != nil {
			t.Fatal(err)
		}
		rotating, to, _ := keys.WithNewVersion(1)
		s.svc.Identity = rotating
		if err := s.svc.StartSecretKeyRotation(s.sys, to); err != nil {
			t.Fatal(err)
		}
		_, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 100})
		if err == nil || !strings.Contains(err.Error(), "bank_card_index does not match") {
			t.Fatalf("rotation over a damaged index: %v", err)
		}
		var n int
		if err := db.Get(s.sys, &n, "SELECT count(*) FROM enrolments WHERE bank_card_enc LIKE 'v2:%'"); err != nil || n != 0 {
			t.Fatalf("the failed batch moved %d enrolments (%v)", n, err)
		}
	})
}
