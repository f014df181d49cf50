package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// store.InjuryCoverage is what the statistics read: each project asked for,
// its coverage of the month from the policies that overlap it, in one
// statement; a project without a policy is uncovered, not missing.
func TestInjuryCoverageForStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		other, err := s.svc.CreateProject(s.ctx, ledger.Project{Code: "SITE-2", Name: "site 2", RegionCode: "110105", OwnerID: s.owner,
			GeneralContractorID: s.gc, ContractAmount: ledger.MustMoney("1000000"), StartedOn: day("2025-01-01"), PlannedCompletionOn: day("2027-01-01"),
			PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: s.bank, AccountNo: "110012345679"}})
		if err != nil {
			t.Fatal(err)
		}
		policy := func(no, from, until string) ledger.InjuryPolicyInput {
			return ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "社保中心", PolicyNo: no, ValidFrom: day(from), ValidUntil: day(until),
				Basis: ledger.BasisContractValue, ContractValue: ledger.MustMoney("100000000")}
		}
		for _, in := range []ledger.InjuryPolicyInput{policy("A", "2025-01-01", "2025-10-10"), policy("B", "2025-10-21", "2026-10-20")} {
			if r, err := s.svc.RecordInjuryPolicy(s.ctx, in); err != nil || r.Result != "recorded" {
				t.Fatalf("%v %v", r, err)
			}
		}
		// A retry is the same policy; other content under its number is refused.
		if r, err := s.svc.RecordInjuryPolicy(s.ctx, policy("A", "2025-01-01", "2025-10-10")); err != nil || r.Result != "already_recorded" {
			t.Fatalf("retry: %v %v", r, err)
		}
		if _, err := s.svc.RecordInjuryPolicy(s.ctx, policy("A", "2025-01-01", "2025-10-11")); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("other content: %v", err)
		}
		q := db.Reader(context.Background())
		got, err := store.InjuryCoverage(q, []string{other.ID, s.project, s.project}, ledger.MustPeriod("2025-10"))
		if err != nil {
			t.Fatal(err)
		}
		if c := got[s.project]; c.Whole || c.Days != 21 || strings.Join(c.Policies, ",") != strings.Join(policyIDs(t, s, "A", "B"), ",") {
			t.Errorf("partly covered October: %+v", c)
		}
		if c, ok := got[other.ID]; !ok || c.Days != 0 || c.Whole || len(got) != 2 {
			t.Errorf("uninsured project: %+v (%d projects)", c, len(got))
		}
		if got, _ := store.InjuryCoverage(q, []string{s.project}, ledger.MustPeriod("2025-11")); !got[s.project].Whole {
			t.Errorf("November: %+v", got[s.project])
		}
	})
}

// policyIDs are the IDs of the site's policies with these numbers, in order.
func policyIDs(t *testing.T, s *site, numbers ...string) []string {
	t.Helper()
	ps, err := s.svc.InjuryPolicies(s.ctx, s.project)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range numbers {
		for _, p := range ps {
			if p.PolicyNo == n {
				out = append(out, p.ID)
			}
		}
	}
	return out
}

// A certificate's number is audited masked only: neither the detail nor the
// request's hash (unkeyed outside a request) is made from the number as
// given. The number of a second person's certificate is matched by its
// keyed blind index and warned about.
func TestCertificateNumberPrivateAndShared(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ids := s.enrol(t, 2)
		number := "T110105194912310021"
		in := ledger.CertificateInput{Number: number, Kind: "电工作业", ValidUntil: "2030-01-01"}
		r, err := s.svc.RecordCertificate(s.ctx, s.project, ids[0], in)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w.String(), "also recorded") {
				t.Errorf("first holder warned: %s", w)
			}
		}
		raw, _ := json.Marshal(in)
		var rows []struct {
			Detail string `db:"detail"`
			Hash   string `db:"request_hash"`
		}
		if err := db.Select(s.ctx, &rows, `SELECT detail, request_hash FROM audit_queue WHERE action = 'worker.certificate'
			UNION ALL SELECT detail, request_hash FROM audit_log WHERE action = 'worker.certificate'`); err != nil || len(rows) != 1 {
			t.Fatalf("audit: %v %v", rows, err)
		}
		if strings.Contains(rows[0].Detail, "0519491231") || rows[0].Hash == ledger.SHA256Hex(raw) {
			t.Errorf("the audit record holds the number: %+v", rows[0])
		}
		var idx string
		if err := db.Get(s.ctx, &idx, "SELECT cert_no_index FROM enrolment_certificates WHERE enrolment_id = ?", ids[0]); err != nil || idx == "" || strings.Contains(idx, "0519491231") {
			t.Errorf("blind index %q %v", idx, err)
		}
		// The same number, spaced and in lower case, for another person.
		r, err = s.svc.RecordCertificate(s.ctx, s.project, ids[1], ledger.CertificateInput{Number: "t1101 0519491231 0021", Kind: "电工作业", ValidUntil: "2030-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		shared := false
		for _, w := range r.Warnings {
			shared = shared || strings.Contains(w.String(), ids[0])
		}
		if !shared {
			t.Errorf("a second holder of the number is not warned: %v", r.Warnings)
		}
	})
}

