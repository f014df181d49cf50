package store

import (
	"fmt"
	"slices"

	"github.com/wageguard/wageguard/ledger"
)

// The workforce statistics read one row per enrolment of the projects in
// scope with five set-based statements, whatever the number of workers:
// the enrolments registered in the month (with the person's sex, birth
// month and region code, kept in clear for this at registration), the
// month's days on site (the attendance rollup), the wages due (approved
// payroll lines) and still owed (the wages_payable postings) for the month,
// both from their rollup (wage_months),
// and the enrolments that were paid or owed for the month without being
// registered in it. ledger.BuildWorkforceReport counts them.

// WorkforceFilter selects the projects and the month of the statistics.
type WorkforceFilter struct {
	Scope      Scope
	RegionCode string // a division code: its sub-divisions match too ("" all in scope)
	Period     ledger.Period
}

// statsWhere is the condition on projects alias a: a general contractor
// counts the projects it holds (not those it works on as a subcontractor).
func (f WorkforceFilter) statsWhere(a string) (string, []any) {
	where, args := f.Scope.projectsWhere(a)
	if f.Scope.Role == ledger.RoleContractor {
		where, args = a+".general_contractor_id = ?", []any{f.Scope.OrgID}
	}
	if f.RegionCode != "" {
		where += " AND " + a + ".region_code LIKE ?"
		args = append(args, ledger.RegionPrefix(f.RegionCode)+"%")
	}
	return where, args
}

// StatsProject is what the statistics need of a project.
type StatsProject struct {
	ID       string                 `db:"id"`
	Code     string                 `db:"code"`
	Name     string                 `db:"name"`
	Category ledger.ProjectCategory `db:"category"`
	PayDay   int                    `db:"pay_day"`
	PayMonth ledger.PayMonth        `db:"pay_month"`
}

// StatsProjects lists the projects the filter counts.
func StatsProjects(q Querier, f WorkforceFilter) ([]StatsProject, error) {
	where, args := f.statsWhere("p")
	var rows []StatsProject
	if err := q.Select(&rows, `SELECT p.id, p.code, p.name, p.category, p.pay_day, p.pay_month FROM projects p WHERE `+where+` ORDER BY p.id`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read the projects of the statistics: %w", err)
	}
	return rows, nil
}

// StatsProjectIDs are the projects' IDs, in order.
func StatsProjectIDs(projects []StatsProject) []string {
	ids := make([]string, len(projects))
	for i, p := range projects {
		ids[i] = p.ID
	}
	return ids
}

// StatsProjectFacts is what the statistics count with of a project that
// the database does not hold: whether the period's wages have fallen due
// there (the pay day, moved by the calendar, is before the as-of date) and
// the runs of the period's days its work-injury policies cover
// (ledger.InjuryCoverage.CoveredSpans).
type StatsProjectFacts struct {
	ID      string
	Overdue bool
	Covered [][2]ledger.Date
}

// tallyColumns are the sums of one group of tallies (ledger.WorkforceCell),
// from a relation whose columns are named as in workforceCellsQuery.
func tallyColumns(entries, exits string) string {
	return `SUM(reg) AS registered, SUM(onsite) AS on_site, SUM(paid_n) AS paid_n, SUM(` + entries + `) AS entries, SUM(` + exits + `) AS exits,
	SUM(labour) AS labour, SUM(written) AS written, SUM(insured) AS insured, SUM(payee) AS payees,
	SUM(due) AS due, SUM(paid) AS paid, SUM(owed) AS owed, SUM(overdue) AS overdue`
}

