package httpapi_test

import (
	"context"
	"encoding/base64"
	"net/url"
	"slices"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The write routes that write a reference table, which every node holds
// whole: such a transaction commits in two phases on every node by
// Citus's design (README, "Citus"), whatever it writes beside.
var referenceWriters = map[string]string{
	"POST /api/v1/organizations":                         "a new organisation",
	"POST /api/v1/organizations/:id/keys":                "a new API key",
	"POST /api/v1/organizations/:id/keys/:key_id/revoke": "an API key revoked",
	"POST /api/v1/projects":                              "a new project's code and wage account (project_keys)",
	"POST /api/v1/projects/:id/workers":                  "a new worker's identity (worker_identities)",
	"POST /api/v1/projects/:id/workers/import":           "new workers' identities (worker_identities)",
	"POST /api/v1/guarantees":                            "a guarantee's reference, unique per issuer (guarantee_refs)",
}

// The write routes applied in several transactions (a bank's confirmations
// one project per transaction, the nightly check one project per
// transaction and its run's record), their key claimed and answered in
// transactions of their own by the caller's scope: each transaction writes
// one shard, the request several.
var stepWriters = map[string]int{
	"POST /api/v1/bank/confirmations": 0,
	"POST /api/v1/checks":             4, // the run's record (check_runs, a reference table): started, beats, finished
}

// TestKeyedWritesStayOnOneShard sends every write route once, under an
// Idempotency-Key, on a Citus database of its own (two shards a table,
// one on each worker), and reads from Citus's own statistics what each
// request wrote:
//   - citus_stat_tenants (citus.stat_tenants_track = 'all' in that
//     database) attributes every statement routed to one shard to the
//     distribution value it names: a project's ID, an Idempotency-Key's
//     scope, an audit chain. A request on a project writes one such tenant,
//     its project: its key among them (before 0038 the key was written
//     under the caller's scope, a second tenant);
//   - pg_dist_transaction records every transaction that committed in two
//     phases: one that wrote on two workers, and one whose statement wrote
//     on many shards (Citus always commits those so). A request writes in
//     one phase.
//
// Every write route of the route table is sent (the worker's page's form,
// POST /w/:token, by each of its actions: pageFormCases), and the two
// reads that write (an evidence bundle's export, audited, which seals the
// audit queue one chain a transaction: no two-phase commit); a write route
// without a case fails the test; so are a payroll's bank file (audited)
// and the audit trail's read (which seals the queue). The routes that write a reference table
// (referenceWriters) commit in two phases by design: one transaction, and
// no more tenants than their project or audit chain and the key's scope;
// a request applied in several transactions (stepWriters) may write
// several tenants, one a transaction, and no more two-phase commits than
// its reference rows make. Before the routes, a statement that writes
// every shard is run to see the watch count it.
func TestKeyedWritesStayOnOneShard(t *testing.T) {
	db := storetest.OwnCitusDatabase(t, []string{"citus.stat_tenants_track = 'all'"})
	s := newPaidSite(t, db, 2)
	cases := keyedCases(t, s)
	for name, list := range pageFormCases(t, s) {
		cases[name] = list
	}
	twoPhase := storetest.WatchTwoPhaseCommits(t, db)
	// The watch sees what it must catch: a write of every project's shard
	// (one statement naming no project) commits in two phases, and is no
	// one tenant's.
	storetest.ResetTenantStats(t, db)
	twoPhase()
	if err := db.ExecRaw(context.Background(), "UPDATE projects SET name = name WHERE id LIKE 'prj%'"); err != nil {
		t.Fatal(err)
	}
	if tenants, commits := storetest.TenantsWritten(t, db), twoPhase(); commits == 0 || len(tenants) != 0 {
		t.Fatalf("a write of every shard: %d two-phase commits, tenants %v; the watch would miss a route that did so", commits, tenants)
	}
	for _, rt := range s.api.Routes() {
		if rt.Method == "GET" {
			continue
		}
		name := rt.Method + " " + rt.Path
		list, ok := cases[name]
		if !ok {
			t.Errorf("write route %s is not sent here: every write route's shards are read", name)
			continue
		}
		delete(cases, name)
		for _, kc := range list {
			storetest.ResetTenantStats(t, db)
			twoPhase()
			r := kc.same("Idempotency-Key", "shard-"+itoa(nextSeq()))
			if (r.Status < 200 || r.Status > 299) && !(rt.Body == httpapi.HTMLForm && r.Status == 303) {
				t.Errorf("%s (%s): %d %s", name, kc.label, r.Status, r.Body)
				continue
			}
			tenants, commits := storetest.TenantsWritten(t, db), twoPhase()
			steps, inSteps := stepWriters[name]
			why, reference := referenceWriters[name]
			switch {
			case reference && (commits > 1 || len(tenants) > 2):
				t.Errorf("%s (%s): writes %s, and tenants %v with %d two-phase commits: want one transaction, its project or audit chain and its key's scope at most",
					name, kc.label, why, tenants, commits)
			case reference:
				t.Logf("%s (%s): writes %s: %d two-phase commits, tenants %v", name, kc.label, why, commits, tenants)
			case inSteps && commits > steps:
				t.Errorf("%s (%s): %d two-phase commits, want at most %d", name, kc.label, commits, steps)
			case !inSteps && (commits > 0 || len(tenants) > 1):
				t.Errorf("%s (%s): wrote tenants %v with %d two-phase commits: want one tenant at most, and none", name, kc.label, tenants, commits)
			}
		}
	}
	for name := range cases {
		t.Errorf("a case for %s, which is not a write route", name)
	}
	// The reads that write: an evidence bundle's export is audited, on its
	// project's chain, then seals the whole audit queue (SealAudit) so that
	// the bundle's chain heads include that record: one transaction a chain,
	// whatever chains other requests left queued. Several tenants, then, and
	// no two-phase commit.
	inspector := s.key(s.org(ledger.OrgAuthority, "110105"), ledger.RoleInspector)
	var token string
	for _, it := range s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
		if m := it.(map[string]any); m["enrolment_id"] == s.enrs[1] {
			token = tokenOf(t, m["url"].(string))
		}
	}
	cmp := s.must(201, "POST", "/api/v1/payslips/"+token+"/complaints", "", map[string]any{"summary": "十月工资未发"}).str(t, "id")
	for _, path := range []string{"/api/v1/workers/" + s.enrs[1] + "/evidence?from=2026-09&to=2026-10", "/api/v1/complaints/" + cmp + "/evidence"} {
		storetest.ResetTenantStats(t, db)
		twoPhase()
		s.must(200, "GET", path, inspector, nil)
		if tenants, commits := storetest.TenantsWritten(t, db), twoPhase(); commits > 0 || !slices.Contains(tenants, s.project) {
			t.Errorf("GET %s: wrote tenants %v with %d two-phase commits, want %s among them and none", path, tenants, commits, s.project)
		}
	}
	// A payroll's bank file is audited on its project's chain: one tenant,
	// one phase. The audit trail's read seals the whole queue first, one
	// transaction a chain: several tenants, no two-phase commit.
	storetest.ResetTenantStats(t, db)
	twoPhase()
	s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.gcKey, nil, "Accept", "text/csv")
	if tenants, commits := storetest.TenantsWritten(t, db), twoPhase(); commits > 0 || !slices.Equal(tenants, []string{s.project}) {
		t.Errorf("a payroll's bank file: wrote tenants %v with %d two-phase commits, want only %s and none", tenants, commits, s.project)
	}
	storetest.ResetTenantStats(t, db)
	twoPhase()
	s.must(200, "GET", "/api/v1/audit", s.admin, nil)
	if commits := twoPhase(); commits > 0 {
		t.Errorf("the audit trail's read, sealing the queue: %d two-phase commits, want none", commits)
	}

	// A worker known to the platform (their identity on record) enrolled
	// on another project writes no identity: one tenant, one phase.
	p2 := s.must(201, "POST", "/api/v1/projects", s.admin, projectBody("OS-"+itoa(nextSeq()), "110105", s.org(ledger.OrgOwner, "110105"), s.gc, s.bank)).str(t, "id")
	v, _ := enrolled.Load(s.enrs[0])
	known := v.(map[string]any)
	storetest.ResetTenantStats(t, db)
	twoPhase()
	s.must(201, "POST", "/api/v1/projects/"+p2+"/workers", s.gcKey, known, "Idempotency-Key", "shard-known")
	if tenants, commits := storetest.TenantsWritten(t, db), twoPhase(); commits > 0 || !slices.Equal(tenants, []string{p2}) {
		t.Errorf("a known worker enrolled on another project: wrote tenants %v with %d two-phase commits, want only %s and none", tenants, commits, p2)
	}
}

