package service_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The province-sized nightly check (issue 14, "Performance"): 1,000
// projects of 100 workers each, six months (January to June 2026) of daily
// attendance and monthly payroll paid through the bank, with arrears and
// other findings planted on some projects, checked as of 20 July 2026.
//
// WAGEGUARD_BENCH_SCALE shrinks it (0.01: 10 projects, 1,000 workers); the
// workers per project stay 100. WAGEGUARD_BENCH_HOLD=N keeps the database
// N seconds after the run, printing its URL, to EXPLAIN queries by hand.
// WAGEGUARD_BENCH_KEEP=NAME keeps the province built as database NAME and
// checks copies of it in the runs after (keptProvince).
// WAGEGUARD_BENCH_CHECK_CPUPROFILE=FILE profiles the first night's CPU;
// WAGEGUARD_BENCH_CHECK_ALLOCPROFILE=FILE writes what was allocated before
// it (FILE.base) and after it (FILE), for pprof's -base.
// The data set is written straight into the tables with COPY: it is set-up,
// not what is measured.

const (
	benchWorkersPerProject = 100
	benchNet               = 600000 // ¥6,000.00 a month, gross = net
)

var (
	benchMonths = []ledger.Period{{Year: 2026, Month: 1}, {Year: 2026, Month: 2}, {Year: 2026, Month: 3},
		{Year: 2026, Month: 4}, {Year: 2026, Month: 5}, {Year: 2026, Month: 6}}
	benchAsOf = ledger.NewDate(2026, 7, 20)
)

