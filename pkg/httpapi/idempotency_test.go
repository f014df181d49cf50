package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// sendFile sends content as the "file" part of a multipart form with fields,
// and with headers (name, value pairs).
func (e *env) sendFile(path, key, filename string, content []byte, fields map[string]string, headers ...string) resp {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			e.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return e.do("POST", path, key, b.Bytes(), append([]string{"Content-Type", mw.FormDataContentType()}, headers...)...)
}

// Two different worker files under one Idempotency-Key: the second is a
// different request, so it is refused and changes nothing (it used to be
// stored as a second import, answering 201).
func TestUploadUnderUsedKeyIsConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		first := []byte(rosterHeader + rosterRow(nextSeq(), bankName))
		second := []byte(rosterHeader + rosterRow(nextSeq(), bankName))
		r := s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", first, nil, "Idempotency-Key", "roster-1")
		if r.Status != 201 || r.Header.Get("Idempotency-Hit") != "false" {
			t.Fatalf("first file: %d hit=%q %s", r.Status, r.Header.Get("Idempotency-Hit"), r.Body)
		}
		again := s.sendFile(s.path("/workers/import"), s.subKey, "a-copy.csv", first, nil, "Idempotency-Key", "roster-1")
		if again.Status != 201 || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("same file, same key: %d hit=%q %s", again.Status, again.Header.Get("Idempotency-Hit"), again.Body)
		}
		other := s.sendFile(s.path("/workers/import"), s.subKey, "b.csv", second, nil, "Idempotency-Key", "roster-1")
		if other.Status != 409 || other.str(t, "code") != "conflict" {
			t.Errorf("another file, same key: %d %s", other.Status, other.Body)
		}
		if n := s.count("enrolments"); n != 1 {
			t.Errorf("%d enrolments, want 1", n)
		}
	})
}

// sender sends one request, with extra headers (name, value pairs).
type sender func(headers ...string) resp

// keyedCase is a write that succeeds, and another request to the same route.
type keyedCase struct {
	label       string
	same, other sender
}

// TestEveryWriteHonoursIdempotencyKey is generated from the route table:
// every write route, sent twice under one key, answers the first response
// again (Idempotency-Hit: true), in the language the repeat asks for, and
// another request under that key is a 409; neither repeat changes anything. A write route without a case here
// fails the test.
func TestEveryWriteHonoursIdempotencyKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		cases := keyedCases(t, s)
		for _, rt := range s.api.Routes() {
			if rt.Method == "GET" || rt.Body == httpapi.HTMLForm {
				continue // a browser's form: idempotent by its natural key (TestPayslipStaysInItsGrant)
			}
			name := rt.Method + " " + rt.Path
			list, ok := cases[name]
			if !ok {
				t.Errorf("write route %s has no idempotency case", name)
				continue
			}
			delete(cases, name)
			for _, kc := range list {
				key := "ik-" + itoa(nextSeq())
				first := kc.same("Idempotency-Key", key, "Accept-Language", "zh-CN")
				if first.Status < 200 || first.Status > 299 || first.Header.Get("Idempotency-Hit") != "false" {
					t.Errorf("%s (%s): first request: %d hit=%q %s", name, kc.label, first.Status, first.Header.Get("Idempotency-Hit"), first.Body)
					continue
				}
				before := s.changes()
				again := kc.same("Idempotency-Key", key, "Accept-Language", "zh-CN")
				if again.Status != first.Status || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
					t.Errorf("%s (%s): replay: %d hit=%q %s, want %d %s", name, kc.label, again.Status, again.Header.Get("Idempotency-Hit"), again.Body, first.Status, first.Body)
				}
				// The first request asked for Chinese; a replay that asks for
				// English has the same answer (status, IDs, counts) in English:
				// when the answer says something, its words differ.
				en := kc.same("Idempotency-Key", key, "Accept-Language", "en")
				if en.Status != first.Status || en.Header.Get("Idempotency-Hit") != "true" || en.Header.Get("Content-Language") != "en" {
					t.Errorf("%s (%s): replay in English: %d hit=%q language %q", name, kc.label, en.Status, en.Header.Get("Idempotency-Hit"), en.Header.Get("Content-Language"))
				} else if d := differentButWords(first.Body, en.Body); d != "" {
					t.Errorf("%s (%s): replay in English differs in more than its words: %s", name, kc.label, d)
				} else if says := chineseSentences(first.Body, typedReasons...); says != "" && string(en.Body) == string(first.Body) {
					t.Errorf("%s (%s): replay in English is the Chinese answer (%q): %s", name, kc.label, says, en.Body)
				}
				other := kc.other("Idempotency-Key", key)
				if other.Status != 409 || !strings.Contains(string(other.Body), "different request") {
					t.Errorf("%s (%s): another request under the key: %d %s", name, kc.label, other.Status, other.Body)
				}
				if after := s.changes(); after != before {
					t.Errorf("%s (%s): the replay or the conflict changed something: %d audit records, then %d", name, kc.label, before, after)
				}
			}
		}
		for name := range cases {
			t.Errorf("idempotency case for %s, which is not a write route", name)
		}
	})
}

// typedReasons are the reasons the cases type, which an answer repeats as
// typed, in every language.
var typedReasons = []string{"少算两天", "保单号录错"}

// changes counts the audit records, written or queued: every change writes one.
func (e *env) changes() int { return e.count("audit_log") + e.count("audit_queue") }