// workforceCellsQuery counts the period's enrolments in one statement and
// one pass over the enrolments in scope: am is each enrolment's days of the
// period (the attendance rollup) and wm its wages due and its wages_payable
// postings' sum (wage_months, whose rows the payroll approvals and postings
// keep: reading them replaced grouping the month's payroll lines and
// walking every month's postings of each project, which the account index
// orders account before month), each one row per enrolment, joined to it
// by hash; t each enrolment in scope with its person's sex, birth month and
// region code and its tally (as ledger.tallyOf: every tally of an enrolment
// that is no fact, neither registered in the period nor with days or wages
// in it, is zero), insured when one of its project's runs of covered days
// (cv, disjoint: at most one holds a stay) holds its stay in the period.
// pw is each person's tally with a fact: most people have one enrolment in
// scope, whose tally is theirs, so only the people of mw, with several,
// are grouped, their enrolments merged (ledger.tally.merge) and entries and
// exits read over all of them (ledger.personMoves); grouping every person
// cost a fifth of the statement at province size. The answer is the four
// sets of groups of ledger.WorkforceCells, a kind apart; an enrolment
// group is named after its employer once grouped. The enrolment and trade
// groups sum every row of t and keep the groups with a fact (HAVING), not
// the facts alone (WHERE): a row that is no fact adds zero to every sum,
// and the planner, which cannot tell how many rows are facts, guessed a
// few hundred and sorted 100,000 rows to group them where it now hashes.
// pj and cv are the projects' facts (StatsProjectFacts). Every read of a
// table names the projects (%[8]s to %[10]s: Dialect.inKeys of pj's) and the period, so
// that a district reads its own projects' month through the indexes by
// project and period, not the whole province's months. Sums of money are
// cast to BIGINT where they are made: PostgreSQL sums BIGINT into NUMERIC,
// whose per-person sums took five times the memory. The placeholders are,
// in order, those of pj and cv, then the attendance's and the wages'
// (each with its projects' first), the enrolments' projects and the scope; %[4]s and %[5]s are the period's first and last days.
const workforceCellsQuery = `WITH pj AS (SELECT project_id, overdue FROM %[1]s), cv AS (SELECT project_id, cover_from, cover_to FROM %[2]s),
am AS (SELECT a.project_id, a.enrolment_id, a.days FROM attendance_months a WHERE %[8]s AND a.period = ?),
wm AS (SELECT g.project_id, g.enrolment_id, g.due, g.payable FROM wage_months g WHERE %[9]s AND g.period = ?),
t AS (SELECT b.project_id, b.worker_id, b.gender, b.birth_month, b.region_code, b.employer_id, b.trade, b.trade_code, b.fact,
		b.entered_on, CASE WHEN b.exited_on IS NULL OR b.exited_on > %[5]s THEN 1 ELSE 0 END AS after_n,
		b.reg, CASE WHEN b.days > 0 THEN 1 ELSE 0 END AS onsite, b.due, b.owed,
		CASE WHEN b.due - b.owed > 0 THEN b.due - b.owed ELSE 0 END AS paid,
		CASE WHEN b.due - b.owed > 0 THEN 1 ELSE 0 END AS paid_n,
		CASE WHEN b.entered_on >= %[4]s AND b.entered_on <= %[5]s THEN 1 ELSE 0 END AS entry,
		CASE WHEN b.exited_on >= %[4]s AND b.exited_on <= %[5]s THEN 1 ELSE 0 END AS exit_n,
		CASE WHEN b.reg = 1 AND b.contract_kind = '` + string(ledger.LabourContract) + `' THEN 1 ELSE 0 END AS labour,
		CASE WHEN b.reg = 1 AND b.contract_kind <> '` + string(ledger.LabourContract) + `' THEN 1 ELSE 0 END AS written,
		CASE WHEN b.days > 0 AND b.stay_from <= b.stay_to AND cv.project_id IS NOT NULL THEN 1 ELSE 0 END AS insured,
		CASE WHEN b.due > 0 OR b.owed > 0 THEN 1 ELSE 0 END AS payee,
		CASE WHEN b.owed > 0 AND b.pay_day_passed = 1 THEN b.owed ELSE 0 END AS overdue
	FROM (SELECT e.project_id, e.id AS enrolment_id, e.worker_id, e.employer_id, e.trade, e.trade_code, e.contract_kind, e.entered_on, e.exited_on,
		w.gender, w.birth_month, w.region_code, pj.overdue AS pay_day_passed, COALESCE(am.days, 0) AS days, COALESCE(wm.due, 0) AS due, CASE WHEN wm.payable < 0 THEN -wm.payable ELSE 0 END AS owed,
		CASE WHEN e.entered_on <= %[5]s AND (e.exited_on IS NULL OR e.exited_on >= %[4]s) THEN 1 ELSE 0 END AS reg,
		CASE WHEN am.enrolment_id IS NOT NULL OR wm.enrolment_id IS NOT NULL OR (e.entered_on <= %[5]s AND (e.exited_on IS NULL OR e.exited_on >= %[4]s)) THEN 1 ELSE 0 END AS fact,
		CASE WHEN e.entered_on > %[4]s THEN e.entered_on ELSE %[4]s END AS stay_from,
		CASE WHEN e.exited_on IS NOT NULL AND e.exited_on < %[5]s THEN e.exited_on ELSE %[5]s END AS stay_to
	FROM enrolments e JOIN pj ON pj.project_id = e.project_id JOIN projects p ON p.id = e.project_id JOIN worker_identities w ON w.id = e.worker_id
	LEFT JOIN am ON am.project_id = e.project_id AND am.enrolment_id = e.id LEFT JOIN wm ON wm.project_id = e.project_id AND wm.enrolment_id = e.id
	WHERE %[10]s AND %[3]s) b
	LEFT JOIN cv ON cv.project_id = b.project_id AND cv.cover_from <= b.stay_from AND b.stay_to <= cv.cover_to),
mw AS (SELECT t.worker_id FROM t GROUP BY t.worker_id HAVING COUNT(*) > 1),
pw AS (SELECT t.gender, t.birth_month, t.region_code, t.reg, t.onsite, t.paid_n, t.entry AS entries, t.exit_n AS exits, t.labour, t.written,
		t.insured, t.payee AS payee, t.due, t.paid, t.owed, t.overdue
	FROM t WHERE t.fact = 1 AND t.worker_id NOT IN (SELECT worker_id FROM mw)
	UNION ALL SELECT t.gender, t.birth_month, t.region_code, MAX(t.reg), MAX(t.onsite), MAX(t.paid_n),
		CASE WHEN MAX(t.entry) = 1 AND MIN(t.entered_on) >= %[4]s THEN 1 ELSE 0 END,
		CASE WHEN MAX(t.exit_n) = 1 AND MAX(t.after_n) = 0 THEN 1 ELSE 0 END,
		MAX(t.labour), CASE WHEN MAX(t.labour) = 1 THEN 0 ELSE MAX(t.written) END, MAX(t.insured),
		MAX(t.payee), CAST(SUM(t.due) AS BIGINT), CAST(SUM(t.paid) AS BIGINT), CAST(SUM(t.owed) AS BIGINT), CAST(SUM(t.overdue) AS BIGINT)
	FROM t WHERE t.worker_id IN (SELECT worker_id FROM mw) GROUP BY t.worker_id, t.gender, t.birth_month, t.region_code HAVING MAX(t.fact) = 1)
SELECT 'enrolment' AS kind, c.project_id AS k1, c.employer_id AS k2, og.name AS k3, c.registered, c.on_site, c.paid_n, c.entries, c.exits,
	c.labour, c.written, c.insured, c.payees, c.due, c.paid, c.owed, c.overdue
	FROM (SELECT t.project_id, t.employer_id, %[6]s FROM t GROUP BY t.project_id, t.employer_id HAVING MAX(t.fact) = 1) c
	JOIN organizations og ON og.id = c.employer_id
UNION ALL SELECT 'trade', t.trade_code, t.trade, '', %[6]s FROM t GROUP BY t.trade_code, t.trade HAVING MAX(t.fact) = 1
UNION ALL SELECT 'person', pw.birth_month, pw.gender, '', %[7]s FROM pw GROUP BY pw.birth_month, pw.gender
UNION ALL SELECT 'origin', pw.region_code, '', '', %[7]s FROM pw GROUP BY pw.region_code`

