package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/wageguard/wageguard/ledger"
)

type guaranteeRow struct {
	ProjectID   string       `db:"project_id"`
	ID          string       `db:"id"`
	Form        string       `db:"form"`
	IssuerID    string       `db:"issuer_id"`
	Reference   string       `db:"reference"`
	ContentHash string       `db:"content_hash"`
	Amount      int64        `db:"amount"`
	ValidFrom   ledger.Date  `db:"valid_from"`
	ValidUntil  *ledger.Date `db:"valid_until"`
	Warnings    string       `db:"warnings"`
	EntryID     *string      `db:"entry_id"`
	ReleasedOn  *ledger.Date `db:"released_on"`
	CreatedAt   timeColumn   `db:"created_at"`
	TopUpBy     *ledger.Date `db:"top_up_by"`
	LastDrawnOn *ledger.Date `db:"last_drawn_on"`
	ToppedUp    int64        `db:"topped_up"`
	LastTopUpOn *ledger.Date `db:"last_top_up_on"`
}

const guaranteeColumns = "project_id, id, form, issuer_id, reference, content_hash, amount, valid_from, valid_until, warnings, entry_id, released_on, created_at"

// warningRow is a kept compliance fact, as stored in warnings (JSON).
type warningRow struct {
	Code string `json:"code"`
	// Message is the message as key and arguments (an object), or, as an
	// older build wrote it, English text (a string).
	Message json.RawMessage `json:"message"`
}

// message reads a kept warning's message, either way it was written.
func (w warningRow) message() ledger.Msg {
	var old string
	if json.Unmarshal(w.Message, &old) == nil {
		return ledger.Verbatim(old)
	}
	var m ledger.Msg
	_ = json.Unmarshal(w.Message, &m) // written by InsertGuarantee only
	return m
}

func (r guaranteeRow) guarantee() *ledger.WageGuarantee {
	g := &ledger.WageGuarantee{ID: r.ID, ProjectID: r.ProjectID, Form: ledger.GuaranteeForm(r.Form), Amount: ledger.Money(r.Amount),
		IssuerID: r.IssuerID, Reference: r.Reference, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil, ToppedUp: ledger.Money(r.ToppedUp),
		LastTopUpOn: r.LastTopUpOn, ReleasedOn: r.ReleasedOn, TopUpBy: r.TopUpBy, LastDrawnOn: r.LastDrawnOn, ContentHash: r.ContentHash, CreatedAt: r.CreatedAt.Time, Warnings: []ledger.GuaranteeWarning{}}
	if r.EntryID != nil {
		g.EntryID = *r.EntryID
	}
	var ws []warningRow
	_ = json.Unmarshal([]byte(r.Warnings), &ws) // written by InsertGuarantee only
	for _, w := range ws {
		g.Warnings = append(g.Warnings, ledger.GuaranteeWarning{Code: ledger.GuaranteeWarningCode(w.Code), Message: w.message()})
	}
	return g
}