// keyedCases is a case for every write route on the paid site.
func keyedCases(t *testing.T, s *paidSite) map[string][]keyedCase {
	js := func(method, path, key string, body any) sender {
		return func(h ...string) resp { return s.do(method, path, key, body, h...) }
	}
	file := func(path, key string, content string, fields map[string]string) sender {
		return func(h ...string) resp { return s.sendFile(path, key, "f.csv", []byte(content), fields, h...) }
	}
	const v1 = "/api/v1"
	org := func() map[string]any {
		n := nextSeq()
		return map[string]any{"name": "Owner " + itoa(n), "uscc": uscc(t, n), "kind": "owner", "region_code": "110105"}
	}
	owner := s.org(ledger.OrgOwner, "110105")
	newKey := func() string {
		return s.must(201, "POST", v1+"/organizations/"+s.gc+"/keys", s.admin, map[string]string{"role": "contractor"}).str(t, "id")
	}
	k0, k1 := newKey(), newKey()
	sub0, sub1 := s.org(ledger.OrgSubcontractor, "110105"), s.org(ledger.OrgSubcontractor, "110105")
	p3 := s.must(201, "POST", v1+"/projects", s.admin, projectBody("IK-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)).str(t, "id")
	leaver := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
	voidable := s.must(201, "POST", s.path("/injury-insurance"), s.gcKey, injuryBody("IK-V")).str(t, "id")
	reviewable := s.must(201, "POST", s.path("/workers/"+s.enrs[0]+"/certificates"), s.gcKey,
		map[string]string{"number": "IK-R1", "kind": "建筑电工", "valid_from": "2025-01-01", "valid_until": "2026-12-31"}).str(t, "id")
	bankName := s.must(200, "GET", v1+"/organizations/"+s.bank, s.admin, nil).str(t, "name")
	payroll := func(period string) map[string]any {
		return map[string]any{"employer_id": s.gc, "period": period, "lines": []map[string]string{payLine(s.enrs[0], "100.00", "0", "100.00")}}
	}
	submitted := func(period string) string {
		return s.must(201, "POST", s.path("/payrolls"), s.gcKey, payroll(period)).str(t, "id")
	}
	payA, payB, payC := submitted("2026-07"), submitted("2026-06"), submitted("2026-05")
	line := payLine(s.enrs[0], "100.00", "0", "100.00")
	payrollCSV := "name,id_number,bank_card,days_worked,gross_pay,deductions,net_pay\n" +
		strings.Join([]string{line["name"], line["id_number"], line["bank_card"], "22", "100.00", "0", "100.00"}, ",") + "\n"
	s.confirm(item(s.ins[1], "failed", "", "IK-FAILED"))
	inflow := func(ref string) map[string]any {
		return map[string]any{"account_no": s.account, "amount": "100.00", "received_on": "2026-10-30", "bank_ref": ref}
	}
	confirmations := func(ref string) map[string]any {
		return map[string]any{"items": []map[string]any{item(s.ins[0], "paid", "100.00", ref)}}
	}
	results := func(ref string) string {
		return "指令编号,银行流水号,状态,金额,入账日期\n" + s.ins[0] + "," + ref + ",成功,100.00,2026-11-10\n"
	}
	attendance := func(day string) string { return "enrolment_id,date,hours\n" + s.enrs[0] + "," + day + ",8\n" }
	one := func(label string, same, other sender) []keyedCase { return []keyedCase{{label, same, other}} }
	inspector := s.key(s.org(ledger.OrgAuthority, "110105"), ledger.RoleInspector)
	s.runCheck(s.admin)
	alert := s.alertOf(s.project, ledger.RuleWagesUnpaid)
	yesterday := ledger.DateOf(time.Now()).AddDays(-1).String()
	guarantee := func(ref string) map[string]any {
		return map[string]any{"project_id": s.project, "form": "cash", "amount": "1000.00", "reference": ref, "valid_from": "2026-03-05"}
	}
	// A letter on the site's project, whose first worker is owed what the failed instruction did not pay.
	drawable := s.must(201, "POST", v1+"/guarantees", s.bankKey, map[string]any{"project_id": s.project, "form": "bank_letter", "amount": "1000.00",
		"reference": "IK-DL", "valid_from": "2026-03-01", "valid_until": "2027-06-30"}).str(t, "id")
	drawdown := func(decision string) map[string]any {
		return map[string]any{"amount": "1.00", "decision_ref": decision, "payees": []map[string]string{{"enrolment_id": s.enrs[0], "amount": "1.00"}}}
	}
	// Letters on a project completed long ago, owing nothing: they may be returned.
	done := s.must(201, "POST", v1+"/projects", s.admin, projectBody("IK-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)).str(t, "id")
	letter := func(ref string) string {
		return s.must(201, "POST", v1+"/guarantees", s.bankKey, map[string]any{"project_id": done, "form": "bank_letter", "amount": "1000.00",
			"reference": ref, "valid_from": "2026-03-01", "valid_until": "2027-06-30"}).str(t, "id")
	}
	returnable := map[string]string{"IK-G3": letter("IK-G3"), "IK-G4": letter("IK-G4")}
	s.must(200, "POST", v1+"/projects/"+done+"/complete", s.admin, map[string]string{"completed_on": "2026-03-02"})
	// Only an inspector of the region draws down and releases (API.md).
	regionInspector := s.key(s.org(ledger.OrgAuthority, "110000"), ledger.RoleInspector)
	// A letter drawn by ¥2: it may be topped up twice by ¥1.
	drawn := s.must(201, "POST", v1+"/guarantees", s.bankKey, map[string]any{"project_id": s.project, "form": "bank_letter", "amount": "1000.00",
		"reference": "IK-TL", "valid_from": "2026-03-01", "valid_until": "2027-06-30"}).str(t, "id")
	s.must(201, "POST", v1+"/guarantees/"+drawn+"/drawdowns", regionInspector, map[string]any{"amount": "2.00", "decision_ref": "IK-TD",
		"payees": []map[string]string{{"enrolment_id": s.enrs[0], "amount": "2.00"}}})
	topUp := func(ref string) map[string]any { return map[string]any{"amount": "1.00", "reference": ref} }
	// Payslip links for the paid payroll's two workers (one to revoke, one
	// to answer with) and for the first worker's submitted June payroll (to
	// dispute); a complaint to act on.
	links := func(payroll string) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, it := range s.must(200, "POST", v1+"/payrolls/"+payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
			m := it.(map[string]any)
			out[m["enrolment_id"].(string)] = m
		}
		return out
	}
	paid, june := links(s.payroll), links(payB)
	keep, dispute := tokenOf(t, paid[s.enrs[1]]["url"].(string)), tokenOf(t, june[s.enrs[0]]["url"].(string))
	keepLine := int(s.must(200, "GET", v1+"/payslips/"+keep, "", nil).json(t)["lines"].([]any)[0].(map[string]any)["line_no"].(float64))
	complaint := func(summary string) map[string]any {
		return map[string]any{"project_id": s.project, "consent": true, "complainant_name": "张三", "summary": summary, "periods": []string{"2026-10"}, "workers": 1}
	}
	cmp := s.must(201, "POST", v1+"/complaints", inspector, complaint("IK")).str(t, "id")
	// A link of the second worker's own, given by the inspector, to revoke.
	direct := s.must(201, "POST", v1+"/payrolls/"+s.payroll+"/payslips/"+paid[s.enrs[1]]["id"].(string)+"/reissue", inspector, map[string]string{"note": "IK"}).str(t, "id")
	settled := s.settledOrder(alert)
	s.lapsedOrder(alert)
	// The site's alert is acknowledged by its own case first; escalating it
	// then makes its employer a candidate (a repeat is refused and changes
	// nothing), whom the proposal names.
	proposeAt := func(path, reason string) sender {
		return func(h ...string) resp {
			s.do("POST", v1+"/alerts/"+alert+"/actions", inspector, map[string]string{"action": "escalate", "note": "IK"})
			return s.do("POST", v1+path, inspector, map[string]any{"project_id": s.project, "alert_id": alert, "reason": reason}, h...)
		}
	}
	propose := func(reason string) sender { return proposeAt("/blacklist/proposals", reason) }
	step := func(body map[string]any) sender {
		return func(h ...string) resp {
			id := propose("IK-step")().str(t, "id")
			return s.do("POST", v1+"/blacklist/proposals/"+id+"/actions", inspector, body, h...)
		}
	}
	return map[string][]keyedCase{
		"POST " + v1 + "/alerts/:id/orders": one("another note",
			js("POST", v1+"/alerts/"+alert+"/orders", inspector, map[string]string{"note": "a"}),
			js("POST", v1+"/alerts/"+alert+"/orders", inspector, map[string]string{"note": "b"})),
		"POST " + v1 + "/orders/:id/decisions": one("another percentage",
			js("POST", v1+"/orders/"+settled+"/decisions", inspector, map[string]any{"step": "extra_compensation", "percent": 50, "note": "n"}),
			js("POST", v1+"/orders/"+settled+"/decisions", inspector, map[string]any{"step": "extra_compensation", "percent": 60, "note": "n"})),
		"POST " + v1 + "/blacklist/proposals": one("another reason", propose("IK-P1"), propose("IK-P2")),
		"POST " + v1 + "/blacklist":           one("another reason", proposeAt("/blacklist", "IK-L1"), proposeAt("/blacklist", "IK-L2")),
		"POST " + v1 + "/blacklist/proposals/:id/actions": one("another step",
			step(map[string]any{"action": "notify", "on": today(), "text": "告知书"}), step(map[string]any{"action": "decline", "text": "不予列入"})),
		"POST " + v1 + "/payrolls/:id/payslips": one("another payroll",
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips", s.gcKey, nil), js("POST", v1+"/payrolls/"+payB+"/payslips", s.gcKey, nil)),
		"POST " + v1 + "/payrolls/:id/payslips/:token_id/revoke": one("another link",
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+paid[s.enrs[0]]["id"].(string)+"/revoke", s.gcKey, nil),
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+paid[s.enrs[1]]["id"].(string)+"/revoke", s.gcKey, nil)),
		"POST " + v1 + "/payrolls/:id/payslips/:token_id/reissue": one("another note",
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+paid[s.enrs[0]]["id"].(string)+"/reissue", inspector, map[string]string{"note": "a"}),
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+paid[s.enrs[0]]["id"].(string)+"/reissue", inspector, map[string]string{"note": "b"})),
		"POST " + v1 + "/payrolls/:id/payslips/:token_id/revoke-direct": one("another note",
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+direct+"/revoke-direct", inspector, map[string]string{"note": "a"}),
			js("POST", v1+"/payrolls/"+s.payroll+"/payslips/"+direct+"/revoke-direct", inspector, map[string]string{"note": "b"})),
		"POST " + v1 + "/complaints/:id/receipt": one("another note",
			js("POST", v1+"/complaints/"+cmp+"/receipt", inspector, map[string]string{"note": "a"}),
			js("POST", v1+"/complaints/"+cmp+"/receipt", inspector, map[string]string{"note": "b"})),
		"POST " + v1 + "/payslips/:token/confirm": one("another line",
			js("POST", v1+"/payslips/"+keep+"/confirm", "", map[string]any{"payroll_id": s.payroll, "line_no": keepLine}),
			js("POST", v1+"/payslips/"+keep+"/confirm", "", map[string]any{"payroll_id": s.payroll, "line_no": keepLine + 10})),
		"POST " + v1 + "/payslips/:token/dispute": one("another reason",
			js("POST", v1+"/payslips/"+dispute+"/dispute", "", map[string]any{"payroll_id": payB, "line_no": 1, "reason": typedReasons[0]}),
			js("POST", v1+"/payslips/"+dispute+"/dispute", "", map[string]any{"payroll_id": payB, "line_no": 1, "reason": "少算三天"})),
		"POST " + v1 + "/payslips/:token/complaints": one("another complaint",
			js("POST", v1+"/payslips/"+keep+"/complaints", "", map[string]any{"summary": "十月工资未发"}),
			js("POST", v1+"/payslips/"+keep+"/complaints", "", map[string]any{"summary": "十月工资少发"})),
		"POST " + v1 + "/complaints": one("another complaint",
			js("POST", v1+"/complaints", inspector, complaint("IK-1")), js("POST", v1+"/complaints", inspector, complaint("IK-2"))),
		"POST " + v1 + "/complaints/:id/actions": one("another action",
			js("POST", v1+"/complaints/"+cmp+"/actions", inspector, map[string]string{"action": "accept"}),
			js("POST", v1+"/complaints/"+cmp+"/actions", inspector, map[string]string{"action": "refuse", "note": "n"})),
		"POST " + v1 + "/guarantees/:id/drawdowns": one("another decision",
			js("POST", v1+"/guarantees/"+drawable+"/drawdowns", regionInspector, drawdown("IK-D1")), js("POST", v1+"/guarantees/"+drawable+"/drawdowns", regionInspector, drawdown("IK-D2"))),
		"POST " + v1 + "/guarantees/:id/topups": one("another reference",
			js("POST", v1+"/guarantees/"+drawn+"/topups", s.bankKey, topUp("IK-T1")), js("POST", v1+"/guarantees/"+drawn+"/topups", s.bankKey, topUp("IK-T2"))),
		"POST " + v1 + "/guarantees/:id/release": one("another guarantee",
			js("POST", v1+"/guarantees/"+returnable["IK-G3"]+"/release", regionInspector, map[string]string{"note": "a"}),
			js("POST", v1+"/guarantees/"+returnable["IK-G4"]+"/release", regionInspector, map[string]string{"note": "b"})),
		"POST " + v1 + "/guarantees": one("json",
			js("POST", v1+"/guarantees", s.bankKey, guarantee("IK-G1")), js("POST", v1+"/guarantees", s.bankKey, guarantee("IK-G2"))),
		"POST " + v1 + "/organizations": one("json", js("POST", v1+"/organizations", s.admin, org()), js("POST", v1+"/organizations", s.admin, org())),
		"POST " + v1 + "/organizations/:id/keys": one("json",
			js("POST", v1+"/organizations/"+s.gc+"/keys", s.admin, map[string]string{"role": "contractor", "label": "a"}),
			js("POST", v1+"/organizations/"+s.gc+"/keys", s.admin, map[string]string{"role": "contractor", "label": "b"})),
		"POST " + v1 + "/organizations/:id/keys/:key_id/revoke": one("another key",
			js("POST", v1+"/organizations/"+s.gc+"/keys/"+k0+"/revoke", s.admin, nil),
			js("POST", v1+"/organizations/"+s.gc+"/keys/"+k1+"/revoke", s.admin, nil)),
		"POST " + v1 + "/projects": one("json",
			js("POST", v1+"/projects", s.admin, projectBody("IK-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)),
			js("POST", v1+"/projects", s.admin, projectBody("IK-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank))),
		"POST " + v1 + "/projects/:id/subcontractors": one("json",
			js("POST", s.path("/subcontractors"), s.gcKey, map[string]string{"organization_id": sub0}),
			js("POST", s.path("/subcontractors"), s.gcKey, map[string]string{"organization_id": sub1})),
		"PATCH " + v1 + "/projects/:id": one("json",
			js("PATCH", s.path(""), s.gcKey, map[string]string{"category": "01"}),
			js("PATCH", s.path(""), s.gcKey, map[string]string{"category": "02"})),
		"POST " + v1 + "/projects/:id/complete": one("json",
			js("POST", v1+"/projects/"+p3+"/complete", s.gcKey, map[string]string{"completed_on": "2026-11-01"}),
			js("POST", v1+"/projects/"+p3+"/complete", s.gcKey, map[string]string{"completed_on": "2026-11-02"})),
		"POST " + v1 + "/projects/:id/workers": one("json",
			js("POST", s.path("/workers"), s.subKey, workerBody(nextSeq(), s.sub, s.bank)),
			js("POST", s.path("/workers"), s.subKey, workerBody(nextSeq(), s.sub, s.bank))),
		"POST " + v1 + "/projects/:id/workers/import": one("file",
			file(s.path("/workers/import"), s.subKey, rosterHeader+rosterRow(nextSeq(), bankName), nil),
			file(s.path("/workers/import"), s.subKey, rosterHeader+rosterRow(nextSeq(), bankName), nil)),
		"PATCH " + v1 + "/projects/:id/workers/:enrolment_id": one("json",
			js("PATCH", s.path("/workers/"+s.enrs[0]), s.gcKey, map[string]string{"phone": "13900000001"}),
			js("PATCH", s.path("/workers/"+s.enrs[0]), s.gcKey, map[string]string{"phone": "13900000002"})),
		"POST " + v1 + "/projects/:id/workers/:enrolment_id/exit": one("json",
			js("POST", s.path("/workers/"+leaver+"/exit"), s.gcKey, map[string]string{"exited_on": "2026-11-01"}),
			js("POST", s.path("/workers/"+leaver+"/exit"), s.gcKey, map[string]string{"exited_on": "2026-11-02"})),
		"POST " + v1 + "/projects/:id/workers/:enrolment_id/certificates": one("json",
			js("POST", s.path("/workers/"+s.enrs[0]+"/certificates"), s.gcKey, map[string]string{"number": "IK-C1", "kind": "建筑电工", "valid_until": "2028-01-31"}),
			js("POST", s.path("/workers/"+s.enrs[0]+"/certificates"), s.gcKey, map[string]string{"number": "IK-C2", "kind": "建筑电工", "valid_until": "2028-01-31"})),
		"POST " + v1 + "/projects/:id/workers/:enrolment_id/certificates/:certificate_id/reviews": one("json",
			js("POST", s.path("/workers/"+s.enrs[0]+"/certificates/"+reviewable+"/reviews"), s.gcKey, map[string]string{"reviewed_on": "2026-10-01"}),
			js("POST", s.path("/workers/"+s.enrs[0]+"/certificates/"+reviewable+"/reviews"), s.gcKey, map[string]string{"reviewed_on": "2026-10-02"})),
		"POST " + v1 + "/projects/:id/injury-insurance": one("json",
			js("POST", s.path("/injury-insurance"), s.gcKey, injuryBody("IK-P1")), js("POST", s.path("/injury-insurance"), s.gcKey, injuryBody("IK-P2"))),
		"POST " + v1 + "/projects/:id/injury-insurance/:policy_id/void": one("json",
			js("POST", s.path("/injury-insurance/"+voidable+"/void"), s.gcKey, map[string]string{"reason": typedReasons[1]}),
			js("POST", s.path("/injury-insurance/"+voidable+"/void"), s.gcKey, map[string]string{"reason": "保单属于另一项目"})),
		"POST " + v1 + "/projects/:id/attendance": {
			{"file", file(s.path("/attendance"), s.gcKey, attendance("2026-11-03"), nil), file(s.path("/attendance"), s.gcKey, attendance("2026-11-04"), nil)},
			{"json", js("POST", s.path("/attendance"), s.gcKey, []map[string]string{{"enrolment_id": s.enrs[0], "date": "2026-11-05", "hours": "8"}}),
				js("POST", s.path("/attendance"), s.gcKey, []map[string]string{{"enrolment_id": s.enrs[0], "date": "2026-11-06", "hours": "8"}})},
		},
		"POST " + v1 + "/projects/:id/payrolls": {
			// The same file with another form field is another request.
			{"file", file(s.path("/payrolls"), s.gcKey, payrollCSV, map[string]string{"employer_id": s.gc, "period": "2026-11"}),
				file(s.path("/payrolls"), s.gcKey, payrollCSV, map[string]string{"employer_id": s.gc, "period": "2026-12"})},
			{"json", js("POST", s.path("/payrolls"), s.gcKey, payroll("2026-09")), js("POST", s.path("/payrolls"), s.gcKey, payroll("2026-08"))},
		},
		"POST " + v1 + "/payrolls/:id/approve": one("another payroll",
			js("POST", v1+"/payrolls/"+payA+"/approve", s.officer, nil), js("POST", v1+"/payrolls/"+payB+"/approve", s.officer, nil)),
		"POST " + v1 + "/payrolls/:id/reject": one("json",
			js("POST", v1+"/payrolls/"+payC+"/reject", s.gcKey, map[string]string{"reason": "wrong days"}),
			js("POST", v1+"/payrolls/"+payC+"/reject", s.gcKey, map[string]string{"reason": "wrong pay"})),
		"POST " + v1 + "/instructions/:id/reissue": one("another instruction",
			js("POST", v1+"/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil), js("POST", v1+"/instructions/"+s.ins[0]+"/reissue", s.gcKey, nil)),
		"POST " + v1 + "/checks": one("json",
			js("POST", v1+"/checks", inspector, map[string]string{"as_of": today()}), js("POST", v1+"/checks", inspector, map[string]string{"as_of": yesterday})),
		"POST " + v1 + "/alerts/:id/actions": one("json",
			js("POST", v1+"/alerts/"+alert+"/actions", inspector, map[string]string{"action": "acknowledge"}),
			js("POST", v1+"/alerts/"+alert+"/actions", inspector, map[string]string{"action": "escalate", "note": "n"})),
		"POST " + v1 + "/bank/inflows": one("json",
			js("POST", v1+"/bank/inflows", s.bankKey, inflow("IK-IN-1")), js("POST", v1+"/bank/inflows", s.bankKey, inflow("IK-IN-2"))),
		"POST " + v1 + "/bank/confirmations": {
			{"json", js("POST", v1+"/bank/confirmations", s.bankKey, confirmations("IK-C-1")), js("POST", v1+"/bank/confirmations", s.bankKey, confirmations("IK-C-2"))},
			{"file", file(v1+"/bank/confirmations", s.bankKey, results("IK-F-1"), nil), file(v1+"/bank/confirmations", s.bankKey, results("IK-F-2"), nil)},
		},
	}
}

// A key sent on a project is kept beside the project's rows (0038, on the
// project's shard on a Citus cluster): the same request again replays,
// another request on the project is a 409, and no row is kept by the
// caller's scope. The same key on another project is another key; a key
// kept by scope (a request on no project, or a key kept before 0038) still
// answers on a project.
func TestIdempotencyKeyIsKeptOnItsProject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		key := "on-project-" + itoa(nextSeq())
		body := workerBody(nextSeq(), s.gc, s.bank)
		first := s.do("POST", s.path("/workers"), s.gcKey, body, "Idempotency-Key", key)
		if first.Status != 201 || first.Header.Get("Idempotency-Hit") != "false" {
			t.Fatalf("first registration: %d %s", first.Status, first.Body)
		}
		again := s.do("POST", s.path("/workers"), s.gcKey, body, "Idempotency-Key", key)
		if again.Status != 201 || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
			t.Errorf("replay: %d hit=%q %s", again.Status, again.Header.Get("Idempotency-Hit"), again.Body)
		}
		if other := s.do("POST", s.path("/workers"), s.gcKey, workerBody(nextSeq(), s.gc, s.bank), "Idempotency-Key", key); other.Status != 409 ||
			!strings.Contains(string(other.Body), "different request") {
			t.Errorf("another request on the project under the key: %d %s", other.Status, other.Body)
		}
		kept := func(table, where string, args ...any) int {
			var n int
			if err := db.Get(context.Background(), &n, "SELECT COUNT(*) FROM "+table+" WHERE key = ? AND "+where, append([]any{key}, args...)...); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if onProject, byScope := kept("project_idempotency_keys", "project_id = ?", s.project), kept("idempotency_keys", "1 = 1"); onProject != 1 || byScope != 0 {
			t.Errorf("the key is kept %d times on its project, %d times by scope; want once on the project", onProject, byScope)
		}
		owner := s.org(ledger.OrgOwner, "110105")
		p2 := s.must(201, "POST", "/api/v1/projects", s.admin, projectBody("KP-"+itoa(nextSeq()), "110105", owner, s.gc, s.bank)).str(t, "id")
		if r := s.do("POST", "/api/v1/projects/"+p2+"/workers", s.gcKey, workerBody(nextSeq(), s.gc, s.bank), "Idempotency-Key", key); r.Status != 201 ||
			r.Header.Get("Idempotency-Hit") != "false" {
			t.Errorf("the key on another project: %d hit=%q %s", r.Status, r.Header.Get("Idempotency-Hit"), r.Body)
		}
		// The admin's key from a request on no project (a new organisation),
		// sent on a project with another request: the same key, a 409.
		scoped := "by-scope-" + itoa(nextSeq())
		n := nextSeq()
		s.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": "Owner " + itoa(n), "uscc": uscc(t, n), "kind": "owner", "region_code": "110105"},
			"Idempotency-Key", scoped)
		if r := s.do("POST", s.path("/complete"), s.admin, map[string]string{"completed_on": "2026-11-01"}, "Idempotency-Key", scoped); r.Status != 409 {
			t.Errorf("a key kept by scope, another request on a project: %d %s", r.Status, r.Body)
		}
	})
}

// A dry run stores nothing, not even its key, so the real upload may use the
// key next; a dry run may not reuse a key that names another request. A
// refused file leaves its key free too.
func TestDryRunAndRefusalUnderKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		roster := []byte(rosterHeader + rosterRow(nextSeq(), bankName))
		dry := s.sendFile(s.path("/workers/import?dry_run=true"), s.subKey, "a.csv", roster, nil, "Idempotency-Key", "k")
		if dry.Status != 200 || dry.json(t)["dry_run"] != true || s.count("enrolments") != 0 {
			t.Fatalf("dry run: %d %s", dry.Status, dry.Body)
		}
		bad := s.sendFile(s.path("/workers/import"), s.subKey, "bad.csv", []byte(rosterHeader+"x,1,2,3,4,5,6,7,8\n"), nil, "Idempotency-Key", "k")
		if bad.Status != 422 {
			t.Fatalf("bad file: %d %s", bad.Status, bad.Body)
		}
		stored := s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", roster, nil, "Idempotency-Key", "k")
		if stored.Status != 201 || stored.Header.Get("Idempotency-Hit") != "false" || s.count("enrolments") != 1 {
			t.Fatalf("the stored upload after a dry run and a refusal: %d %s", stored.Status, stored.Body)
		}
		again := s.sendFile(s.path("/workers/import?dry_run=true"), s.subKey, "a.csv", roster, nil, "Idempotency-Key", "k")
		if again.Status != 409 {
			t.Errorf("dry run under a used key: %d %s", again.Status, again.Body)
		}
		replay := s.sendFile(s.path("/workers/import"), s.subKey, "a.csv", roster, nil, "Idempotency-Key", "k")
		if replay.Status != 201 || replay.Header.Get("Idempotency-Hit") != "true" || string(replay.Body) != string(stored.Body) {
			t.Errorf("replay: %d %s", replay.Status, replay.Body)
		}
	})
}

