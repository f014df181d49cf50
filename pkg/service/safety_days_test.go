package service_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestSafetyDaysAndReviews (issue 18, after review), on both databases:
// the attendance rollup keeps the days worked; a policy recorded later
// covering only the second half of June leaves June's first days an
// injury_insurance_missing finding of June; a welder whose certificate's
// review fell due on 9 June is certificate_expired now and for the days
// after; recording the review (before that date) clears both, and a review
// after the certificate lapsed is refused.
func TestSafetyDaysAndReviews(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		in := s.worker(5)
		in.Trade, in.EnteredOn = "电焊工", "2025-06-01"
		in.Certificate = ledger.CertificateInput{Number: "T-WELD-05", Kind: "熔化焊接与热切割作业", ValidFrom: "2022-06-10", ValidUntil: "2028-06-09"}
		welder, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		s.attendJune(t, []string{welder.ID})
		var mask int64
		if err := db.Get(s.ctx, &mask, `SELECT day_mask FROM attendance_months WHERE enrolment_id = ? AND period = '2025-06'`, welder.ID); err != nil ||
			mask != 1<<27-1-1 { // the 2nd to the 27th
			t.Fatalf("day mask %b, %v", mask, err)
		}
		if _, err := s.svc.RecordInjuryPolicy(s.ctx, ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "社保中心", PolicyNo: "LATE",
			ValidFrom: day("2025-06-16"), ValidUntil: day("2026-06-15"), Basis: ledger.BasisHeadcount, Headcount: 3}); err != nil {
			t.Fatal(err)
		}
		s.run(t, "2025-07-01")
		keys := openSafety(t, s)
		for _, k := range []string{"injury_insurance_missing project 2025-06", "certificate_expired enrolment ", "certificate_expired enrolment 2025-06"} {
			if !keys[k] {
				t.Errorf("no open alert %q: %v", k, keys)
			}
		}
		if keys["injury_insurance_missing project "] {
			t.Errorf("insured on the night, yet the standing alert is open: %v", keys)
		}
		certs, err := s.svc.Certificates(s.ctx, s.project, welder.ID)
		if err != nil || len(certs) != 1 || certs[0].Review().ReviewBy != day("2025-06-09") {
			t.Fatalf("certificate %+v %v", certs, err)
		}
		if _, err := s.svc.RecordCertificateReview(s.ctx, s.project, welder.ID, certs[0].ID, day("2025-06-10")); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("a review after the certificate lapsed: %v", err)
		}
		r, err := s.svc.RecordCertificateReview(s.ctx, s.project, welder.ID, certs[0].ID, day("2025-06-03"))
		if err != nil || r.Result != "recorded" || r.Certificate.Review().ReviewBy != day("2028-06-09") {
			t.Fatalf("review: %+v %v", r, err)
		}
		if again, err := s.svc.RecordCertificateReview(s.ctx, s.project, welder.ID, certs[0].ID, day("2025-06-03")); err != nil || again.Result != "already_recorded" {
			t.Fatalf("the review again: %+v %v", again, err)
		}
		s.wantAudit(t, "worker.certificate_review", 1)
		clock.Advance(24 * time.Hour)
		s.run(t, "2025-07-02")
		keys = openSafety(t, s)
		// The review, recorded late, closes the standing alert; June's days
		// stay open for an inspector (paper recorded after the finding).
		if keys["certificate_expired enrolment "] || !keys["certificate_expired enrolment 2025-06"] || !keys["injury_insurance_missing project 2025-06"] {
			t.Errorf("after the review: %v", keys)
		}
	})
}

// openSafety are the site's open safety alerts, "rule subject-kind period".
func openSafety(t *testing.T, s *checkSite) map[string]bool {
	t.Helper()
	alerts, err := store.ProjectAlerts(s.db.Reader(context.Background()), s.project)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range alerts {
		subject, _ := ledger.ParseSubject(a.Key.Subject)
		if a.Status != ledger.AlertResolved && a.Stream() == ledger.StreamCompliance {
			out[fmt.Sprintf("%s %s %s", a.Key.Rule, subject.Kind, a.Key.Period)] = true
		}
	}
	return out
}