type workforceCellRow struct {
	Kind       string `db:"kind"`
	K1         string `db:"k1"`
	K2         string `db:"k2"`
	K3         string `db:"k3"`
	Registered int    `db:"registered"`
	OnSite     int    `db:"on_site"`
	PaidN      int    `db:"paid_n"`
	Entries    int    `db:"entries"`
	Exits      int    `db:"exits"`
	Labour     int    `db:"labour"`
	Written    int    `db:"written"`
	Insured    int    `db:"insured"`
	Payees     int    `db:"payees"`
	Due        int64  `db:"due"`
	Paid       int64  `db:"paid"`
	Owed       int64  `db:"owed"`
	Overdue    int64  `db:"overdue"`
}

func (r *workforceCellRow) cell() ledger.WorkforceCell {
	var c ledger.WorkforceCell
	c.Counts[ledger.CountRegistered], c.Counts[ledger.CountOnSite], c.Counts[ledger.CountPaid] = r.Registered, r.OnSite, r.PaidN
	c.Counts[ledger.CountEntries], c.Counts[ledger.CountExits] = r.Entries, r.Exits
	c.Counts[ledger.CountLabourContracts], c.Counts[ledger.CountWrittenAgreements] = r.Labour, r.Written
	c.Counts[ledger.CountInjuryInsured], c.Counts[ledger.CountPayees] = r.Insured, r.Payees
	c.Money = ledger.WorkforceMoney{Due: ledger.Money(r.Due), Paid: ledger.Money(r.Paid), Owed: ledger.Money(r.Owed), Overdue: ledger.Money(r.Overdue)}
	return c
}

