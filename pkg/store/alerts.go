package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wageguard/wageguard/ledger"
)

// alertRow is an alert as stored.
type alertRow struct {
	ProjectID    string             `db:"project_id"`
	ID           string             `db:"id"`
	Rule         ledger.Rule        `db:"rule"`
	Subject      string             `db:"subject"`
	Period       string             `db:"period"`
	Severity     ledger.Severity    `db:"severity"`
	RuleSeverity ledger.Severity    `db:"rule_severity"`
	Status       ledger.AlertStatus `db:"status"`
	AmountAtRisk ledger.Money       `db:"amount_at_risk"`
	Headcount    int                `db:"headcount"`
	Evidence     string             `db:"evidence"`
	Reason       string             `db:"reason"`
	FirstSeenOn  ledger.Date        `db:"first_seen_on"`
	LastSeenOn   ledger.Date        `db:"last_seen_on"`
	Deadline     ledger.Date        `db:"deadline"`
	ResolvedOn   ledger.Date        `db:"resolved_on"`
	ResolvedBy   string             `db:"resolved_by"`
	Resolution   string             `db:"resolution"`
	Version      int                `db:"version"`
}

const alertColumns = "project_id, id, rule, subject, period, severity, rule_severity, status, amount_at_risk, headcount, evidence, reason, " +
	"first_seen_on, last_seen_on, deadline, resolved_on, resolved_by, resolution, version"

// storedEvidence is one evidence reference in the evidence column's JSON.
type storedEvidence struct {
	Kind ledger.EvidenceKind `json:"kind"`
	Ref  string              `json:"ref"`
}

