package store

import (
	"errors"
	"fmt"
	"sync"

	"github.com/wageguard/wageguard/ledger"
)

// The workforce statistics read one row per enrolment of the projects in
// scope with five set-based statements, whatever the number of workers:
// the enrolments registered in the month (with the person's sex, birth
// month and region code, kept in clear for this at registration), the
// month's days on site (the attendance rollup), the wages due (approved
// payroll lines) and still owed (the wages_payable postings) for the month,
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

type workforceRow struct {
	ProjectID    string              `db:"project_id"`
	ID           string              `db:"id"`
	WorkerID     string              `db:"worker_id"`
	EmployerID   string              `db:"employer_id"`
	EmployerName string              `db:"employer_name"`
	Trade        string              `db:"trade"`
	TradeCode    ledger.TradeCode    `db:"trade_code"`
	ContractKind ledger.ContractKind `db:"contract_kind"`
	EnteredOn    ledger.Date         `db:"entered_on"`
	ExitedOn     ledger.Date         `db:"exited_on"`
	Gender       string              `db:"gender"`
	BirthMonth   string              `db:"birth_month"`
	RegionCode   string              `db:"region_code"`
}

const workforceSelect = `SELECT e.project_id, e.id, e.worker_id, e.employer_id, o.name AS employer_name, e.trade, e.trade_code, e.contract_kind,
	e.entered_on, e.exited_on, w.gender, w.birth_month, w.region_code
	FROM enrolments e JOIN projects p ON p.id = e.project_id JOIN worker_identities w ON w.id = e.worker_id
	JOIN organizations o ON o.id = e.employer_id WHERE `

type enrolmentKey struct{ project, enrolment string }

// WorkforceFacts reads the facts of the filter's month, one per enrolment,
// without the project's own fields (the caller adds them).
func WorkforceFacts(q Querier, f WorkforceFilter) ([]ledger.WorkforceFact, error) {
	// The four reads are independent: they run at once, each on its own
	// connection (a reader is a pool), the database working on one while
	// this process decodes another.
	where, args := f.statsWhere("p")
	var rows []workforceRow
	var days, due, owed map[enrolmentKey]int64
	var moves []workerMoves
	err := concurrently(q,
		func() error {
			if err := q.Select(&rows, workforceSelect+where+` AND e.entered_on <= ? AND (e.exited_on IS NULL OR e.exited_on >= ?)`,
				append(args, f.Period.Last(), f.Period.First())...); err != nil {
				return fmt.Errorf("store: unable to read the enrolments of the statistics: %w", err)
			}
			return nil
		},
		func() (err error) { days, err = workforceDays(q, f); return err },
		func() (err error) { due, owed, err = workforceMoney(q, f); return err },
		func() (err error) { moves, err = workforceMoves(q, f); return err })
	if err != nil {
		return nil, err
	}
	facts := make([]ledger.WorkforceFact, len(rows))
	at := make(map[enrolmentKey]int, len(rows))
	for i, r := range rows {
		facts[i] = r.fact()
		at[enrolmentKey{r.ProjectID, r.ID}] = i
	}
	var missing []enrolmentKey
	for _, m := range []map[enrolmentKey]int64{days, due, owed} {
		for k := range m {
			if _, ok := at[k]; !ok {
				at[k] = -1
				missing = append(missing, k)
			}
		}
	}
	if facts, err = addUnregistered(q, facts, at, missing); err != nil {
		return nil, err
	}
	applyMoves(moves, facts)
	for k, i := range at {
		if i >= 0 {
			facts[i].DaysOnSite, facts[i].Due, facts[i].Outstanding = int(days[k]), ledger.Money(due[k]), ledger.Money(owed[k])
		}
	}
	return facts, nil
}

func (r workforceRow) fact() ledger.WorkforceFact {
	return ledger.WorkforceFact{ProjectID: r.ProjectID, EmployerID: r.EmployerID, EmployerName: r.EmployerName, Trade: r.Trade,
		TradeCode: r.TradeCode, ContractKind: r.ContractKind, WorkerID: r.WorkerID, Gender: r.Gender, BirthMonth: r.BirthMonth,
		RegionCode: r.RegionCode, EnteredOn: r.EnteredOn, ExitedOn: r.ExitedOn}
}