// A bank result file commits batch by batch, so its key is claimed before
// and answered after: a file refused whole leaves the key free, and the
// answer stored is the first one.
func TestBankFileUnderKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		bad := s.sendFile("/api/v1/bank/confirmations", s.bankKey, "r.csv", []byte("no,such,columns\n1,2,3\n"), nil, "Idempotency-Key", "file-1")
		if bad.Status < 400 || bad.Status == 409 {
			t.Fatalf("unreadable file: %d %s", bad.Status, bad.Body)
		}
		file := []byte("指令编号,银行流水号,状态,金额,入账日期\n" + s.ins[0] + ",BF-1,成功,100.00,2026-11-10\n")
		first := s.sendFile("/api/v1/bank/confirmations", s.bankKey, "r.csv", file, nil, "Idempotency-Key", "file-1")
		if first.Status != 200 || first.Header.Get("Idempotency-Hit") != "false" || !strings.Contains(string(first.Body), `"applied"`) {
			t.Fatalf("file after a refused one under the key: %d %s", first.Status, first.Body)
		}
		again := s.sendFile("/api/v1/bank/confirmations", s.bankKey, "r.csv", file, nil, "Idempotency-Key", "file-1")
		if again.Status != 200 || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
			t.Errorf("replay: %d %s, want %s", again.Status, again.Body, first.Body)
		}
	})
}