// evidenceJSON is the JSON of evidence as stored: the bytes json.Marshal
// writes of its storedEvidence, written by hand (a province's first night
// writes 700,000 items of evidence, and reflection cost most of writing
// them).
func evidenceJSON(ev []ledger.Evidence) string {
	b := make([]byte, 0, 2+len(ev)*48)
	b = append(b, '[')
	for i, e := range ev {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"kind":`...)
		b = appendJSONString(b, string(e.Kind))
		b = append(b, `,"ref":`...)
		b = appendJSONString(b, e.Ref)
		b = append(b, '}')
	}
	return string(append(b, ']'))
}

// appendJSONString appends s quoted as encoding/json quotes it: text that
// needs no escaping is copied as it is; anything else (quotes, control
// characters, HTML's <, > and &, invalid UTF-8, U+2028 and U+2029) goes
// through encoding/json, so the two never differ.
func appendJSONString(dst []byte, s string) []byte {
	for _, r := range s {
		if r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(dst, q...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func (r *alertRow) alert() (ledger.Alert, error) {
	var ev []storedEvidence
	if err := json.Unmarshal([]byte(r.Evidence), &ev); err != nil {
		return ledger.Alert{}, fmt.Errorf("store: alert %s has unreadable evidence: %w", r.ID, err)
	}
	a := ledger.Alert{ID: r.ID, ProjectID: r.ProjectID, Key: ledger.AlertKey{Rule: r.Rule, Subject: r.Subject, Period: r.Period},
		Severity: r.Severity, RuleSeverity: r.RuleSeverity, Status: r.Status, AmountAtRisk: r.AmountAtRisk, Headcount: r.Headcount, Reason: r.Reason,
		FirstSeenOn: r.FirstSeenOn, LastSeenOn: r.LastSeenOn, Deadline: r.Deadline, ResolvedOn: r.ResolvedOn,
		ResolvedBy: r.ResolvedBy, Resolution: r.Resolution, Version: r.Version}
	for _, e := range ev {
		a.Evidence = append(a.Evidence, ledger.Evidence{Kind: e.Kind, Ref: e.Ref})
	}
	return a, nil
}

func alertsOf(rows []alertRow) ([]ledger.Alert, error) {
	out := make([]ledger.Alert, 0, len(rows))
	for i := range rows {
		a, err := rows[i].alert()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ProjectAlerts reads every alert of a project, in key order, for a night's plan.
func ProjectAlerts(q Querier, projectID string) ([]ledger.Alert, error) {
	var rows []alertRow
	if err := q.Select(&rows, `SELECT `+alertColumns+` FROM alerts WHERE project_id = ? ORDER BY rule, subject, period`, projectID); err != nil {
		return nil, fmt.Errorf("store: unable to read the alerts of project %s: %w", projectID, err)
	}
	return alertsOf(rows)
}

// BatchAlerts reads every alert of a batch of projects (at most
// MaxCheckBatch), in key order, by project: ProjectAlerts in one statement.
func BatchAlerts(q Querier, projectIDs []string) (map[string][]ledger.Alert, error) {
	out := make(map[string][]ledger.Alert, len(projectIDs))
	for _, id := range projectIDs {
		out[id] = []ledger.Alert{}
	}
	if len(projectIDs) == 0 {
		return out, nil
	}
	var rows []alertRow
	if err := q.Select(&rows, `SELECT `+alertColumns+` FROM alerts WHERE project_id IN (`+placeholders(len(projectIDs))+`)
		ORDER BY project_id, rule, subject, period`, anys(projectIDs)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the alerts of %d projects: %w", len(projectIDs), err)
	}
	alerts, err := alertsOf(rows)
	if err != nil {
		return nil, err
	}
	for _, a := range alerts {
		out[a.ProjectID] = append(out[a.ProjectID], a)
	}
	return out, nil
}

// GetAlert reads one alert by its ID (on a Citus cluster on its project's
// shard when the ID names its project: onShardsOfIDs).
func GetAlert(q Querier, id string) (*ledger.Alert, error) {
	var rows []alertRow
	pin, pinArgs := dialectOf(q).onShardsOfIDs("project_id", []string{id})
	if err := q.Select(&rows, `SELECT `+alertColumns+` FROM alerts WHERE id = ?`+pin, append([]any{id}, pinArgs...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read alert %q: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, notFound("resource.alert", id)
	}
	a, err := rows[0].alert()
	return &a, err
}

func alertValues(a *ledger.Alert) []any {
	return []any{a.ProjectID, a.ID, string(a.Key.Rule), a.Key.Subject, a.Key.Period, string(a.Key.Rule.Stream()), string(a.Severity),
		string(a.RuleSeverity), string(a.Status), int64(a.AmountAtRisk), a.Headcount, evidenceJSON(a.Evidence), a.Reason, a.FirstSeenOn, a.LastSeenOn,
		a.Deadline, a.ResolvedOn, a.ResolvedBy, a.Resolution}
}

// WriteAlertPlan stores a night's plan for one project or a batch of them:
// new alerts in bulk (COPY on PostgreSQL once there are enough of them: a
// first night opens every alert, each with its evidence, which is
// compressed the cheap way: compressCheaply), changed alerts in
// one statement per few hundred (a night never changes the same row twice),
// and their history in bulk. An alert opened or changed meanwhile by another
// transaction (another night's run, an inspector) is ErrConcurrentChange:
// the plan was made on stale alerts.
func WriteAlertPlan(tx *Tx, plan *ledger.AlertPlan) error {
	if len(plan.Insert)+len(plan.Update) > 0 {
		if err := tx.d.compressCheaply(tx); err != nil {
			return fmt.Errorf("store: unable to choose how alerts are compressed: %w", err)
		}
	}
	opened := make(map[string]string, len(plan.Insert)) // new alert → its project
	if len(plan.Insert) > 0 {
		rows := make([][]any, len(plan.Insert))
		for i := range plan.Insert {
			rows[i] = append(alertValues(&plan.Insert[i]), tx.Now, tx.Now)
			opened[plan.Insert[i].ID] = plan.Insert[i].ProjectID
		}
		if err := insertRows(tx, "alerts", []string{"project_id", "id", "rule", "subject", "period", "stream", "severity", "rule_severity", "status",
			"amount_at_risk", "headcount", "evidence", "reason", "first_seen_on", "last_seen_on", "deadline", "resolved_on",
			"resolved_by", "resolution", "created_at", "updated_at"}, rows); err != nil {
			if ledger.ErrorCode(tx.d.classify(err)) == ledger.EConflict {
				return ErrConcurrentChange
			}
			return fmt.Errorf("store: unable to open alerts: %w", err)
		}
	}
	if err := updateAlerts(tx, plan.Update); err != nil {
		return err
	}
	return insertAlertEvents(tx, plan.Events, opened, planProjects(plan))
}

// planProjects are the projects of a plan's alerts, when every history
// entry of the plan is of one of them (so always a night's); nil otherwise.
func planProjects(plan *ledger.AlertPlan) []string {
	projectOf := map[string]string{}
	for _, as := range [][]ledger.Alert{plan.Insert, plan.Update} {
		for _, a := range as {
			projectOf[a.ID] = a.ProjectID
		}
	}
	var projects []string
	for _, e := range plan.Events {
		p, ok := projectOf[e.AlertID]
		if !ok {
			return nil
		}
		if !slices.Contains(projects, p) {
			projects = append(projects, p)
		}
	}
	return projects
}

// updateAlerts is UpdateAlert of each alert, in one statement per few
// hundred: an upsert on the alert's key that changes only a row still at
// the version read (the night after a night updates every alert it sees
// again). Every alert updated exists (alerts are never deleted); fewer rows
// changed than alerts given is ErrConcurrentChange.
func updateAlerts(tx *Tx, alerts []ledger.Alert) error {
	if len(alerts) == 0 {
		return nil
	}
	rows := make([][]any, len(alerts))
	for i := range alerts {
		rows[i] = append(alertValues(&alerts[i]), tx.Now, tx.Now, alerts[i].Version)
	}
	changed, err := bulkInsertCount(tx, "alerts", []string{"project_id", "id", "rule", "subject", "period", "stream", "severity", "rule_severity", "status",
		"amount_at_risk", "headcount", "evidence", "reason", "first_seen_on", "last_seen_on", "deadline", "resolved_on",
		"resolved_by", "resolution", "created_at", "updated_at", "version"}, rows,
		` ON CONFLICT (project_id, id) DO UPDATE SET severity = excluded.severity, rule_severity = excluded.rule_severity, status = excluded.status,
		amount_at_risk = excluded.amount_at_risk, headcount = excluded.headcount, evidence = excluded.evidence, reason = excluded.reason,
		last_seen_on = excluded.last_seen_on, deadline = excluded.deadline, resolved_on = excluded.resolved_on,
		resolved_by = excluded.resolved_by, resolution = excluded.resolution, updated_at = excluded.updated_at, version = alerts.version + 1
		WHERE alerts.version = excluded.version`)
	if err != nil {
		if ledger.ErrorCode(tx.d.classify(err)) == ledger.EConflict {
			return ErrConcurrentChange
		}
		return fmt.Errorf("store: unable to update %d alerts: %w", len(alerts), err)
	}
	if changed != int64(len(alerts)) {
		return ErrConcurrentChange
	}
	for i := range alerts {
		alerts[i].Version++
	}
	return nil
}

// UpdateAlert writes an alert's changing fields over the version it was
// read in; ErrConcurrentChange when another transaction changed it since.
func UpdateAlert(tx *Tx, a *ledger.Alert) error {
	res, err := tx.Exec(`UPDATE alerts SET severity = ?, rule_severity = ?, status = ?, amount_at_risk = ?, headcount = ?, evidence = ?, reason = ?,
		last_seen_on = ?, deadline = ?, resolved_on = ?, resolved_by = ?, resolution = ?, updated_at = ?, version = version + 1
		WHERE project_id = ? AND id = ? AND version = ?`,
		string(a.Severity), string(a.RuleSeverity), string(a.Status), int64(a.AmountAtRisk), a.Headcount, evidenceJSON(a.Evidence), a.Reason, a.LastSeenOn,
		a.Deadline, a.ResolvedOn, a.ResolvedBy, a.Resolution, tx.Now, a.ProjectID, a.ID, a.Version)
	if err != nil {
		return fmt.Errorf("store: unable to update alert %s: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConcurrentChange
	}
	a.Version++
	return nil
}

// InsertAlertEvents appends history entries, in the order given, each
// numbered after its alert's last one (read in one statement for all).
// projects are the alerts' projects (nil when not known), to whose shards
// a Citus cluster holds that read (onShardsOf): the alerts are found by
// their IDs alone.
func InsertAlertEvents(tx *Tx, events []ledger.AlertEvent, projects []string) error {
	return insertAlertEvents(tx, events, nil, projects)
}

// insertAlertEvents is InsertAlertEvents knowing the alerts opened in the
// same transaction (opened: alert → its project), which have no history
// yet: only the others' last entries are read.
func insertAlertEvents(tx *Tx, events []ledger.AlertEvent, opened map[string]string, projects []string) error {
	if len(events) == 0 {
		return nil
	}
	projectOf, seq := map[string]string{}, map[string]int{}
	var ids []string
	for _, e := range events {
		if p, ok := opened[e.AlertID]; ok {
			projectOf[e.AlertID] = p
		} else {
			ids = append(ids, e.AlertID)
		}
	}
	if len(ids) > 0 {
		var heads []struct {
			ID        string `db:"id"`
			ProjectID string `db:"project_id"`
			Seq       int    `db:"seq"`
		}
		in, args := tx.d.inStrings("a.id", ids)
		shards, shardArgs := tx.d.onShardsOf("a.project_id", projects)
		if err := tx.Select(&heads, `SELECT a.id, a.project_id, COALESCE(MAX(e.seq), 0) AS seq FROM alerts a
			LEFT JOIN alert_events e ON e.project_id = a.project_id AND e.alert_id = a.id
			WHERE `+in+shards+` GROUP BY a.id, a.project_id`, append(args, shardArgs...)...); err != nil {
			return fmt.Errorf("store: unable to find the alerts of history entries: %w", err)
		}
		for _, h := range heads {
			projectOf[h.ID], seq[h.ID] = h.ProjectID, h.Seq
		}
	}
	rows := make([][]any, len(events))
	for i, e := range events {
		seq[e.AlertID]++
		rows[i] = []any{projectOf[e.AlertID], e.AlertID, seq[e.AlertID], e.On, string(e.Kind), e.Actor, e.Note, string(e.Severity),
			string(e.RuleSeverity), int64(e.Amount), e.Deadline, e.PreviousDeadline, tx.Now}
	}
	if err := insertRows(tx, "alert_events", []string{"project_id", "alert_id", "seq", "on_date", "kind", "actor", "note",
		"severity", "rule_severity", "amount", "deadline", "previous_deadline", "created_at"}, rows); err != nil {
		return fmt.Errorf("store: unable to record alert history: %w", err)
	}
	return nil
}

// alertEventRow is one history entry as stored.
type alertEventRow struct {
	AlertID          string       `db:"alert_id"`
	On               ledger.Date  `db:"on_date"`
	Kind             string       `db:"kind"`
	Actor            string       `db:"actor"`
	Note             string       `db:"note"`
	Severity         string       `db:"severity"`
	Rule             string       `db:"rule_severity"`
	Amount           ledger.Money `db:"amount"`
	Deadline         ledger.Date  `db:"deadline"`
	PreviousDeadline ledger.Date  `db:"previous_deadline"`
}

const alertEventColumns = `alert_id, on_date, kind, actor, note, severity, rule_severity, amount, deadline, previous_deadline`

func (r alertEventRow) event() ledger.AlertEvent {
	return ledger.AlertEvent{AlertID: r.AlertID, On: r.On, Kind: ledger.AlertEventKind(r.Kind), Actor: r.Actor, Note: r.Note,
		Severity: ledger.Severity(r.Severity), RuleSeverity: ledger.Severity(r.Rule), Amount: r.Amount,
		Deadline: r.Deadline, PreviousDeadline: r.PreviousDeadline}
}

// AlertHistory reads one alert's history, oldest first.
func AlertHistory(q Querier, projectID, alertID string) ([]ledger.AlertEvent, error) {
	var rows []alertEventRow
	if err := q.Select(&rows, `SELECT `+alertEventColumns+` FROM alert_events
		WHERE project_id = ? AND alert_id = ? ORDER BY seq`, projectID, alertID); err != nil {
		return nil, fmt.Errorf("store: unable to read the history of alert %s: %w", alertID, err)
	}
	out := make([]ledger.AlertEvent, len(rows))
	for i, r := range rows {
		out[i] = r.event()
	}
	return out, nil
}

// ProjectAlertHistory reads the history of every alert of a project, in
// one statement: per alert, oldest first.
func ProjectAlertHistory(q Querier, projectID string) (map[string][]ledger.AlertEvent, error) {
	var rows []alertEventRow
	if err := q.Select(&rows, `SELECT `+alertEventColumns+` FROM alert_events
		WHERE project_id = ? ORDER BY alert_id, seq`, projectID); err != nil {
		return nil, fmt.Errorf("store: unable to read the alert history of project %s: %w", projectID, err)
	}
	out := map[string][]ledger.AlertEvent{}
	for _, r := range rows {
		out[r.AlertID] = append(out[r.AlertID], r.event())
	}
	return out, nil
}

// AlertFilter selects alerts for GET /alerts within a caller's scope.
// Empty fields select all; After is the last alert ID of the previous page.
type AlertFilter struct {
	Scope      Scope
	Status     ledger.AlertStatus
	Rule       ledger.Rule
	Stream     ledger.Stream
	Severity   ledger.Severity
	ProjectID  string
	Period     string // a month, YYYY-MM: the alerts about that period
	RegionCode string // a division code: its sub-divisions are included
	Order      AlertOrder
	After      string // AlertCursor of the previous page's last alert
	Limit      int
}

// alertEmployer is the employer an alert r is about, for the standing of a
// contractor to it; '-', which is no organisation, when it is about
// something else (a project, a worker, a card, a guarantee), so that of the
// project's contractors only its general contractor sees those.
const alertEmployer = "CASE WHEN r.subject LIKE 'employer:%' THEN substr(r.subject, 10) ELSE '-' END"

// alertsScope is the condition on an alert a and its project p that the
// scope allows: a contractor sees every alert of the projects it is the
// general contractor of, and on other projects the alerts about itself (an
// order to pay names its employer); the rest as for projects.
// A complaint's own alert (complaint_open) is the inspectors' alone
// (inspectorsOnly).
func alertsScope(s Scope) (string, []any) {
	where, args := s.projectsWhere("p")
	if s.Role == ledger.RoleContractor {
		where, args = "(p.general_contractor_id = ? OR a.subject = ?)", []any{s.OrgID, string(ledger.SubjectEmployer) + ":" + s.OrgID}
	}
	if hide, hideArgs := inspectorsOnly(s, "a"); hide != "" {
		where, args = "("+where+" AND "+hide+")", append(args, hideArgs...)
	}
	return where, args
}

// inspectorsOnly is the condition that keeps the alerts of inspectors-only
// rules (ledger.Rule.InspectorsOnly: a complaint's own, complaint_open)
// from a scope that may not read that a complaint was made
// (ledger.SeesComplaints: a contractor, a bank): "" for one that may. To
// such a scope the alert does not exist (404, never counted): it is about
// the inspectorate's handling of a complaint, and its severity and history
// follow the complainant's own unpaid wages (LSIR Art. 9).
func inspectorsOnly(s Scope, alias string) (string, []any) {
	if ledger.SeesComplaints(s.Role) {
		return "", nil
	}
	var hidden []any
	for _, r := range ledger.Rules {
		if r.InspectorsOnly() {
			hidden = append(hidden, string(r))
		}
	}
	return alias + ".rule NOT IN (" + placeholders(len(hidden)) + ")", hidden
}

// severityOf is the severity of alert a the scope reads: inspectors and
// administrators the one a complaint raised, everyone else the one the
// rules alone give (ledger.ForContractor), so that filtering, counting or
// sorting by severity does not tell a contractor that someone complained.
func severityOf(s Scope) string {
	if ledger.SeesComplaints(s.Role) {
		return "a.severity"
	}
	return "(CASE WHEN a.rule_severity = '' THEN a.severity ELSE a.rule_severity END)"
}

// alertConds is the filter's condition on alerts a of projects p, with its
// arguments (the page cursor aside).
func alertConds(f AlertFilter) ([]string, []any) {
	where, args := alertsScope(f.Scope)
	conds := []string{where}
	add := func(cond string, v any) { conds = append(conds, cond); args = append(args, v) }
	for _, c := range []struct{ col, v string }{{"a.status", string(f.Status)}, {"a.rule", string(f.Rule)},
		{"a.stream", string(f.Stream)}, {severityOf(f.Scope), string(f.Severity)}, {"a.project_id", f.ProjectID}, {"a.period", f.Period}} {
		if c.v != "" {
			add(c.col+" = ?", c.v)
		}
	}
	if f.RegionCode != "" {
		add("p.region_code LIKE ?", ledger.RegionPrefix(f.RegionCode)+"%")
	}
	return conds, args
}

// AlertCount is how many alerts of one status and severity a filter selects,
// and their money at risk.
type AlertCount struct {
	Status   ledger.AlertStatus `db:"status"`
	Severity ledger.Severity    `db:"severity"`
	N        int                `db:"n"`
	Amount   int64              `db:"amount"`
}

// CountAlerts counts the alerts the filter selects by status and severity,
// ignoring its status, severity, order and cursor: the queue's counts.
func CountAlerts(q Querier, f AlertFilter) ([]AlertCount, error) {
	f.Status, f.Severity = "", ""
	conds, args := alertConds(f)
	var out []AlertCount
	sev := severityOf(f.Scope)
	if err := q.Select(&out, `SELECT a.status, `+sev+` AS severity, COUNT(*) AS n, COALESCE(SUM(a.amount_at_risk), 0) AS amount
		FROM alerts a JOIN projects p ON p.id = a.project_id WHERE `+strings.Join(conds, " AND ")+` GROUP BY a.status, `+sev, args...); err != nil {
		return nil, fmt.Errorf("store: unable to count alerts: %w", err)
	}
	return out, nil
}

// OpenAlertsByProject counts, per project, the alerts not resolved that the
// scope sees, in one query.
func OpenAlertsByProject(q Querier, s Scope) (map[string]int, error) {
	where, args := alertsScope(s)
	var rows []struct {
		ProjectID string `db:"project_id"`
		N         int    `db:"n"`
	}
	if err := q.Select(&rows, `SELECT a.project_id, COUNT(*) AS n FROM alerts a JOIN projects p ON p.id = a.project_id
		WHERE `+where+` AND a.status <> ? GROUP BY a.project_id`, append(args, string(ledger.AlertResolved))...); err != nil {
		return nil, fmt.Errorf("store: unable to count open alerts: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ProjectID] = r.N
	}
	return out, nil
}

// ListAlerts lists alerts in the filter's order, filtered.
func ListAlerts(q Querier, f AlertFilter) ([]ledger.Alert, error) {
	qs, args, err := listAlertsSQL(f)
	if err != nil {
		return nil, err
	}
	var rows []alertRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list alerts: %w", err)
	}
	return alertsOf(rows)
}

// listAlertsSQL is ListAlerts's statement for f, with its arguments.
func listAlertsSQL(f AlertFilter) (string, []any, error) {
	conds, args := alertConds(f)
	resume, resumeArgs, orderBy, err := alertOrderSQL(f.Order, f.After, severityOf(f.Scope))
	if err != nil {
		return "", nil, err
	}
	if resume != "" {
		conds, args = append(conds, resume), append(args, resumeArgs...)
	}
	return `SELECT ` + prefixColumns("a", alertColumns) + ` FROM alerts a JOIN projects p ON p.id = a.project_id
		WHERE ` + strings.Join(conds, " AND ") + fmt.Sprintf(" ORDER BY %s LIMIT %d", orderBy, clampLimit(f.Limit)), args, nil
}

// ExplainListAlerts is PostgreSQL's EXPLAIN ANALYZE of ListAlerts's
// statement for f, run, a line each: on a Citus cluster the distributed
// plan, with its count of tasks (shards asked) and the slowest task's plan
// and time on its worker, beside the whole statement's time on the
// coordinator; where an inspector's alert queue spends its time
// (make bench-citus prints it). PostgreSQL only.
func ExplainListAlerts(q Querier, f AlertFilter) ([]string, error) {
	qs, args, err := listAlertsSQL(f)
	if err != nil {
		return nil, err
	}
	var lines []string
	if err := q.Select(&lines, `EXPLAIN (ANALYZE, COSTS OFF) `+qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to explain the alert list: %w", err)
	}
	return lines, nil
}