type keyedSum struct {
	ProjectID   string `db:"project_id"`
	EnrolmentID string `db:"enrolment_id"`
	Sum         int64  `db:"total"`
}

func keyed(rows []keyedSum) map[enrolmentKey]int64 {
	m := make(map[enrolmentKey]int64, len(rows))
	for _, r := range rows {
		m[enrolmentKey{r.ProjectID, r.EnrolmentID}] = r.Sum
	}
	return m
}

// workforceDays is the month's days on site per enrolment, from the rollup.
func workforceDays(q Querier, f WorkforceFilter) (map[enrolmentKey]int64, error) {
	where, args := f.statsWhere("p")
	var rows []keyedSum
	if err := q.Select(&rows, `SELECT a.project_id, a.enrolment_id, a.days AS total FROM attendance_months a JOIN projects p ON p.id = a.project_id
		WHERE `+where+` AND a.period = ?`, append(args, f.Period.String())...); err != nil {
		return nil, fmt.Errorf("store: unable to read the attendance of the statistics: %w", err)
	}
	return keyed(rows), nil
}

// workforceMoney is the month's wages due (net pay of the lines of approved
// payrolls, less a general contractor's advance of wages already owed:
// that line pays the subcontractor's line, it is not owed twice, as the
// nightly check counts it) and still owed (the balance of wages_payable for the month) per
// enrolment, in one statement.
func workforceMoney(q Querier, f WorkforceFilter) (due, owed map[enrolmentKey]int64, err error) {
	where, args := f.statsWhere("p")
	var rows []struct {
		keyedSum
		Kind string `db:"kind"`
	}
	all := append(append(append([]any{}, args...), f.Period.String(), string(ledger.PayrollApproved), string(ledger.AdvanceOwed)), args...)
	if err := q.Select(&rows, `SELECT 'due' AS kind, l.project_id, l.enrolment_id, SUM(l.net) AS total FROM payroll_lines l
		JOIN payrolls y ON y.project_id = l.project_id AND y.id = l.payroll_id JOIN projects p ON p.id = l.project_id
		WHERE `+where+` AND y.period = ? AND y.status = ? AND l.advance_of <> ? GROUP BY l.project_id, l.enrolment_id
		UNION ALL
		SELECT 'owed' AS kind, g.project_id, g.account_ref AS enrolment_id, -SUM(g.amount) AS total FROM ledger_postings g
		JOIN projects p ON p.id = g.project_id WHERE `+where+` AND g.account_kind = ? AND g.period = ?
		GROUP BY g.project_id, g.account_ref`, append(all, string(ledger.WagesPayable), f.Period.String())...); err != nil {
		return nil, nil, fmt.Errorf("store: unable to read the wages of the statistics: %w", err)
	}
	due, owed = map[enrolmentKey]int64{}, map[enrolmentKey]int64{}
	for _, r := range rows {
		m := due
		if r.Kind == "owed" {
			m = owed
		}
		m[enrolmentKey{r.ProjectID, r.EnrolmentID}] = r.Sum
	}
	return due, owed, nil
}

// workerMoves is a person's earliest entry on a project in scope and
// whether they are enrolled in scope after the month.
type workerMoves struct {
	WorkerID     string      `db:"worker_id"`
	FirstEntered ledger.Date `db:"first_entered"`
	After        int         `db:"enrolled_after"`
}