// A review recorded after a night was checked has the project checked
// again when the night is run again: the review clears the alert that
// counted the certificate expired (before, the re-run skipped the project
// and kept it open; the review's audit record and the record marks both
// say so).
func TestReRunChecksAgainAfterAReview(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		in := s.worker(5)
		in.Trade, in.EnteredOn = "电焊工", "2025-06-01"
		in.Certificate = ledger.CertificateInput{Number: "T-WELD-05", Kind: "熔化焊接与热切割作业", ValidFrom: "2022-06-10", ValidUntil: "2028-06-09"}
		welder, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		s.attendJune(t, []string{welder.ID})
		s.run(t, "2025-07-01")
		if again := s.run(t, "2025-07-01"); readFacts(again) {
			t.Fatal("the night again, with nothing changed, read the facts")
		}
		certs, err := s.svc.Certificates(s.ctx, s.project, welder.ID)
		if err != nil || len(certs) != 1 {
			t.Fatal(certs, err)
		}
		if _, err := s.svc.RecordCertificateReview(s.ctx, s.project, welder.ID, certs[0].ID, day("2025-06-03")); err != nil {
			t.Fatal(err)
		}
		if reviewed := s.run(t, "2025-07-01"); !readFacts(reviewed) || counts(reviewed, ledger.RuleCertificateExpired).Resolved != 1 { // the standing alert; June's stays for an inspector
			t.Fatalf("after the review: read %v, %+v", readFacts(reviewed), counts(reviewed, ledger.RuleCertificateExpired))
		}
	})
}

// A retry of an earlier review (not the last) answers already_recorded,
// not not_after_last, and is not audited again.
func TestEarlierReviewRetryIsAlreadyRecorded(t *testing.T) {
	eachWithClock(t, time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		in := s.worker(6)
		in.Trade, in.EnteredOn = "架子工", "2025-12-01"
		in.Certificate = ledger.CertificateInput{Number: "T-SCAF-06", Kind: "建筑架子工", ValidFrom: "2022-02-01", ValidUntil: "2024-01-31"}
		w, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		certs, err := s.svc.Certificates(s.ctx, s.project, w.ID)
		if err != nil || len(certs) != 1 {
			t.Fatal(certs, err)
		}
		for _, on := range []string{"2023-12-01", "2025-12-01"} {
			if r, err := s.svc.RecordCertificateReview(s.ctx, s.project, w.ID, certs[0].ID, day(on)); err != nil || r.Result != "recorded" {
				t.Fatalf("review %s: %+v %v", on, r, err)
			}
		}
		again, err := s.svc.RecordCertificateReview(s.ctx, s.project, w.ID, certs[0].ID, day("2023-12-01"))
		if err != nil || again.Result != "already_recorded" || again.Certificate.Review().Through != day("2028-01-31") {
			t.Fatalf("the earlier review again: %+v %v", again, err)
		}
		s.wantAudit(t, "worker.certificate_review", 2)
	})
}

// The 6-year review cycle (总局令第30号 第二十一条 ¶2) is recorded with the
// certificate, its consent written down, and the nightly check respects it:
// the welder whose 3-year review fell due on 9 June, certificate_expired
// without it, is valid through the printed validity with it. Without the
// consent, or for a construction kind, it is refused.
func TestExtendedReviewCycle(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		in := s.worker(5)
		in.Trade, in.EnteredOn = "电焊工", "2025-06-01"
		welder, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		cert := ledger.CertificateInput{Number: "T-WELD-05", Kind: "熔化焊接与热切割作业", ValidFrom: "2022-06-10", ValidUntil: "2028-06-09",
			ExtendedCycle: true}
		if _, err := s.svc.RecordCertificate(s.ctx, s.project, welder.ID, cert); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Fatalf("the 6-year cycle without the consent: %v", err)
		}
		scaffold := ledger.CertificateInput{Number: "T-SCAF-05", Kind: "建筑架子工", ValidUntil: "2026-06-09", ExtendedCycle: true,
			ExtendedCycleConsent: "京应急 2022-06-01"}
		if _, err := s.svc.RecordCertificate(s.ctx, s.project, welder.ID, scaffold); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Fatalf("the 6-year cycle of a construction kind: %v", err)
		}
		cert.ExtendedCycleConsent = "北京市应急管理局 2022-06-01 同意延期复审"
		rec, err := s.svc.RecordCertificate(s.ctx, s.project, welder.ID, cert)
		if err != nil || !rec.Certificate.ExtendedCycle || rec.Certificate.Review().ReviewBy != day("2028-06-09") {
			t.Fatalf("recorded: %+v %v", rec, err)
		}
		s.attendJune(t, []string{welder.ID})
		s.run(t, "2025-07-01")
		if keys := openSafety(t, s); keys["certificate_expired enrolment "] || keys["certificate_expired enrolment 2025-06"] {
			t.Errorf("a certificate on the 6-year cycle counted expired: %v", keys)
		}
		certs, err := s.svc.Certificates(s.ctx, s.project, welder.ID)
		if err != nil || len(certs) != 1 || !certs[0].ExtendedCycle || certs[0].ExtendedCycleConsent != cert.ExtendedCycleConsent ||
			certs[0].Review().ReviewBy != day("2028-06-09") {
			t.Fatalf("read back: %+v %v", certs, err)
		}
	})
}

