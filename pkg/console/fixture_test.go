package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// fixture is two districts of Beijing, each with a project whose February
// 2026 wages are unpaid after the pay day, built through the service as
// real traffic is, with one sign-in key per role, served by the real router.
//
// Project A (Fangshan, 110111): general contractor gcA, subcontractors subA
// and subA2, bank, owner. Project B (Chaoyang, 110105): general contractor
// gcB. The nightly check ran for 19 March 2026.
type fixture struct {
	t        testing.TB
	db       *store.DB
	svc      *service.Service
	srv      *httptest.Server
	clock    *storetest.Clock
	projectA string
	projectB string
	orgs     map[string]string // by role name
	keys     map[string]string // sign-in key by role name
	names    map[string]string // a name only that party's data shows
	enrA     []string          // gcA's workers on A, then subA's
	enrB     []string
	payrolls map[string]string // February's payroll by employer role
}

// The fixture is built on 1 March 2026 and looked at on 20 March.
var (
	built = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	today = time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC)
)

// eachDB runs fn on a fixture of each database, the two in parallel. No
// top-level test of the package runs in parallel with another: a test may
// set a page size for its subtests (export_test.go) and undo it after.
func eachDB(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(built)
			fn(t, newFixture(t, storetest.New(t, d, store.WithClock(clock.Now)), clock))
		})
	}
}

