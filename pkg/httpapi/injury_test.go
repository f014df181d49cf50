package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// injuryBody is a work-injury policy on the headcount basis, valid for
// years around today so that it covers the tests' today, within the dates
// a policy of projectBody's project may have (2025-03-01 to 2032-06-30).
func injuryBody(no string) map[string]any {
	return map[string]any{"insurer": "房山区社会保险事业管理中心", "policy_no": no, "valid_from": "2025-06-01", "valid_until": "2032-06-30",
		"basis": "headcount", "headcount": 120}
}

// A project records its work-injury insurance: the GC records, inspectors
// and the project's parties read; a retry is already_recorded, other
// content under the same number a conflict; bad input names its fields and
// changes nothing.
func TestInjuryInsurancePolicies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110111")
		inspector := s.key(s.org(ledger.OrgAuthority, "110111"), ledger.RoleInspector)
		far := s.key(s.org(ledger.OrgAuthority, "310000"), ledger.RoleInspector)
		if l := s.must(200, "GET", s.path("/injury-insurance"), inspector, nil).json(t); l["insured_today"] != false || len(l["items"].([]any)) != 0 {
			t.Fatalf("before any policy: %v", l)
		}
		r := s.must(201, "POST", s.path("/injury-insurance"), s.gcKey, injuryBody("GS-2026-001"))
		p := r.json(t)
		if p["result"] != "recorded" || p["headcount"] != float64(120) || p["contract_value"] != nil || p["covers_today"] != true || p["basis"] != "headcount" {
			t.Fatalf("recorded: %s", r.Body)
		}
		if again := s.must(201, "POST", s.path("/injury-insurance"), s.gcKey, injuryBody("GS-2026-001")).json(t); again["result"] != "already_recorded" || again["id"] != p["id"] {
			t.Fatalf("retry: %v", again)
		}
		changed := injuryBody("GS-2026-001")
		changed["headcount"] = 121
		if c := s.must(409, "POST", s.path("/injury-insurance"), s.gcKey, changed); !strings.Contains(c.str(t, "detail"), "GS-2026-001") {
			t.Fatalf("conflict: %s", c.Body)
		}
		value := map[string]any{"insurer": "房山区社会保险事业管理中心", "policy_no": "GS-2025-009", "valid_from": "2025-04-01", "valid_until": "2025-12-31",
			"basis": "contract_value", "contract_value": "120000000.00"}
		if v := s.must(201, "POST", s.path("/injury-insurance"), s.admin, value).json(t); v["contract_value"] != "120000000.00" || v["covers_today"] != false {
			t.Fatalf("contract value basis: %v", v)
		}
		// Bad input: every bad field named, nothing recorded, in Chinese by default.
		before := s.count("injury_policies")
		bad := s.must(422, "POST", s.path("/injury-insurance"), s.gcKey, map[string]any{"policy_no": "", "valid_from": "2026-02-01",
			"valid_until": "2026-01-31", "basis": "per_head"}, "Accept-Language", "zh-CN")
		if got := strings.Join(errorsOf(t, bad), " "); got != "0:insurer:required 0:policy_no:required 0:valid_until:before_start 0:basis:unknown" {
			t.Errorf("bad input: %s (%s)", got, bad.Body)
		}
		if !strings.Contains(bad.str(t, "detail"), "工伤保险保单信息有误") || !strings.Contains(string(bad.Body), "按人数参保") && !strings.Contains(string(bad.Body), "basis 必须是") ||
			s.count("injury_policies") != before {
			t.Errorf("bad input answered %s; %d policies", bad.Body, s.count("injury_policies"))
		}
		// Who may: the GC (and administrators) record; a subcontractor and an
		// inspector may not; an inspector of another region does not see it.
		s.must(403, "POST", s.path("/injury-insurance"), s.subKey, injuryBody("GS-X"))
		s.must(403, "POST", s.path("/injury-insurance"), inspector, injuryBody("GS-X"))
		s.must(404, "GET", s.path("/injury-insurance"), far, nil)
		l := s.must(200, "GET", s.path("/injury-insurance"), s.subKey, nil).json(t)
		items := l["items"].([]any)
		if l["insured_today"] != true || len(items) != 2 || items[0].(map[string]any)["policy_no"] != "GS-2025-009" {
			t.Fatalf("list: %v", l)
		}
		// Audited once, for the recording (not the retry).
		audit := s.must(200, "GET", "/api/v1/audit?chain="+s.project+"&limit=1000", s.admin, nil).json(t)["items"].([]any)
		n := 0
		for _, a := range audit {
			if a.(map[string]any)["action"] == "injury_insurance.record" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d audit records of recordings, want 2", n)
		}
	})
}