func benchScale(b *testing.B) float64 {
	v := os.Getenv("WAGEGUARD_BENCH_SCALE")
	if v == "" {
		return 1
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || f > 1 {
		b.Fatalf("WAGEGUARD_BENCH_SCALE=%q: want a number in (0, 1]", v)
	}
	return f
}

// province is the planted data set: which project (by index k) and which
// worker (by index w) each planted finding is on.
type province struct {
	s        *benchSite
	projects []*ledger.Project
	gcs      []string
	now      time.Time
}

func (p *province) unpaid(k, w int, m ledger.Period) bool {
	switch {
	case k%10 == 0 && m.Month == 5 && w < 30: // wages_unpaid, funds_idle
		return true
	case k%35 == 4 && m.Month == 4 && w == 4: // exit_unsettled: left on 30 April unpaid
		return true
	}
	return false
}
func (p *province) failed(k, w int, m ledger.Period) bool { return k%20 == 5 && m.Month == 4 && w < 5 }
func (p *province) partial(k, w int, m ledger.Period) bool {
	return k%30 == 7 && m.Month == 3 && w < 10
}
func (p *province) noPayroll(k int, m ledger.Period) bool { return k%25 == 3 && m.Month == 6 }
func (p *province) noLine(k, w int, m ledger.Period) bool { return k%40 == 2 && w == 1 && m.Month == 5 }
func (p *province) ghost(k, w int, m ledger.Period) bool  { return k%40 == 1 && w == 0 && m.Month == 3 }
func (p *province) exited(k, w int) bool                  { return k%35 == 4 && w == 4 }

func enrID(k, w int) string { return fmt.Sprintf("enr_p%04dw%03d", k, w) }
func payID(k int, m ledger.Period) string {
	return fmt.Sprintf("pay_p%04d_%s", k, m)
}

func newProvince(b *testing.B, projects int) *province {
	p := &province{s: newBenchSite(b), now: time.Now().UTC()}
	admin := service.WithCaller(context.Background(), service.System)
	for i := range max(1, projects/20) {
		o, err := p.s.svc.CreateOrganization(admin, ledger.Organization{Name: fmt.Sprintf("总包 %d", i), USCC: benchUSCC(100 + i),
			Kind: ledger.OrgGeneralContractor, RegionCode: "130102"})
		if err != nil {
			b.Fatal(err)
		}
		p.gcs = append(p.gcs, o.ID)
	}
	for k := range projects {
		pr, err := p.s.svc.CreateProject(admin, ledger.Project{Code: fmt.Sprintf("P%04d", k), Name: fmt.Sprintf("项目 %d", k),
			RegionCode: []string{"130102", "130104", "130105"}[k%3], OwnerID: p.s.owner(b), GeneralContractorID: p.gcs[k%len(p.gcs)],
			ContractAmount: ledger.MustMoney("50000000"), StartedOn: ledger.NewDate(2026, 1, 1), PlannedCompletionOn: ledger.NewDate(2027, 6, 30),
			PayDay: 15, LabourCostCycle: ledger.Monthly, WageAccount: ledger.WageAccountRef{BankID: p.s.bank, AccountNo: fmt.Sprintf("1300%08d", k)}})
		if err != nil {
			b.Fatal(err)
		}
		p.projects = append(p.projects, pr)
	}
	return p
}

// owner is the site's owner organisation.
func (s *benchSite) owner(b *testing.B) string {
	var id string
	if err := s.db.Get(context.Background(), &id, `SELECT owner_id FROM projects WHERE id = ?`, s.project); err != nil {
		b.Fatal(err)
	}
	return id
}

// load writes the province's facts ten projects per transaction.
func (p *province) load(b *testing.B) {
	for start := 0; start < len(p.projects); start += 10 {
		t := map[string][][]any{}
		for k := start; k < min(start+10, len(p.projects)); k++ {
			p.people(k, t)
			p.attendance(k, t)
			p.payrolls(k, t)
			p.money(k, t)
			p.insurance(k, t)
		}
		err := p.s.db.WithTx(context.Background(), func(tx *store.Tx) error {
			for _, table := range []string{"worker_identities", "enrolments", "attendance", "payrolls", "payroll_lines", "payment_instructions",
				"instruction_states", "bank_confirmations", "ledger_postings", "bank_inflows", "guarantees", "injury_policies"} {
				if err := store.CopyIn(tx, table, benchColumns[table], t[table]); err != nil {
					return fmt.Errorf("%s: %w", table, err)
				}
			}
			for k := start; k < min(start+10, len(p.projects)); k++ {
				if err := store.RebuildAttendanceMonths(tx, p.projects[k].ID); err != nil {
					return err
				}
				if err := store.RebuildWageMonths(tx, p.projects[k].ID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// The benchmark's server runs with autovacuum off; a real one has it on,
	// and its insert threshold vacuums these insert-mostly tables after the
	// rows are written, long before the night checks them months later:
	// statistics for the planner, hint bits set and pages marked all-visible
	// (which the index-only payments read, migrations 0036 and 0043, needs). Left
	// undone, the first check set every row's hint bits as it read it,
	// a cost no night on a real server pays.
	if err := p.s.db.ExecRaw(context.Background(), "VACUUM ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

var benchColumns = map[string][]string{
	"worker_identities": {"id", "id_number_index", "id_number_enc", "id_number_masked", "name", "gender", "birth_month", "region_code", "created_at"},
	"enrolments": {"project_id", "id", "worker_id", "name", "id_number_masked", "employer_id", "team", "trade", "contract_kind",
		"contract_signed_on", "entered_on", "exited_on", "bank_card_enc", "bank_card_index", "bank_card_masked", "bank_id", "phone_enc",
		"phone_masked", "created_at", "updated_at"},
	"attendance": {"project_id", "enrolment_id", "work_date", "centihours", "source", "recorded_at"},
	"payrolls": {"project_id", "id", "employer_id", "period", "kind", "status", "file_sha256", "line_count", "gross_total",
		"deductions_total", "net_total", "submitted_at", "submitted_by", "decided_at", "decided_by"},
	"payroll_lines": {"project_id", "payroll_id", "line_no", "source_row", "enrolment_id", "worker_id", "name", "id_number_masked",
		"centidays", "gross", "deductions", "net", "bank_card_masked", "confirmed"},
	"payment_instructions": {"project_id", "id", "payroll_id", "line_no", "enrolment_id", "period", "amount", "payee_name",
		"payee_card_enc", "payee_card_index", "payee_card_masked", "payee_bank_id", "wage_bank_id", "wage_account_no", "created_at"},
	"instruction_states": {"project_id", "instruction_id", "wage_bank_id", "status", "paid_amount"},
	"bank_confirmations": {"project_id", "id", "bank_id", "bank_ref", "content_hash", "instruction_id", "status", "amount", "settled_on",
		"entry_id", "created_at"},
	"ledger_postings": {"project_id", "entry_id", "seq", "account_kind", "account_ref", "period", "amount"},
	"bank_inflows":    {"project_id", "id", "bank_id", "bank_ref", "content_hash", "account_no", "amount", "received_on", "entry_id", "created_at"},
	"guarantees":      {"project_id", "id", "form", "issuer_id", "reference", "content_hash", "amount", "valid_from", "created_at"},
	"injury_policies": {"project_id", "id", "insurer", "policy_no", "valid_from", "valid_until", "basis", "headcount", "contract_value",
		"content_hash", "created_at", "created_by"},
}

func (p *province) people(k int, t map[string][][]any) {
	pr := p.projects[k]
	for w := range benchWorkersPerProject {
		wid, card := fmt.Sprintf("wkr_p%04dw%03d", k, w), fmt.Sprintf("%064d", k*1000+w)
		if k%50 == 9 && w == 3 { // shared_bank_card: workers 2 and 3
			card = fmt.Sprintf("%064d", k*1000+2)
		}
		var exited any
		if p.exited(k, w) {
			exited = "2026-04-30"
		}
		// Sex, birth month and origin vary, for the statistics benchmark
		// (the check reads none of them).
		t["worker_identities"] = append(t["worker_identities"], []any{wid, fmt.Sprintf("id%062d", k*1000+w), "k1:x", "1301**********0000",
			workerName(w), []string{"male", "male", "female"}[w%3], fmt.Sprintf("%d-%02d", 1966+w%42, 1+w%12), benchOrigins[(k+w)%len(benchOrigins)], p.now})
		t["enrolments"] = append(t["enrolments"], []any{pr.ID, enrID(k, w), wid, workerName(w), "1301**********0000", pr.GeneralContractorID,
			"班组", "钢筋工", "labour_contract", "2026-01-01", "2026-01-01", exited, "k1:x", card, "6222 **** **** 0000", p.s.bank, "", "",
			p.now, p.now})
	}
}

// attendance: eight hours every day but Sunday, January to June, but for
// the planted ghost month and after an exit.
func (p *province) attendance(k int, t map[string][][]any) {
	for w := range benchWorkersPerProject {
		for d := ledger.NewDate(2026, 1, 1); !d.After(ledger.NewDate(2026, 6, 30)); d = d.AddDays(1) {
			if d.Time().Weekday() == time.Sunday || p.ghost(k, w, d.Period()) || (p.exited(k, w) && d.After(ledger.NewDate(2026, 4, 30))) {
				continue
			}
			t["attendance"] = append(t["attendance"], []any{p.projects[k].ID, enrID(k, w), d.String(), 800, "bench", p.now})
		}
	}
}

// payrolls: one approved regular payroll a month, a line per worker on it.
func (p *province) payrolls(k int, t map[string][][]any) {
	pr := p.projects[k]
	for _, m := range benchMonths {
		if p.noPayroll(k, m) {
			continue
		}
		n := 0
		for w := range benchWorkersPerProject {
			if p.noLine(k, w, m) || (p.exited(k, w) && m.Month > 4) {
				continue
			}
			n++
			t["payroll_lines"] = append(t["payroll_lines"], []any{pr.ID, payID(k, m), w + 1, w + 2, enrID(k, w), fmt.Sprintf("wkr_p%04dw%03d", k, w),
				workerName(w), "1301**********0000", 2600, benchNet, 0, benchNet, "6222 **** **** 0000", 1})
		}
		submitted := m.Last().AddDays(3).Time().Add(2 * time.Hour)
		t["payrolls"] = append(t["payrolls"], []any{pr.ID, payID(k, m), pr.GeneralContractorID, m.String(), "regular", "approved",
			fmt.Sprintf("%064d", k*100+int(m.Month)), n, int64(n) * benchNet, 0, int64(n) * benchNet, submitted, "bench", submitted.Add(24 * time.Hour), "bench"})
	}
}

// money: each line's instruction, its bank result on the pay day, the
// postings of approval and payment, the owner's monthly allocation, and a
// cash guarantee of 1% of the contract.
func (p *province) money(k int, t map[string][][]any) {
	pr := p.projects[k]
	for _, m := range benchMonths {
		if p.noPayroll(k, m) {
			continue
		}
		payDay := m.Last().AddDays(15).String()
		var approved, paid int64
		seq := 0
		for w := range benchWorkersPerProject {
			if p.noLine(k, w, m) || (p.exited(k, w) && m.Month > 4) {
				continue
			}
			// The instruction's ID names its line, as IssuePayrollInstructions makes it.
			ins, amount, status := fmt.Sprintf("ins_%s_%d", ledger.PayrollPart(payID(k, m)), w+1), int64(benchNet), "paid"
			switch {
			case p.unpaid(k, w, m):
				amount, status = 0, "pending"
			case p.failed(k, w, m):
				amount, status = 0, "failed"
			case p.partial(k, w, m):
				amount, status = benchNet/2, "partly_paid"
			}
			t["payment_instructions"] = append(t["payment_instructions"], []any{pr.ID, ins, payID(k, m), w + 1, enrID(k, w), m.String(), benchNet,
				workerName(w), "k1:x", fmt.Sprintf("%064d", k*1000+w), "6222 **** **** 0000", p.s.bank, p.s.bank, pr.WageAccount.AccountNo, p.now})
			t["instruction_states"] = append(t["instruction_states"], []any{pr.ID, ins, p.s.bank, status, amount})
			seq++
			t["ledger_postings"] = append(t["ledger_postings"], []any{pr.ID, "ent_a_" + payID(k, m), seq, "wages_payable", enrID(k, w), m.String(), -int64(benchNet)})
			approved += benchNet
			if status == "pending" {
				continue
			}
			entry := fmt.Sprintf("ent_c_p%04d_%s_%03d", k, m, w)
			t["bank_confirmations"] = append(t["bank_confirmations"], []any{pr.ID, "cnf_" + ins[4:], p.s.bank, "REF-" + ins, "h", ins,
				map[bool]string{true: "failed", false: "paid"}[status == "failed"], amount, payDay, entry, p.now})
			if amount > 0 {
				paid += amount
				t["ledger_postings"] = append(t["ledger_postings"], []any{pr.ID, entry, 1, "wages_payable", enrID(k, w), m.String(), amount},
					[]any{pr.ID, entry, 2, "wage_account", "", m.String(), -amount})
			}
		}
		t["ledger_postings"] = append(t["ledger_postings"], []any{pr.ID, "ent_a_" + payID(k, m), seq + 1, "labour_cost", "", m.String(), approved})
		if k%15 == 6 && m.Month > 3 { // allocation_overdue: nothing since March
			continue
		}
		// The owner allocates what the month's wages come to; a project with
		// planted arrears holds it unpaid (funds_idle).
		t["bank_inflows"] = append(t["bank_inflows"], []any{pr.ID, fmt.Sprintf("inf_p%04d_%s", k, m), p.s.bank, fmt.Sprintf("ALLOC-%04d-%s", k, m), "h",
			pr.WageAccount.AccountNo, max(approved, 1), m.Last().AddDays(5).String(), "ent_i_" + payID(k, m), p.now})
	}
	switch k % 12 {
	case 8: // guarantee_missing
	case 10: // guarantee_short: half what is required
		t["guarantees"] = append(t["guarantees"], []any{pr.ID, fmt.Sprintf("grt_p%04d", k), "cash", p.s.bank, fmt.Sprintf("G-%04d", k), "h", 25000000, "2026-01-10", p.now})
	default:
		t["guarantees"] = append(t["guarantees"], []any{pr.ID, fmt.Sprintf("grt_p%04d", k), "cash", p.s.bank, fmt.Sprintf("G-%04d", k), "h", 50000000, "2026-01-10", p.now})
	}
}

// insurance: the work-injury policy a real province records for nearly
// every project (issue 18), a year's headcount policy from 1 January; but
// for the planted findings: no policy at all (injury_insurance_missing,
// the standing date and every month worked), one that lapsed on 31 May
// (missing for June and the standing date) and one ending on 10 August,
// within 30 days of the night, with none to follow (injury_insurance_expiring).
func (p *province) insurance(k int, t map[string][][]any) {
	until := ledger.NewDate(2026, 12, 31)
	switch k % 50 {
	case 9: // uninsured
		return
	case 19: // lapsed
		until = ledger.NewDate(2026, 5, 31)
	case 29: // expiring
		until = ledger.NewDate(2026, 8, 10)
	}
	in := ledger.InjuryPolicyInput{ProjectID: p.projects[k].ID, Insurer: "石家庄市社会保险事业管理局", PolicyNo: fmt.Sprintf("GS-2026-%04d", k),
		ValidFrom: ledger.NewDate(2026, 1, 1), ValidUntil: until, Basis: ledger.BasisHeadcount, Headcount: benchWorkersPerProject}
	t["injury_policies"] = append(t["injury_policies"], []any{in.ProjectID, fmt.Sprintf("inj_p%04d", k), in.Insurer, in.PolicyNo,
		in.ValidFrom.String(), in.ValidUntil.String(), string(in.Basis), in.Headcount, 0, in.Fingerprint(), p.now, "bench"})
}

// scan is one sequential scan of tables (the attendance and payroll
// lines when none are named), the yardstick the check and the statistics
// are measured against.
func (p *province) scan(b *testing.B, tables ...string) (time.Duration, int64) {
	if len(tables) == 0 {
		tables = []string{"attendance", "payroll_lines"}
	}
	start := time.Now()
	var rows, n int64
	for _, table := range tables {
		if err := p.s.db.Get(context.Background(), &n, `SELECT count(*) FROM `+table); err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	return time.Since(start), rows
}

// BenchmarkNightlyCheckProvince builds the province, then checks the night
// of 20 July 2026, checks it again and the night after, and prints them against one sequential
// scan of attendance and payroll lines, with the peak heap and what each
// read and rule cost, then an inspector's reads across the province's
// projects (benchCrossProjectReads). Targets (issue 14): the check within 5× the scan and
// under 60 s, the re-run within 2× the scan, the heap under 500 MB.
func BenchmarkNightlyCheckProvince(b *testing.B) {
	scale := benchScale(b)
	projects := max(1, int(math.Round(1000*scale)))
	for range b.N {
		p, kept := keptProvince(b)
		if p == nil {
			built := time.Now()
			p = newProvince(b, projects)
			p.load(b)
			fmt.Printf("\nprovince at scale %g: %d projects, %d workers, built in %v\n", scale, projects, projects*benchWorkersPerProject,
				time.Since(built).Round(time.Millisecond))
			if kept != "" {
				storetest.Keep(b, p.s.db, kept)
				fmt.Printf("kept as database %s: run again with WAGEGUARD_BENCH_KEEP=%s to check a copy of it\n", kept, kept)
				return
			}
		}
		scan, rows := p.scan(b)
		ctx := service.WithCaller(context.Background(), service.System)
		var first, again *store.CheckRun
		var err error
		before, serverBefore := clusterNow(b, p.s.db), serverNow(b, p.s.db)
		heap := peakHeap(func() {
			if path := os.Getenv("WAGEGUARD_BENCH_CHECK_CPUPROFILE"); path != "" {
				f, ferr := os.Create(path)
				if ferr != nil {
					b.Fatal(ferr)
				}
				_ = pprof.StartCPUProfile(f)
				defer func() { pprof.StopCPUProfile(); f.Close() }()
			}
			writeAllocs(b, "WAGEGUARD_BENCH_CHECK_ALLOCPROFILE", ".base")
			first, err = p.s.svc.RunCheck(ctx, benchAsOf)
			writeAllocs(b, "WAGEGUARD_BENCH_CHECK_ALLOCPROFILE", "")
		})
		if err != nil {
			b.Fatal(err)
		}
		afterFirst, serverFirst := clusterNow(b, p.s.db), serverNow(b, p.s.db)
		if again, err = p.s.svc.RunCheck(ctx, benchAsOf); err != nil {
			b.Fatal(err)
		}
		afterAgain, serverAgain := clusterNow(b, p.s.db), serverNow(b, p.s.db)
		next, err := p.s.svc.RunCheck(ctx, benchAsOf.AddDays(1))
		if err != nil {
			b.Fatal(err)
		}
		serverNext := serverNow(b, p.s.db)
		scanAgain, _ := p.scan(b)
		scan = min(scan, scanAgain)
		reportCheck(b, first, again, scan, rows, heap)
		afterFirst.since(before, "the check", 0)
		afterAgain.since(afterFirst, "the same night again", 0)
		serverFirst.since(serverBefore, "the check")
		serverNext.since(serverAgain, "the next night")
		fmt.Printf("the next night:   %v = %.1f× the scan (every alert seen again is updated)\n", next.Duration, float64(next.Duration)/float64(scan))
		fmt.Printf("  its costs: read payments %v, payroll lines %v, attendance %v; write alerts %v\n",
			next.Timings.Reads["payments"].Round(time.Millisecond), next.Timings.Reads["payroll_lines"].Round(time.Millisecond),
			next.Timings.Reads["attendance"].Round(time.Millisecond), next.Timings.Write.Round(time.Millisecond))
		if p.projects != nil { // built by this run, not a kept copy
			benchCrossProjectReads(b, p)
		}
		if hold := os.Getenv("WAGEGUARD_BENCH_HOLD"); hold != "" {
			secs, _ := strconv.Atoi(hold)
			fmt.Printf("holding %s for %d s\n", p.s.db.URL(), secs)
			time.Sleep(time.Duration(secs) * time.Second)
		}
	}
}

// writeAllocs writes the allocations made so far (pprof's allocs profile)
// to the file named by the environment variable env, with suffix, when it
// is set: one before the first night (suffix ".base") and one after, for
// go tool pprof -sample_index=alloc_space -base.
func writeAllocs(b *testing.B, env, suffix string) {
	path := os.Getenv(env)
	if path == "" {
		return
	}
	f, err := os.Create(path + suffix)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

// keptProvince is a copy of the province kept as the database named by
// WAGEGUARD_BENCH_KEEP (with that name), nil (and the name) when none is
// kept yet: the run that builds it keeps it and checks nothing, later
// runs check copies of it, each as the first run would, without the
// minutes of building it (the inspector's reads are left out).
func keptProvince(b *testing.B) (*province, string) {
	name := os.Getenv("WAGEGUARD_BENCH_KEEP")
	if name == "" {
		return nil, ""
	}
	start := time.Now()
	db := storetest.CopyOf(b, name)
	if db == nil {
		return nil, name
	}
	// The copy's pages are written back before the night is measured, not
	// while it runs.
	syscall.Sync()
	fmt.Printf("\nprovince copied from %s in %v\n", name, time.Since(start).Round(time.Millisecond))
	svc := newService(b, db)
	if n, err := strconv.Atoi(os.Getenv("WAGEGUARD_BENCH_CHECK_BATCH")); err == nil {
		svc.CheckBatchSize = n
	}
	if n, err := strconv.Atoi(os.Getenv("WAGEGUARD_BENCH_CHECK_WORKER_MONTHS")); err == nil {
		svc.CheckBatchWorkerMonths = n
	}
	return &province{s: &benchSite{db: db, svc: svc}}, name
}

func reportCheck(b *testing.B, first, again *store.CheckRun, scan time.Duration, rows int64, heap uint64) {
	ratio, ratioAgain := float64(first.Duration)/float64(scan), float64(again.Duration)/float64(scan)
	b.ReportMetric(first.Duration.Seconds(), "check_s")
	b.ReportMetric(ratio, "check/scan")
	b.ReportMetric(ratioAgain, "rerun/scan")
	b.ReportMetric(float64(heap)/(1<<20), "peak_heap_MB")
	fmt.Printf("sequential scan:  %d attendance and payroll rows in %v\n", rows, scan.Round(time.Millisecond))
	fmt.Printf("nightly check:    %d projects in %v = %.1f× the scan (target ≤ 5×, < 60 s)\n", first.Projects, first.Duration, ratio)
	fmt.Printf("same night again: %v = %.1f× the scan (target ≤ 2×)\n", again.Duration, ratioAgain)
	fmt.Printf("peak heap:        %.0f MB (target < 500 MB)\n", float64(heap)/(1<<20))
	fmt.Println("cost, summed over the check's workers (first run):")
	type cost struct {
		name string
		d    time.Duration
	}
	var costs []cost
	for name, d := range first.Timings.Reads {
		costs = append(costs, cost{"read " + name, d})
	}
	for rule, d := range first.Timings.Rules {
		costs = append(costs, cost{"rule " + string(rule), d})
	}
	costs = append(costs, cost{"plan alerts", first.Timings.Plan}, cost{"write alerts", first.Timings.Write})
	slices.SortFunc(costs, func(a, b cost) int { return cmp.Compare(b.d, a.d) })
	for _, c := range costs {
		fmt.Printf("  %-28s %10v\n", c.name, c.d.Round(time.Microsecond))
	}
	fmt.Println("findings per rule (first run: found / opened):")
	for _, rule := range ledger.Rules {
		if c := first.Counts[rule]; c != nil {
			fmt.Printf("  %-20s %6d %6d\n", rule, c.Found, c.Opened)
		}
	}
}