func newFixture(t testing.TB, db *store.DB, clock *storetest.Clock) *fixture {
	t.Helper()
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, nil)
	svc.Identity = keys
	f := &fixture{t: t, db: db, svc: svc, clock: clock, orgs: map[string]string{}, keys: map[string]string{}, names: map[string]string{}}
	sys := service.WithCaller(context.Background(), service.System)
	n := 0
	mk := func(role string, kind ledger.OrgKind, region, name string) {
		n++
		o, err := svc.CreateOrganization(sys, ledger.Organization{Name: name, USCC: uscc(n), Kind: kind, RegionCode: region})
		if err != nil {
			t.Fatal(err)
		}
		f.orgs[role], f.names[role] = o.ID, name
	}
	mk("owner", ledger.OrgOwner, "110111", "房山城建投资有限公司")
	mk("bank", ledger.OrgBank, "110000", "北京农商银行房山支行")
	mk("gcA", ledger.OrgGeneralContractor, "110111", "京西建工集团")
	mk("subA", ledger.OrgSubcontractor, "110111", "良乡劳务有限公司")
	mk("subA2", ledger.OrgSubcontractor, "110111", "窦店钢筋劳务队")
	mk("gcB", ledger.OrgGeneralContractor, "110105", "朝阳宏达建设")
	mk("inspA", ledger.OrgAuthority, "110111", "房山区劳动监察大队")
	mk("inspB", ledger.OrgAuthority, "110105", "朝阳区劳动监察大队")
	mk("city", ledger.OrgAuthority, "110000", "北京市劳动监察总队")
	f.projectA = f.project(sys, "FS-001", "长阳镇安置房二期", "110111", "gcA", "110012345678", "subA", "subA2")
	f.projectB = f.project(sys, "CY-001", "望京商务楼", "110105", "gcB", "110098765432")
	f.keys["admin"] = f.key(nil, ledger.RoleAdmin)
	for role, r := range map[string]ledger.Role{"gcA": ledger.RoleContractor, "subA": ledger.RoleContractor, "subA2": ledger.RoleContractor,
		"gcB": ledger.RoleContractor, "bank": ledger.RoleBank, "inspA": ledger.RoleInspector, "inspB": ledger.RoleInspector, "city": ledger.RoleInspector} {
		id := f.orgs[role]
		f.keys[role] = f.key(&id, r)
	}
	f.enrA = append(f.enrol("gcA", f.projectA, 0, 2), f.enrol("subA", f.projectA, 2, 1)...)
	f.enrB = f.enrol("gcB", f.projectB, 10, 1)
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: f.orgs["bank"], Role: ledger.RoleBank})
	for i, on := range []ledger.Date{ledger.NewDate(2026, 1, 12), ledger.NewDate(2026, 2, 10)} {
		if _, err := svc.RecordInflow(bank, f.orgs["bank"], ledger.InflowInput{AccountNo: "110012345678", Amount: ledger.MustMoney("30000"),
			ReceivedOn: on, BankRef: fmt.Sprintf("IN-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	payA := f.february("gcA", f.projectA, "gcA", f.enrA[:2], 0)
	f.payrolls = map[string]string{"gcA": payA, "subA": f.february("subA", f.projectA, "gcA", f.enrA[2:], 2),
		"gcB": f.february("gcB", f.projectB, "gcB", f.enrB, 10)}
	_, _, ins, err := svc.PayrollInstructions(f.as("gcA"), payA)
	if err != nil || len(ins) != 2 {
		t.Fatalf("%d instructions, %v", len(ins), err)
	}
	clock.Advance(12 * 24 * time.Hour) // 13 March, the pay day: one of gcA's two is paid
	if res, err := svc.RecordConfirmations(bank, f.orgs["bank"], []ledger.ConfirmationItem{{InstructionID: ins[0].ID, Status: ledger.ConfirmPaid,
		Amount: ins[0].Amount, BankRef: "BANK-PAID-1", SettledOn: ledger.NewDate(2026, 3, 13)}}); err != nil || res[0].Result != ledger.Applied {
		t.Fatalf("confirmation: %+v, %v", res, err)
	}
	clock.Advance(today.Sub(built) - 12*24*time.Hour)
	if _, err := svc.RunCheck(sys, ledger.NewDate(2026, 3, 19)); err != nil {
		t.Fatal(err)
	}
	api := httpapi.New(svc, httpapi.Options{})
	f.srv = httptest.NewServer(api.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) project(ctx context.Context, code, name, region, gc, account string, subs ...string) string {
	p, err := f.svc.CreateProject(ctx, ledger.Project{Code: code, Name: name, RegionCode: region, OwnerID: f.orgs["owner"], GeneralContractorID: f.orgs[gc],
		ContractAmount: ledger.MustMoney("80000000"), StartedOn: ledger.NewDate(2025, 10, 1), PlannedCompletionOn: ledger.NewDate(2027, 6, 30),
		PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: f.orgs["bank"], AccountNo: account}})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, s := range subs {
		if _, err := f.svc.AddSubcontractor(ctx, p.ID, f.orgs[s]); err != nil {
			f.t.Fatal(err)
		}
	}
	// Insured against work injury for its duration: the pages' alerts are about wages.
	if _, err := f.svc.RecordInjuryPolicy(ctx, ledger.InjuryPolicyInput{ProjectID: p.ID, Insurer: "社保中心", PolicyNo: "GS-" + code,
		ValidFrom: ledger.NewDate(2025, 10, 1), ValidUntil: ledger.NewDate(2027, 6, 30), Basis: ledger.BasisHeadcount, Headcount: 50}); err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func (f *fixture) key(org *string, role ledger.Role) string {
	k, err := f.svc.CreateAPIKey(service.WithCaller(context.Background(), service.CLI), org, role, "console test", "")
	if err != nil {
		f.t.Fatal(err)
	}
	return k.Key
}

func (f *fixture) as(role string) context.Context {
	return service.WithCaller(context.Background(), service.Caller{KeyID: "key_" + role, OrgID: f.orgs[role], Role: ledger.RoleContractor})
}

// enrol registers workers first..first+n-1 with role's organisation as employer.
func (f *fixture) enrol(role, project string, first, n int) []string {
	var ids []string
	for i := first; i < first+n; i++ {
		e, err := f.svc.RegisterWorker(f.as(role), project, ledger.WorkerInput{Name: workerName(i), IDNumber: workerID(i), Trade: "钢筋工",
			BankCard: workerCard(i), BankID: f.orgs["bank"], ContractSignedOn: "2025-10-01", EnteredOn: "2025-10-02"})
		if err != nil {
			f.t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// february records the month's attendance of enrs and their payroll, which
// the general contractor approves; nobody is paid.
func (f *fixture) february(role, project, gc string, enrs []string, first int) string {
	var rows []string
	for d := 2; d <= 27; d++ {
		for _, e := range enrs {
			rows = append(rows, fmt.Sprintf("%s,,2026-02-%02d,8", e, d))
		}
	}
	csv := []byte("enrolment_id,id_number,date,hours\n" + strings.Join(rows, "\n") + "\n")
	if _, _, err := f.svc.RecordAttendance(f.as(role), project, service.Upload{Body: strings.NewReader(string(csv)), Name: "feb.csv", Head: csv[:64], SHA256: ledger.SHA256Hex(csv)}, false); err != nil {
		f.t.Fatal(err)
	}
	var lines []ledger.PayrollLineInput
	for i := range enrs {
		lines = append(lines, ledger.PayrollLineInput{IDNumber: workerID(first + i), Name: workerName(first + i), DaysWorked: "22", GrossPay: "6100.00",
			Deductions: "100.00", NetPay: "6000.00", BankCard: workerCard(first + i), Confirmed: "是"})
	}
	res, _, err := f.svc.SubmitPayroll(f.as(role), project, service.PayrollSubmission{Period: "2026-02"}, "sha-"+role, "json", &service.SliceLines{Lines: lines})
	if err != nil {
		f.t.Fatal(err)
	}
	// The GC's wage officer approves with a key of their own (four-eyes).
	officer := service.WithCaller(context.Background(), service.Caller{KeyID: "key_officer", OrgID: f.orgs[gc], Role: ledger.RoleContractor})
	if _, err := f.svc.ApprovePayroll(officer, res.ID); err != nil {
		f.t.Fatal(err)
	}
	return res.ID
}

func workerName(i int) string {
	return fmt.Sprintf("工人%c%c", '甲'+rune(i%50), '乙'+rune(i/50%50))
}
func workerID(i int) string {
	return ledger.CompleteResidentID(fmt.Sprintf("110111%08d%03d", 19800101+(i/1000)*10000, i%1000))
}
func workerCard(i int) string { return ledger.CompleteBankCard(fmt.Sprintf("622848%012d", i+100)) }

func uscc(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("91110111MA%07d", n)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, body[i]) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

// browser is a person's HTTP client with its own cookies, which follows
// redirects as a browser does.
type browser struct {
	t   testing.TB
	f   *fixture
	c   *http.Client
	jar *cookiejar.Jar
}

func (f *fixture) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: f.t, f: f, jar: jar, c: &http.Client{Jar: jar}}
}

// signIn signs in with role's key through the form.
func (f *fixture) signIn(role string) *browser {
	b := f.browser()
	page := b.get("/console/signin")
	csrf := hidden(page.body, "csrf")
	r := b.post("/console/signin", url.Values{"csrf": {csrf}, "key": {f.keys[role]}, "next": {"/console/"}})
	if r.status != http.StatusOK || strings.Contains(r.url, "/signin") {
		f.t.Fatalf("sign-in as %s: %d at %s", role, r.status, r.url)
	}
	return b
}

type page struct {
	status int
	url    string
	body   string
	header http.Header
}

func (b *browser) get(path string) page {
	b.t.Helper()
	return b.do(http.MethodGet, path, "", nil)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	return b.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

func (b *browser) do(method, path, ctype string, body interface{ Read([]byte) (int, error) }) page {
	b.t.Helper()
	req, err := http.NewRequest(method, b.f.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return page{status: resp.StatusCode, url: resp.Request.URL.Path, body: sb.String(), header: resp.Header}
}

// hidden finds a hidden input's value in a page.
func hidden(body, name string) string {
	i := strings.Index(body, `name="`+name+`" value="`)
	if i < 0 {
		return ""
	}
	rest := body[i+len(`name="`+name+`" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// alertID is the ID of the first alert of rule on project.
func (f *fixture) alertID(t testing.TB, rule, project string) string {
	t.Helper()
	as, err := f.svc.ListAlerts(service.WithCaller(context.Background(), service.System), store.AlertFilter{ProjectID: project, Rule: ledger.Rule(rule), Limit: 10})
	if err != nil || len(as) == 0 {
		t.Fatalf("no %s alert on %s: %v", rule, project, err)
	}
	return as[0].ID
}

// alertOf is the ID of the alert about subject on project.
func (f *fixture) alertOf(t testing.TB, project, subject string) string {
	t.Helper()
	as, err := f.svc.ListAlerts(service.WithCaller(context.Background(), service.System), store.AlertFilter{ProjectID: project, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Key.Subject == subject {
			return a.ID
		}
	}
	t.Fatalf("no alert about %s on %s", subject, project)
	return ""
}
