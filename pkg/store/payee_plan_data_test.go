package store_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// payrollShape is issue 16 #11's payroll, built straight into the tables:
// one employer with workers enrolments on a project (a second employer's as
// many beside them), each with attendance in the period and a line on last
// month's approved payroll (of two years of payrolls), so that every
// optional lookup of the payee match runs and the employer's index selects
// nothing.
type payrollShape struct {
	db       *store.DB
	project  string
	employer string
	indexes  []string // the employer's workers' identity blind indexes
	period   ledger.Period
}

// planWorkers is how many workers the shape has: 20,000 (the issue's
// payroll) in the test run, WAGEGUARD_PLAN_WORKERS in make soak.
func planWorkers() int {
	if n, err := strconv.Atoi(os.Getenv("WAGEGUARD_PLAN_WORKERS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

func newPayrollShape(t *testing.T, db *store.DB, workers int) *payrollShape {
	t.Helper()
	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, nil)
	svc.Identity = keys
	if !db.Dialect.IsCitus() {
		// Not on the shared cluster database: its keyed records would stop
		// the other tests, whose SealAudit (every chain's) has no key.
		db.UseAuditKeys(keys)
	}
	ctx := service.WithCaller(context.Background(), service.System)
	org := func(kind ledger.OrgKind, n int) string {
		o, err := svc.CreateOrganization(ctx, ledger.Organization{Name: fmt.Sprintf("%s %d", kind, n), USCC: uscc(n), Kind: kind, RegionCode: "110105"})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	gc, bank, owner, sub := org(ledger.OrgGeneralContractor, 1), org(ledger.OrgBank, 2), org(ledger.OrgOwner, 3), org(ledger.OrgSubcontractor, 4)
	p, err := svc.CreateProject(ctx, ledger.Project{Code: "PLAN", Name: "plan", RegionCode: "110105", OwnerID: owner, GeneralContractorID: gc,
		ContractAmount: ledger.MustMoney("100000000"), StartedOn: ledger.NewDate(2025, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 1, 1),
		PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: bank, AccountNo: "110012345678"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddSubcontractor(ctx, p.ID, sub); err != nil {
		t.Fatal(err)
	}
	period, _ := ledger.ParsePeriod("2026-08")
	s := &payrollShape{db: db, project: p.ID, employer: gc, period: period}
	now := time.Now().UTC()
	var lines [][]any // written after their payrolls
	const chunk = 10000
	for start := 0; start < 2*workers; start += chunk {
		rows := map[string][][]any{}
		for i := start; i < min(start+chunk, 2*workers); i++ {
			s.worker(rows, i, i < workers, sub, bank, now)
		}
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			for _, table := range []string{"worker_identities", "enrolments", "attendance"} {
				if err := store.CopyIn(tx, table, shapeColumns[table], rows[table]); err != nil {
					return fmt.Errorf("%s: %w", table, err)
				}
			}
			lines = append(lines, rows["payroll_lines"]...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
		// Two years of each employer's payrolls, one approved and one
		// superseded a month: July 2026's approved one holds the lines.
		var payrolls [][]any
		for _, e := range []string{gc, sub} {
			for m := 0; m < 24; m++ {
				period := fmt.Sprintf("%d-%02d", 2024+(m+7)/12, (m+7)%12+1)
				id, n := fmt.Sprintf("pay_%s_%s", e, period), 0
				if period == "2026-07" {
					id, n = "pay_"+e, workers
				}
				payrolls = append(payrolls, []any{s.project, id, e, period, "regular", "approved", "", n, int64(n) * 600000, 0,
					int64(n) * 600000, now, "plan", now, "plan"},
					[]any{s.project, id + "_old", e, period, "regular", "superseded", "", 0, 0, 0, 0, now, "plan", now, "plan"})
			}
		}
		if err := store.CopyIn(tx, "payrolls", shapeColumns["payrolls"], payrolls); err != nil {
			return err
		}
		for start := 0; start < len(lines); start += chunk {
			if err := store.CopyIn(tx, "payroll_lines", shapeColumns["payroll_lines"], lines[start:min(start+chunk, len(lines))]); err != nil {
				return err
			}
		}
		return store.RebuildAttendanceMonths(tx, s.project)
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

// worker writes worker i: its identity, its enrolment with the GC (mine) or
// the subcontractor, three days of attendance in August and its line on
// July's approved payroll (kept in t until the payrolls are written).
func (s *payrollShape) worker(t map[string][][]any, i int, mine bool, sub, bank string, now time.Time) {
	wid, eid, idx := fmt.Sprintf("wkr_plan%09d", i), fmt.Sprintf("enr_plan%09d", i), fmt.Sprintf("idx%061d", i)
	employer := s.employer
	if !mine {
		employer = sub
	} else {
		s.indexes = append(s.indexes, idx)
	}
	t["worker_identities"] = append(t["worker_identities"], []any{wid, idx, "k1:x", "1101**********0000", "工人", "male", "1990-01", now})
	t["enrolments"] = append(t["enrolments"], []any{s.project, eid, wid, "工人", "1101**********0000", employer, "班组", "钢筋工", "labour_contract",
		"2025-01-01", "2025-01-02", nil, "k1:x", fmt.Sprintf("card%060d", i), "6222 **** **** 0000", bank, "", "", now, now})
	for d := 3; d <= 5; d++ {
		t["attendance"] = append(t["attendance"], []any{s.project, eid, fmt.Sprintf("2026-08-%02d", d), 800, "plan", now})
	}
	t["payroll_lines"] = append(t["payroll_lines"], []any{s.project, "pay_" + employer, i + 1, i + 2, eid, wid, "工人", "1101**********0000",
		2600, 600000, 0, 600000, "6222 **** **** 0000", 1})
}

var shapeColumns = map[string][]string{
	"worker_identities": {"id", "id_number_index", "id_number_enc", "id_number_masked", "name", "gender", "birth_month", "created_at"},
	"enrolments": {"project_id", "id", "worker_id", "name", "id_number_masked", "employer_id", "team", "trade", "contract_kind",
		"contract_signed_on", "entered_on", "exited_on", "bank_card_enc", "bank_card_index", "bank_card_masked", "bank_id", "phone_enc",
		"phone_masked", "created_at", "updated_at"},
	"attendance": {"project_id", "enrolment_id", "work_date", "centihours", "source", "recorded_at"},
	"payrolls": {"project_id", "id", "employer_id", "period", "kind", "status", "file_sha256", "line_count", "gross_total",
		"deductions_total", "net_total", "submitted_at", "submitted_by", "decided_at", "decided_by"},
	"payroll_lines": {"project_id", "payroll_id", "line_no", "source_row", "enrolment_id", "worker_id", "name", "id_number_masked",
		"centidays", "gross", "deductions", "net", "bank_card_masked", "confirmed"},
}

func uscc(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	body := fmt.Sprintf("91110105MA%07d", n)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, body[i]) * weights[i]
	}
	return body + string(alphabet[(31-sum%31)%31])
}

// plan is the database's plan of q: SQLite's EXPLAIN QUERY PLAN details,
// PostgreSQL's EXPLAIN lines.
func plan(t *testing.T, db *store.DB, q string, args ...any) []string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	if db.Dialect.IsPostgres() {
		if err := db.Select(ctx, &lines, "EXPLAIN "+q, args...); err != nil {
			t.Fatal(err)
		}
		for i, l := range lines { // the chunk's 5,000 indexes, printed as an array
			if len(l) > 240 {
				lines[i] = l[:240] + "…"
			}
		}
		return lines
	}
	var rows []struct {
		ID      int    `db:"id"`
		Parent  int    `db:"parent"`
		NotUsed int    `db:"notused"`
		Detail  string `db:"detail"`
	}
	if err := db.Select(ctx, &rows, "EXPLAIN QUERY PLAN "+q, args...); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		lines = append(lines, r.Detail)
	}
	return lines
}

// scanned are the tables of checked a plan reads whole: SQLite's "SCAN t"
// (a covering index scan too: it is still every row), PostgreSQL's "Seq
// Scan on t" or a full index scan with no condition.
func scanned(db *store.DB, lines []string, checked ...string) []string {
	var out []string
	sqlite := regexp.MustCompile(`^SCAN (\w+)`)
	pg := regexp.MustCompile(`(?:Seq Scan|Parallel Seq Scan) on (\w+)`)
	alias := map[string]string{"w": "worker_identities", "e": "enrolments", "a": "attendance", "m": "attendance_months", "l": "payroll_lines",
		"p": "payrolls"}
	for _, l := range lines {
		var m []string
		if db.Dialect.IsPostgres() {
			m = pg.FindStringSubmatch(l)
		} else {
			m = sqlite.FindStringSubmatch(l)
		}
		if m == nil {
			continue
		}
		table := m[1]
		if full, ok := alias[table]; ok {
			table = full
		}
		for _, c := range checked {
			if c == table {
				out = append(out, l)
			}
		}
	}
	return out
}

// earlierHistoryQuery is the attendance half of HistoryOf as it was before
// issue 16 #11's rollup probe: whether the project has a day of attendance
// in the month, asked of the days themselves.
const earlierHistoryQuery = `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM attendance WHERE project_id = ? AND work_date BETWEEN ? AND ? LIMIT 1) x) AS a`

// maxHistoryPages bounds the pages of PostgreSQL's buffers a probe of one
// month touches: an index descent or two, where the project's attendance
// of 40,000 workers is over a thousand pages.
const maxHistoryPages = 40

// readsWholeProject says how the lookup q reads more than one month's
// probe of the attendance ("" when it does not).
func readsWholeProject(t *testing.T, db *store.DB, q string, args ...any) string {
	t.Helper()
	if db.Dialect.IsPostgres() {
		var out []string
		if err := db.Select(context.Background(), &out, "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) "+q, args...); err != nil {
			t.Fatal(err)
		}
		pages := 0
		for _, l := range out {
			if m := regexp.MustCompile(`^\s*Buffers: shared (.*)`).FindStringSubmatch(l); m != nil {
				for _, n := range regexp.MustCompile(`(?:hit|read)=(\d+)`).FindAllStringSubmatch(m[1], -1) {
					v, _ := strconv.Atoi(n[1])
					pages += v
				}
				break // the top node's, which holds its children's
			}
		}
		if pages > maxHistoryPages || len(scanned(db, out, "attendance", "attendance_months")) > 0 {
			return fmt.Sprintf("%d pages touched (at most %d):\n%s", pages, maxHistoryPages, strings.Join(out, "\n"))
		}
		return ""
	}
	month := regexp.MustCompile(`\(project_id=\? AND (period=\?|work_date>\? AND work_date<\?)\)`)
	for _, l := range plan(t, db, q, args...) {
		if !regexp.MustCompile(`\b(attendance|attendance_months)\b`).MatchString(l) {
			continue
		}
		if !strings.HasPrefix(l, "SEARCH ") || !month.MatchString(l) {
			return fmt.Sprintf("%q is not a search bounded by the month", l)
		}
	}
	return ""
}

// TestPayeeLookupPlansOnIssueSizedData reads, on both databases, the plans
// of the queries a payroll's validation runs per 5,000 lines, on issue 16
// #11's shape — 20,000 workers of the payroll's employer (and as many of
// another), three days of attendance each in the period, a line each on
// last month's approved payroll — after ANALYZE, as a live database has
// its statistics: the enrolments, attendance and past lines are searched
// by index, never read whole, per chunk or per payee (185 s for 20,000
// lines was a scan of the employer's enrolments per line). The match then
// runs: every payee is found with its attendance and usual pay.
// WAGEGUARD_PLAN_WORKERS sizes it (make soak: 200,000).
//
// What of #11 this holds, plainly: the match's plans were already by index
// before the merge that added this test (with the earlier payroll.go and
// without migration 0021 they pass), so they guard against a regression
// and do not reproduce the 185 s. The part the earlier code fails is the
// history probe of a month without attendance: the earlier lookup, run
// beside the current one on the same data, read the project's whole
// attendance ("SCAN attendance" on SQLite, 1,364 pages on PostgreSQL for
// 40,000 workers) and is refused by the same bound. The 185 s itself is not
// reproduced by this test nor by BenchmarkPayrollDryRunBothDatabases
// (pkg/service), which measures the dry run on this shape on both
// databases (make bench): on 30 November 2026, on a shared two-core machine
// at a load average of 24-31, 20,000 lines took 7.1 s on SQLite and 1.6 s
// on PostgreSQL in one run (4.5 times, over the issue's 3), 3.2 s and 2.0 s
// in the next (1.6 times); medians of three each. Not 185 s, and the CPU
// profile of the second run gives the six dry runs 0.72 s of CPU between
// them: the wall times are the shared machine's, and the ratio is for make
// bench on a quiet one to say.
func TestPayeeLookupPlansOnIssueSizedData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.SkipOnSharedDB(t, db, "reads a single server's plans and page counts; on Citus those are the workers'")
		workers := planWorkers()
		start := time.Now()
		s := newPayrollShape(t, db, workers)
		if err := db.ExecRaw(context.Background(), "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d workers of the employer (%d enrolments, %d attendance rows, %d past lines) written and analyzed in %v",
			workers, 2*workers, 6*workers, 2*workers, time.Since(start).Round(time.Millisecond))
		chunk := s.indexes[:min(5000, len(s.indexes))]
		for _, h := range []store.PayrollHistory{{}, {Attendance: true, Approved: true}} {
			q, args := store.MatchPayeesQuery(db.Dialect, s.project, s.employer, chunk, s.period, h)
			lines := plan(t, db, q, args...)
			// payrolls is left out: a project's payrolls are a few a month,
			// and a planner that knows the table is small reads it whole.
			if bad := scanned(db, lines, "enrolments", "attendance", "attendance_months", "payroll_lines"); len(bad) > 0 {
				t.Errorf("history %+v: the payee lookup reads whole tables: %q\nplan:\n%s", h, bad, strings.Join(lines, "\n"))
			}
			t.Logf("history %+v plan:\n%s", h, strings.Join(lines, "\n"))
		}
		// A month with no attendance yet (a payroll's first upload for it)
		// is found so by one probe, not by reading the project's attendance:
		// on PostgreSQL the pages the lookup touches are counted (EXPLAIN
		// ANALYZE's buffers), on SQLite its search must be bounded by the
		// month (a search by the project alone, which the earlier lookup was
		// — "SEARCH attendance USING … (project_id=?)" — reads every row of
		// it). The earlier lookup, kept below, is held to the same bound and
		// must fail it, on the same data: this is what the test tells apart.
		september, _ := ledger.ParsePeriod("2026-09")
		hq, hargs := store.HistoryOfQuery(s.project, september)
		lines := plan(t, db, hq, hargs...)
		if why := readsWholeProject(t, db, hq, hargs...); why != "" {
			t.Errorf("the history lookup of a month without attendance reads the project's attendance: %s\nplan:\n%s", why, strings.Join(lines, "\n"))
		}
		if why := readsWholeProject(t, db, earlierHistoryQuery, s.project, september.First(), september.Last()); why == "" {
			t.Errorf("the earlier history lookup (a range of the attendance's days) passes the bound: the test cannot tell it apart")
		} else {
			t.Logf("the earlier history lookup: %s", why)
		}
		began := time.Now()
		if h, err := store.HistoryOf(db.Reader(context.Background()), s.project, september); err != nil || h.Attendance {
			t.Fatalf("history of September: %+v, %v", h, err)
		}
		t.Logf("history of a month without attendance in %v, plan:\n%s", time.Since(began).Round(time.Microsecond), strings.Join(lines, "\n"))
		h, err := store.HistoryOf(db.Reader(context.Background()), s.project, s.period)
		if err != nil || !h.Attendance || !h.Approved {
			t.Fatalf("history %+v, %v: want attendance and approved payrolls", h, err)
		}
		began = time.Now()
		matches, err := store.MatchPayees(db.Reader(context.Background()), db.Dialect, s.project, s.employer, s.indexes, s.period, h)
		took := time.Since(began)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("matched %d payees in %v", len(matches), took.Round(time.Millisecond))
		if len(matches) != workers {
			t.Fatalf("matched %d payees of %d", len(matches), workers)
		}
		for _, idx := range []string{s.indexes[0], s.indexes[workers-1]} {
			m := matches[idx]
			if m.EnrolmentID == nil || m.AttendedDays != 3 || m.UsualNet != 600000 {
				t.Errorf("payee %s: %+v, want an enrolment, 3 days and a usual net of 600000", idx, m)
			}
		}
	})
}