// InsertGuarantee records a lodged guarantee unless its issuer's reference
// is already on record, on this project or any other (guarantee_refs); it
// reports whether it inserted.
func InsertGuarantee(tx *Tx, g *ledger.WageGuarantee) (bool, error) {
	ws := make([]warningRow, len(g.Warnings))
	for i, w := range g.Warnings {
		m, _ := json.Marshal(w.Message) // numbers, text and messages: always
		ws[i] = warningRow{Code: string(w.Code), Message: m}
	}
	warnings, _ := json.Marshal(ws)
	var entry *string
	if g.EntryID != "" {
		entry = &g.EntryID
	}
	g.CreatedAt = tx.Now
	res, err := tx.Exec(`INSERT INTO guarantee_refs (issuer_id, reference, guarantee_id) VALUES (?, ?, ?)
		ON CONFLICT (issuer_id, reference) DO NOTHING`, g.IssuerID, g.Reference, g.ID)
	if err != nil {
		return false, fmt.Errorf("store: unable to record guarantee reference %q: %w", g.Reference, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	if _, err := tx.Exec(`INSERT INTO guarantees (`+guaranteeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.ProjectID, g.ID, string(g.Form), g.IssuerID, g.Reference, g.ContentHash, int64(g.Amount), g.ValidFrom, g.ValidUntil,
		string(warnings), entry, g.ReleasedOn, tx.Now); err != nil {
		return false, fmt.Errorf("store: unable to record guarantee %q: %w", g.Reference, err)
	}
	return true, nil
}

func selectGuarantees(q Querier, projects []string, where string, args ...any) ([]*ledger.WageGuarantee, error) {
	// The projects the guarantees are held by (nil when not known) pin the
	// subqueries to their shards on a Citus cluster, which carries no
	// condition on g.project_id into a subquery (onShardsOf).
	pinD, pinArgs := dialectOf(q).onShardsOf("d.project_id", projects)
	pinT, _ := dialectOf(q).onShardsOf("t.project_id", projects)
	var rows []guaranteeRow
	if err := q.Select(&rows, `SELECT `+prefixColumns("g", guaranteeColumns)+`,
		(SELECT MAX(d.top_up_by) FROM guarantee_drawdowns d WHERE d.project_id = g.project_id AND d.guarantee_id = g.id`+pinD+`) AS top_up_by,
		(SELECT MAX(d.drawn_on) FROM guarantee_drawdowns d WHERE d.project_id = g.project_id AND d.guarantee_id = g.id`+pinD+`) AS last_drawn_on,
		(SELECT COALESCE(SUM(t.amount), 0) FROM guarantee_topups t WHERE t.project_id = g.project_id AND t.guarantee_id = g.id`+pinT+`) AS topped_up,
		(SELECT MAX(t.topped_up_on) FROM guarantee_topups t WHERE t.project_id = g.project_id AND t.guarantee_id = g.id`+pinT+`) AS last_top_up_on
		FROM guarantees g `+where, slices.Concat(pinArgs, pinArgs, pinArgs, pinArgs, args)...); err != nil {
		return nil, fmt.Errorf("store: unable to read guarantees: %w", err)
	}
	out := make([]*ledger.WageGuarantee, len(rows))
	for i, r := range rows {
		out[i] = r.guarantee()
	}
	drawn, err := drawdownStates(q, out)
	if err != nil {
		return nil, err
	}
	for _, g := range out {
		g.Drawn = ledger.DrawnOf(drawn[g.ID])
	}
	return out, nil
}

// drawdownStates reads the states of the drawdown instructions of some
// guarantees, by guarantee ID, in one query.
func drawdownStates(q Querier, gs []*ledger.WageGuarantee) (map[string][]ledger.InstructionState, error) {
	out := map[string][]ledger.InstructionState{}
	if len(gs) == 0 {
		return out, nil
	}
	args, ids := guaranteeKeys(gs)
	np := len(args)
	var rows []struct {
		GuaranteeID string                   `db:"guarantee_id"`
		Amount      int64                    `db:"amount"`
		Paid        int64                    `db:"paid_amount"`
		Status      ledger.InstructionStatus `db:"status"`
	}
	if err := q.Select(&rows, `SELECT d.guarantee_id, i.amount, s.paid_amount, s.status FROM guarantee_drawdowns d
		JOIN payment_instructions i ON i.project_id = d.project_id AND i.payroll_id = d.id
		JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id
		WHERE d.project_id IN (`+placeholders(np)+`) AND d.guarantee_id IN (`+placeholders(len(ids))+`)`, append(args, ids...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read what drawdowns take from guarantees: %w", err)
	}
	for _, r := range rows {
		out[r.GuaranteeID] = append(out[r.GuaranteeID], ledger.InstructionState{Amount: ledger.Money(r.Amount), Paid: ledger.Money(r.Paid), Status: r.Status})
	}
	return out, nil
}

// GuaranteeByRef reads the guarantee an issuer lodged under reference, on
// whichever project it was lodged: its ID first (guarantee_refs, a
// reference table every node holds), then the guarantee by ID, which on a
// Citus cluster reads its project's shard alone (GetGuarantee); read in one
// statement, the guarantee was looked for on every shard.
func GuaranteeByRef(q Querier, issuerID, reference string) (*ledger.WageGuarantee, error) {
	var ids []string
	if err := q.Select(&ids, `SELECT guarantee_id FROM guarantee_refs WHERE issuer_id = ? AND reference = ?`, issuerID, reference); err != nil {
		return nil, fmt.Errorf("store: unable to read guarantees: %w", err)
	}
	if len(ids) == 0 {
		return nil, notFound("resource.guarantee", reference)
	}
	return GetGuarantee(q, ids[0])
}

// GetGuarantee reads one guarantee by its ID: on a Citus cluster on its
// project's shard when the ID names its project (onShardsOfIDs), its
// subqueries too.
func GetGuarantee(q Querier, id string) (*ledger.WageGuarantee, error) {
	var projects []string
	if p, ok := ledger.ProjectOfID(id); ok {
		projects = []string{p}
	}
	pin, pinArgs := dialectOf(q).onShardsOf("g.project_id", projects)
	gs, err := selectGuarantees(q, projects, `WHERE g.id = ?`+pin, append([]any{id}, pinArgs...)...)
	if err != nil || len(gs) == 0 {
		return nil, firstErr(err, notFound("resource.guarantee", id))
	}
	return gs[0], nil
}

// LockProjectGuarantees locks, until the transaction ends, every guarantee
// of the project that guarantee id belongs to, in ID order: a drawdown, a
// top-up and a release of one project's guarantees run one at a time, each
// reading what the one before it wrote (two drawdowns that each fit the
// cover must not together exceed it). Unknown id locks nothing.
//
// The project is read first and named in the locking statement: a Citus
// cluster locks rows only by a statement it routes to one shard, which a
// subquery for the project does not let it.
func LockProjectGuarantees(tx *Tx, id string) error {
	var projects []string
	pin, pinArgs := tx.d.onShardsOfIDs("project_id", []string{id})
	if err := tx.Select(&projects, `SELECT project_id FROM guarantees WHERE id = ?`+pin, append([]any{id}, pinArgs...)...); err != nil {
		return fmt.Errorf("store: unable to lock the guarantees of %q: %w", id, err)
	}
	if len(projects) == 0 {
		return nil
	}
	var ids []string
	if err := tx.Select(&ids, `SELECT g.id FROM guarantees g WHERE g.project_id = ? ORDER BY g.id`+tx.d.lockRows(), projects[0]); err != nil {
		return fmt.Errorf("store: unable to lock the guarantees of %q: %w", id, err)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// ProjectGuarantees reads every guarantee of a project, oldest first.
func ProjectGuarantees(q Querier, projectID string) ([]*ledger.WageGuarantee, error) {
	return selectGuarantees(q, []string{projectID}, `WHERE g.project_id = ? ORDER BY g.created_at, g.id`, projectID)
}

// GuaranteeFilter selects guarantees for a list.
type GuaranteeFilter struct {
	Scope     Scope
	ProjectID string
	After     string
	Limit     int
}

// ListGuarantees returns the guarantees the scope sees, by ID.
func ListGuarantees(q Querier, f GuaranteeFilter) ([]*ledger.WageGuarantee, error) {
	where, args := f.Scope.guaranteesWhere("g", "p")
	qs := `JOIN projects p ON p.id = g.project_id WHERE ` + where
	var projects []string // when known, the subqueries' shards
	if f.ProjectID != "" {
		qs += " AND g.project_id = ?"
		args = append(args, f.ProjectID)
		projects = []string{f.ProjectID}
	}
	if f.After != "" {
		qs += " AND g.id > ?"
		args = append(args, f.After)
	}
	return selectGuarantees(q, projects, qs+fmt.Sprintf(" ORDER BY g.id LIMIT %d", clampLimit(f.Limit)), args...)
}

// guaranteeKeys are the distinct projects of some guarantees and their IDs,
// as query arguments: the projects narrow a lookup to their shards.
func guaranteeKeys(gs []*ledger.WageGuarantee) (projects, ids []any) {
	seen := map[string]bool{}
	for _, g := range gs {
		if !seen[g.ProjectID] {
			seen[g.ProjectID] = true
			projects = append(projects, g.ProjectID)
		}
		ids = append(ids, g.ID)
	}
	return projects, ids
}

// CashHeld is the balance of each guarantee's guarantee/<id> account, by
// guarantee ID, in one query (an instrument's account has none).
func CashHeld(q Querier, gs []*ledger.WageGuarantee) (map[string]ledger.Money, error) {
	out := make(map[string]ledger.Money, len(gs))
	if len(gs) == 0 {
		return out, nil
	}
	projects, refs := guaranteeKeys(gs)
	np := len(projects)
	args := append(append(projects, string(ledger.Guarantee)), refs...)
	var rows []struct {
		Ref     string `db:"account_ref"`
		Balance int64  `db:"balance"`
	}
	if err := q.Select(&rows, `SELECT account_ref, SUM(balance) AS balance FROM ledger_balances
		WHERE project_id IN (`+placeholders(np)+`) AND account_kind = ? AND account_ref IN (`+placeholders(len(refs))+`) GROUP BY account_ref`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read guarantee balances: %w", err)
	}
	for _, r := range rows {
		out[r.Ref] = ledger.Guarantee.Natural(ledger.Money(r.Balance))
	}
	return out, nil
}

// ReleaseGuarantee records that a guarantee was returned on a date, with the
// entry that moved its cash out of the books ("" for an instrument).
func ReleaseGuarantee(tx *Tx, projectID, id string, on ledger.Date, entryID string) error {
	var entry *string
	if entryID != "" {
		entry = &entryID
	}
	if _, err := tx.Exec(`UPDATE guarantees SET released_on = ?, release_entry_id = ? WHERE project_id = ? AND id = ? AND released_on IS NULL`,
		on, entry, projectID, id); err != nil {
		return fmt.Errorf("store: unable to release guarantee %q: %w", id, err)
	}
	return nil
}

// ProjectsActiveOn counts a general contractor's projects whose region code
// starts with prefix and that were under construction on a date: started on
// or before it and not completed by then. Sizing counts them on the signing
// date, not today: a project begun or finished since does not change a
// guarantee sized before it. projects are the contractor's projects (nil
// when not known), to whose shards a Citus cluster holds the read
// (onShardsOf).
func ProjectsActiveOn(q Querier, gcID, prefix string, on ledger.Date, projects []string) (int, error) {
	var n int
	shards, args := dialectOf(q).onShardsOf("id", projects)
	if err := q.Get(&n, `SELECT COUNT(*) FROM projects WHERE general_contractor_id = ? AND region_code LIKE ?
		AND started_on <= ? AND (completed_on IS NULL OR completed_on > ?)`+shards,
		append([]any{gcID, prefix + "%", on, on}, args...)...); err != nil {
		return 0, fmt.Errorf("store: unable to count the projects of %q: %w", gcID, err)
	}
	return n, nil
}

// WagesOwedByContractor lists, over every project a general contractor
// runs, each worker's wages still owed for a period up to `through` (a
// credit balance on wages_payable/<enrolment> for the period), with the
// project's pay rule, in one query; whether a pay day has passed is the
// calendar's to say (ledger.AnyOverdue).
func WagesOwedByContractor(q Querier, gcID string, through ledger.Period) ([]ledger.OwedPeriod, error) {
	owed, err := WagesOwedByContractors(q, []string{gcID}, through)
	return owed[gcID], err
}

// WagesOwedByContractors is WagesOwedByContractor for several general
// contractors, by contractor, one query per 200 of them.
func WagesOwedByContractors(q Querier, gcIDs []string, through ledger.Period) (map[string][]ledger.OwedPeriod, error) {
	out := map[string][]ledger.OwedPeriod{}
	for chunk := range slices.Chunk(gcIDs, MaxCheckBatch) {
		var rows []struct {
			GCID      string        `db:"general_contractor_id"`
			ProjectID string        `db:"project_id"`
			PayDay    int           `db:"pay_day"`
			PayMonth  string        `db:"pay_month"`
			Period    ledger.Period `db:"period"`
			Sum       int64         `db:"total"`
		}
		// The postings are summed per account and period before the
		// project is joined: grouping by the project's columns too sorted
		// every posting (and spilled to disk) where a hash of the groups
		// does.
		if err := q.Select(&rows, `SELECT p.general_contractor_id, o.project_id, p.pay_day, p.pay_month, o.period, o.total FROM (
			SELECT lp.project_id, lp.account_ref, lp.period, SUM(lp.amount) AS total FROM ledger_postings lp
			WHERE lp.project_id IN (SELECT id FROM projects WHERE general_contractor_id IN (`+placeholders(len(chunk))+`))
				AND lp.account_kind = ? AND lp.period <= ?
			GROUP BY lp.project_id, lp.account_ref, lp.period HAVING SUM(lp.amount) <> 0) o
			JOIN projects p ON p.id = o.project_id`,
			append(anys(chunk), string(ledger.WagesPayable), through.String())...); err != nil {
			return nil, fmt.Errorf("store: unable to read the wages owed by %d general contractors: %w", len(chunk), err)
		}
		for _, r := range rows {
			if owed := ledger.WagesPayable.Natural(ledger.Money(r.Sum)); owed > 0 {
				rule := ledger.PayRule{Month: ledger.PayMonth(r.PayMonth), Day: r.PayDay}
				out[r.GCID] = append(out[r.GCID], ledger.OwedPeriod{ProjectID: r.ProjectID, PayRule: rule, Period: r.Period, Amount: owed})
			}
		}
	}
	return out, nil
}

// WagesOwedOnProjects lists, for each of projectIDs (at most
// MaxCheckBatch), each worker's wages still owed for a period up to
// `through`, as WagesOwedByContractor does over a contractor's projects, by
// project, without the pay rule (the caller knows its projects). A night's
// check reads its contractors' projects a batch at a time, in parallel:
// summing every posting of the province in one statement spilled to disk.
func WagesOwedOnProjects(q Querier, projectIDs []string, through ledger.Period) (map[string][]ledger.OwedPeriod, error) {
	out := map[string][]ledger.OwedPeriod{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	if len(projectIDs) > MaxCheckBatch {
		return nil, fmt.Errorf("store: a batch of %d projects is more than %d", len(projectIDs), MaxCheckBatch)
	}
	var rows []struct {
		ProjectID string        `db:"project_id"`
		Period    ledger.Period `db:"period"`
		Sum       int64         `db:"total"`
	}
	if err := q.Select(&rows, `SELECT lp.project_id, lp.period, SUM(lp.amount) AS total FROM ledger_postings lp
		WHERE lp.project_id IN (`+placeholders(len(projectIDs))+`) AND lp.account_kind = ? AND lp.period <= ?
		GROUP BY lp.project_id, lp.account_ref, lp.period HAVING SUM(lp.amount) <> 0`,
		append(anys(projectIDs), string(ledger.WagesPayable), through.String())...); err != nil {
		return nil, fmt.Errorf("store: unable to read the wages owed on %d projects: %w", len(projectIDs), err)
	}
	for _, r := range rows {
		if owed := ledger.WagesPayable.Natural(ledger.Money(r.Sum)); owed > 0 {
			out[r.ProjectID] = append(out[r.ProjectID], ledger.OwedPeriod{ProjectID: r.ProjectID, Period: r.Period, Amount: owed})
		}
	}
	return out, nil
}

// WagesOwedAsOf is WagesOwed as the books stood at the end of day asOf:
// only entries effective by then count, so a payment or a return counts
// from the day the bank settled it, whenever it was recorded.
func WagesOwedAsOf(q Querier, projectID string, asOf ledger.Date) ([]ledger.OwedWages, error) {
	return wagesOwed(q, projectID, `JOIN ledger_entries le ON le.project_id = lp.project_id AND le.id = lp.entry_id`,
		` AND le.effective_on <= ?`, asOf)
}

// WagesOwed lists every worker and period of a project with wages still
// owed (a credit balance on wages_payable/<enrolment> for the period), by
// enrolment and period, in one query.
func WagesOwed(q Querier, projectID string) ([]ledger.OwedWages, error) {
	return wagesOwed(q, projectID, "", "")
}

// wagesOwed is WagesOwed over the postings join and cond select.
func wagesOwed(q Querier, projectID, join, cond string, args ...any) ([]ledger.OwedWages, error) {
	var rows []struct {
		EnrolmentID string        `db:"account_ref"`
		Name        string        `db:"name"`
		EmployerID  string        `db:"employer_id"`
		Period      ledger.Period `db:"period"`
		Sum         int64         `db:"total"`
	}
	if err := q.Select(&rows, `SELECT lp.account_ref, e.name, e.employer_id, lp.period, SUM(lp.amount) AS total FROM ledger_postings lp `+join+`
		JOIN enrolments e ON e.project_id = lp.project_id AND e.id = lp.account_ref
		WHERE lp.project_id = ? AND lp.account_kind = ?`+cond+`
		GROUP BY lp.account_ref, e.name, e.employer_id, lp.period HAVING SUM(lp.amount) <> 0 ORDER BY lp.account_ref, lp.period`,
		append([]any{projectID, string(ledger.WagesPayable)}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the wages owed on project %q: %w", projectID, err)
	}
	var out []ledger.OwedWages
	for _, r := range rows {
		if owed := ledger.WagesPayable.Natural(ledger.Money(r.Sum)); owed > 0 {
			out = append(out, ledger.OwedWages{EnrolmentID: r.EnrolmentID, Name: r.Name, EmployerID: r.EmployerID, Period: r.Period, Amount: owed})
		}
	}
	return out, nil
}