// A payroll sent again (the same JSON body, or the same file with the same
// fields) is a natural replay, with or without an Idempotency-Key: 200, the
// first result, Idempotency-Hit: true. A keyed replay answers what was first
// answered under its key, status included. (A JSON payroll under a key used
// to be answered 201 with Idempotency-Hit: false by a branch of its own.)
func TestPayrollNaturalReplayAnswersTheSameWithOrWithoutKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		body := map[string]any{"employer_id": s.gc, "period": "2026-09", "lines": []map[string]string{payLine(s.enrs[0], "100.00", "0", "100.00")}}
		first := s.do("POST", s.path("/payrolls"), s.gcKey, body)
		if first.Status != 201 || first.Header.Get("Idempotency-Hit") != "false" {
			t.Fatalf("first payroll: %d hit=%q %s", first.Status, first.Header.Get("Idempotency-Hit"), first.Body)
		}
		for _, h := range [][]string{nil, {"Idempotency-Key", "natural-1"}, {"Idempotency-Key", "natural-1"}} {
			again := s.do("POST", s.path("/payrolls"), s.gcKey, body, h...)
			if again.Status != 200 || again.Header.Get("Idempotency-Hit") != "true" || again.str(t, "id") != first.str(t, "id") {
				t.Errorf("the same payroll again, headers %v: %d hit=%q %s", h, again.Status, again.Header.Get("Idempotency-Hit"), again.Body)
			}
		}
		// A file payroll answers the same way.
		line := payLine(s.enrs[0], "100.00", "0", "100.00")
		csv := []byte("name,id_number,bank_card,days_worked,gross_pay,deductions,net_pay\n" +
			strings.Join([]string{line["name"], line["id_number"], line["bank_card"], "22", "100.00", "0", "100.00"}, ",") + "\n")
		fields := map[string]string{"employer_id": s.gc, "period": "2026-08"}
		stored := s.sendFile(s.path("/payrolls"), s.gcKey, "p.csv", csv, fields)
		if stored.Status != 201 || stored.Header.Get("Idempotency-Hit") != "false" {
			t.Fatalf("file payroll: %d hit=%q %s", stored.Status, stored.Header.Get("Idempotency-Hit"), stored.Body)
		}
		for _, h := range [][]string{nil, {"Idempotency-Key", "natural-2"}, {"Idempotency-Key", "natural-2"}} {
			again := s.sendFile(s.path("/payrolls"), s.gcKey, "p.csv", csv, fields, h...)
			if again.Status != 200 || again.Header.Get("Idempotency-Hit") != "true" || again.str(t, "id") != stored.str(t, "id") {
				t.Errorf("the same payroll file again, headers %v: %d hit=%q %s", h, again.Status, again.Header.Get("Idempotency-Hit"), again.Body)
			}
		}
		if n := s.count("payrolls"); n != 3 { // the paid site's own and these two
			t.Errorf("%d payrolls, want 3", n)
		}
	})
}