// WorkforceCells counts the filter's month in the database, set-based and
// in one statement whatever the number of workers (workforceCellsQuery):
// a few thousand groups come back, never a row per enrolment.
// projects are the filter's projects' facts (StatsProjectFacts); an
// enrolment cell carries its project's ID and its employer's ID and name,
// the caller adds the project's own fields.
func WorkforceCells(q Querier, f WorkforceFilter, projects []StatsProjectFacts) (ledger.WorkforceCells, error) {
	var out ledger.WorkforceCells
	if len(projects) == 0 {
		return out, nil
	}
	query, args, err := workforceCellsStatement(dialectOf(q), f, projects)
	if err != nil {
		return out, err
	}
	var rows []workforceCellRow
	if err := q.Select(&rows, query, args...); err != nil {
		return out, fmt.Errorf("store: unable to count the workforce statistics: %w", err)
	}
	for i := range rows {
		r := &rows[i]
		c := r.cell()
		switch r.Kind {
		case "enrolment":
			c.Of = ledger.WorkforceFact{ProjectID: r.K1, EmployerID: r.K2, EmployerName: r.K3}
			out.Enrolments = append(out.Enrolments, c)
		case "trade":
			c.Of = ledger.WorkforceFact{TradeCode: ledger.TradeCode(r.K1), Trade: r.K2}
			out.Trades = append(out.Trades, c)
		case "person":
			c.Of = ledger.WorkforceFact{BirthMonth: r.K1, Gender: r.K2}
			out.People = append(out.People, c)
		case "origin":
			c.Of = ledger.WorkforceFact{RegionCode: r.K1}
			out.Origins = append(out.Origins, c)
		}
	}
	return out, nil
}

// workforceCellsStatement is workforceCellsQuery for the filter and the
// projects' facts, with its arguments.
func workforceCellsStatement(d *Dialect, f WorkforceFilter, projects []StatsProjectFacts) (string, []any, error) {
	pjRows, cvRows := make([][]any, len(projects)), [][]any{{"", ledger.NewDate(9999, 12, 31), ledger.NewDate(1, 1, 1)}} // cv never empty: a span of no project
	ids := make([]string, len(projects))
	for i, p := range projects {
		pjRows[i], ids[i] = []any{p.ID, flagOf(p.Overdue)}, p.ID
		for _, span := range coveredRuns(p.Covered) {
			cvRows = append(cvRows, []any{p.ID, span[0], span[1]})
		}
	}
	if len(pjRows) > d.rowsPerSource(2, len(pjRows)) || len(cvRows) > d.rowsPerSource(3, len(cvRows)) {
		return "", nil, fmt.Errorf("store: the statistics of %d projects at once exceed what one statement carries", len(projects))
	}
	pj, pjArgs := d.rowsSource([]string{"project_id", "overdue"}, []string{"text", "integer"}, pjRows)
	cv, cvArgs := d.rowsSource([]string{"project_id", "cover_from", "cover_to"}, []string{"text", "date", "date"}, cvRows)
	where, scope := f.statsWhere("p")
	period := f.Period.String()
	// The projects' IDs again, as each read's condition (Dialect.inKeys;
	// SQLite reads them from pj).
	var in [3]string
	var inArgs [3][]any
	for i, column := range []string{"a.project_id", "g.project_id", "e.project_id"} {
		in[i], inArgs[i] = d.inKeys(column, ids, column+" IN (SELECT project_id FROM pj)")
	}
	args := append(append(append(pjArgs, cvArgs...), inArgs[0]...), period)
	args = append(append(args, inArgs[1]...), period)
	args = append(append(args, inArgs[2]...), scope...)
	first, last := d.dateLiteral(f.Period.First()), d.dateLiteral(f.Period.Last())
	return fmt.Sprintf(workforceCellsQuery, pj, cv, where, first, last, tallyColumns("entry", "exit_n"), tallyColumns("entries", "exits"),
		in[0], in[1], in[2]), args, nil
}