// pageFormCases are the worker's page's own forms (POST /w/:token, a
// browser's form: no Idempotency-Key, a double post held by the form's
// nonce), each action once: a line confirmed, a line disputed, a complaint
// filed with its render's nonce (kept under the link as its key).
func pageFormCases(t *testing.T, s *paidSite) map[string][]keyedCase {
	token := func(period string) (string, string) {
		line := payLine(s.enrs[0], "100.00", "0", "100.00")
		pay := s.must(201, "POST", s.path("/payrolls"), s.gcKey, map[string]any{"employer_id": s.gc, "period": period, "lines": []any{line}}).str(t, "id")
		for _, it := range s.must(200, "POST", "/api/v1/payrolls/"+pay+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
				return pay, tokenOf(t, m["url"].(string))
			}
		}
		t.Fatalf("no payslip link for %s on %s", s.enrs[0], pay)
		return "", ""
	}
	form := func(tok string, v func() url.Values) sender {
		return func(h ...string) resp {
			return s.do("POST", "/w/"+tok, "", v().Encode(), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, h...)...)
		}
	}
	payA, tokA := token("2026-04")
	payB, tokB := token("2026-03")
	fixed := func(v url.Values) func() url.Values { return func() url.Values { return v } }
	withNonce := func() url.Values {
		m := formNonceRE.FindStringSubmatch(string(s.must(200, "GET", "/w/"+tokA, "", nil).Body))
		if m == nil {
			t.Fatalf("the page's complaint form has no nonce")
		}
		return url.Values{"action": {"complaint"}, "summary": {"四月工资未发"}, "workers": {"1"}, "nonce": {m[1]}}
	}
	return map[string][]keyedCase{"POST /w/:token": {
		{"confirm", form(tokA, fixed(url.Values{"action": {"confirm"}, "payroll_id": {payA}, "line_no": {"1"}})), nil},
		{"dispute", form(tokB, fixed(url.Values{"action": {"dispute"}, "payroll_id": {payB}, "line_no": {"1"}, "reason": {typedReasons[0]}})), nil},
		{"complaint", form(tokA, withNonce), nil},
	}}
}

