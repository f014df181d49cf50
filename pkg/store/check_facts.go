package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// CheckFacts reads what the nightly rules need of one project: CheckBatch
// of one.
func CheckFacts(q Querier, project *ledger.Project, asOf ledger.Date) (*ledger.CheckFacts, error) {
	return CheckFactsTimed(q, project, asOf, nil)
}

// FactReader runs the read of one kind of fact (read), named: a caller that
// measures what each read costs wraps it.
type FactReader func(name string, read func() error) error

// CheckFactsTimed is CheckFacts with each read run through around.
func CheckFactsTimed(q Querier, project *ledger.Project, asOf ledger.Date, around FactReader) (*ledger.CheckFacts, error) {
	fs, err := CheckBatch(q, []*ledger.Project{project}, asOf, around)
	if err != nil {
		return nil, err
	}
	return fs[0], nil
}

// MaxCheckBatch bounds the projects CheckBatch reads at once (the IN lists
// it writes).
const MaxCheckBatch = 200

// CheckBatch reads what the nightly rules need of a batch of projects, one
// set-based statement per kind of fact for the whole batch (never one per
// project, never one per worker). Attendance, payroll lines and payments,
// most of what is read, come in no particular order (the rules key them by
// worker and month, by line, and sort what they report): sorting them cost
// the database as much as reading them. Those three reads and the
// enrolments' come each as one text per project (Dialect.packedGroups): a row apiece, 1.8 million of them
// a province's night, cost both ends more than their text. Facts dated
// after asOf are left out where the date is in the row; the rules take
// every fact by its business date anyway.
// Attendance comes from its rollup per enrolment and month
// (attendance_months). The facts are returned in the order of projects.
func CheckBatch(q Querier, projects []*ledger.Project, asOf ledger.Date, around FactReader) ([]*ledger.CheckFacts, error) {
	if len(projects) > MaxCheckBatch {
		return nil, fmt.Errorf("store: a batch of %d projects is more than %d", len(projects), MaxCheckBatch)
	}
	if around == nil {
		around = func(_ string, read func() error) error { return read() }
	}
	b := &factBatch{asOf: asOf, of: make(map[string]*ledger.CheckFacts, len(projects)), months: make(map[string]int, len(projects))}
	out := make([]*ledger.CheckFacts, len(projects))
	for i, project := range projects {
		f := &ledger.CheckFacts{AsOf: asOf, Project: ledger.CheckProject{
			ID: project.ID, RegionCode: project.RegionCode, StartedOn: project.StartedOn,
			PayRule: project.PayRuleOf(), LabourCostCycle: project.LabourCostCycle}}
		if project.CompletedOn != nil {
			f.Project.CompletedOn = *project.CompletedOn
		}
		out[i], b.of[project.ID] = f, f
		b.ids = append(b.ids, project.ID)
	}
	if len(projects) == 0 {
		return out, nil
	}
	for _, r := range []struct {
		name string
		read func(Querier, *factBatch) error
	}{
		{"enrolments", readEnrolmentFacts}, {"attendance", readAttendanceFacts}, {"payrolls", readPayrollFacts},
		{"payroll_lines", readLineFacts}, {"payments", readPaymentFacts}, {"allocations", readAllocationFacts},
		{"guarantees", readGuaranteeFacts}, {"complaints", readComplaintFacts}, {"safety", readSafetyFacts},
	} {
		if err := around(r.name, func() error { return r.read(q, b) }); err != nil {
			if len(projects) == 1 {
				return nil, fmt.Errorf("store: unable to read the facts of project %s: %w", projects[0].ID, err)
			}
			return nil, fmt.Errorf("store: unable to read the facts of projects %s to %s: %w", projects[0].ID, projects[len(projects)-1].ID, err)
		}
	}
	return out, nil
}

