package httpapi_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// world is the cast of the scope tests: two general contractors with a
// project each, a subcontractor on the first, the two projects' banks, and
// two authorities: the district of the first project and the whole city.
type world struct {
	*env
	owner, gc1, gc2, sub1, bank1, bank2, district, city string
	p1, p2                                              string
	enr1, enr2                                          string // a subcontractor's worker on p1, the GC's worker on p2
	pay1, pay2                                          string // payrolls of the subcontractor on p1 and of the GC on p2
	ins1, ins2                                          string // their payment instructions
	gua1, gua2                                          string // a bank letter on each project, issued by its wage account's bank
	keys                                                map[string]string
	clock                                               *storetest.Clock // the database's, when the test moves it (clockedWorlds)
}

func newWorld(t *testing.T, db *store.DB) *world {
	e := newEnv(t, db)
	w := &world{env: e}
	w.owner = e.org(ledger.OrgOwner, e.rg("110105"))
	w.gc1 = e.org(ledger.OrgGeneralContractor, e.rg("110105"))
	w.gc2 = e.org(ledger.OrgGeneralContractor, "310115") // a Shanghai firm building in Haidian
	w.sub1 = e.org(ledger.OrgSubcontractor, "130100")
	w.bank1 = e.org(ledger.OrgBank, "110102")
	w.bank2 = e.org(ledger.OrgBank, "310000")
	w.district = e.org(ledger.OrgAuthority, e.rg("110105")) // 朝阳区人社局
	w.city = e.org(ledger.OrgAuthority, e.rg("110000"))     // 北京市人社局
	w.p1 = e.must(201, "POST", "/api/v1/projects", e.admin, projectBody("CY-"+itoa(nextSeq()), e.rg("110105"), w.owner, w.gc1, w.bank1)).str(t, "id")
	w.p2 = e.must(201, "POST", "/api/v1/projects", e.admin, projectBody("HD-"+itoa(nextSeq()), e.rg("110108"), w.owner, w.gc2, w.bank2)).str(t, "id")
	e.must(200, "POST", "/api/v1/projects/"+w.p1+"/subcontractors", e.admin, map[string]string{"organization_id": w.sub1})
	w.enr1 = e.enrol(w.p1, e.admin, workerBody(nextSeq(), w.sub1, w.bank1))
	w.enr2 = e.enrol(w.p2, e.admin, workerBody(nextSeq(), w.gc2, w.bank2))
	w.pay1 = e.must(201, "POST", "/api/v1/projects/"+w.p1+"/payrolls", e.admin, payrollBody(w.sub1, "2026-10", w.p1, e, w.enr1)).str(t, "id")
	w.pay2 = e.must(201, "POST", "/api/v1/projects/"+w.p2+"/payrolls", e.admin, payrollBody(w.gc2, "2026-10", w.p2, e, w.enr2)).str(t, "id")
	// Each GC's wage officer approves: not the admin key that submitted (four-eyes).
	e.must(200, "POST", "/api/v1/payrolls/"+w.pay1+"/approve", e.key(w.gc1, ledger.RoleContractor), nil)
	e.must(200, "POST", "/api/v1/payrolls/"+w.pay2+"/approve", e.key(w.gc2, ledger.RoleContractor), nil)
	w.ins1 = e.must(200, "GET", "/api/v1/payrolls/"+w.pay1+"/instructions", e.admin, nil).json(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	w.ins2 = e.must(200, "GET", "/api/v1/payrolls/"+w.pay2+"/instructions", e.admin, nil).json(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	letter := func(project, bank string) string {
		return e.must(201, "POST", "/api/v1/guarantees", e.admin, map[string]any{"project_id": project, "form": "bank_letter", "amount": "100000.00",
			"bank_id": bank, "reference": "BG-" + itoa(nextSeq()), "valid_from": "2026-03-01", "valid_until": "2027-06-30"}).str(t, "id")
	}
	w.gua1, w.gua2 = letter(w.p1, w.bank1), letter(w.p2, w.bank2)
	w.keys = map[string]string{
		"admin":    e.admin,
		"gc1":      e.key(w.gc1, ledger.RoleContractor),
		"gc2":      e.key(w.gc2, ledger.RoleContractor),
		"sub1":     e.key(w.sub1, ledger.RoleContractor),
		"bank1":    e.key(w.bank1, ledger.RoleBank),
		"bank2":    e.key(w.bank2, ledger.RoleBank),
		"district": e.key(w.district, ledger.RoleInspector),
		"city":     e.key(w.city, ledger.RoleInspector),
	}
	return w
}

func (w *world) visibleProjects(who string) []string {
	q := "/api/v1/projects?limit=1000"
	if who == "admin" && w.db.Dialect.IsCitus() {
		// The administrator sees every project: on the shared database,
		// every test's; this world's are those in its own city.
		q += "&region_code=" + w.rg("110000")
	}
	r := w.must(200, "GET", q, w.keys[who], nil)
	var ids []string
	for _, it := range r.json(w.t)["items"].([]any) {
		ids = append(ids, it.(map[string]any)["id"].(string))
	}
	sort.Strings(ids)
	return ids
}

// TestScopeRules shows each scope rule of the access-control issue by hand.
func TestScopeRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		both := []string{w.p1, w.p2}
		sort.Strings(both)
		sees := map[string][]string{
			"admin": both, "city": both,
			"gc1": {w.p1}, "sub1": {w.p1}, "bank1": {w.p1}, "district": {w.p1},
			"gc2": {w.p2}, "bank2": {w.p2},
		}
		for who, want := range sees {
			if got := w.visibleProjects(who); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s lists %v, want %v", who, got, want)
			}
			for _, p := range []string{w.p1, w.p2} {
				visible := strings.Contains(strings.Join(want, ","), p)
				r := w.do("GET", "/api/v1/projects/"+p, w.keys[who], nil)
				if (visible && r.Status != 200) || (!visible && r.Status != 404) {
					t.Errorf("%s GET project %s: %d (visible=%v)", who, p, r.Status, visible)
				}
			}
		}
		// A project the caller cannot see answers exactly like one that does not exist.
		a := w.do("GET", "/api/v1/projects/"+w.p2, w.keys["gc1"], nil)
		b := w.do("GET", "/api/v1/projects/prj_doesnotexist0000", w.keys["gc1"], nil)
		if a.Status != 404 || b.Status != 404 || strings.Replace(a.str(t, "detail"), w.p2, "X", 1) != strings.Replace(b.str(t, "detail"), "prj_doesnotexist0000", "X", 1) {
			t.Errorf("hidden vs missing differ: %s / %s", a.Body, b.Body)
		}
		// The GC runs its project; the subcontractor, bank and inspectors see it but may not change it.
		done := map[string]any{"completed_on": "2026-11-01"}
		for _, who := range []string{"sub1", "bank1", "district", "city"} {
			r := w.must(403, "POST", "/api/v1/projects/"+w.p1+"/complete", w.keys[who], done)
			if !strings.Contains(r.str(t, "detail"), "only the project's general contractor") {
				t.Errorf("%s: %s", who, r.Body)
			}
		}
		w.must(404, "POST", "/api/v1/projects/"+w.p1+"/complete", w.keys["gc2"], done)
		w.must(404, "POST", "/api/v1/projects/"+w.p1+"/subcontractors", w.keys["bank2"], map[string]string{"organization_id": w.sub1})
		// A contractor registers projects only as their GC.
		r := w.must(403, "POST", "/api/v1/projects", w.keys["gc1"], projectBody("CY-009", "110105", w.owner, w.gc2, w.bank1))
		if !strings.Contains(r.str(t, "detail"), "general contractor") {
			t.Errorf("gc1 registering gc2's project: %s", r.Body)
		}
		cy10 := w.must(201, "POST", "/api/v1/projects", w.keys["gc1"], projectBody("CY-"+itoa(nextSeq()), w.rg("110105"), w.owner, w.gc1, w.bank1)).str(t, "id")
		w.must(403, "POST", "/api/v1/projects", w.keys["bank1"], projectBody("CY-011", "110105", w.owner, w.gc1, w.bank1))
		w.must(200, "POST", "/api/v1/projects/"+w.p1+"/complete", w.keys["gc1"], done)
		// Organisations: a caller sees its own and the parties of its projects.
		w.must(200, "GET", "/api/v1/organizations/"+w.sub1, w.keys["bank1"], nil)
		w.must(404, "GET", "/api/v1/organizations/"+w.gc2, w.keys["gc1"], nil)
		w.must(200, "GET", "/api/v1/organizations/"+w.gc2, w.keys["city"], nil)
		w.must(404, "GET", "/api/v1/organizations/"+w.gc2, w.keys["district"], nil)
		w.must(403, "POST", "/api/v1/organizations/"+w.gc1+"/keys", w.keys["gc1"], map[string]string{"role": "contractor"})
		// Inspectors read the audit trail of their region only.
		for who, chains := range map[string][]string{"district": {w.p1, cy10}, "city": {w.p1, w.p2, cy10}} {
			r := w.must(200, "GET", "/api/v1/audit?limit=1000", w.keys[who], nil)
			got := map[string]bool{}
			for _, it := range r.json(t)["items"].([]any) {
				got[it.(map[string]any)["chain"].(string)] = true
			}
			for _, c := range chains {
				if !got[c] {
					t.Errorf("%s does not see the audit chain of %s", who, c)
				}
			}
			if len(got) != len(chains) {
				t.Errorf("%s sees audit chains %v, want %v", who, got, chains)
			}
		}
		w.must(403, "GET", "/api/v1/audit", w.keys["gc1"], nil)
	})
}

