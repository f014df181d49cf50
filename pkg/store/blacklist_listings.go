package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/wageguard/wageguard/ledger"
)

// ListingView is a blacklist proposal with the unit's name and credit code.
type ListingView struct {
	ledger.Listing
	EmployerName string
	USCC         string
}

type listingRow struct {
	ProjectID      string      `db:"project_id"`
	ID             string      `db:"id"`
	AlertID        string      `db:"alert_id"`
	EmployerID     string      `db:"employer_id"`
	EmployerName   string      `db:"employer_name"`
	USCC           string      `db:"uscc"`
	Source         string      `db:"source"`
	Reason         string      `db:"reason"`
	Persons        string      `db:"responsible_persons"`
	Status         string      `db:"status"`
	ProposedOn     ledger.Date `db:"proposed_on"`
	ProposedBy     string      `db:"proposed_by"`
	NoticeOn       ledger.Date `db:"notice_on"`
	NoticeContent  string      `db:"notice_content"`
	ServedOn       ledger.Date `db:"served_on"`
	Ground         string      `db:"ground"`
	ReplyBy        ledger.Date `db:"reply_by"`
	ReplyOn        ledger.Date `db:"reply_on"`
	ReplyText      string      `db:"reply_text"`
	DecidedOn      ledger.Date `db:"decided_on"`
	DecidedBy      string      `db:"decided_by"`
	Decision       string      `db:"decision"`
	StartOn        ledger.Date `db:"start_on"`
	EndOn          ledger.Date `db:"end_on"`
	RemovedOn      ledger.Date `db:"removed_on"`
	RemovedBy      string      `db:"removed_by"`
	RemovalReasons string      `db:"removal_reasons"`
	CorrectedOn    ledger.Date `db:"corrected_on"`
	PledgeOn       ledger.Date `db:"pledge_on"`
}

const listingColumns = `l.project_id, l.id, l.alert_id, l.employer_id, o.name AS employer_name, o.uscc, l.source, l.reason, l.responsible_persons,
	l.status, l.proposed_on, l.proposed_by, l.notice_on, l.notice_content, l.served_on, l.ground, l.reply_by, l.reply_on, l.reply_text, l.decided_on, l.decided_by,
	l.decision, l.start_on, l.end_on, l.removed_on, l.removed_by, l.removal_reasons, l.corrected_on, l.pledge_on`

const listingFrom = ` FROM blacklist_listings l JOIN organizations o ON o.id = l.employer_id`

type personJSON struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	IDMasked string `json:"id_masked,omitempty"`
}

func (r listingRow) view() (ListingView, error) {
	var ps []personJSON
	if err := json.Unmarshal([]byte(r.Persons), &ps); err != nil {
		return ListingView{}, fmt.Errorf("store: listing %s holds bad responsible persons: %w", r.ID, err)
	}
	persons := make([]ledger.ResponsiblePerson, len(ps))
	for i, p := range ps {
		persons[i] = ledger.ResponsiblePerson{Name: p.Name, Role: ledger.PersonRole(p.Role), IDMasked: p.IDMasked}
	}
	return ListingView{EmployerName: r.EmployerName, USCC: r.USCC, Listing: ledger.Listing{ID: r.ID, ProjectID: r.ProjectID, AlertID: r.AlertID,
		EmployerID: r.EmployerID, Source: ledger.CandidateSource(r.Source), Reason: r.Reason, Persons: persons, Status: ledger.ListingStatus(r.Status),
		ProposedOn: r.ProposedOn, ProposedBy: r.ProposedBy, NoticeOn: r.NoticeOn, NoticeContent: r.NoticeContent, ServedOn: r.ServedOn, ReplyBy: r.ReplyBy,
		ReplyOn: r.ReplyOn, ReplyText: r.ReplyText, DecidedOn: r.DecidedOn, DecidedBy: r.DecidedBy, Decision: r.Decision, Ground: ledger.ListingGround(r.Ground), StartOn: r.StartOn,
		EndOn: r.EndOn, RemovedOn: r.RemovedOn, RemovedBy: r.RemovedBy, RemovalReasons: r.RemovalReasons, CorrectedOn: r.CorrectedOn,
		PledgeOn: r.PledgeOn}}, nil
}