// factBatch is a batch of projects being read: their IDs, and each one's
// facts by ID.
type factBatch struct {
	asOf ledger.Date
	ids  []string
	of   map[string]*ledger.CheckFacts
	// months is each project's months worked as its enrolments say (each
	// enrolment's months from entry to exit or the as-of date): about how
	// many attendance rows, payroll lines and payments it has, which each
	// is allocated for at its first row. Grown one row at a time, a
	// province's 1.8 million of them were copied about twice over.
	months map[string]int
}

// workerMonths is how many months the enrolments were on the project up
// to asOf, counting each month entered or left in.
func workerMonths(es []ledger.EnrolmentFact, asOf ledger.Date) int {
	n := 0
	for _, e := range es {
		until := asOf
		if !e.ExitedOn.IsZero() && e.ExitedOn.Before(asOf) {
			until = e.ExitedOn
		}
		from, to := e.EnteredOn.Period(), until.Period()
		if m := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1; m > 0 {
			n += m
		}
	}
	return n
}

// grown is facts with room for the project's months worked (b.months)
// when it has none yet.
func grown[T any](facts []T, months int) []T {
	if facts == nil && months > 0 {
		return make([]T, 0, months)
	}
	return facts
}

// in is "column IN (?, ...)" over the batch's project IDs, with its
// arguments (a batch is at most MaxCheckBatch projects).
func (b *factBatch) in(column string) (string, []any) {
	return column + " IN (" + placeholders(len(b.ids)) + ")", anys(b.ids)
}

func readEnrolmentFacts(q Querier, b *factBatch) error {
	in, args := b.in("project_id")
	err := scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("project_id", "", "id", "worker_id", "employer_id", "entered_on", "exited_on",
		"bank_card_index", "trade_code")+` FROM enrolments WHERE `+in+` AND entered_on <= ? GROUP BY project_id`, append(args, b.asOf), 7,
		func(project string) func(*packedRow) {
			f := b.of[project]
			return func(r *packedRow) {
				f.Enrolments = append(f.Enrolments, ledger.EnrolmentFact{ID: r.str(0), WorkerID: r.str(1), EmployerID: r.str(2), EnteredOn: r.date(3),
					ExitedOn: r.date(4), CardIndex: r.str(5), TradeCode: ledger.TradeCode(r.str(6))})
			}
		})
	for id, f := range b.of {
		// In ID order, sorted here: ordered inside the server's aggregate,
		// the read cost it 40% more.
		slices.SortFunc(f.Enrolments, func(a, b ledger.EnrolmentFact) int { return strings.Compare(a.ID, b.ID) })
		b.months[id] = workerMonths(f.Enrolments, b.asOf)
	}
	return err
}

// readAttendanceFacts reads days worked per enrolment and month from the
// rollup (attendance_months), one row per worker and month up to the as-of
// date's month: the days themselves (day_mask), which say how many and the
// last (ledger.AttendanceOfDays). A month whose last day worked is after the as-of date (a
// past night replayed) is counted again from its days up to that date, for
// those enrolments only.
func readAttendanceFacts(q Querier, b *factBatch) error {
	in, args := b.in("project_id")
	recount := map[string][]string{}
	if err := scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("project_id", "", "enrolment_id", "period", "day_mask")+`
		FROM attendance_months WHERE `+in+` AND period <= ? GROUP BY project_id`, append(args, b.asOf.Period().String()), 3, func(project string) func(*packedRow) {
		f := b.of[project]
		months := b.months[project]
		return func(r *packedRow) {
			a := ledger.AttendanceOfDays(r.str(0), r.period(1), uint32(r.int(2)))
			if a.LastOn.After(b.asOf) {
				recount[project] = append(recount[project], a.EnrolmentID)
				return
			}
			f.Attendance = append(grown(f.Attendance, months), a)
		}
	}); err != nil {
		return err
	}
	for _, id := range b.ids {
		if err := recountAttendance(q, b.of[id], recount[id]); err != nil {
			return err
		}
	}
	return nil
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
			Worked      int64       `db:"day_mask"`
		}
		in := "enrolment_id IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		args := []any{f.Project.ID, month.First(), f.AsOf}
		for _, e := range chunk {
			args = append(args, e)
		}
		if err := q.Select(&rows, `SELECT enrolment_id, COUNT(*) AS days, MAX(work_date) AS last_on, `+attendanceDayMask("work_date")+` AS day_mask FROM attendance WHERE project_id = ? AND work_date >= ? AND work_date <= ?
			AND centihours > 0 AND `+in+` GROUP BY enrolment_id ORDER BY enrolment_id`, args...); err != nil {
			return err
		}
		for _, r := range rows {
			f.Attendance = append(f.Attendance, ledger.AttendanceFact{EnrolmentID: r.EnrolmentID, Period: month, Days: r.Days, LastOn: r.LastOn,
				Worked: uint32(r.Worked)})
		}
	}
	return nil
}