// A JSON document sent to an upload route (a payroll, attendance, bank
// confirmations) was keyed by the previous build under the hash of its
// method, path and body; it is now hashed as a file. A key stored by that
// build, retried after the upgrade with the same body, is the same request:
// it replays the stored answer (kept in the clear then) instead of a 409.
// Another body under the key is still a conflict.
func TestKeyStoredWithTheLegacyJSONHashReplays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		ctx := context.Background()
		cases := []struct {
			label, path, apiKey string
			body, other         any
		}{
			{"payroll", s.path("/payrolls"), s.gcKey,
				map[string]any{"employer_id": s.gc, "period": "2026-09", "lines": []map[string]string{payLine(s.enrs[0], "100.00", "0", "100.00")}},
				map[string]any{"employer_id": s.gc, "period": "2026-08", "lines": []map[string]string{payLine(s.enrs[0], "100.00", "0", "100.00")}}},
			{"attendance", s.path("/attendance"), s.gcKey,
				[]map[string]string{{"enrolment_id": s.enrs[0], "date": "2026-11-05", "hours": "8"}},
				[]map[string]string{{"enrolment_id": s.enrs[0], "date": "2026-11-06", "hours": "8"}}},
			{"bank-confirmations", "/api/v1/bank/confirmations", s.bankKey,
				map[string]any{"items": []map[string]any{item(s.ins[0], "paid", "100.00", "LEGACY-1")}},
				map[string]any{"items": []map[string]any{item(s.ins[1], "paid", "100.00", "LEGACY-2")}}},
		}
		for _, tc := range cases {
			body, err := json.Marshal(tc.body)
			if err != nil {
				t.Fatal(err)
			}
			// What the previous build did: the change, and its answer stored
			// under the key with the JSON request's hash.
			first := s.do("POST", tc.path, tc.apiKey, body)
			if first.Status < 200 || first.Status > 299 {
				t.Fatalf("%s: %d %s", tc.label, first.Status, first.Body)
			}
			caller, err := s.svc.Authenticate(ctx, tc.apiKey)
			if err != nil {
				t.Fatal(err)
			}
			legacy := ledger.SHA256Hex(append([]byte("POST "+tc.path+"\n"), body...))
			if err := db.ExecRaw(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				caller.ActorName(), "legacy-"+tc.label, legacy, first.Status, string(first.Body), db.Now()); err != nil {
				t.Fatal(err)
			}
			before := s.changes()
			again := s.do("POST", tc.path, tc.apiKey, body, "Idempotency-Key", "legacy-"+tc.label)
			if again.Status != first.Status || again.Header.Get("Idempotency-Hit") != "true" || string(again.Body) != string(first.Body) {
				t.Errorf("%s: retry under the legacy key: %d hit=%q %s, want %d %s", tc.label, again.Status, again.Header.Get("Idempotency-Hit"), again.Body, first.Status, first.Body)
			}
			other := s.do("POST", tc.path, tc.apiKey, tc.other, "Idempotency-Key", "legacy-"+tc.label)
			if other.Status != 409 {
				t.Errorf("%s: another body under the legacy key: %d %s", tc.label, other.Status, other.Body)
			}
			if after := s.changes(); after != before {
				t.Errorf("%s: the retry or the conflict changed something: %d audit records, then %d", tc.label, before, after)
			}
		}
	})
}

