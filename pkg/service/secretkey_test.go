package service_test

import (
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

// keySite is the test site with workers, a changed card and phone and an
// approved payroll: rows in every table a key rotation rewrites.
type keySite struct {
	*site
	sys     context.Context
	payroll string
}

const keySiteWorkers = 12

// cardOf is the card worker i is paid on: worker 0 changed theirs.
func cardOf(i int) string {
	if i == 0 {
		return workerCard(100)
	}
	return workerCard(i)
}

func newKeySite(t *testing.T, db *store.DB) *keySite {
	t.Helper()
	s := &keySite{site: newSite(t, db), sys: service.WithCaller(context.Background(), service.System)}
	// As the first command to use the key does.
	if err := s.svc.RecordSecretKey(s.sys, 1, mustCheck(s.svc.Identity, 1)); err != nil {
		t.Fatal(err)
	}
	ids := s.enrol(t, keySiteWorkers)
	if _, err := s.svc.UpdateWorker(s.ctx, s.project, ids[0], service.WorkerUpdate{BankCard: cardOf(0), BankID: s.bank, Phone: "13900000000"}); err != nil {
		t.Fatal(err)
	}
	s.payroll = s.payAll(t, "2026-10")
	if _, err := s.svc.ApprovePayroll(s.ctx, s.payroll); err != nil {
		t.Fatal(err)
	}
	return s
}

// payAll submits a payroll of every worker on their current card: every
// line must match a registered worker.
func (s *keySite) payAll(t *testing.T, period string) string {
	t.Helper()
	lines := make([]ledger.PayrollLineInput, keySiteWorkers)
	for i := range lines {
		lines[i] = line(i, "6000.00")
		lines[i].BankCard = cardOf(i)
	}
	return s.submit(t, period, lines...).ID
}

// A rotation stopped half-way through the identities (their unique blind
// index then holds both versions) and resumed leaves every worker findable by
// identity number and card, every card decryptable, nothing under the old
// key, and the audit trail intact.
func TestRotateSecretKeyInterruptedAndResumed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newKeySite(t, db)
		keys := s.svc.Identity
		check1, _ := keys.CheckValue(1)
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
		// 2 identities, 12 enrolments, 14 details (a card each, and worker
		// 0's new card and phone), 12 instructions.
		if rep.Rows != 2+keySiteWorkers+(keySiteWorkers+2)+keySiteWorkers {
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
		s.payAll(t, "2026-11")
		// The same person is not enrolled a second time.
		var identities int
		_, err = s.svc.RegisterWorker(s.ctx, s.project, s.worker(3))
		if s.db.Get(s.sys, &identities, "SELECT count(*) FROM worker_identities"); err == nil || !strings.Contains(err.Error(), "already enrolled") || identities != keySiteWorkers {
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
		s := newKeySite(t, db)
		keys := s.svc.Identity
		if err := db.ExecRaw(s.sys, "UPDATE enrolments SET bank_card_index = 'forged' WHERE id = (SELECT min(id) FROM enrolments)"); err != nil {
			t.Fatal(err)
		}
		rotating, to, _ := keys.WithNewVersion(1)
		s.svc.Identity = rotating
		if _, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{}); err == nil || !strings.Contains(err.Error(), "records no rotation") {
			t.Fatalf("a rotation the database does not record: %v", err)
		}
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

// Rows a server still on the old key writes into a table the rotation has
// already passed are found by the sweep at the end and moved too.
func TestRotateSecretKeySweepsRowsWrittenBehindIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newKeySite(t, db)
		old := s.svc.Identity
		rotating, to, _ := old.WithNewVersion(1)
		s.svc.Identity = rotating
		if err := s.svc.StartSecretKeyRotation(s.sys, to); err != nil {
			t.Fatal(err)
		}
		// worker_identities is done after its 3 batches; stop in enrolments.
		if rep, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 5, MaxBatches: 4}); err != nil || rep.Finished {
			t.Fatalf("first run: %+v, %v", rep, err)
		}
		// A stale server enrols a new person under version 1.
		s.svc.Identity = old
		if _, err := s.svc.RegisterWorker(s.ctx, s.project, s.worker(50)); err != nil {
			t.Fatal(err)
		}
		s.svc.Identity = rotating
		rep, err := s.svc.RotateSecretKey(s.sys, 1, to, service.RotationOptions{BatchRows: 5})
		if err != nil || !rep.Finished {
			t.Fatalf("second run: %+v, %v", rep, err)
		}
		for _, tb := range store.SealedTables {
			if n, err := store.CountSealedNotAt(db.Reader(s.sys), tb, "v2"); err != nil || n != 0 {
				t.Errorf("%s: %d rows under another key than version 2 (%v)", tb.Name, n, err)
			}
		}
		only, _ := rotating.Only(2)
		s.svc.Identity = only
		if _, err := s.svc.RegisterWorker(s.ctx, s.project, s.worker(50)); err == nil || !strings.Contains(err.Error(), "already enrolled") {
			t.Fatalf("the worker enrolled during the rotation is not found after it: %v", err)
		}
	})
}
