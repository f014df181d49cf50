package httpapi_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// guaranteeToday is the tests' today: 2 November 2026 in Shanghai.
var guaranteeToday = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)

// hebei is a general contractor's project in Shijiazhuang under the example
// policy (2%, a ¥5,000,000 cap), with its bank, an insurer and keys.
type hebei struct {
	*env
	gc, sub, bank, otherBank, insurer, project                                      string
	gcKey, subKey, bankKey, otherBankKey, insurerKey, inspectorKey, farInspectorKey string
	officer                                                                         string
}

func newHebei(t *testing.T, db *store.DB) *hebei {
	e := newEnv(t, db)
	e.useExamplePolicy()
	h := &hebei{env: e}
	owner := e.org(ledger.OrgOwner, "130102")
	h.gc, h.sub = e.org(ledger.OrgGeneralContractor, "130102"), e.org(ledger.OrgSubcontractor, "130102")
	h.bank, h.otherBank = e.org(ledger.OrgBank, "130100"), e.org(ledger.OrgBank, "130100")
	h.insurer = e.org(ledger.OrgInsurer, "130100")
	h.project = e.must(201, "POST", "/api/v1/projects", e.admin, projectBody("HB-"+itoa(nextSeq()), "130102", owner, h.gc, h.bank)).str(t, "id")
	e.must(200, "POST", "/api/v1/projects/"+h.project+"/subcontractors", e.admin, map[string]string{"organization_id": h.sub})
	h.gcKey, h.subKey = e.key(h.gc, ledger.RoleContractor), e.key(h.sub, ledger.RoleContractor)
	h.officer = e.key(h.gc, ledger.RoleContractor) // approves what gcKey submits (four-eyes)
	h.bankKey, h.otherBankKey = e.key(h.bank, ledger.RoleBank), e.key(h.otherBank, ledger.RoleBank)
	h.insurerKey = e.key(h.insurer, ledger.RoleBank)
	h.inspectorKey = e.key(e.org(ledger.OrgAuthority, "130100"), ledger.RoleInspector)
	h.farInspectorKey = e.key(e.org(ledger.OrgAuthority, "350000"), ledger.RoleInspector)
	return h
}

func (h *hebei) lodge(key, form, amount, ref, from string, until any) resp {
	h.t.Helper()
	body := map[string]any{"project_id": h.project, "form": form, "amount": amount, "reference": ref, "valid_from": from}
	if until != nil {
		body["valid_until"] = until
	}
	return h.do("POST", "/api/v1/guarantees", key, body)
}

func warningCodes(t *testing.T, r resp) string {
	var codes []string
	for _, w := range r.json(t)["warnings"].([]any) {
		codes = append(codes, w.(map[string]any)["code"].(string))
	}
	sort.Strings(codes)
	return strings.Join(codes, ",")
}