func readPayrollFacts(q Querier, b *factBatch) error {
	var rows []struct {
		ProjectID   string               `db:"project_id"`
		ID          string               `db:"id"`
		EmployerID  string               `db:"employer_id"`
		Period      ledger.Period        `db:"period"`
		Kind        ledger.PayrollKind   `db:"kind"`
		Status      ledger.PayrollStatus `db:"status"`
		SubmittedAt timeColumn           `db:"submitted_at"`
		DecidedAt   *timeColumn          `db:"decided_at"`
	}
	in, args := b.in("project_id")
	if err := q.Select(&rows, `SELECT project_id, id, employer_id, period, kind, status, submitted_at, decided_at FROM payrolls
		WHERE `+in+` ORDER BY project_id, id`, args...); err != nil {
		return err
	}
	for _, r := range rows {
		p := ledger.PayrollFact{ID: r.ID, EmployerID: r.EmployerID, Period: r.Period, Kind: r.Kind, Status: r.Status,
			SubmittedOn: ledger.DateOf(r.SubmittedAt.Time)}
		if r.Status == ledger.PayrollApproved && r.DecidedAt != nil {
			p.ApprovedOn = ledger.DateOf(r.DecidedAt.Time)
		}
		f := b.of[r.ProjectID]
		f.Payrolls = append(f.Payrolls, p)
	}
	return nil
}

// readLineFacts reads the lines of the batch's approved payrolls, read
// before them (readPayrollFacts): every line of the batch, kept when its
// payroll is approved, rather than joined to the payrolls by the database.
func readLineFacts(q Querier, b *factBatch) error {
	type key struct{ project, payroll string }
	approved := map[key]bool{}
	for project, f := range b.of {
		for _, p := range f.Payrolls {
			approved[key{project, p.ID}] = p.Status == ledger.PayrollApproved
		}
	}
	var last key // lines mostly come a payroll at a time: the last answer is kept
	var keep bool
	in, args := b.in("project_id")
	return scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("project_id", "", "payroll_id", "line_no", "enrolment_id", "gross", "net", "advance_of")+`
		FROM payroll_lines WHERE `+in+` GROUP BY project_id`, args, 6, func(project string) func(*packedRow) {
		f := b.of[project]
		months := b.months[project]
		return func(r *packedRow) {
			if k := (key{project, r.str(0)}); k != last {
				last, keep = k, approved[k]
			}
			if keep {
				f.Lines = append(grown(f.Lines, months), ledger.LineFact{PayrollID: r.str(0), LineNo: int(r.int(1)), EnrolmentID: r.str(2), Gross: ledger.Money(r.int(3)),
					Net: ledger.Money(r.int(4)), AdvanceOf: ledger.AdvanceOf(r.str(5))})
			}
		}
	})
}