// TestAuthorizationMatrix is generated from the router's route table: every
// route × every kind of caller × in and out of scope. A route without a row
// here fails the test, so no route can ship without a rule.
func TestAuthorizationMatrix(t *testing.T) {
	// Each cell is "IN|OUT": the status in scope and out of scope, where "ok"
	// means authorization let the request through (any status but 401, 403
	// and 404). One value applies to both. "anon" is the answer without a
	// key; where it is absent, no key and a malformed header must be 401.
	rules := map[string]map[string]string{
		"GET /healthz":                                                 {"*": "200", "anon": "200"},
		"GET /readyz":                                                  {"*": "200", "anon": "200"},
		"GET /metrics":                                                 {"*": "200", "anon": "200"},
		"GET /api/v1/openapi.yaml":                                     {"*": "200", "anon": "200"},
		"POST /api/v1/organizations":                                   {"admin": "ok", "*": "403"},
		"GET /api/v1/organizations":                                    {"*": "200"},
		"GET /api/v1/organizations/:id":                                {"admin": "200", "*": "200|404"},
		"POST /api/v1/organizations/:id/keys":                          {"admin": "ok", "*": "403|404"},
		"GET /api/v1/organizations/:id/keys":                           {"admin": "200", "*": "403|404"},
		"POST /api/v1/organizations/:id/keys/:key_id/revoke":           {"admin": "ok", "*": "403|404"},
		"POST /api/v1/projects":                                        {"admin": "ok", "gc": "ok", "sub": "ok", "*": "403"},
		"GET /api/v1/projects":                                         {"*": "200"},
		"GET /api/v1/projects/:id":                                     {"admin": "200", "*": "200|404"},
		"POST /api/v1/projects/:id/subcontractors":                     {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/complete":                           {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"GET /api/v1/audit":                                            {"admin": "200", "inspector": "200", "*": "403"},
		"POST /api/v1/projects/:id/workers":                            {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/workers/import":                     {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"GET /api/v1/projects/:id/workers":                             {"admin": "200", "*": "200|404"},
		"GET /api/v1/projects/:id/workers/:enrolment_id":               {"admin": "200", "*": "200|404"},
		"PATCH /api/v1/projects/:id/workers/:enrolment_id":             {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/workers/:enrolment_id/exit":         {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/attendance":                         {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/payrolls":                           {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"GET /api/v1/projects/:id/payrolls":                            {"admin": "200", "*": "200|404"},
		"GET /api/v1/payrolls/:id":                                     {"admin": "200", "*": "200|404"},
		"POST /api/v1/payrolls/:id/approve":                            {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"POST /api/v1/payrolls/:id/reject":                             {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"GET /api/v1/payrolls/:id/instructions":                        {"admin": "ok", "gc": "ok|404", "bank": "ok|404", "*": "403|404"},
		"POST /api/v1/instructions/:id/reissue":                        {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"GET /api/v1/projects/:id/reconciliation":                      {"admin": "ok", "*": "ok|404"},
		"GET /api/v1/workers/:id/statement":                            {"admin": "200", "*": "200|404"},
		"POST /api/v1/bank/inflows":                                    {"bank": "ok", "*": "403"},
		"POST /api/v1/bank/confirmations":                              {"bank": "ok", "*": "403"},
		"GET /api/v1/bank/instructions":                                {"bank": "200", "*": "403"},
		"GET /api/v1/bank/unmatched":                                   {"bank": "200", "*": "403"},
		"POST /api/v1/checks":                                          {"admin": "ok", "inspector": "ok", "*": "403"},
		"GET /api/v1/checks":                                           {"admin": "200", "inspector": "200", "*": "403"},
		"GET /api/v1/checks/:id":                                       {"admin": "200", "inspector": "200", "*": "403"},
		"GET /api/v1/alerts":                                           {"bank": "403", "*": "200"},
		"GET /api/v1/alerts/:id":                                       {"admin": "200", "bank": "403|404", "*": "200|404"},
		"POST /api/v1/alerts/:id/actions":                              {"admin": "403", "inspector": "ok|404", "*": "403|404"},
		"GET /api/v1/blacklist/candidates":                             {"admin": "200", "inspector": "200", "*": "403"},
		"GET /api/v1/blacklist":                                        {"*": "200", "anon": "200"},
		"POST /api/v1/blacklist":                                       {"inspector": "ok", "*": "403"},
		"POST /api/v1/blacklist/proposals":                             {"inspector": "ok", "*": "403"},
		"GET /api/v1/blacklist/proposals":                              {"admin": "200", "inspector": "200", "*": "403"},
		"GET /api/v1/blacklist/proposals/:id":                          {"admin": "200", "inspector": "200|404", "*": "403|404"},
		"POST /api/v1/blacklist/proposals/:id/actions":                 {"admin": "403", "inspector": "ok|404", "*": "403|404"},
		"GET /api/v1/formats":                                          {"*": "200"},
		"GET /api/v1/formats/:kind/template.xlsx":                      {"*": "200"},
		"GET /api/v1/formats/:kind/template.csv":                       {"*": "200"},
		"GET /api/v1/policy":                                           {"*": "ok"},
		"POST /api/v1/guarantees":                                      {"admin": "ok", "bank": "ok", "*": "403"},
		"GET /api/v1/guarantees":                                       {"*": "200"},
		"GET /api/v1/projects/:id/guarantee":                           {"admin": "200", "*": "200|404"},
		"POST /api/v1/guarantees/:id/release":                          {"admin": "403", "inspector": "ok|404", "sub": "404", "*": "403|404"},
		"POST /api/v1/guarantees/:id/drawdowns":                        {"admin": "403", "inspector": "ok|404", "sub": "404", "*": "403|404"},
		"POST /api/v1/guarantees/:id/topups":                           {"admin": "ok", "bank": "ok|404", "sub": "404", "*": "403|404"},
		"POST /api/v1/projects/:id/workers/:enrolment_id/certificates": {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"GET /api/v1/projects/:id/workers/:enrolment_id/certificates":  {"admin": "200", "*": "200|404"},
		"POST /api/v1/projects/:id/workers/:enrolment_id/certificates/:certificate_id/reviews": {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/injury-insurance":                                           {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"GET /api/v1/projects/:id/injury-insurance":                                            {"admin": "200", "*": "200|404"},
		"PATCH /api/v1/projects/:id":                                                           {"admin": "ok", "gc": "ok|404", "*": "403|404"},
		"POST /api/v1/projects/:id/injury-insurance/:policy_id/void":                           {"admin": "ok", "gc": "ok|404", "inspector": "ok|404", "*": "403|404"},
		// The payslip routes take no key: the token in the path is the
		// credential, and ":token" opens nothing, with a key or without.
		"POST /api/v1/payrolls/:id/payslips":                  {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"GET /api/v1/payrolls/:id/payslips":                   {"admin": "ok", "gc": "ok|404", "sub": "ok|404", "*": "403|404"},
		"POST /api/v1/payrolls/:id/payslips/:token_id/revoke": {"admin": "404", "gc": "404", "sub": "404", "*": "403|404"},
		"GET /api/v1/payrolls/:id/payslips/:token_id/qr.svg":  {"admin": "404", "gc": "404", "sub": "404", "*": "403|404"},
		// Only the region's inspector re-issues a link straight to the worker.
		"POST /api/v1/payrolls/:id/payslips/:token_id/reissue": {"admin": "403", "inspector": "404", "*": "403|404"},
		// The inspectors (and administrators) revoke a link given to the
		// worker straight; a contractor is refused before any link is read.
		"POST /api/v1/payrolls/:id/payslips/:token_id/revoke-direct": {"admin": "404", "inspector": "404", "*": "403|404"},
		// A receipt code is the credential: ":code" opens nothing.
		"GET /api/v1/complaints/receipts/:code":   {"*": "404", "anon": "404"},
		"GET /w/receipts/:code":                   {"*": "404", "anon": "404"},
		"POST /api/v1/complaints/:id/receipt":     {"admin": "403", "gc": "403|404", "inspector": "ok|404", "*": "404"},
		"GET /api/v1/payslips/:token":             {"*": "404", "anon": "404"},
		"POST /api/v1/payslips/:token/confirm":    {"*": "404", "anon": "404"},
		"POST /api/v1/payslips/:token/dispute":    {"*": "404", "anon": "404"},
		"POST /api/v1/payslips/:token/complaints": {"*": "404", "anon": "404"},
		"GET /w/:token":                           {"*": "404", "anon": "404"},
		"POST /w/:token":                          {"*": "404", "anon": "404"},
		"POST /api/v1/complaints":                 {"inspector": "ok", "*": "403"},
		"GET /api/v1/complaints":                  {"*": "200"},
		"GET /api/v1/complaints/:id":              {"admin": "200", "gc": "200|404", "inspector": "200|404", "*": "404"},
		"POST /api/v1/complaints/:id/actions":     {"admin": "403", "gc": "403|404", "inspector": "ok|404", "*": "404"},
		"GET /api/v1/complaints/:id/evidence":     {"admin": "403", "gc": "403|404", "inspector": "ok|404", "*": "404"},
		"GET /api/v1/workers/:id/evidence":        {"admin": "403", "gc": "ok|404", "inspector": "ok|404", "*": "403|404"},
		"GET /api/v1/evidence/key":                {"*": "200", "anon": "200"},
		"POST /api/v1/alerts/:id/orders":          {"admin": "403", "inspector": "ok|404", "*": "403|404"},
		"GET /api/v1/orders":                      {"*": "200"},
		"GET /api/v1/orders/:id":                  {"admin": "200", "bank": "404", "*": "200|404"},
		"GET /api/v1/orders/:id/next-steps":       {"admin": "403", "inspector": "200|404", "bank": "404", "*": "403|404"},
		"POST /api/v1/orders/:id/decisions":       {"admin": "403", "inspector": "ok|404", "bank": "404", "*": "403|404"},
		"GET /api/v1/stats/workforce":             {"bank": "403", "*": "200"},
	}
	clockedWorlds(t, func(t *testing.T, w *world) {
		run := w.runCheck(w.admin)["id"].(string)
		alert1, alert2 := w.alertOf(w.p1, ledger.RuleWagesUnpaid), w.alertOf(w.p2, ledger.RuleWagesUnpaid)
		cmp1, cmp2 := w.complaintOn(w.p1, "city"), w.complaintOn(w.p2, "city")
		ord1 := w.must(201, "POST", "/api/v1/alerts/"+alert1+"/orders", w.keys["district"], map[string]any{}).str(t, "id")
		ord2 := w.must(201, "POST", "/api/v1/alerts/"+alert2+"/orders", w.keys["city"], map[string]any{}).str(t, "id")
		bls1, bls2 := w.proposeOn(w.p1, "district")["id"].(string), w.proposeOn(w.p2, "city")["id"].(string)
		callers := []struct{ name, key, org string }{
			{"admin", w.keys["admin"], w.gc1},
			{"gc", w.keys["gc1"], w.gc1},
			{"sub", w.keys["sub1"], w.sub1},
			{"bank", w.keys["bank1"], w.bank1},
			{"inspector", w.keys["district"], w.district},
		}
		seen := map[string]bool{}
		for _, rt := range w.api.Routes() {
			name := rt.Method + " " + rt.Path
			seen[name] = true
			rule, ok := rules[name]
			if !ok {
				t.Errorf("route %s has no row in the authorization matrix", name)
				continue
			}
			if anon := rule["anon"]; anon != "" {
				if r := w.do(rt.Method, rt.Path, "", nil); !statusMatches(r.Status, anon) {
					t.Errorf("%s without a key: %d, want %s", name, r.Status, anon)
				}
			} else {
				// No key, and a malformed header, are 401 on every non-public route.
				for _, hdr := range []string{"", "Basic abc", "Bearer", "Bearer wg_nope_nope"} {
					r := w.do(rt.Method, fill(rt.Path, w.gc1, w.p1, "key_x"), "", "{}", "Authorization", hdr)
					if r.Status != 401 {
						t.Errorf("%s with Authorization %q: %d, want 401", name, hdr, r.Status)
					}
				}
			}
			for _, c := range callers {
				cell, ok := rule[c.name]
				if !ok {
					cell = rule["*"]
				}
				in, out, _ := strings.Cut(cell, "|")
				if out == "" {
					out = in
				}
				inID, outID := w.p1, w.p2
				if strings.Contains(rt.Path, "/organizations/:id") {
					inID, outID = c.org, w.gc2
				}
				if strings.Contains(rt.Path, "/payrolls/:id") {
					inID, outID = w.pay1, w.pay2
				}
				if strings.Contains(rt.Path, "/instructions/:id") {
					inID, outID = w.ins1, w.ins2
				}
				if strings.Contains(rt.Path, "/workers/:id") {
					inID, outID = w.enr1, w.enr2
				}
				if strings.Contains(rt.Path, "/alerts/:id") {
					inID, outID = alert1, alert2
				}
				if strings.Contains(rt.Path, "/complaints/:id") {
					inID, outID = cmp1, cmp2
				}
				if strings.Contains(rt.Path, "/orders/:id") {
					inID, outID = ord1, ord2
				}
				if strings.Contains(rt.Path, "/blacklist/proposals/:id") {
					inID, outID = bls1, bls2
				}
				if strings.Contains(rt.Path, "/checks/:id") {
					inID, outID = run, run // runs are not a project's: out of scope is the same run
				}
				if strings.Contains(rt.Path, "/guarantees/:id") {
					inID, outID = w.gua1, w.gua2
				}
				for _, side := range []struct{ label, id, want string }{{"in scope", inID, in}, {"out of scope", outID, out}} {
					keyID := w.throwawayKey(side.id)
					r := w.do(rt.Method, w.fillEnrolment(fill(rt.Path, side.id, side.id, keyID), side.id), c.key, matrixBody(rt.Path, c.org, w), "")
					if !statusMatches(r.Status, side.want) {
						t.Errorf("%s as %s %s: %d, want %s: %s", name, c.name, side.label, r.Status, side.want, r.Body)
					}
				}
			}
		}
		for name := range rules {
			if !seen[name] {
				t.Errorf("the matrix has a row for %s, which is not a route", name)
			}
		}
	})
}

// fillEnrolment names the enrolment of the project in the path.
func (w *world) fillEnrolment(path, project string) string {
	enr := w.enr1
	if project == w.p2 || project == w.pay2 {
		enr = w.enr2
	}
	return strings.Replace(path, ":enrolment_id", enr, 1)
}

func statusMatches(got int, want string) bool {
	if want == "ok" {
		return got != 401 && got != 403 && got != 404 && got < 500
	}
	return itoa(got) == want
}

// throwawayKey makes a key to revoke when id is an organisation.
func (w *world) throwawayKey(id string) string {
	if !strings.HasPrefix(id, "org_") {
		return "key_x"
	}
	o := w.must(200, "GET", "/api/v1/organizations/"+id, w.admin, nil).json(w.t)
	role := map[string]string{"general_contractor": "contractor", "subcontractor": "contractor", "bank": "bank", "authority": "inspector", "owner": "admin"}[o["kind"].(string)]
	r := w.must(201, "POST", "/api/v1/organizations/"+id+"/keys", w.admin, map[string]string{"role": role})
	return r.str(w.t, "id")
}

func fill(path, orgOrProject, project, keyID string) string {
	path = strings.Replace(path, ":key_id", keyID, 1)
	path = strings.Replace(path, ":kind", "payroll", 1)
	return strings.Replace(path, ":id", orgOrProject, 1)
}

// matrixBody is a request body that passes authorization; for project
// creation the caller names itself as GC so that only validation can refuse it.
func matrixBody(path, org string, w *world) any {
	if path == "/api/v1/projects" {
		return projectBody("M-"+itoa(nextSeq()), "110105", w.owner, org, w.bank1)
	}
	return "{}"
}

// TestSubcontractorSeesOnlyItsOwn: within one project a subcontractor sees
// its own payrolls and workers, not the general contractor's (which answer
// as if they did not exist), while the GC, the project's bank and the
// district's inspector see them all. Instructions are the GC's business.
func TestSubcontractorSeesOnlyItsOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		gcWorker := w.enrol(w.p1, w.keys["gc1"], workerBody(nextSeq(), w.gc1, w.bank1))
		gcPayroll := w.must(201, "POST", "/api/v1/projects/"+w.p1+"/payrolls", w.keys["gc1"], payrollBody(w.gc1, "2026-10", w.p1, w.env, gcWorker)).str(t, "id")
		for who, want := range map[string]int{"sub1": 404, "gc1": 200, "bank1": 200, "district": 200, "admin": 200, "gc2": 404} {
			if r := w.do("GET", "/api/v1/payrolls/"+gcPayroll, w.keys[who], nil); r.Status != want {
				t.Errorf("%s reading the GC's payroll: %d, want %d", who, r.Status, want)
			}
			if r := w.do("GET", "/api/v1/workers/"+gcWorker+"/statement", w.keys[who], nil); r.Status != want {
				t.Errorf("%s reading the GC's worker's statement: %d, want %d", who, r.Status, want)
			}
		}
		for who, want := range map[string]int{"sub1": 200, "gc1": 200} {
			if r := w.do("GET", "/api/v1/payrolls/"+w.pay1, w.keys[who], nil); r.Status != want {
				t.Errorf("%s reading the subcontractor's payroll: %d, want %d", who, r.Status, want)
			}
		}
		r := w.must(404, "POST", "/api/v1/payrolls/"+gcPayroll+"/approve", w.keys["sub1"], nil)
		if !strings.Contains(r.str(t, "detail"), "payroll") {
			t.Errorf("hidden payroll: %s", r.Body)
		}
		r = w.must(403, "POST", "/api/v1/payrolls/"+w.pay1+"/approve", w.keys["sub1"], nil)
		if !strings.Contains(r.str(t, "detail"), "only the project's general contractor") {
			t.Errorf("subcontractor approving its own payroll: %s", r.Body)
		}
		w.must(403, "POST", "/api/v1/instructions/"+w.ins1+"/reissue", w.keys["sub1"], nil)
		w.must(404, "POST", "/api/v1/instructions/"+w.ins1+"/reissue", w.keys["gc2"], nil)
		w.must(404, "POST", "/api/v1/instructions/ins_doesnotexist/reissue", w.keys["gc1"], nil)
		w.must(404, "GET", "/api/v1/organizations/org_doesnotexist", w.keys["admin"], nil)
	})
}