// TestLodgingAndCoverage: cash goes into the books, letters and policies
// count while valid, short letters are kept with their warnings, and the
// project's page sets what is held against what is required, with why.
func TestLodgingAndCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		// The project starts on 2026-03-01 and is planned to end on 2027-06-30.
		cash := h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil)
		if cash.Status != 201 || cash.str(t, "result") != "lodged" || cash.str(t, "state") != "active" || cash.str(t, "counts") != "100000.00" || cash.str(t, "entry_id") == "" {
			t.Fatalf("cash: %d %s", cash.Status, cash.Body)
		}
		full := h.lodge(h.bankKey, "bank_letter", "80000.00", "BG-1", "2026-03-01", "2027-06-30")
		short := h.lodge(h.bankKey, "bank_letter", "20000.00", "BG-2", "2026-10-01", "2026-11-20")
		expired := h.lodge(h.bankKey, "bank_letter", "60000.00", "BG-3", "2025-01-01", "2026-10-31")
		later := h.lodge(h.bankKey, "bank_letter", "70000.00", "BG-4", "2026-12-01", "2028-01-01")
		policy := h.lodge(h.insurerKey, "insurance", "30000.00", "INS-1", "2026-03-01", "2027-12-31")
		for _, c := range []struct {
			r                     resp
			state, counts, warned string
		}{
			{full, "active", "80000.00", ""},
			{short, "expiring", "20000.00", "shorter_than_a_year,shorter_than_contract"},
			{expired, "expired", "0.00", "shorter_than_contract"},
			// a renewal starting after the project covers the rest of the contract from its own start
			{later, "not_yet_valid", "0.00", ""},
			{policy, "active", "30000.00", ""},
		} {
			if c.r.Status != 201 || c.r.str(t, "state") != c.state || c.r.str(t, "counts") != c.counts || warningCodes(t, c.r) != c.warned || c.r.str(t, "entry_id") != "" {
				t.Errorf("want %s counting %s warned %q: %d %s", c.state, c.counts, c.warned, c.r.Status, c.r.Body)
			}
		}
		if msg := short.json(t)["warnings"].([]any)[0].(map[string]any)["message"].(string); !strings.Contains(msg, "less than the 12 months") {
			t.Errorf("warning message: %s", msg)
		}
		// The kept warnings read in the reader's language: Chinese by default.
		var zhWarnings []string
		for _, c := range h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.gcKey, nil, "Accept-Language", "zh-CN").json(t)["coverage"].([]any) {
			for _, w := range c.(map[string]any)["warnings"].([]any) {
				zhWarnings = append(zhWarnings, w.(map[string]any)["message"].(string))
			}
		}
		if len(zhWarnings) != 3 || !strings.Contains(strings.Join(zhWarnings, "|"), "银行保函有效期为") || strings.Contains(strings.Join(zhWarnings, "|"), "valid") {
			t.Errorf("warnings in Chinese: %q", zhWarnings)
		}
		// A warning an older build kept as English text still reads.
		if err := db.ExecRaw(t.Context(), `UPDATE guarantees SET warnings = ? WHERE id = ?`,
			`[{"code":"shorter_than_a_year","message":"the bank_letter is valid for 6 months"}]`, short.str(t, "id")); err != nil {
			t.Fatal(err)
		}
		for _, c := range h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.gcKey, nil, "Accept-Language", "zh-CN").json(t)["coverage"].([]any) {
			if m := c.(map[string]any); m["id"] == short.str(t, "id") && m["warnings"].([]any)[0].(map[string]any)["message"] != "the bank_letter is valid for 6 months" {
				t.Errorf("an older build's warning: %v", m["warnings"])
			}
		}
		// 12,000,000 × 2% (Hebei) = 240,000; held 100,000 + 80,000 + 20,000 + 30,000 = 230,000.
		g := h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.gcKey, nil).json(t)
		if g["required"] != "240000.00" || g["held"] != "230000.00" || g["shortfall"] != "10000.00" || g["exempt"] != false || g["sized_on"] != "2026-03-01" {
			t.Errorf("coverage: %v", g)
		}
		if n := len(g["coverage"].([]any)); n != 6 {
			t.Errorf("the GC sees %d guarantees, want 6", n)
		}
		steps := g["explanation"].([]any)
		base := steps[0].(map[string]any)
		// The record the books cannot check yet (the arrears history before
		// any check ran) is named, never assumed clean; the blacklist is read.
		if len(steps) != 2 || steps[1].(map[string]any)["rule"] != "record_unavailable" || steps[1].(map[string]any)["value"] != "arrears_history" ||
			!strings.HasPrefix(steps[1].(map[string]any)["zh"].(string), "记录不可用") || !strings.HasPrefix(steps[1].(map[string]any)["en"].(string), "Record unavailable") {
			t.Errorf("explanation does not name the unchecked record: %v", steps)
		}
		if base["rule"] != "base" || base["value"] != "2%" || !strings.Contains(base["source"].(string), "130000 from 2022-01-01") ||
			base["amount"] != "240000.00" || !strings.Contains(base["zh"].(string), "¥12000000.00 × 基础存储比例 2% = ¥240000.00") {
			t.Errorf("explanation: %v", steps)
		}
		// Cash is in the books, and the books balance.
		held, err := store.Balance(db.Reader(context.Background()), ledger.Account{ProjectID: h.project, Kind: ledger.Guarantee, Ref: cash.str(t, "id")})
		if err != nil || held != ledger.MustMoney("100000.00") {
			t.Errorf("guarantee account holds %s, %v", held, err)
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) > 0 || h.count("ledger_entries") != 1 { // its own entries (on the shared database the report counts every test's)
			t.Errorf("ledger verify: %+v %v", rep, err)
		}
		audit := h.must(200, "GET", "/api/v1/audit?subject="+cash.str(t, "id"), h.admin, nil).json(t)["items"].([]any)
		if len(audit) != 1 || audit[0].(map[string]any)["action"] != "guarantee.lodge" {
			t.Errorf("audit: %v", audit)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestLodgingIsIdempotentOnTheIssuersReference: the same guarantee again
// changes nothing and answers already_lodged; other content under the
// reference is a conflict that changes nothing.
func TestLodgingIsIdempotentOnTheIssuersReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		first := h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil)
		again := h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil)
		if again.Status != 201 || again.str(t, "result") != "already_lodged" || again.str(t, "id") != first.str(t, "id") {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		r := h.lodge(h.bankKey, "cash", "100001.00", "CASH-1", "2026-03-05", nil)
		if r.Status != 409 || !strings.Contains(r.str(t, "detail"), "already lodged with different content") {
			t.Errorf("other content: %d %s", r.Status, r.Body)
		}
		// Another issuer may use the same reference.
		h.must(201, "POST", "/api/v1/guarantees", h.insurerKey, map[string]any{"project_id": h.project, "form": "insurance", "amount": "1.00",
			"reference": "CASH-1", "valid_from": "2026-03-01", "valid_until": "2027-12-31"})
		if n := h.count("guarantees"); n != 2 {
			t.Errorf("%d guarantees, want 2", n)
		}
		if n := h.count("ledger_entries"); n != 1 {
			t.Errorf("%d entries, want the one deposit", n)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestOneLetterCoversOneProject: an issuer's reference names one instrument
// across every project; the same letter lodged on a second project is a
// conflict that changes nothing, so it cannot count twice.
func TestOneLetterCoversOneProject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		owner := h.org(ledger.OrgOwner, "130102")
		second := h.must(201, "POST", "/api/v1/projects", h.admin, projectBody("HB-"+itoa(nextSeq()), "130102", owner, h.gc, h.bank)).str(t, "id")
		h.must(201, "POST", "/api/v1/guarantees", h.bankKey, map[string]any{"project_id": h.project, "form": "bank_letter", "amount": "80000.00",
			"reference": "BG-SAME", "valid_from": "2026-03-01", "valid_until": "2027-06-30"})
		before, changes := h.count("guarantees"), h.count("audit_log")+h.count("audit_queue")
		r := h.do("POST", "/api/v1/guarantees", h.bankKey, map[string]any{"project_id": second, "form": "bank_letter", "amount": "80000.00",
			"reference": "BG-SAME", "valid_from": "2026-03-01", "valid_until": "2027-06-30"})
		if r.Status != 409 || !strings.Contains(r.str(t, "detail"), "already lodged for another project") {
			t.Errorf("the same letter on another project: %d %s", r.Status, r.Body)
		}
		if h.count("guarantees") != before || h.count("audit_log")+h.count("audit_queue") != changes {
			t.Error("the refused lodging changed something")
		}
		if held := h.must(200, "GET", "/api/v1/projects/"+second+"/guarantee", h.admin, nil).str(t, "held"); held != "0.00" {
			t.Errorf("the second project holds %s on a letter lodged for the first", held)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestBadLodgingIsRefusedWhole: every bad field at once, nothing stored.
func TestBadLodgingIsRefusedWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		cases := []struct {
			key  string
			body map[string]any
			want []string
		}{
			{h.admin, map[string]any{"project_id": h.project, "form": "insurance", "amount": "0", "bank_id": h.bank, "reference": "", "valid_from": "2026-03-01"},
				[]string{"0:amount:not_positive", "0:bank_id:wrong_kind", "0:reference:required", "0:valid_until:required"}},
			{h.admin, map[string]any{"project_id": h.project, "form": "cash", "amount": "5.00", "bank_id": h.bank, "reference": "C", "valid_from": "2026-12-01", "valid_until": "2027-12-01"},
				[]string{"0:valid_from:future", "0:valid_until:not_allowed"}},
			{h.admin, map[string]any{"project_id": h.project, "form": "bank_letter", "amount": "5.00", "bank_id": "org_nope", "reference": "L", "valid_from": "2026-03-01", "valid_until": "2026-03-01"},
				[]string{"0:bank_id:not_found", "0:valid_until:before_start"}},
			{h.bankKey, map[string]any{"project_id": "prj_nope", "form": "gold", "amount": "5.00", "reference": "G", "valid_from": "2026-03-01"},
				[]string{"0:project_id:not_found"}},
			{h.bankKey, map[string]any{"project_id": h.project, "form": "gold", "amount": "5.00", "reference": "G", "valid_from": "2026-03-01"},
				[]string{"0:form:unknown"}},
		}
		for i, c := range cases {
			r := h.must(422, "POST", "/api/v1/guarantees", c.key, c.body)
			if got := errorsOf(t, r); strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("case %d: %v, want %v", i, got, c.want)
			}
		}
		// In Chinese the refusals name the form and the organisations' kinds in Chinese, not their wire values.
		zh := h.must(422, "POST", "/api/v1/guarantees", h.admin, cases[0].body, "Accept-Language", "zh-CN").json(t)["errors"].([]any)
		if m := zh[1].(map[string]any)["message"]; m != "工资保证保险应由保险机构出具，而 "+h.bank+" 是银行" {
			t.Errorf("wrong kind, in Chinese: %v", m)
		}
		if m := zh[3].(map[string]any)["message"]; m != "工资保证保险有有效期：valid_until（有效期截止日）为必填项" {
			t.Errorf("no valid_until, in Chinese: %v", m)
		}
		// A bank lodges only what it holds; a contractor lodges nothing.
		r := h.must(403, "POST", "/api/v1/guarantees", h.bankKey, map[string]any{"project_id": h.project, "form": "cash", "amount": "5.00",
			"bank_id": h.otherBank, "reference": "X", "valid_from": "2026-03-01"})
		if !strings.Contains(r.str(t, "detail"), "its own organisation holds or issues") {
			t.Errorf("another bank's guarantee: %s", r.Body)
		}
		h.must(403, "POST", "/api/v1/guarantees", h.gcKey, map[string]any{"project_id": h.project})
		if n := h.count("guarantees") + h.count("ledger_entries"); n != 0 {
			t.Errorf("refusals stored %d rows", n)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestGuaranteesAreSeenByTheirParties: the GC sees its projects'
// guarantees, a bank or insurer those it holds, an inspector its region's;
// a subcontractor and strangers none.
func TestGuaranteesAreSeenByTheirParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil)
		h.lodge(h.otherBankKey, "bank_letter", "80000.00", "BG-1", "2026-03-01", "2027-06-30")
		h.lodge(h.insurerKey, "insurance", "30000.00", "INS-1", "2026-03-01", "2027-12-31")
		strangerGC := h.key(h.org(ledger.OrgGeneralContractor, "130102"), ledger.RoleContractor)
		for key, want := range map[string]int{h.admin: 3, h.gcKey: 3, h.inspectorKey: 3, h.bankKey: 1, h.otherBankKey: 1, h.insurerKey: 1,
			h.subKey: 0, strangerGC: 0, h.farInspectorKey: 0} {
			items := h.must(200, "GET", "/api/v1/guarantees?project_id="+h.project, key, nil).json(t)["items"].([]any)
			if len(items) != want {
				t.Errorf("a key sees %d guarantees, want %d", len(items), want)
			}
		}
		// The wage account's bank sees the project, and of its guarantees only its own; the totals are the project's.
		g := h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.bankKey, nil).json(t)
		if len(g["coverage"].([]any)) != 1 || g["held"] != "210000.00" {
			t.Errorf("the bank's view: %v", g)
		}
		// A subcontractor sees the totals and none of the guarantees one by one; the general contractor all.
		for key, want := range map[string]int{h.subKey: 0, h.gcKey: 3} {
			if g := h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", key, nil).json(t); len(g["coverage"].([]any)) != want || g["held"] != "210000.00" {
				t.Errorf("a contractor's view: %v, want %d guarantees", g, want)
			}
		}
		h.must(404, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.farInspectorKey, nil)
		h.must(404, "GET", "/api/v1/projects/"+h.project+"/guarantee", strangerGC, nil)
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestReleaseListsEveryBlockingFact: while the project runs and a worker is
// owed, a release is refused naming each fact and changes nothing; once the
// project is completed, its notice has run and nothing is owed, cash goes
// back out of the books. Only an inspector of the project's region (or an
// admin) releases.
func TestReleaseListsEveryBlockingFact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		cash := h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil).str(t, "id")
		h.lodge(h.bankKey, "bank_letter", "80000.00", "BG-1", "2026-03-01", "2027-06-30")
		// A second project of the contractor, with a worker owed October's wages.
		owner := h.org(ledger.OrgOwner, "130102")
		owing := h.must(201, "POST", "/api/v1/projects", h.admin, projectBody("HB-"+itoa(nextSeq()), "130102", owner, h.gc, h.bank)).str(t, "id")
		enr := h.enrol(owing, h.gcKey, workerBody(nextSeq(), h.gc, h.bank))
		pay := h.must(201, "POST", "/api/v1/projects/"+owing+"/payrolls", h.gcKey, payrollBody(h.gc, "2026-10", owing, h.env, enr)).str(t, "id")
		h.must(200, "POST", "/api/v1/payrolls/"+pay+"/approve", h.officer, nil)
		owed := h.must(201, "POST", "/api/v1/guarantees", h.bankKey, map[string]any{"project_id": owing, "form": "cash", "amount": "5000.00",
			"reference": "CASH-2", "valid_from": "2026-03-05"}).str(t, "id")

		h.must(403, "POST", "/api/v1/guarantees/"+owed+"/release", h.gcKey, nil)
		h.must(403, "POST", "/api/v1/guarantees/"+owed+"/release", h.bankKey, nil)
		h.must(404, "POST", "/api/v1/guarantees/"+owed+"/release", h.farInspectorKey, nil)
		h.must(404, "POST", "/api/v1/guarantees/"+owed+"/release", h.subKey, nil)
		before := h.changes()
		r := h.must(409, "POST", "/api/v1/guarantees/"+owed+"/release", h.inspectorKey, nil)
		want := []string{"0:project.completed_on:not_completed", "0:enrolments." + enr + ".2026-10:wages_owed"}
		if got := errorsOf(t, r); strings.Join(got, " ") != strings.Join(want, " ") || !strings.Contains(r.str(t, "detail"), "¥5500.00 of wages are owed") {
			t.Errorf("blocked release: %v %s", got, r.Body)
		}
		if msg := r.json(t)["errors"].([]any)[1].(map[string]any)["message"].(string); !strings.Contains(msg, "is owed ¥5500.00 for 2026-10") {
			t.Errorf("owed message: %s", msg)
		}
		// In Chinese the amount carries the ¥, not the period.
		zh := h.must(409, "POST", "/api/v1/guarantees/"+owed+"/release", h.inspectorKey, nil, "Accept-Language", "zh-CN")
		if msg := zh.json(t)["errors"].([]any)[1].(map[string]any)["message"].(string); !strings.Contains(msg, "）被拖欠 2026-10 的工资 ¥5500.00") {
			t.Errorf("owed message in Chinese: %s", msg)
		}
		if h.changes() != before {
			t.Error("a refused release changed something")
		}
		// Completed within the last 30 days: still in its public notice.
		h.must(200, "POST", "/api/v1/projects/"+h.project+"/complete", h.gcKey, map[string]string{"completed_on": "2026-10-10"})
		r = h.must(409, "POST", "/api/v1/guarantees/"+cash+"/release", h.inspectorKey, nil)
		if got := errorsOf(t, r); len(got) != 1 || got[0] != "0:project.completed_on:waiting_period" || !strings.Contains(string(r.Body), "end on 2026-11-09") {
			t.Errorf("waiting: %v %s", got, r.Body)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestReleaseReturnsCash: a project completed more than 30 days ago that
// owes nothing gets its cash back out of the books, and its letter returned.
func TestReleaseReturnsCash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		cash := h.lodge(h.bankKey, "cash", "100000.00", "CASH-1", "2026-03-05", nil).str(t, "id")
		letter := h.lodge(h.bankKey, "bank_letter", "80000.00", "BG-1", "2026-03-01", "2027-06-30").str(t, "id")
		h.must(200, "POST", "/api/v1/projects/"+h.project+"/complete", h.gcKey, map[string]string{"completed_on": "2026-09-30"})
		r := h.must(200, "POST", "/api/v1/guarantees/"+cash+"/release", h.inspectorKey, map[string]string{"note": "公示期满，无拖欠"})
		if r.str(t, "state") != "released" || r.str(t, "released_on") != "2026-11-02" || r.str(t, "counts") != "0.00" {
			t.Errorf("released: %s", r.Body)
		}
		// An administrator may not return a guarantee: only an inspector of the region may (API.md).
		if r := h.must(403, "POST", "/api/v1/guarantees/"+letter+"/release", h.admin, map[string]string{}); !strings.Contains(string(r.Body), "only an inspector") {
			t.Errorf("administrator's release: %s", r.Body)
		}
		h.must(200, "POST", "/api/v1/guarantees/"+letter+"/release", h.inspectorKey, map[string]string{})
		held, err := store.Balance(db.Reader(context.Background()), ledger.Account{ProjectID: h.project, Kind: ledger.Guarantee, Ref: cash})
		if err != nil || held != 0 {
			t.Errorf("guarantee account holds %s after release, %v", held, err)
		}
		rep, err := db.VerifyLedger(context.Background())
		if err != nil || len(rep.Discrepancies) > 0 || h.count("ledger_entries") != 2 { // its own entries (on the shared database the report counts every test's)
			t.Errorf("ledger verify: %+v %v", rep, err)
		}
		g := h.must(200, "GET", "/api/v1/projects/"+h.project+"/guarantee", h.gcKey, nil).json(t)
		if g["held"] != "0.00" {
			t.Errorf("held after release: %v", g["held"])
		}
		r = h.must(409, "POST", "/api/v1/guarantees/"+cash+"/release", h.inspectorKey, nil)
		if got := errorsOf(t, r); len(got) != 1 || got[0] != "0:guarantee:already_released" {
			t.Errorf("second release: %v", got)
		}
		audit := h.must(200, "GET", "/api/v1/audit?subject="+cash, h.admin, nil).json(t)["items"].([]any)
		actions := map[string]string{}
		for _, a := range audit {
			actions[a.(map[string]any)["action"].(string)] = a.(map[string]any)["detail"].(string)
		}
		if len(audit) != 2 || actions["guarantee.lodge"] == "" || !strings.Contains(actions["guarantee.release"], "¥100000.00 returned: 公示期满，无拖欠") {
			t.Errorf("audit: %v", audit)
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}

// TestSizingReadsTheContractorsRecord: the projects counted for the
// several-projects cut are those under construction on the signing date,
// and a small contract is not exempt on a record nobody checked, nor while
// the contractor owes wages past their pay day.
func TestSizingReadsTheContractorsRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newArrears(t, db) // A is owed September's wages, due 15 October: overdue on 2 November
		owner := s.org(ledger.OrgOwner, "130102")
		project := func(gc, started, amount string) string {
			body := projectBody("HB-"+itoa(nextSeq()), "130102", owner, gc, s.bank)
			body["started_on"], body["contract_amount"] = started, amount
			return s.must(201, "POST", "/api/v1/projects", s.admin, body).str(t, "id")
		}
		sized := func(id string) (string, []string) {
			g := s.must(200, "GET", "/api/v1/projects/"+id+"/guarantee", s.admin, nil).json(t)
			var rules []string
			for _, st := range g["explanation"].([]any) {
				m := st.(map[string]any)
				rules = append(rules, m["rule"].(string)+": "+m["en"].(string))
			}
			return g["required"].(string), rules
		}
		// A second project starting later does not count on the first one's date:
		// 12,000,000 × 2% = 240,000, no cut.
		later := project(s.gc, "2026-06-01", "12000000.00")
		if req, rules := sized(s.project); req != "240000.00" {
			t.Errorf("a project begun after the signing date was counted: %s %v", req, rules)
		}
		// On its own date both are under construction: 2% cut by 50% = 1%, 120,000.
		if req, rules := sized(later); req != "120000.00" {
			t.Errorf("two projects under construction on 2026-06-01: %s %v", req, rules)
		}
		// A small contract of the same contractor, which owes A's September wages.
		small := project(s.gc, "2026-10-01", "2000000.00")
		req, rules := sized(small)
		// 2,000,000 × 2% = 40,000, cut by 50% for three projects = 20,000; not exempt.
		if req != "20000.00" || !strings.Contains(strings.Join(rules, "\n"), "exemption_withheld: The contract amount ¥2000000.00 is below ¥3000000.00, but wages are owed past their pay day") {
			t.Errorf("small contract of a contractor in arrears: %s\n%s", req, strings.Join(rules, "\n"))
		}
		// Another contractor owes nothing, but its history is not kept: not exempt either, and said why.
		other := project(s.org(ledger.OrgGeneralContractor, "130102"), "2026-10-01", "2000000.00")
		req, rules = sized(other)
		if req != "40000.00" || !strings.Contains(strings.Join(rules, "\n"), "cannot be checked (the record is incomplete): not exempt") ||
			strings.Contains(strings.Join(rules, "\n"), "there were no arrears") {
			t.Errorf("small contract on an unchecked record: %s\n%s", req, strings.Join(rules, "\n"))
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}