// Two identical reviews posted at once record one review and audit it
// once: the other answers already_recorded from the concurrent-duplicate
// branch (its insert lost to the first, after both found no review). On
// PostgreSQL both requests are held at the insert, past the check, by an
// uncommitted row of the same day, and let go together when it rolls back;
// SQLite has one writer at a time, so there the two come one after the
// other (the second a retry).
func TestConcurrentDuplicateReview(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		in := s.worker(5)
		in.Trade, in.EnteredOn = "电焊工", "2025-06-01"
		in.Certificate = ledger.CertificateInput{Number: "T-WELD-05", Kind: "熔化焊接与热切割作业", ValidFrom: "2022-06-10", ValidUntil: "2028-06-09"}
		welder, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		certs, err := s.svc.Certificates(s.ctx, s.project, welder.ID)
		if err != nil || len(certs) != 1 {
			t.Fatal(certs, err)
		}
		on := day("2025-06-03")
		review := func() (*service.ReviewedCertificate, error) {
			return s.svc.RecordCertificateReview(s.ctx, s.project, welder.ID, certs[0].ID, on)
		}
		results := make([]*service.ReviewedCertificate, 2)
		errs := make([]error, 2)
		if !db.Dialect.IsPostgres() {
			results[0], errs[0] = review()
			results[1], errs[1] = review()
		} else {
			held, release, done := make(chan error, 1), make(chan struct{}), make(chan struct{}, 2)
			go func() {
				held <- db.WithTx(context.Background(), func(tx *store.Tx) error {
					if _, err := store.InsertCertificateReview(tx, &ledger.CertificateReviewRecord{ID: "crv_blocker", ProjectID: s.project,
						EnrolmentID: welder.ID, CertificateID: certs[0].ID, ReviewedOn: on}); err != nil {
						return err
					}
					held <- nil
					<-release
					return errors.New("roll back the blocker")
				})
			}()
			if err := <-held; err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				go func() { results[i], errs[i] = review(); done <- struct{}{} }()
			}
			waitForLockWaiters(t, db, 2) // both past the check, waiting on the blocker's row
			close(release)
			<-held
			<-done
			<-done
		}
		got := map[string]int{}
		for i := range 2 {
			if errs[i] != nil {
				t.Fatalf("review %d: %v", i, errs[i])
			}
			got[results[i].Result]++
			if results[i].Certificate.ReviewedOn != on || results[i].Certificate.Review().ReviewBy != day("2028-06-09") {
				t.Errorf("review %d answered %+v", i, results[i].Certificate)
			}
		}
		if got[service.ReviewRecorded] != 1 || got[service.ReviewAlreadyRecorded] != 1 {
			t.Errorf("results %v, want one recorded and one already_recorded", got)
		}
		var n int
		if err := db.Get(context.Background(), &n, `SELECT COUNT(*) FROM certificate_reviews WHERE project_id = ? AND certificate_id = ?`,
			s.project, certs[0].ID); err != nil || n != 1 {
			t.Errorf("%d reviews recorded (%v), want 1", n, err)
		}
		s.wantAudit(t, "worker.certificate_review", 1)
	})
}

// waitForLockWaiters waits until n of this database's sessions wait on a
// row lock (PostgreSQL), failing after 20 seconds.
func waitForLockWaiters(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(10 * time.Millisecond) {
		var waiting int
		if err := db.Get(context.Background(), &waiting, `SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE NOT l.granted AND l.locktype = 'transactionid' AND a.datname = current_database()`); err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
	}
	t.Fatalf("fewer than %d sessions came to wait on the blocker's row", n)
}