// paymentRow is one payment fact as read, with its project.
type paymentRow struct {
	ProjectID      string                    `db:"project_id"`
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

// readPaymentFacts reads every bank result of the batch's instructions.
// Only a project that has a guarantee drawdown's instruction (paid_from
// set: few, found by a partial index) needs the join of the results to
// their instructions (paymentsWithDrawdowns); the others' results are read
// alone (plainPayments).
func readPaymentFacts(q Querier, b *factBatch) error {
	var drawn []string
	in, args := b.in("project_id")
	if err := q.Select(&drawn, `SELECT DISTINCT project_id FROM payment_instructions WHERE `+in+` AND paid_from <> ''
		ORDER BY project_id`, args...); err != nil {
		return err
	}
	if plain := slices.DeleteFunc(slices.Clone(b.ids), func(id string) bool { return slices.Contains(drawn, id) }); len(plain) > 0 {
		if err := plainPayments(q, b, plain); err != nil {
			return err
		}
	}
	if len(drawn) == 0 {
		return nil
	}
	rows, err := paymentsWithDrawdowns(q, drawn, b.asOf)
	if err != nil {
		return err
	}
	for _, r := range rows {
		p := ledger.PaymentFact{PayrollID: r.PayrollID, LineNo: r.LineNo, InstructionID: r.InstructionID, ConfirmationID: r.ConfirmationID,
			Status: r.Status, Amount: r.Amount, SettledOn: r.SettledOn, FromGuarantee: r.PaidFrom != ""}
		if r.EntryID != nil {
			p.EntryID = *r.EntryID
		}
		f := b.of[r.ProjectID]
		f.Payments = append(f.Payments, p)
	}
	return nil
}

// plainPayments reads the bank results of projects without a drawdown from
// their covering index alone (migration 0036), each one's line read from
// its instruction's ID (ledger.LineOfInstruction) rather than by joining
// every result to its instruction: the join read another index of every
// instruction and cost the server a third of the read. A result whose
// instruction's ID names no payroll of its project (a re-issued
// instruction) has its line read from the instruction (linesOfInstructions);
// one whose instruction is not there is left out, as the join left it out
// (bank results are recorded only for an instruction of the project, and
// instructions are never deleted, so none is; a result that names no line
// can pay none).
func plainPayments(q Querier, b *factBatch, projects []string) error {
	parts := payrollParts(b, projects)
	type unnamed struct {
		project string
		at      int // in the project's payments
	}
	var ask []unnamed
	in, args := inList("project_id", projects)
	err := scanPackedGroups(q, `SELECT `+dialectOf(q).packedGroups("project_id", "", "instruction_id", "id", "entry_id", "status", "amount", "settled_on")+`
		FROM bank_confirmations WHERE `+in+` AND settled_on <= ? GROUP BY project_id`, append(args, b.asOf), 6, func(project string) func(*packedRow) {
		f, payrollOf := b.of[project], parts[project]
		months := b.months[project]
		return func(r *packedRow) {
			p := ledger.PaymentFact{InstructionID: r.str(0), ConfirmationID: r.str(1), EntryID: r.str(2), Status: ledger.ConfirmationStatus(r.str(3)),
				Amount: ledger.Money(r.int(4)), SettledOn: r.date(5)} // EntryID "" when NULL
			part, line, ok := ledger.LineOfInstruction(p.InstructionID)
			if payroll := payrollOf[part]; ok && payroll != "" {
				p.PayrollID, p.LineNo = payroll, line
			} else {
				ask = append(ask, unnamed{project, len(f.Payments)})
			}
			f.Payments = append(grown(f.Payments, months), p)
		}
	})
	if err != nil || len(ask) == 0 {
		return err
	}
	var projectsAsking, ids []string
	for _, u := range ask {
		if !slices.Contains(projectsAsking, u.project) {
			projectsAsking = append(projectsAsking, u.project)
		}
		ids = append(ids, b.of[u.project].Payments[u.at].InstructionID)
	}
	lines, err := linesOfInstructions(q, projectsAsking, ids)
	if err != nil {
		return err
	}
	for i := len(ask) - 1; i >= 0; i-- { // from the last, so that leaving one out moves none still to come
		u := ask[i]
		f := b.of[u.project]
		p := &f.Payments[u.at]
		l, ok := lines[[2]string{u.project, p.InstructionID}]
		if !ok {
			f.Payments = slices.Delete(f.Payments, u.at, u.at+1)
			continue
		}
		p.PayrollID, p.LineNo, p.FromGuarantee = l.PayrollID, l.LineNo, l.PaidFrom != ""
	}
	return nil
}

// payrollParts is, for each project, its payrolls by the part of their IDs
// their instructions' IDs hold (ledger.PayrollPart). A part two payrolls
// share names neither: their instructions are asked.
func payrollParts(b *factBatch, projects []string) map[string]map[string]string {
	out := make(map[string]map[string]string, len(projects))
	for _, id := range projects {
		parts := make(map[string]string, len(b.of[id].Payrolls))
		for _, p := range b.of[id].Payrolls {
			part := ledger.PayrollPart(p.ID)
			if _, twice := parts[part]; twice {
				parts[part] = ""
				continue
			}
			parts[part] = p.ID
		}
		out[id] = parts
	}
	return out
}

// linesOfInstructions reads the payroll, line and paying account of the
// instructions given of the projects given, by project and ID: the few a
// bank result names by an ID that holds no line, in one statement for the
// batch (a few for more than 500).
func linesOfInstructions(q Querier, projects, ids []string) (map[[2]string]paymentRow, error) {
	out := map[[2]string]paymentRow{}
	inP, args := inList("project_id", projects)
	for chunk := range slices.Chunk(ids, 500) {
		var rows []paymentRow
		inI, idArgs := inList("id", chunk)
		if err := q.Select(&rows, `SELECT project_id, id AS instruction_id, payroll_id, line_no, paid_from FROM payment_instructions
			WHERE `+inP+` AND `+inI, slices.Concat(args, idArgs)...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[[2]string{r.ProjectID, r.InstructionID}] = r
		}
	}
	return out, nil
}

// inList is "column IN (?, ...)" over ids, with its arguments.
func inList(column string, ids []string) (string, []any) {
	return column + " IN (" + placeholders(len(ids)) + ")", anys(ids)
}

// paymentsWithDrawdowns reads the payments of projects that have a
// guarantee drawdown's instructions. A drawdown's payment pays wage lines
// it superseded (the drawdown's instructions name no line, only the worker
// and the period): it is read a second time as a payment of each such
// line, up to the part of the line the drawdown took over. Every table is
// held to the projects by its own IN list: PostgreSQL carries a
// project_id = ? across the joins, never an IN list, and read every
// instruction's state of the database for the second part.
func paymentsWithDrawdowns(q Querier, projects []string, asOf ledger.Date) ([]paymentRow, error) {
	inC, args := inList("c.project_id", projects)
	inI, _ := inList("i.project_id", projects)
	inD, _ := inList("di.project_id", projects)
	inDS, _ := inList("ds.project_id", projects)
	inW, _ := inList("wi.project_id", projects)
	inWS, _ := inList("ws.project_id", projects)
	var rows []paymentRow
	err := q.Select(&rows, `SELECT c.project_id, i.payroll_id, i.line_no, c.instruction_id, c.id, c.entry_id, c.status, c.amount, c.settled_on, i.paid_from
		FROM bank_confirmations c JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE `+inC+` AND `+inI+` AND c.settled_on <= ?
		UNION ALL
		SELECT c.project_id, wi.payroll_id, wi.line_no, c.instruction_id, c.id, c.entry_id, c.status,
			CASE WHEN c.amount < ws.superseded_amount THEN c.amount ELSE ws.superseded_amount END, c.settled_on, di.paid_from
		FROM bank_confirmations c
		JOIN payment_instructions di ON di.project_id = c.project_id AND di.id = c.instruction_id
		JOIN instruction_states ds ON ds.project_id = di.project_id AND ds.instruction_id = di.id
		JOIN payment_instructions wi ON wi.project_id = di.project_id AND wi.enrolment_id = di.enrolment_id AND wi.period = di.period
			AND wi.paid_from = ''
		JOIN instruction_states ws ON ws.project_id = wi.project_id AND ws.instruction_id = wi.id AND ws.superseded_amount > 0
		WHERE `+inC+` AND `+inD+` AND `+inDS+` AND `+inW+` AND `+inWS+` AND c.settled_on <= ? AND di.paid_from <> ''
		ORDER BY 1, 9, 5`, slices.Concat(args, args, []any{asOf}, args, args, args, args, args, []any{asOf})...)
	return rows, err
}

func readAllocationFacts(q Querier, b *factBatch) error {
	var rows []struct {
		ProjectID  string       `db:"project_id"`
		ID         string       `db:"id"`
		Amount     ledger.Money `db:"amount"`
		ReceivedOn ledger.Date  `db:"received_on"`
		// AllocatedOn is NULL when the bank did not report it; a Date scans NULL as zero.
		AllocatedOn ledger.Date `db:"allocated_on"`
	}
	in, args := b.in("project_id")
	if err := q.Select(&rows, `SELECT project_id, id, amount, received_on, allocated_on FROM bank_inflows WHERE `+in+` AND received_on <= ?
		ORDER BY project_id, received_on, id`, append(args, b.asOf)...); err != nil {
		return err
	}
	for _, r := range rows {
		f := b.of[r.ProjectID]
		f.Allocations = append(f.Allocations, ledger.AllocationFact{ID: r.ID, Amount: r.Amount, ReceivedOn: r.ReceivedOn, AllocatedOn: r.AllocatedOn})
	}
	return nil
}

// CheckProjects reads every project that has started by asOf, by ID: the
// projects a night's check evaluates.
func CheckProjects(q Querier, asOf ledger.Date) ([]*ledger.Project, error) {
	shards, args, err := everyProjectOnShards(q, "id")
	if err != nil {
		return nil, err
	}
	var rows []projectRow
	if err := q.Select(&rows, `SELECT `+projectColumns+` FROM projects WHERE started_on <= ?`+shards+` ORDER BY id`, append([]any{asOf}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to list the projects to check: %w", err)
	}
	out := make([]*ledger.Project, len(rows))
	for i := range rows {
		out[i] = rows[i].project()
	}
	return out, nil
}

// Headcounts reads how many enrolments each project has, every one it ever
// had, whatever the date: what the nightly check sizes its batches by
// (ledger.CheckWeight). A project with none is left out. One statement
// over every project's enrolments (21 ms a night on the province
// benchmark's 100,000).
func Headcounts(q Querier) (map[string]int, error) {
	var rows []struct {
		ProjectID string `db:"project_id"`
		N         int    `db:"n"`
	}
	if err := q.Select(&rows, `SELECT project_id, COUNT(*) AS n FROM enrolments GROUP BY project_id`); err != nil {
		return nil, fmt.Errorf("store: unable to count the projects' enrolments: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ProjectID] = r.N
	}
	return out, nil
}

// readGuaranteeFacts reads the batch's guarantees, then their drawdowns
// and top-ups together, two statements, and marks the guarantees known. A
// guarantee released after asOf still counts that night; a drawdown is a
// movement down on the day it was drawn, with the top-up deadline it
// recorded; a top-up one up on the day it was lodged.
func readGuaranteeFacts(q Querier, b *factBatch) error {
	in, args := b.in("g.project_id")
	gs, err := selectGuarantees(q, b.ids, `WHERE `+in+` ORDER BY g.project_id, g.created_at, g.id`, args...)
	if err != nil {
		return err
	}
	// Drawdowns (down, with the top-up deadline they recorded) and top-ups
	// (up), in one statement: the union from a subquery, which a Citus
	// cluster runs on the batch's shards as one task each rather than part
	// by part through the coordinator (the same plan on one server).
	var moved []struct {
		ProjectID   string       `db:"project_id"`
		ID          string       `db:"id"`
		GuaranteeID string       `db:"guarantee_id"`
		Amount      ledger.Money `db:"amount"`
		On          ledger.Date  `db:"on_date"`
		TopUpBy     ledger.Date  `db:"top_up_by"`
	}
	in, args = b.in("project_id")
	if err := q.Select(&moved, `SELECT * FROM (SELECT project_id, id, guarantee_id, -amount AS amount, drawn_on AS on_date, top_up_by FROM guarantee_drawdowns
		WHERE `+in+` AND drawn_on <= ?
		UNION ALL SELECT project_id, id, guarantee_id, amount, topped_up_on, NULL FROM guarantee_topups WHERE `+in+` AND topped_up_on <= ?) moved
		ORDER BY project_id, on_date, id`, slices.Concat(args, []any{b.asOf}, args, []any{b.asOf})...); err != nil {
		return err
	}
	type key struct{ project, guarantee string }
	moves := map[key][]ledger.GuaranteeMovement{}
	for _, m := range moved {
		k := key{m.ProjectID, m.GuaranteeID}
		moves[k] = append(moves[k], ledger.GuaranteeMovement{ID: m.ID, On: m.On, Amount: m.Amount, TopUpBy: m.TopUpBy})
	}
	for _, f := range b.of {
		f.Guarantees.Known = true
	}
	for _, g := range gs {
		fact := ledger.GuaranteeFact{ID: g.ID, Letter: g.Form.IsInstrument(), Amount: g.Amount, ValidFrom: g.ValidFrom,
			Released: g.ReleasedOn != nil && !g.ReleasedOn.After(b.asOf), Movements: moves[key{g.ProjectID, g.ID}]}
		if g.ValidUntil != nil {
			fact.ValidUntil = *g.ValidUntil
		}
		f := b.of[g.ProjectID]
		f.Guarantees.Held = append(f.Guarantees.Held, fact)
	}
	return nil
}

// readComplaintFacts reads the batch's complaints received by the as-of
// date, with the day each was refused or concluded, and the day of an
// extension with the deadline it replaced: a night before the extension is
// judged by that one (ledger: concludeByOn).
func readComplaintFacts(q Querier, b *factBatch) error {
	var rows []struct {
		ProjectID   string      `db:"project_id"`
		ID          string      `db:"id"`
		EnrolmentID string      `db:"enrolment_id"`
		Periods     string      `db:"periods"`
		Status      string      `db:"status"`
		ReceivedOn  ledger.Date `db:"received_on"`
		DecidedOn   ledger.Date `db:"decided_on"`
		ConcludedOn ledger.Date `db:"concluded_on"`
		AcceptBy    ledger.Date `db:"accept_by"`
		ConcludeBy  ledger.Date `db:"conclude_by"`
		Workers     int         `db:"workers"`
		ExtendedOn  ledger.Date `db:"extended_on"`
		Before      ledger.Date `db:"conclude_by_before"`
	}
	in, args := b.in("project_id")
	if err := q.Select(&rows, `SELECT project_id, id, enrolment_id, periods, status, received_on, decided_on, concluded_on,
		accept_by, conclude_by, workers, extended_on, conclude_by_before FROM complaints
		WHERE `+in+` AND received_on <= ? ORDER BY project_id, id`, append(args, b.asOf)...); err != nil {
		return err
	}
	for _, r := range rows {
		c := ledger.ComplaintFact{ID: r.ID, EnrolmentID: r.EnrolmentID, ReceivedOn: r.ReceivedOn, ClosedOn: r.ConcludedOn,
			Status: ledger.ComplaintStatus(r.Status), DecidedOn: r.DecidedOn, AcceptBy: r.AcceptBy, ConcludeBy: r.ConcludeBy, Workers: r.Workers,
			ExtendedOn: r.ExtendedOn, ConcludeByBefore: r.Before}
		if ledger.ComplaintStatus(r.Status) == ledger.ComplaintRefused {
			c.ClosedOn = r.DecidedOn
		}
		for _, s := range strings.Split(r.Periods, ",") {
			if p, err := ledger.ParsePeriod(s); err == nil {
				c.Periods = append(c.Periods, p)
			}
		}
		f := b.of[r.ProjectID]
		f.Complaints = append(f.Complaints, c)
	}
	return nil
}
