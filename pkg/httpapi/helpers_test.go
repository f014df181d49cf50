package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	mathrand "math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lib/pq"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// env is one API over one fresh database, driven through the real router.
type env struct {
	t     *testing.T
	db    *store.DB
	svc   *service.Service
	api   *httpapi.Server
	admin string
	logs  *syncBuffer
	// bodies keeps every response body of the test, for the leak test.
	bodies *syncBuffer
	// mine is what this env made, by which count tells its rows from
	// other tests' on the cluster's shared database.
	mine *made
	// city is the Beijing city whose districts rg gives this env on the
	// shared database ("" until asked).
	city string
	// cityInspector is an inspector's key of that city (runCheck).
	cityInspector string
}

// made is the projects, organisations and API keys an env made through
// its API (and its admin key).
type made struct {
	mu                     sync.Mutex
	projects, orgs, actors []string
}

// note records what a successful POST made.
func (m *made) note(method, path string, code int, body []byte) {
	if method != "POST" || code != 201 {
		return
	}
	var out struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &out) != nil || out.ID == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case path == "/api/v1/projects":
		m.projects = append(m.projects, out.ID)
	case path == "/api/v1/organizations":
		m.orgs = append(m.orgs, out.ID)
	case strings.HasPrefix(path, "/api/v1/organizations/") && strings.HasSuffix(path, "/keys"):
		m.actors = append(m.actors, out.ID)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	keys, err := envKeys()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc := service.New(db, log)
	svc.Identity = keys
	db.UseAuditKeys(keys) // as serve does: the audit trail is keyed
	// Beijing's minimum wage, as an operator's policy file would give it.
	svc.Policy, err = ledger.ParsePolicy([]byte(`{"minimum_wages":[{"region":"110000","from":"2025-09-01","source":"京人社 2025","monthly":"2540.00"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	// The payslip limits are lifted: the authorization matrix tries every
	// payslip route with bad tokens from one address (TestPayslipRateLimits
	// holds the limits themselves).
	api := httpapi.New(svc, httpapi.Options{Log: log, Ready: db.Ping, MaxBodyBytes: 64 << 10, PayslipLimits: unlimitedPayslips, Pool: func() httpapi.PoolStats {
		s := db.Stats()
		return httpapi.PoolStats{Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle}
	}})
	k, err := svc.CreateAPIKey(service.WithCaller(context.Background(), service.CLI), nil, ledger.RoleAdmin, "test admin", "")
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, svc: svc, api: api, admin: k.Key, logs: logs, bodies: &syncBuffer{}, mine: &made{actors: []string{k.ID}}}
}

// sharedKeys is the one keyring of every env on the cluster's shared
// database, as one server has one: the envs seal one another's queued audit
// records (the sealer takes every chain's), and a record sealed under
// another key than its writer's would be set aside as tampered with.
var sharedKeys struct {
	once sync.Once
	keys *identity.Keyring
	err  error
}

// envKeys is a new env's keyring: its own, or on the shared database the
// process's one.
func envKeys() (*identity.Keyring, error) {
	if !storetest.Shared() {
		return identity.Generate()
	}
	sharedKeys.once.Do(func() { sharedKeys.keys, sharedKeys.err = identity.Generate() })
	return sharedKeys.keys, sharedKeys.err
}

type resp struct {
	Status int
	Header http.Header
	Body   []byte
	// Req is the request answered (the golden test finds its operation).
	Req *http.Request
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

func (r resp) str(t *testing.T, key string) string {
	t.Helper()
	s, _ := r.json(t)[key].(string)
	return s
}

// do sends a request; body may be nil, a string (sent as is) or a value
// (sent as JSON). headers are name, value pairs.
func (e *env) do(method, path, key string, body any, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	var sent []byte
	if rd != nil {
		sent, _ = io.ReadAll(rd)
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(sent))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// The tests read messages in English unless they ask for another language.
	req.Header.Set("Accept-Language", "en")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.api.Handler().ServeHTTP(w, req)
	e.bodies.Write(w.Body.Bytes())
	e.mine.note(method, req.URL.Path, w.Code, w.Body.Bytes())
	checkContract(e.t, req, sent, w.Code, w.Header(), w.Body.Bytes())
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes(), Req: req}
}

// must sends a request and fails the test unless it answers want.
func (e *env) must(want int, method, path, key string, body any, headers ...string) resp {
	e.t.Helper()
	r := e.do(method, path, key, body, headers...)
	if r.Status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// Valid credit codes made for tests: GB 32100 check characters computed by
// usccWithCheck, so every organisation gets a distinct real-looking code.
func uscc(t *testing.T, n int) string {
	t.Helper()
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := []byte("91110105" + "MA" + leftPad(n, 7))
	sum := 0
	for i, c := range body {
		sum += strings.IndexByte(alphabet, c) * weights[i]
	}
	code := string(body) + string(alphabet[(31-sum%31)%31])
	if _, err := ledger.CheckUSCC(code); err != nil {
		t.Fatalf("test credit code %s: %v", code, err)
	}
	return code
}

func leftPad(n, width int) string {
	s := strings.Repeat("0", width) + itoa(n)
	return s[len(s)-width:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// cities hands each env on the cluster's shared database a Beijing city
// of its own (1102 to 1199: the other tests use 1101's districts), so that
// an authority's region, the projects in it, its alerts, complaints,
// orders and statistics are that env's alone. One run's envs take them in
// turn from a random start; a database shared by several runs must be a
// fresh one (`cluster db NAME`) for the region-wide answers to be one
// test's (CI makes one per run).
var cities struct {
	sync.Mutex
	next int
}

// rg is code in this env's own region: on the shared database a Beijing
// code of the province (110000) or of its first city (1101xx) becomes the
// same level in the env's own city (11cc00, 11ccxx), so that a region-wide
// read (an authority's projects, alerts, complaints, orders, statistics)
// sees only this test's; elsewhere (the test's own database) code as is.
// Beijing's policy (110000: minimum wage, guarantee rates) still applies.
func (e *env) rg(code string) string {
	if !e.db.Dialect.IsCitus() || len(code) != 6 || code[:2] != "11" || (code[2:4] != "00" && code[2:4] != "01") {
		return code
	}
	if e.city == "" {
		cities.Lock()
		if cities.next == 0 {
			cities.next = 2 + mathrand.IntN(98)
		}
		e.city = leftPad(cities.next, 2)
		cities.next = 2 + (cities.next-1)%98
		cities.Unlock()
	}
	return "11" + e.city + code[4:]
}

var orgSeq struct {
	sync.Mutex
	n int
}

// org creates an organisation of kind in region through the API, as admin.
func (e *env) org(kind ledger.OrgKind, region string) string {
	e.t.Helper()
	n := nextSeq()
	r := e.must(201, "POST", "/api/v1/organizations", e.admin, map[string]any{
		"name": string(kind) + " " + itoa(n), "uscc": uscc(e.t, n), "kind": kind, "region_code": region})
	return r.str(e.t, "id")
}

// key makes an API key of role for org through the API, as admin.
func (e *env) key(org string, role ledger.Role) string {
	e.t.Helper()
	r := e.must(201, "POST", "/api/v1/organizations/"+org+"/keys", e.admin, map[string]any{"role": role, "label": "test"})
	return r.str(e.t, "key")
}

// projectBody is a valid project for the parties.
func projectBody(code, region, owner, gc, bank string) map[string]any {
	return map[string]any{
		"code": code, "name": "Project " + code, "region_code": region, "owner_id": owner,
		"general_contractor_id": gc, "contract_amount": "12000000.00", "started_on": "2026-03-01",
		"planned_completion_on": "2027-06-30", "pay_day": 15, "labour_cost_cycle_days": 30,
		"wage_account": map[string]any{"bank_id": bank, "account_no": "1100" + leftPad(nextSeq(), 12)},
	}
}

func nextSeq() int {
	orgSeq.Lock()
	defer orgSeq.Unlock()
	if orgSeq.n == 0 && storetest.Shared() {
		// The tests share the cluster's database with every earlier run:
		// credit codes, project codes, accounts and identity numbers start
		// where no earlier run is likely to have been.
		orgSeq.n = 100_000 + mathrand.IntN(2_000_000)
	}
	orgSeq.n++
	return orgSeq.n
}

// count returns the rows of a table: on the cluster's shared database,
// the rows of what this env made (its projects' rows, its organisations,
// the audit records of its projects and its keys, its keys' Idempotency-Keys).
func (e *env) count(table string) int {
	e.t.Helper()
	where, args := e.mine.rowsOf(e.t, e.db, table)
	var n int
	if err := e.db.Get(context.Background(), &n, "SELECT COUNT(*) FROM "+table+where, args...); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// rowsOf is the condition selecting the rows of table that m made, on the
// shared database; "" elsewhere (the database is the test's own).
func (m *made) rowsOf(t *testing.T, db *store.DB, table string) (string, []any) {
	if !db.Dialect.IsCitus() {
		return "", nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	in := func(col string, vals []string) (string, []any) {
		return " WHERE " + col + " = ANY(?)", []any{pq.StringArray(vals)}
	}
	switch table {
	case "projects":
		return in("id", m.projects)
	case "organizations":
		return in("id", m.orgs)
	case "audit_log", "audit_queue":
		return " WHERE chain = ANY(?) OR actor = ANY(?)", []any{pq.StringArray(m.projects), pq.StringArray(m.actors)}
	case "idempotency_keys":
		return in("scope", m.actors)
	}
	var n int
	if err := db.Get(context.Background(), &n, `SELECT COUNT(*) FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'project_id'`, table); err != nil || n == 0 {
		t.Fatalf("count(%s) on the shared database: no rule tells this test's rows (%v)", table, err)
	}
	return in("project_id", m.projects)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// workerBody is a valid registration: n makes the identity and card unique.
func workerBody(n int, employer, bank string) map[string]any {
	return workerBornOn(n, birthOf(n), employer, bank)
}

// workerBornOn is workerBody with the birth date (YYYYMMDD) of the
// identity number given: the golden fixture's, on a database of its own
// everywhere, are born on 1 January 1990.
func workerBornOn(n int, birth, employer, bank string) map[string]any {
	return map[string]any{
		"name": "工人" + string(rune('甲'+n%50)) + string(rune('乙'+n/50%50)), "id_number": ledger.CompleteResidentID("110105" + birth + leftPad(n%1000, 3)),
		"phone": "139" + leftPad(n, 8), "employer_id": employer, "team": "钢筋班", "trade": "钢筋工",
		"bank_card": ledger.CompleteBankCard("622202" + leftPad(n, 12)), "bank_id": bank,
		"contract_kind": "labour_contract", "contract_signed_on": "2026-03-01", "entered_on": "2026-03-02",
	}
}

// birthOf is worker n's birth date, YYYYMMDD: 1 January 1990; on the
// cluster's shared database a day later for every thousand workers (the
// identity number's sequence has three digits), so that numbers do not
// repeat across runs there.
func birthOf(n int) string {
	if !storetest.Shared() {
		return "19900101"
	}
	return strings.ReplaceAll(ledger.NewDate(1990, 1, 1).AddDays(n/1000).String(), "-", "")
}

// upload sends content as the "file" part of a multipart form.
func (e *env) upload(path, key, filename string, content []byte) resp {
	e.t.Helper()
	return e.uploadForm(path, key, filename, content, nil)
}

// errorsOf returns "row:field:code" for each error of a problem.
func errorsOf(t *testing.T, r resp) []string {
	t.Helper()
	var out []string
	list, _ := r.json(t)["errors"].([]any)
	for _, it := range list {
		m := it.(map[string]any)
		row, _ := m["row"].(float64)
		out = append(out, fmt.Sprintf("%d:%s:%s", int(row), m["field"], m["code"]))
	}
	return out
}

// enrolled remembers the full numbers of workers the tests enrol (the API
// only ever shows them masked), by enrolment ID.
var enrolled sync.Map

// enrol registers body on project as key and remembers its numbers.
func (e *env) enrol(project, key string, body map[string]any) string {
	e.t.Helper()
	id := e.must(201, "POST", "/api/v1/projects/"+project+"/workers", key, body).str(e.t, "id")
	enrolled.Store(id, body)
	return id
}

// payLine is a payroll line for an enrolled worker: gross, deductions, net.
func payLine(enr, gross, deductions, net string) map[string]string {
	v, _ := enrolled.Load(enr)
	w := v.(map[string]any)
	return map[string]string{"id_number": w["id_number"].(string), "name": w["name"].(string), "days_worked": "22",
		"gross_pay": gross, "deductions": deductions, "net_pay": net, "bank_card": w["bank_card"].(string), "confirmed": "yes"}
}

// payrollBody is a one-line JSON payroll paying enrolment enr.
func payrollBody(employer, period, project string, e *env, enr string) map[string]any {
	return map[string]any{"employer_id": employer, "period": period, "lines": []map[string]string{payLine(enr, "6000.00", "500.00", "5500.00")}}
}

// uploadForm sends a file with form fields.
func (e *env) uploadForm(path, key, filename string, content []byte, fields map[string]string, headers ...string) resp {
	e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	sent := bytes.Clone(b.Bytes())
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept-Language", "en")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	e.api.Handler().ServeHTTP(w, req)
	e.bodies.Write(w.Body.Bytes())
	checkContract(e.t, req, sent, w.Code, w.Header(), w.Body.Bytes())
	return resp{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes(), Req: req}
}