// A certificate number shared by two people is warned about wherever
// certificates come in — a roster file's certificate columns (two rows of
// the file, or a row and a certificate on record), a registration — in the
// same words as on the certificate's own route, and the enrolment's
// certificates show how many others hold the number.
func TestSharedCertificateNumberEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		ids := s.enrol(t, 1)
		if _, err := s.svc.RecordCertificate(s.ctx, s.project, ids[0], ledger.CertificateInput{Number: "T-SHARED-01", Kind: "熔化焊接与热切割作业", ValidUntil: "2030-01-01"}); err != nil {
			t.Fatal(err)
		}
		var roster strings.Builder
		roster.WriteString("姓名,身份证号,工种,银行卡号,开户行,合同签订日期,进场日期,特种作业操作证号,操作类别,操作证有效期至\n")
		for i := 1; i <= 3; i++ {
			number := "T-SHARED-01" // rows 1 and 2: the number on record
			if i == 3 {
				number = "T-OWN-03"
			}
			fmt.Fprintf(&roster, "%s,%s,电焊工,%s,%s,2025-01-01,2025-01-02,%s,熔化焊接与热切割作业,2030-01-01\n", rosterName(i), workerID(i), workerCard(i), s.bank, number)
		}
		res, _, err := s.svc.ImportWorkers(s.ctx, s.project, upload([]byte(roster.String()), "roster.csv"), false)
		if err != nil {
			t.Fatal(err)
		}
		shared := map[int]string{}
		for _, w := range res.Warnings {
			if strings.Contains(w.Message, "certificate number is also recorded") {
				shared[w.Row] = w.Message
			}
		}
		if len(shared) != 2 || !strings.Contains(shared[2], ids[0]) || !strings.Contains(shared[2], rosterName(2)) ||
			!strings.Contains(shared[3], ids[0]) || !strings.Contains(shared[3], rosterName(1)) {
			t.Errorf("rows warned of a shared number: %v", shared)
		}
		in := s.worker(4)
		in.Trade, in.Certificate = "电焊工", ledger.CertificateInput{Number: "t-shared-01", Kind: "熔化焊接与热切割作业", ValidUntil: "2030-01-01"}
		e, err := s.svc.RegisterWorker(s.ctx, s.project, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Certificate == nil || e.Certificate.SharedWith != 3 {
			t.Errorf("the registration's certificate: %+v", e.Certificate)
		}
		if !slices.ContainsFunc(e.Warnings, func(m ledger.Msg) bool {
			return strings.Contains(m.String(), "certificate number is also recorded for") && strings.Contains(m.String(), ids[0])
		}) {
			t.Errorf("a registration with a shared number: %v", e.Warnings)
		}
		cs, err := s.svc.Certificates(s.ctx, s.project, ids[0])
		if err != nil || len(cs) != 1 || cs[0].SharedWith != 3 {
			t.Fatalf("the first holder's certificate: %+v %v", cs, err)
		}
		if cs, err := s.svc.Certificates(s.ctx, s.project, e.ID); err != nil || len(cs) != 1 || cs[0].SharedWith != 3 {
			t.Fatalf("the registered worker's certificate: %+v %v", cs, err)
		}
	})
}

// A policy voided as recorded in error gives its number up: the policy as
// it really is, under the same insurer and number, is recorded after it
// (before, the voided one answered already_recorded, or a conflict, for
// ever), and the project is insured by it.
func TestVoidedPolicyRecordedAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		in := ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "社保中心", PolicyNo: "GS-1", ValidFrom: day("2025-01-01"), ValidUntil: day("2025-01-31"),
			Basis: ledger.BasisHeadcount, Headcount: 10}
		wrong, err := s.svc.RecordInjuryPolicy(s.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.VoidInjuryPolicy(s.ctx, s.project, wrong.Policy.ID, "有效期录错：应为一年"); err != nil {
			t.Fatal(err)
		}
		// A late retry of the wrong policy (no idempotency key), its number
		// voided and free: a conflict, not a new standing policy.
		if r, err := s.svc.RecordInjuryPolicy(s.ctx, in); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("the voided policy retried: %+v %v", r, err)
		}
		for _, again := range []bool{false, true} {
			in.ValidUntil = day("2025-12-31")
			r, err := s.svc.RecordInjuryPolicy(s.ctx, in)
			want := map[bool]string{false: "recorded", true: "already_recorded"}[again]
			if err != nil || r.Result != want || r.Policy.ID == wrong.Policy.ID || !r.Policy.VoidedAt.IsZero() {
				t.Fatalf("recorded again (retry %v): %+v %v", again, r, err)
			}
		}
		got, err := store.InjuryCoverage(db.Reader(context.Background()), []string{s.project}, ledger.MustPeriod("2025-06"))
		if err != nil || !got[s.project].Whole {
			t.Errorf("June: %+v %v", got[s.project], err)
		}
	})
}