// workforceMoves reads each person's earliest entry on a project in scope
// and whether they are enrolled in scope after the month, over every
// enrolment in scope (one statement): a person who moves between projects
// in scope neither enters nor exits (ledger.personMoves).
func workforceMoves(q Querier, f WorkforceFilter) ([]workerMoves, error) {
	where, args := f.statsWhere("p")
	var rows []workerMoves
	if err := q.Select(&rows, `SELECT e.worker_id, MIN(e.entered_on) AS first_entered,
		MAX(CASE WHEN e.exited_on IS NULL OR e.exited_on > ? THEN 1 ELSE 0 END) AS enrolled_after
		FROM enrolments e JOIN projects p ON p.id = e.project_id WHERE `+where+` GROUP BY e.worker_id`,
		append([]any{f.Period.Last()}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the entries and exits of the statistics: %w", err)
	}
	return rows, nil
}

// applyMoves gives each fact its person's moves.
func applyMoves(rows []workerMoves, facts []ledger.WorkforceFact) {
	byWorker := make(map[string]int, len(rows))
	for i, r := range rows {
		byWorker[r.WorkerID] = i
	}
	for i := range facts {
		if j, ok := byWorker[facts[i].WorkerID]; ok {
			facts[i].FirstEntered, facts[i].EnrolledAfter = rows[j].FirstEntered, rows[j].After == 1
		}
	}
}

// concurrently runs reads of q at once when q is a pool reader (a
// transaction's reads run one after another), and answers their errors.
func concurrently(q Querier, reads ...func() error) error {
	errs := make([]error, len(reads))
	if _, pool := q.(dbReader); !pool {
		for i, read := range reads {
			errs[i] = read()
		}
		return errors.Join(errs...)
	}
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = read()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// addUnregistered reads the enrolments that had days, wages due or wages
// owed in the month without being registered in it (a worker paid for a
// month after leaving, or a ghost), by key, 500 a statement.
func addUnregistered(q Querier, facts []ledger.WorkforceFact, at map[enrolmentKey]int, missing []enrolmentKey) ([]ledger.WorkforceFact, error) {
	for start := 0; start < len(missing); start += 500 {
		chunk := missing[start:min(start+500, len(missing))]
		cond, args := "", make([]any, 0, 2*len(chunk))
		for i, k := range chunk {
			if i > 0 {
				cond += " OR "
			}
			cond += "(e.project_id = ? AND e.id = ?)"
			args = append(args, k.project, k.enrolment)
		}
		var rows []workforceRow
		if err := q.Select(&rows, workforceSelect+"("+cond+")", args...); err != nil {
			return nil, fmt.Errorf("store: unable to read the enrolments of the statistics: %w", err)
		}
		for _, r := range rows {
			at[enrolmentKey{r.ProjectID, r.ID}] = len(facts)
			facts = append(facts, r.fact())
		}
	}
	return facts, nil
}

// WorkforceMonth is one month's wages due and still owed over the filter's projects.
type WorkforceMonth struct {
	Period ledger.Period
	Due    ledger.Money
	Owed   ledger.Money
}

// WorkforceMonths sums wages due and owed per month, from..to, in one statement.
func WorkforceMonths(q Querier, f WorkforceFilter, from, to ledger.Period) ([]WorkforceMonth, error) {
	where, args := f.statsWhere("p")
	type sum struct {
		Kind   string `db:"kind"`
		Period string `db:"period"`
		Total  int64  `db:"total"`
	}
	var sums []sum
	// A payroll's net total is its lines' net pay: the due of the months
	// is read from the payrolls, not their lines, but for an advance
	// payroll, whose lines paying wages other lines owe are not owed twice.
	all := append(append([]any{}, args...), from.String(), to.String(), string(ledger.PayrollApproved), string(ledger.PayrollAdvance))
	all = append(append(all, args...), from.String(), to.String(), string(ledger.PayrollApproved), string(ledger.PayrollAdvance), string(ledger.AdvanceOwed))
	all = append(all, args...)
	if err := q.Select(&sums, `SELECT 'due' AS kind, y.period, SUM(y.net_total) AS total FROM payrolls y JOIN projects p ON p.id = y.project_id
		WHERE `+where+` AND y.period >= ? AND y.period <= ? AND y.status = ? AND y.kind <> ? GROUP BY y.period
		UNION ALL
		SELECT 'due' AS kind, y.period, SUM(l.net) AS total FROM payroll_lines l
		JOIN payrolls y ON y.project_id = l.project_id AND y.id = l.payroll_id JOIN projects p ON p.id = l.project_id
		WHERE `+where+` AND y.period >= ? AND y.period <= ? AND y.status = ? AND y.kind = ? AND l.advance_of <> ? GROUP BY y.period
		UNION ALL
		SELECT 'owed' AS kind, g.period, -SUM(g.amount) AS total FROM ledger_postings g JOIN projects p ON p.id = g.project_id
		WHERE `+where+` AND g.account_kind = ? AND g.period >= ? AND g.period <= ? GROUP BY g.period`,
		append(all, string(ledger.WagesPayable), from.String(), to.String())...); err != nil {
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