// coveredRuns are the days of spans as disjoint runs, in order: spans that
// overlap or meet are one run. ledger.InjuryCoverage.CoveredSpans gives
// them so already; workforceCellsQuery joins a stay to the one run that
// holds it, and two runs holding one stay would count it twice.
func coveredRuns(spans [][2]ledger.Date) [][2]ledger.Date {
	runs := slices.Clone(spans)
	slices.SortFunc(runs, func(a, b [2]ledger.Date) int {
		switch {
		case a[0].Before(b[0]):
			return -1
		case b[0].Before(a[0]):
			return 1
		}
		return 0
	})
	var out [][2]ledger.Date
	for _, r := range runs {
		if r[1].Before(r[0]) {
			continue
		}
		if n := len(out); n > 0 && !out[n-1][1].AddDays(1).Before(r[0]) {
			if out[n-1][1].Before(r[1]) {
				out[n-1][1] = r[1]
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func flagOf(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dialectOf is the dialect q speaks.
func dialectOf(q Querier) *Dialect {
	switch x := q.(type) {
	case dbReader:
		return x.db.Dialect
	case *Tx:
		return x.d
	}
	panic(fmt.Sprintf("store: %T speaks no known dialect", q))
}

// statsProjectsIn is the condition that column names one of the filter's
// projects, with its arguments: their IDs (Dialect.inKeys: = ANY on
// PostgreSQL, which it probes by index); on SQLite the filter's projects
// read again.
func statsProjectsIn(d *Dialect, f WorkforceFilter, column string, projectIDs []string) (string, []any) {
	where, args := f.statsWhere("p")
	if in, ids := d.inKeys(column, projectIDs, ""); in != "" {
		return in, ids
	}
	return column + " IN (SELECT p.id FROM projects p WHERE " + where + ")", args
}

// WorkforceMonth is one month's wages due and still owed over the filter's projects.
type WorkforceMonth struct {
	Period ledger.Period
	Due    ledger.Money
	Owed   ledger.Money
}

// WorkforceMonths sums wages due and owed per month, from..to, over the
// filter's projects (projectIDs, as StatsProjects lists them), in one
// statement; owed from the enrolments' months (wage_months: one row per
// enrolment and month where the postings are several). Each read names the projects (statsProjectsIn), so that a
// district reads its own projects' payrolls and postings, not the
// province's, and no row is joined to its project: at province size the
// six months' postings are 1.2 million rows, whose join to the projects
// cost as much as reading them.
func WorkforceMonths(q Querier, f WorkforceFilter, projectIDs []string, from, to ledger.Period) ([]WorkforceMonth, error) {
	d := dialectOf(q)
	var in [3]string
	var inArgs [3][]any
	for i, column := range []string{"y.project_id", "l.project_id", "g.project_id"} {
		in[i], inArgs[i] = statsProjectsIn(d, f, column, projectIDs)
	}
	type sum struct {
		Kind   string `db:"kind"`
		Period string `db:"period"`
		Total  int64  `db:"total"`
	}
	var sums []sum
	// A payroll's net total is its lines' net pay: the due of the months
	// is read from the payrolls, not their lines, but for an advance
	// payroll, whose lines paying wages other lines owe are not owed twice.
	all := append(append([]any{}, inArgs[0]...), from.String(), to.String(), string(ledger.PayrollApproved), string(ledger.PayrollAdvance))
	all = append(append(all, inArgs[1]...), from.String(), to.String(), string(ledger.PayrollApproved), string(ledger.PayrollAdvance),
		string(ledger.AdvanceOwed))
	all = append(append(all, inArgs[2]...), from.String(), to.String())
	if err := q.Select(&sums, `SELECT 'due' AS kind, y.period, SUM(y.net_total) AS total FROM payrolls y
		WHERE `+in[0]+` AND y.period >= ? AND y.period <= ? AND y.status = ? AND y.kind <> ? GROUP BY y.period
		UNION ALL
		SELECT 'due' AS kind, y.period, SUM(l.net) AS total FROM payroll_lines l
		JOIN payrolls y ON y.project_id = l.project_id AND y.id = l.payroll_id
		WHERE `+in[1]+` AND y.period >= ? AND y.period <= ? AND y.status = ? AND y.kind = ? AND l.advance_of <> ? GROUP BY y.period
		UNION ALL
		SELECT 'owed' AS kind, g.period, -SUM(g.payable) AS total FROM wage_months g
		WHERE `+in[2]+` AND g.period >= ? AND g.period <= ? GROUP BY g.period`, all...); err != nil {
		return nil, fmt.Errorf("store: unable to read the wages by month: %w", err)
	}
	byPeriod := map[string]*WorkforceMonth{}
	var out []WorkforceMonth
	for p := from; !p.First().After(to.First()); p = p.Last().AddDays(1).Period() {
		out = append(out, WorkforceMonth{Period: p})
	}
	for i := range out {
		byPeriod[out[i].Period.String()] = &out[i]
	}
	for _, x := range sums {
		switch m := byPeriod[x.Period]; {
		case m == nil:
		case x.Kind == "due":
			m.Due += ledger.Money(x.Total)
		default:
			m.Owed = ledger.Money(x.Total)
		}
	}
	return out, nil
}