func personsJSON(ps []ledger.ResponsiblePerson) string {
	out := make([]personJSON, len(ps))
	for i, p := range ps {
		out[i] = personJSON{Name: p.Name, Role: string(p.Role), IDMasked: p.IDMasked}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func selectListings(q Querier, where string, args ...any) ([]ListingView, error) {
	var rows []listingRow
	if err := q.Select(&rows, `SELECT `+listingColumns+listingFrom+` WHERE `+where, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read blacklist proposals: %w", err)
	}
	out := make([]ListingView, 0, len(rows))
	for _, r := range rows {
		v, err := r.view()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// InsertListing records a new proposal.
func InsertListing(tx *Tx, l *ledger.Listing) error {
	_, err := tx.Exec(`INSERT INTO blacklist_listings (project_id, id, alert_id, employer_id, source, reason, responsible_persons, status,
		proposed_on, proposed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.ProjectID, l.ID, l.AlertID, l.EmployerID, string(l.Source), l.Reason, personsJSON(l.Persons), string(l.Status), l.ProposedOn,
		l.ProposedBy, tx.Now, tx.Now)
	return err
}

// UpdateListing writes a step; it fails as a conflict if the proposal's
// status changed since it was read as was (a concurrent step).
func UpdateListing(tx *Tx, l *ledger.Listing, was ledger.ListingStatus) error {
	res, err := tx.Exec(`UPDATE blacklist_listings SET status = ?, responsible_persons = ?, notice_on = ?, notice_content = ?, served_on = ?,
		reply_by = ?, reply_on = ?, reply_text = ?, decided_on = ?, decided_by = ?, decision = ?, ground = ?, start_on = ?, end_on = ?, removed_on = ?,
		removed_by = ?, removal_reasons = ?, corrected_on = ?, pledge_on = ?, updated_at = ? WHERE project_id = ? AND id = ? AND status = ?`,
		string(l.Status), personsJSON(l.Persons), l.NoticeOn, l.NoticeContent, l.ServedOn, l.ReplyBy, l.ReplyOn, l.ReplyText, l.DecidedOn, l.DecidedBy,
		l.Decision, string(l.Ground), l.StartOn, l.EndOn, l.RemovedOn, l.RemovedBy, l.RemovalReasons, l.CorrectedOn, l.PledgeOn, tx.Now, l.ProjectID, l.ID, string(was))
	if err != nil {
		return fmt.Errorf("store: unable to update the blacklist proposal: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "blacklist proposal %s changed meanwhile; read it again", l.ID)
	}
	return nil
}

// ListingsAwaitingReply lists the proposals whose unit was notified and
// has not replied, on every project (ledger.RecomputeReplyBy reads them at
// start-up and each night).
func ListingsAwaitingReply(q Querier) ([]ListingView, error) {
	return selectListings(q, `l.status = ?`, string(ledger.ListingNotified))
}

// UpdateListingReplyBy writes a reply-by date counted again; it reports
// false, writing nothing, when the proposal changed since it was read with
// the date was.
func UpdateListingReplyBy(tx *Tx, l *ledger.Listing, was ledger.Date) (bool, error) {
	res, err := tx.Exec(`UPDATE blacklist_listings SET reply_by = ?, updated_at = ? WHERE project_id = ? AND id = ? AND status = ? AND reply_by = ?`,
		l.ReplyBy, tx.Now, l.ProjectID, l.ID, string(ledger.ListingNotified), was)
	if err != nil {
		return false, fmt.Errorf("store: unable to update a reply-by date: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// GetListing reads one proposal by its ID.
func GetListing(q Querier, id string) (*ListingView, error) {
	// On a Citus cluster on its project's shard when the ID names its
	// project (onShardsOfIDs).
	pin, pinArgs := dialectOf(q).onShardsOfIDs("l.project_id", []string{id})
	vs, err := selectListings(q, `l.id = ?`+pin, append([]any{id}, pinArgs...)...)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, notFound("blacklist proposal", id)
	}
	return &vs[0], nil
}

// OpenListingOf is the unit's proposal awaiting a decision, nil when none.
func OpenListingOf(q Querier, employerID string) (*ListingView, error) {
	vs, err := selectListings(q, `l.employer_id = ? AND l.status IN ('proposed', 'notified', 'replied')`, employerID)
	if err != nil || len(vs) == 0 {
		return nil, err
	}
	return &vs[0], nil
}

// ListingsOf reads every listing decided for a unit (listed or removed
// since), for what it was on a date (ledger.ListedOn).
func ListingsOf(q Querier, employerID string) ([]ledger.Listing, error) {
	vs, err := selectListings(q, `l.employer_id = ? AND l.status IN ('listed', 'removed')`, employerID)
	out := make([]ledger.Listing, len(vs))
	for i, v := range vs {
		out[i] = v.Listing
	}
	return out, err
}

// ListingsOfUnits is ListingsOf for several units, by unit: one statement
// per MaxCheckBatch of them. projects are every project in the database
// (nil when not known), to whose shards a Citus cluster holds the read
// (onShardsOf).
func ListingsOfUnits(q Querier, employerIDs, projects []string) (map[string][]ledger.Listing, error) {
	out := map[string][]ledger.Listing{}
	shards, shardArgs := dialectOf(q).onShardsOf("l.project_id", projects)
	for chunk := range slices.Chunk(employerIDs, MaxCheckBatch) {
		vs, err := selectListings(q, `l.employer_id IN (`+placeholders(len(chunk))+`) AND l.status IN ('listed', 'removed')`+shards,
			append(anys(chunk), shardArgs...)...)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			out[v.EmployerID] = append(out[v.EmployerID], v.Listing)
		}
	}
	return out, nil
}

// ListingFilter selects proposals.
type ListingFilter struct {
	Scope  Scope
	Status ledger.ListingStatus
	After  string
	Limit  int
}

// ListListings lists the proposals on projects in the scope, by ID.
func ListListings(q Querier, f ListingFilter) ([]ListingView, error) {
	where, args := f.Scope.projectsWhere("p")
	cond := `EXISTS (SELECT 1 FROM projects p WHERE p.id = l.project_id AND ` + where + `) AND l.id > ?`
	args = append(args, f.After)
	if f.Status != "" {
		cond += ` AND l.status = ?`
		args = append(args, string(f.Status))
	}
	return selectListings(q, cond+fmt.Sprintf(` ORDER BY l.id LIMIT %d`, clampLimit(f.Limit)), args...)
}

// PublicListings lists the listings in force on day, by ID: the public list.
func PublicListings(q Querier, day ledger.Date, after string, limit int) ([]ListingView, error) {
	return selectListings(q, `l.status = 'listed' AND l.start_on <= ? AND l.end_on >= ? AND l.id > ? ORDER BY l.id`+
		fmt.Sprintf(` LIMIT %d`, clampLimit(limit)), day, day, after)
}

// GetCandidate reads one candidacy by its project and alert.
func GetCandidate(q Querier, projectID, alertID string) (*ledger.BlacklistCandidate, error) {
	var rows []candidateRow
	if err := q.Select(&rows, `SELECT c.employer_id, o.name AS employer_name, c.project_id, c.alert_id, c.source, c.rule, c.reason, c.amount,
		c.headcount, c.proposed_on, c.proposed_by FROM blacklist_candidates c JOIN organizations o ON o.id = c.employer_id
		WHERE c.project_id = ? AND c.alert_id = ?`, projectID, alertID); err != nil {
		return nil, fmt.Errorf("store: unable to read the blacklist candidate: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("blacklist candidate", alertID)
	}
	r := rows[0]
	return &ledger.BlacklistCandidate{EmployerID: r.EmployerID, ProjectID: r.ProjectID, AlertID: r.AlertID, Source: ledger.CandidateSource(r.Source),
		Rule: ledger.Rule(r.Rule), Reason: r.Reason, Amount: r.Amount, Headcount: r.Headcount, ProposedOn: r.ProposedOn, ProposedBy: r.ProposedBy}, nil
}

// LockUnit locks the unit's organisation row until the transaction ends:
// proposals of one unit are opened one at a time, so a unit never has two
// awaiting a decision (SQLite's writers are serialised already).
func LockUnit(tx *Tx, unitID string) error {
	var ids []string
	if err := tx.Select(&ids, `SELECT id FROM organizations WHERE id = ?`+tx.d.lockRows(), unitID); err != nil {
		return fmt.Errorf("store: unable to lock organisation %q: %w", unitID, err)
	}
	return nil
}

// WagesOwedByUnit is what a unit still owes its workers on the projects of
// the province whose region code starts with province (the listing's), per
// project and period with the project's pay rule, so that the caller counts
// only wages past their pay day (ledger.Calendar.OverdueSum): the wages
// unpaid to the workers it employs and, as general contractor (REG Art. 30,
// it pays first), to every worker of its projects.
func WagesOwedByUnit(q Querier, unitID, province string) ([]ledger.OwedPeriod, error) {
	var rows []struct {
		ProjectID string        `db:"project_id"`
		PayDay    int           `db:"pay_day"`
		PayMonth  string        `db:"pay_month"`
		Period    ledger.Period `db:"period"`
		Sum       int64         `db:"total"`
	}
	if err := q.Select(&rows, `SELECT lp.project_id, p.pay_day, p.pay_month, lp.period, SUM(lp.amount) AS total FROM ledger_postings lp
		JOIN projects p ON p.id = lp.project_id
		JOIN enrolments e ON e.project_id = lp.project_id AND e.id = lp.account_ref
		WHERE lp.account_kind = ? AND (e.employer_id = ? OR p.general_contractor_id = ?) AND p.region_code LIKE ?
		GROUP BY lp.project_id, p.pay_day, p.pay_month, lp.account_ref, lp.period HAVING SUM(lp.amount) <> 0`,
		string(ledger.WagesPayable), unitID, unitID, province+"%"); err != nil {
		return nil, fmt.Errorf("store: unable to read the wages owed by %q: %w", unitID, err)
	}
	var out []ledger.OwedPeriod
	for _, r := range rows {
		if owed := ledger.WagesPayable.Natural(ledger.Money(r.Sum)); owed > 0 {
			out = append(out, ledger.OwedPeriod{ProjectID: r.ProjectID, PayRule: ledger.PayRule{Month: ledger.PayMonth(r.PayMonth), Day: r.PayDay},
				Period: r.Period, Amount: owed})
		}
	}
	return out, nil
}

// LastViolationOf is the day the unit's latest violation was first seen:
// an arrears alert about it as employer on any project (a blacklist
// candidate alert is the list's own, not a violation); zero when none.
func LastViolationOf(q Querier, unitID string) (ledger.Date, error) {
	var days []ledger.Date
	if err := q.Select(&days, `SELECT first_seen_on FROM alerts WHERE subject = ? AND stream = ? AND rule <> ? ORDER BY first_seen_on DESC LIMIT 1`,
		string(ledger.SubjectEmployer)+":"+unitID, string(ledger.StreamArrears), string(ledger.RuleBlacklistCandidate)); err != nil {
		return ledger.Date{}, fmt.Errorf("store: unable to read the unit's alerts: %w", err)
	}
	if len(days) == 0 {
		return ledger.Date{}, nil
	}
	return days[0], nil
}