// A special-operations worker carries an operation certificate: enrolling
// one without it is a warning, not a refusal; a certificate given with the
// registration, or added later, replaces the current one; its number is
// shown masked.
func TestOperationCertificates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110111")
		welder := workerBody(nextSeq(), s.sub, s.bank)
		welder["trade"] = "电焊工"
		r := s.must(201, "POST", s.path("/workers"), s.subKey, welder)
		if !strings.Contains(string(r.Body), "特种作业操作证") || r.json(t)["certificate"] != nil {
			t.Fatalf("a welder without a certificate: %s", r.Body)
		}
		enr := r.str(t, "id")
		certified := workerBody(nextSeq(), s.sub, s.bank)
		number := "T" + certified["id_number"].(string)
		certified["trade"], certified["certificate_number"], certified["certificate_kind"], certified["certificate_valid_until"] = "架子工", number, "建筑架子工", "2040-06-30"
		r = s.must(201, "POST", s.path("/workers"), s.subKey, certified)
		cert, _ := r.json(t)["certificate"].(map[string]any)
		if cert == nil || cert["kind"] != "建筑架子工" || cert["valid_until"] != "2040-06-30" || strings.Contains(string(r.Body), number[1:]) ||
			strings.Contains(string(r.Body), "特种作业操作证") {
			t.Fatalf("a certified scaffolder: %s", r.Body)
		}
		// A bad certificate names its fields and enrols nobody.
		bad := workerBody(nextSeq(), s.sub, s.bank)
		bad["trade"], bad["certificate_kind"], bad["certificate_valid_until"] = "电工", "建筑电工", "2040-13-01"
		if got := strings.Join(errorsOf(t, s.must(422, "POST", s.path("/workers"), s.subKey, bad)), " "); got != "0:certificate_number:required 0:certificate_valid_until:date" {
			t.Errorf("bad certificate: %s", got)
		}
		// Added later: an expired one is kept with a warning, then replaced.
		certs := s.path("/workers/" + enr + "/certificates")
		old := s.must(201, "POST", certs, s.subKey, map[string]string{"number": "T11010519491231002X", "kind": "熔化焊接与热切割作业", "valid_from": "2019-01-01", "valid_until": "2025-01-01"}).json(t)
		if old["number"] != "T110***********002X" || len(old["warnings"].([]any)) != 1 {
			t.Fatalf("expired certificate: %v", old)
		}
		s.must(201, "POST", certs, s.gcKey, map[string]string{"number": "T1101051949123101", "kind": "熔化焊接与热切割作业", "valid_until": "2040-01-01"})
		items := s.must(200, "GET", certs, s.subKey, nil).json(t)["items"].([]any)
		if len(items) != 2 || items[1].(map[string]any)["valid_until"] != "2040-01-01" {
			t.Fatalf("certificates: %v", items)
		}
		if cur, _ := s.must(200, "GET", s.path("/workers/"+enr), s.gcKey, nil).json(t)["certificate"].(map[string]any); cur == nil || cur["id"] != items[1].(map[string]any)["id"] {
			t.Fatalf("the worker's current certificate: %v", cur)
		}
		if got := strings.Join(errorsOf(t, s.must(422, "POST", certs, s.subKey, map[string]string{"kind": "x", "valid_from": "2026-02-01", "valid_until": "2026-01-01"})), " "); got != "0:number:required 0:valid_until:range" {
			t.Errorf("bad certificate on its own: %s", got)
		}
		// The 6-year review cycle (总局令第30号 第二十一条 ¶2) comes in and goes
		// out with its consent; without the consent it is refused.
		long := map[string]any{"number": "T1101051949123102", "kind": "熔化焊接与热切割作业", "valid_from": "2022-06-10", "valid_until": "2028-06-09",
			"extended_cycle": true}
		if got := strings.Join(errorsOf(t, s.must(422, "POST", certs, s.subKey, long)), " "); got != "0:extended_cycle_consent:required" {
			t.Errorf("the 6-year cycle without its consent: %s", got)
		}
		long["extended_cycle_consent"] = "北京市应急管理局 2022-06-01"
		if c := s.must(201, "POST", certs, s.subKey, long).json(t); c["extended_cycle"] != true || c["extended_cycle_consent"] != "北京市应急管理局 2022-06-01" ||
			c["review_due_by"] != "2028-06-09" {
			t.Errorf("a certificate on the 6-year cycle: %v", c)
		}
		// A subcontractor records only its own workers' certificates.
		gcs := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		s.must(404, "POST", s.path("/workers/"+gcs+"/certificates"), s.subKey, map[string]string{"number": "T9", "kind": "x", "valid_until": "2040-01-01"})
		s.must(404, "GET", s.path("/workers/"+gcs+"/certificates"), s.subKey, nil)
	})
}

