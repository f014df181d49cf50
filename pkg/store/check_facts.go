package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// CheckFacts reads what the nightly rules need of one project, a handful of
// set-based statements per project (never one per worker). Facts dated after
// asOf are left out where the date is in the row; the rules take every fact
// by its business date anyway.
// Attendance comes from its rollup per enrolment and month
// (attendance_months).
func CheckFacts(q Querier, project *ledger.Project, asOf ledger.Date) (*ledger.CheckFacts, error) {
	return CheckFactsTimed(q, project, asOf, nil)
}

// FactReader runs the read of one kind of fact (read), named: a caller that
// measures what each read costs wraps it.
type FactReader func(name string, read func() error) error

// CheckFactsTimed is CheckFacts with each read run through around.
func CheckFactsTimed(q Querier, project *ledger.Project, asOf ledger.Date, around FactReader) (*ledger.CheckFacts, error) {
	if around == nil {
		around = func(_ string, read func() error) error { return read() }
	}
	f := &ledger.CheckFacts{AsOf: asOf, Project: ledger.CheckProject{
		ID: project.ID, RegionCode: project.RegionCode, StartedOn: project.StartedOn,
		PayRule: project.PayRuleOf(), LabourCostCycle: project.LabourCostCycle}}
	if project.CompletedOn != nil {
		f.Project.CompletedOn = *project.CompletedOn
	}
	for _, r := range []struct {
		name string
		read func(Querier, *ledger.CheckFacts) error
	}{
		{"enrolments", readEnrolmentFacts}, {"attendance", readAttendanceFacts}, {"payrolls", readPayrollFacts},
		{"payroll_lines", readLineFacts}, {"payments", readPaymentFacts}, {"allocations", readAllocationFacts},
		{"guarantees", readGuaranteeFacts}, {"complaints", readComplaintFacts}, {"safety", readSafetyFacts},
	} {
		if err := around(r.name, func() error { return r.read(q, f) }); err != nil {
			return nil, fmt.Errorf("store: unable to read the facts of project %s: %w", project.ID, err)
		}
	}
	return f, nil
}

func readEnrolmentFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		ID         string      `db:"id"`
		WorkerID   string      `db:"worker_id"`
		EmployerID string      `db:"employer_id"`
		EnteredOn  ledger.Date `db:"entered_on"`
		ExitedOn   ledger.Date `db:"exited_on"`
		CardIndex  string      `db:"bank_card_index"`
		TradeCode  string      `db:"trade_code"`
	}
	if err := q.Select(&rows, `SELECT id, worker_id, employer_id, entered_on, exited_on, bank_card_index, trade_code FROM enrolments
		WHERE project_id = ? AND entered_on <= ? ORDER BY id`, f.Project.ID, f.AsOf); err != nil {
		return err
	}
	for _, r := range rows {
		f.Enrolments = append(f.Enrolments, ledger.EnrolmentFact{ID: r.ID, WorkerID: r.WorkerID, EmployerID: r.EmployerID,
			EnteredOn: r.EnteredOn, ExitedOn: r.ExitedOn, CardIndex: r.CardIndex, TradeCode: ledger.TradeCode(r.TradeCode)})
	}
	return nil
}

// readAttendanceFacts reads days worked per enrolment and month from the
// rollup (attendance_months), one row per worker and month up to the as-of
// date's month. A month whose last day worked is after the as-of date (a
// past night replayed) is counted again from its days up to that date, for
// those enrolments only.
func readAttendanceFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		EnrolmentID string        `db:"enrolment_id"`
		Period      ledger.Period `db:"period"`
		Days        int           `db:"days"`
		LastOn      ledger.Date   `db:"last_on"`
	}
	month := f.AsOf.Period()
	if err := q.Select(&rows, `SELECT enrolment_id, period, days, last_on FROM attendance_months WHERE project_id = ? AND period <= ?
		ORDER BY enrolment_id, period`, f.Project.ID, month.String()); err != nil {
		return err
	}
	var recount []string
	for _, r := range rows {
		if r.LastOn.After(f.AsOf) {
			recount = append(recount, r.EnrolmentID)
			continue
		}
		f.Attendance = append(f.Attendance, ledger.AttendanceFact{EnrolmentID: r.EnrolmentID, Period: r.Period, Days: r.Days, LastOn: r.LastOn})
	}
	return recountAttendance(q, f, recount)
}

// recountAttendance counts the as-of date's month from the days up to that
// date for the enrolments given.
func recountAttendance(q Querier, f *ledger.CheckFacts, enrolments []string) error {
	if len(enrolments) == 0 {
		return nil
	}
	month := f.AsOf.Period()
	for chunk := range slices.Chunk(enrolments, 500) {
		var rows []struct {
			EnrolmentID string      `db:"enrolment_id"`
			Days        int         `db:"days"`
			LastOn      ledger.Date `db:"last_on"`
		}
		in := "enrolment_id IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		args := []any{f.Project.ID, month.First(), f.AsOf}
		for _, e := range chunk {
			args = append(args, e)
		}
		if err := q.Select(&rows, `SELECT enrolment_id, COUNT(*) AS days, MAX(work_date) AS last_on FROM attendance WHERE project_id = ? AND work_date >= ? AND work_date <= ?
			AND centihours > 0 AND `+in+` GROUP BY enrolment_id ORDER BY enrolment_id`, args...); err != nil {
			return err
		}
		for _, r := range rows {
			f.Attendance = append(f.Attendance, ledger.AttendanceFact{EnrolmentID: r.EnrolmentID, Period: month, Days: r.Days, LastOn: r.LastOn})
		}
	}
	return nil
}

func readPayrollFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		ID          string               `db:"id"`
		EmployerID  string               `db:"employer_id"`
		Period      ledger.Period        `db:"period"`
		Kind        ledger.PayrollKind   `db:"kind"`
		Status      ledger.PayrollStatus `db:"status"`
		SubmittedAt timeColumn           `db:"submitted_at"`
		DecidedAt   *timeColumn          `db:"decided_at"`
	}
	if err := q.Select(&rows, `SELECT id, employer_id, period, kind, status, submitted_at, decided_at FROM payrolls
		WHERE project_id = ? ORDER BY id`, f.Project.ID); err != nil {
		return err
	}
	for _, r := range rows {
		p := ledger.PayrollFact{ID: r.ID, EmployerID: r.EmployerID, Period: r.Period, Kind: r.Kind, Status: r.Status,
			SubmittedOn: ledger.DateOf(r.SubmittedAt.Time)}
		if r.Status == ledger.PayrollApproved && r.DecidedAt != nil {
			p.ApprovedOn = ledger.DateOf(r.DecidedAt.Time)
		}
		f.Payrolls = append(f.Payrolls, p)
	}
	return nil
}

func readLineFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		PayrollID   string           `db:"payroll_id"`
		LineNo      int              `db:"line_no"`
		EnrolmentID string           `db:"enrolment_id"`
		Gross       ledger.Money     `db:"gross"`
		Net         ledger.Money     `db:"net"`
		AdvanceOf   ledger.AdvanceOf `db:"advance_of"`
	}
	if err := q.Select(&rows, `SELECT l.payroll_id, l.line_no, l.enrolment_id, l.gross, l.net, l.advance_of FROM payroll_lines l
		JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
		WHERE l.project_id = ? AND p.status = ? ORDER BY l.payroll_id, l.line_no`, f.Project.ID, string(ledger.PayrollApproved)); err != nil {
		return err
	}
	for _, r := range rows {
		f.Lines = append(f.Lines, ledger.LineFact{PayrollID: r.PayrollID, LineNo: r.LineNo, EnrolmentID: r.EnrolmentID, Gross: r.Gross, Net: r.Net, AdvanceOf: r.AdvanceOf})
	}
	return nil
}

func readPaymentFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		PayrollID      string                    `db:"payroll_id"`
		LineNo         int                       `db:"line_no"`
		InstructionID  string                    `db:"instruction_id"`
		ConfirmationID string                    `db:"id"`
		EntryID        *string                   `db:"entry_id"`
		Status         ledger.ConfirmationStatus `db:"status"`
		Amount         ledger.Money              `db:"amount"`
		SettledOn      ledger.Date               `db:"settled_on"`
		PaidFrom       string                    `db:"paid_from"`
	}
	// A drawdown's payment pays wage lines it superseded (the drawdown's
	// instructions name no line, only the worker and the period): it is
	// read a second time as a payment of each such line, up to the part of
	// the line the drawdown took over.
	if err := q.Select(&rows, `SELECT i.payroll_id, i.line_no, c.instruction_id, c.id, c.entry_id, c.status, c.amount, c.settled_on, i.paid_from
		FROM bank_confirmations c JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE c.project_id = ? AND c.settled_on <= ?
		UNION ALL
		SELECT w.payroll_id, w.line_no, c.instruction_id, c.id, c.entry_id, c.status,
			CASE WHEN c.amount < w.superseded_amount THEN c.amount ELSE w.superseded_amount END, c.settled_on, d.paid_from
		FROM bank_confirmations c JOIN instructions d ON d.project_id = c.project_id AND d.id = c.instruction_id
		JOIN instructions w ON w.project_id = d.project_id AND w.enrolment_id = d.enrolment_id AND w.period = d.period
			AND w.paid_from = '' AND w.superseded_amount > 0
		WHERE c.project_id = ? AND c.settled_on <= ? AND d.paid_from <> ''
		ORDER BY 8, 4`, f.Project.ID, f.AsOf, f.Project.ID, f.AsOf); err != nil {
		return err
	}
	for _, r := range rows {
		p := ledger.PaymentFact{PayrollID: r.PayrollID, LineNo: r.LineNo, InstructionID: r.InstructionID, ConfirmationID: r.ConfirmationID,
			Status: r.Status, Amount: r.Amount, SettledOn: r.SettledOn, FromGuarantee: r.PaidFrom != ""}
		if r.EntryID != nil {
			p.EntryID = *r.EntryID
		}
		f.Payments = append(f.Payments, p)
	}
	return nil
}

func readAllocationFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		ID         string       `db:"id"`
		Amount     ledger.Money `db:"amount"`
		ReceivedOn ledger.Date  `db:"received_on"`
		// AllocatedOn is NULL when the bank did not report it; a Date scans NULL as zero.
		AllocatedOn ledger.Date `db:"allocated_on"`
	}
	if err := q.Select(&rows, `SELECT id, amount, received_on, allocated_on FROM bank_inflows WHERE project_id = ? AND received_on <= ?
		ORDER BY received_on, id`, f.Project.ID, f.AsOf); err != nil {
		return err
	}
	for _, r := range rows {
		f.Allocations = append(f.Allocations, ledger.AllocationFact{ID: r.ID, Amount: r.Amount, ReceivedOn: r.ReceivedOn, AllocatedOn: r.AllocatedOn})
	}
	return nil
}

// CheckProjects reads every project that has started by asOf, by ID: the
// projects a night's check evaluates.
func CheckProjects(q Querier, asOf ledger.Date) ([]*ledger.Project, error) {
	var rows []projectRow
	if err := q.Select(&rows, `SELECT `+projectColumns+` FROM projects WHERE started_on <= ? ORDER BY id`, asOf); err != nil {
		return nil, fmt.Errorf("store: unable to list the projects to check: %w", err)
	}
	out := make([]*ledger.Project, len(rows))
	for i := range rows {
		out[i] = rows[i].project()
	}
	return out, nil
}

// readGuaranteeFacts reads the project's guarantees, then their drawdowns
// and top-ups together, two statements, and marks the guarantees known. A guarantee released after
// asOf still counts that night; a drawdown is a movement down on the day it
// was drawn, with the top-up deadline it recorded; a top-up one up on the
// day it was lodged.
func readGuaranteeFacts(q Querier, f *ledger.CheckFacts) error {
	gs, err := ProjectGuarantees(q, f.Project.ID)
	if err != nil {
		return err
	}
	// Drawdowns (down, with the top-up deadline they recorded) and top-ups
	// (up), in one statement.
	var moved []struct {
		ID          string       `db:"id"`
		GuaranteeID string       `db:"guarantee_id"`
		Amount      ledger.Money `db:"amount"`
		On          ledger.Date  `db:"on_date"`
		TopUpBy     ledger.Date  `db:"top_up_by"`
	}
	if err := q.Select(&moved, `SELECT id, guarantee_id, -amount AS amount, drawn_on AS on_date, top_up_by FROM guarantee_drawdowns
		WHERE project_id = ? AND drawn_on <= ?
		UNION ALL SELECT id, guarantee_id, amount, topped_up_on, NULL FROM guarantee_topups WHERE project_id = ? AND topped_up_on <= ?
		ORDER BY on_date, id`, f.Project.ID, f.AsOf, f.Project.ID, f.AsOf); err != nil {
		return err
	}
	moves := map[string][]ledger.GuaranteeMovement{}
	for _, m := range moved {
		moves[m.GuaranteeID] = append(moves[m.GuaranteeID], ledger.GuaranteeMovement{ID: m.ID, On: m.On, Amount: m.Amount, TopUpBy: m.TopUpBy})
	}
	f.Guarantees.Known = true
	for _, g := range gs {
		fact := ledger.GuaranteeFact{ID: g.ID, Letter: g.Form.IsInstrument(), Amount: g.Amount, ValidFrom: g.ValidFrom,
			Released: g.ReleasedOn != nil && !g.ReleasedOn.After(f.AsOf), Movements: moves[g.ID]}
		if g.ValidUntil != nil {
			fact.ValidUntil = *g.ValidUntil
		}
		f.Guarantees.Held = append(f.Guarantees.Held, fact)
	}
	return nil
}

// readComplaintFacts reads the project's complaints received by the as-of
// date, with the day each was refused or concluded.
func readComplaintFacts(q Querier, f *ledger.CheckFacts) error {
	var rows []struct {
		ID          string      `db:"id"`
		EnrolmentID string      `db:"enrolment_id"`
		Periods     string      `db:"periods"`
		Status      string      `db:"status"`
		ReceivedOn  ledger.Date `db:"received_on"`
		DecidedOn   ledger.Date `db:"decided_on"`
		ConcludedOn ledger.Date `db:"concluded_on"`
	}
	if err := q.Select(&rows, `SELECT id, enrolment_id, periods, status, received_on, decided_on, concluded_on FROM complaints
		WHERE project_id = ? AND received_on <= ? ORDER BY id`, f.Project.ID, f.AsOf); err != nil {
		return err
	}
	for _, r := range rows {
		c := ledger.ComplaintFact{ID: r.ID, EnrolmentID: r.EnrolmentID, ReceivedOn: r.ReceivedOn, ClosedOn: r.ConcludedOn}
		if ledger.ComplaintStatus(r.Status) == ledger.ComplaintRefused {
			c.ClosedOn = r.DecidedOn
		}
		for _, s := range strings.Split(r.Periods, ",") {
			if p, err := ledger.ParsePeriod(s); err == nil {
				c.Periods = append(c.Periods, p)
			}
		}
		f.Complaints = append(f.Complaints, c)
	}
	return nil
}