// TestRequestsByOwnIDStayOnOneShard sends, on a Citus database of its own
// (two shards a table, one on each worker, citus.enable_stat_counters on),
// the requests that name a payroll or an instruction by its ID alone — a
// bank's single confirmation among them —, a payslip link's token or a
// complaint's receipt code, and reads Citus's own count of
// statements run on several shards (citus_stat_counters) around each: none.
// The IDs carry their project (ledger.NewIDIn), which holds every statement
// to its shard (issue 19); before, a payroll's or an instruction's was
// found on every shard.
func TestRequestsByOwnIDStayOnOneShard(t *testing.T) {
	db := storetest.OwnCitusDatabase(t, []string{"citus.enable_stat_counters = on"})
	s := newPaidSite(t, db, 2)
	if _, ok := ledger.ProjectOfID(s.payroll); !ok {
		t.Fatalf("payroll %s names no project", s.payroll)
	}
	// A payslip link (its token names its record, whose ID names the
	// project) and the receipt code of a complaint filed with it (its fifth
	// group names the project: ledger.ReceiptCodeIn).
	var token string
	for _, it := range s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
		if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
			token = tokenOf(t, m["url"].(string))
		}
	}
	code := s.must(201, "POST", "/api/v1/payslips/"+token+"/complaints", "", map[string]any{"summary": "十月工资未发"}).Header.Get(httpapi.ReceiptHeader)
	if norm, _ := ledger.NormalReceiptCode(code); len(norm) != ledger.ReceiptCodeLen+ledger.ReceiptHintLen {
		t.Fatalf("receipt code %q names no project", code)
	}
	multi := func() int64 {
		var n []int64
		if err := db.Select(context.Background(), &n, `SELECT query_execution_multi_shard FROM citus_stat_counters WHERE name = current_database()`); err != nil {
			t.Fatal(err)
		}
		if len(n) != 1 {
			t.Fatalf("citus_stat_counters: %v", n)
		}
		return n[0]
	}
	requests := []struct {
		name string
		send func()
	}{
		{"GET /payrolls/{id}", func() { s.must(200, "GET", "/api/v1/payrolls/"+s.payroll, s.gcKey, nil) }},
		// A project's payrolls after a cursor, and after one naming no payroll
		// (refused): the cursor's payroll is read in its project, whatever its ID.
		{"GET /projects/{id}/payrolls?cursor=", func() { s.must(200, "GET", s.path("/payrolls?cursor="+payrollCursor(s.payroll)), s.gcKey, nil) }},
		{"GET /projects/{id}/payrolls?cursor= (no such payroll)", func() {
			s.must(422, "GET", s.path("/payrolls?cursor="+payrollCursor("pay_none")), s.gcKey, nil)
		}},
		{"GET /payrolls/{id}/instructions", func() { s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.bankKey, nil) }},
		{"POST /bank/confirmations (one item)", func() { s.confirm(item(s.ins[0], "paid", "5000.00", "shard-1")) }},
		{"POST /bank/confirmations (one item, keyed)", func() {
			s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": []any{item(s.ins[1], "failed", "", "shard-2")}},
				"Idempotency-Key", "shard-one-"+itoa(nextSeq()))
		}},
		{"POST /instructions/{id}/reissue", func() { s.must(201, "POST", "/api/v1/instructions/"+s.ins[1]+"/reissue", s.gcKey, nil) }},
		{"GET /payslips/{token}", func() { s.must(200, "GET", "/api/v1/payslips/"+token, "", nil) }},
		{"GET /w/{token}", func() { s.must(200, "GET", "/w/"+token, "", nil) }},
		{"GET /complaints/receipts/{code}", func() { s.must(200, "GET", "/api/v1/complaints/receipts/"+code, "", nil) }},
		{"GET /w/receipts/{code}", func() { s.must(200, "GET", "/w/receipts/"+code, "", nil) }},
	}
	for _, r := range requests {
		before := multi()
		r.send()
		if n := multi() - before; n != 0 {
			t.Errorf("%s: %d statements on several shards, want none", r.name, n)
		}
	}
}

// payrollCursor is the cursor the API gives after payroll id.
func payrollCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("v1:" + id)) }