// A policy's numbers and dates are bounded: a headcount past 100,000 (2^31
// overflowed PostgreSQL's column) and dates years from the project's are
// refused naming the field; a policy recorded in error is voided with a
// written reason, by the GC or the region's inspector, once (again answers
// the first voiding), audited, and no longer covers.
func TestInjuryPolicyLimitsAndVoid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110111")
		inspector := s.key(s.org(ledger.OrgAuthority, "110111"), ledger.RoleInspector)
		huge := injuryBody("GS-HUGE")
		huge["headcount"] = int64(1) << 31
		if got := strings.Join(errorsOf(t, s.must(422, "POST", s.path("/injury-insurance"), s.gcKey, huge)), " "); got != "0:headcount:too_large" {
			t.Errorf("headcount 2^31: %s", got)
		}
		far := injuryBody("GS-FAR")
		far["valid_from"], far["valid_until"] = "1900-01-01", "9999-12-31"
		if got := strings.Join(errorsOf(t, s.must(422, "POST", s.path("/injury-insurance"), s.gcKey, far)), " "); got != "0:valid_from:implausible 0:valid_until:implausible" {
			t.Errorf("far dates: %s", got)
		}
		if n := s.count("injury_policies"); n != 0 {
			t.Fatalf("%d policies recorded by refused requests", n)
		}
		id := s.must(201, "POST", s.path("/injury-insurance"), s.gcKey, injuryBody("GS-WRONG")).str(t, "id")
		void := s.path("/injury-insurance/" + id + "/void")
		s.must(403, "POST", void, s.subKey, map[string]string{"reason": "保单号录错，应为另一张保单"})
		if got := strings.Join(errorsOf(t, s.must(422, "POST", void, s.gcKey, map[string]string{"reason": " "})), " "); got != "0:reason:required" {
			t.Errorf("no reason: %s", got)
		}
		v := s.must(200, "POST", void, s.gcKey, map[string]string{"reason": "保单号录错，应为另一张保单"}).json(t)
		if v["result"] != "voided" || v["voided_at"] == nil || v["covers_today"] != false || v["void_reason"] != "保单号录错，应为另一张保单" {
			t.Fatalf("voided: %v", v)
		}
		if again := s.must(200, "POST", void, inspector, map[string]string{"reason": "another reason, later"}).json(t); again["result"] != "already_voided" ||
			again["void_reason"] != "保单号录错，应为另一张保单" {
			t.Errorf("voided again: %v", again)
		}
		if l := s.must(200, "GET", s.path("/injury-insurance"), s.gcKey, nil).json(t); l["insured_today"] != false {
			t.Errorf("a voided policy still insures: %v", l)
		}
		s.must(404, "POST", s.path("/injury-insurance/inj_nope/void"), inspector, map[string]string{"reason": "no such policy here"})
		// The inspector voids too.
		id2 := s.must(201, "POST", s.path("/injury-insurance"), s.gcKey, injuryBody("GS-WRONG-2")).str(t, "id")
		s.must(200, "POST", s.path("/injury-insurance/"+id2+"/void"), inspector, map[string]string{"reason": "该保单属于另一项目"})
		n := 0
		for _, a := range s.must(200, "GET", "/api/v1/audit?limit=1000&chain="+s.project, s.admin, nil).json(t)["items"].([]any) {
			if a.(map[string]any)["action"] == "injury_insurance.void" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d audit records of voidings, want 2", n)
		}
	})
}