// settledOrder records an order on the alert that lapsed and was paid
// afterwards (the test's clock cannot move past a deadline): its extra
// compensation may still be decided. The books agree, as a review reads
// them: August's ¥100 to the first worker, owed from 30 Sep, paid back on
// 20 Nov, after the deadline.
func (s *paidSite) settledOrder(alert string) string {
	s.t.Helper()
	a := s.must(200, "GET", "/api/v1/alerts/"+alert, s.admin, nil).json(s.t)
	return pastOrder(s.env, s.project, alert, strings.TrimPrefix(a["subject"].(string), "employer:"), s.enrs[0], ledger.OrderSettled)
}

// lapsedOrder records an order to pay lapsed unpaid naming the employer
// alert names, on another alert of the project (alert keeps no live order,
// for the orders case): what proposing the employer for the list needs.
func (s *paidSite) lapsedOrder(alert string) {
	s.t.Helper()
	a := s.must(200, "GET", "/api/v1/alerts/"+alert, s.admin, nil).json(s.t)
	other := ""
	for _, it := range s.must(200, "GET", "/api/v1/alerts?project_id="+s.project, s.admin, nil).json(s.t)["items"].([]any) {
		if id := it.(map[string]any)["id"].(string); id != alert {
			other = id
		}
	}
	if other == "" {
		s.t.Fatal("the site has one alert only")
	}
	o := ledger.PayOrder{ID: ledger.NewID(ledger.PrefixPayOrder), ProjectID: s.project, AlertID: other, EmployerID: strings.TrimPrefix(a["subject"].(string), "employer:"),
		Status: ledger.OrderLapsed, IssuedOn: ledger.NewDate(2026, 11, 2), Deadline: ledger.NewDate(2026, 11, 16), Amount: ledger.MustMoney("100.00"),
		Unpaid: ledger.MustMoney("100.00"), LapsedOn: ledger.NewDate(2026, 11, 17), UnpaidAtLapse: ledger.MustMoney("100.00"), IssuedBy: "test",
		Lines: []ledger.PayOrderLine{{EnrolmentID: s.enrs[0], Name: "w", Period: ledger.MustPeriod("2026-10"), Amount: ledger.MustMoney("100.00"), Unpaid: ledger.MustMoney("100.00")}}}
	if err := s.db.WithTx(s.t.Context(), func(tx *store.Tx) error { return store.InsertPayOrder(tx, &o) }); err != nil {
		s.t.Fatal(err)
	}
}
