package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Check run statuses.
const (
	RunRunning   = "running"
	RunFinished  = "finished"
	RunFailed    = "failed"
	RunAbandoned = "abandoned" // its process died; a later run for its date redid it
)

// CheckRun is one run of the nightly check.
type CheckRun struct {
	ID         string
	AsOf       ledger.Date
	Status     string
	StartedBy  string
	StartedAt  time.Time
	FinishedAt time.Time // zero while running
	Duration   time.Duration
	Projects   int
	Counts     map[ledger.Rule]*ledger.RuleCounts
	Timings    CheckTimings
	Error      string // the message (Msg.Encode) of why it failed; read it with ErrorText
}

// ErrorText is why the run failed, as a message to render in the reader's
// language: runs recorded before the message was kept as data hold the
// English sentence, shown as it is.
func (r *CheckRun) ErrorText() ledger.Msg { return ledger.StoredText(r.Error) }

// CheckTimings are what a run spent, summed over the projects it checked
// (so over its parallel workers): reading each kind of fact, evaluating
// each rule, planning and writing the alerts.
type CheckTimings struct {
	Reads map[string]time.Duration      `json:"reads"`
	Rules map[ledger.Rule]time.Duration `json:"rules"`
	Plan  time.Duration                 `json:"plan"`
	Write time.Duration                 `json:"write"`
}

type checkRunRow struct {
	ID         string      `db:"id"`
	AsOf       ledger.Date `db:"as_of"`
	Status     string      `db:"status"`
	StartedBy  string      `db:"started_by"`
	StartedAt  timeColumn  `db:"started_at"`
	FinishedAt *timeColumn `db:"finished_at"`
	DurationMS int64       `db:"duration_ms"`
	Projects   int         `db:"projects"`
	Counts     string      `db:"counts"`
	Timings    string      `db:"timings"`
	Error      string      `db:"error"`
}

const checkRunColumns = "id, as_of, status, started_by, started_at, finished_at, duration_ms, projects, counts, timings, error"

func (r *checkRunRow) run() (*CheckRun, error) {
	out := &CheckRun{ID: r.ID, AsOf: r.AsOf, Status: r.Status, StartedBy: r.StartedBy, StartedAt: r.StartedAt.Time,
		Duration: time.Duration(r.DurationMS) * time.Millisecond, Projects: r.Projects, Error: r.Error}
	if r.FinishedAt != nil {
		out.FinishedAt = r.FinishedAt.Time
	}
	if err := json.Unmarshal([]byte(r.Counts), &out.Counts); err != nil {
		return nil, fmt.Errorf("store: check run %s has unreadable counts: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Timings), &out.Timings); err != nil {
		return nil, fmt.Errorf("store: check run %s has unreadable timings: %w", r.ID, err)
	}
	return out, nil
}

// ClaimCheckRun records a new run for asOf, unless another is running for
// that date: the partial unique index on running runs decides, across
// processes. A running run whose heartbeat is older than staleBefore is a
// dead process's: it is marked abandoned first, and this run redoes its date.
func ClaimCheckRun(tx *Tx, id string, asOf ledger.Date, startedBy string, staleBefore time.Time) error {
	if _, err := tx.Exec(`UPDATE check_runs SET status = ?, error = ? WHERE as_of = ? AND status = ? AND heartbeat_at < ?`,
		RunAbandoned, ledger.M("its process stopped beating; the run %s redid its date", id).Encode(), asOf, RunRunning, staleBefore); err != nil {
		return fmt.Errorf("store: unable to take over a stale check run: %w", err)
	}
	res, err := tx.Exec(`INSERT INTO check_runs (id, as_of, status, started_by, started_at, heartbeat_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (as_of) WHERE status = 'running' DO NOTHING`,
		id, asOf, RunRunning, startedBy, tx.Now, tx.Now)
	if err != nil {
		return fmt.Errorf("store: unable to record the check run: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ledger.Errorf(ledger.EConflict, "a check for %s is already running", asOf)
	}
	return nil
}

// BeatCheckRun tells other processes that the run is alive.
func (db *DB) BeatCheckRun(ctx context.Context, id string) error {
	return db.ExecRaw(ctx, `UPDATE check_runs SET heartbeat_at = ? WHERE id = ? AND status = ?`, db.Now(), id, RunRunning)
}

// MarkProjectsChecked records, in the transaction of a batch of projects,
// that the run checked each of them (projectIDs[i], with counts[i]), in one
// statement per thousand.
func MarkProjectsChecked(tx *Tx, runID string, projectIDs []string, counts []map[ledger.Rule]*ledger.RuleCounts) error {
	rows := make([][]any, len(projectIDs))
	for i, id := range projectIDs {
		b, _ := json.Marshal(counts[i]) // a map of plain structs always marshals
		rows[i] = []any{id, runID, string(b)}
	}
	if err := bulkInsertSuffix(tx, "check_run_projects", []string{"project_id", "run_id", "counts"}, rows,
		" ON CONFLICT (project_id, run_id) DO UPDATE SET counts = excluded.counts"); err != nil {
		return fmt.Errorf("store: unable to record %d projects as checked: %w", len(projectIDs), err)
	}
	return nil
}

// FinishCheckRun records how a run ended.
func FinishCheckRun(tx *Tx, r *CheckRun) error {
	b, _ := json.Marshal(r.Counts)
	t, _ := json.Marshal(r.Timings) // maps of durations always marshal
	if _, err := tx.Exec(`UPDATE check_runs SET status = ?, finished_at = ?, heartbeat_at = ?, duration_ms = ?, projects = ?, counts = ?,
		timings = ?, error = ? WHERE id = ?`, r.Status, r.FinishedAt, tx.Now, r.Duration.Milliseconds(), r.Projects, string(b), string(t),
		r.Error, r.ID); err != nil {
		return fmt.Errorf("store: unable to finish check run %s: %w", r.ID, err)
	}
	return nil
}

// GetCheckRun reads one run.
func GetCheckRun(q Querier, id string) (*CheckRun, error) {
	var rows []checkRunRow
	if err := q.Select(&rows, `SELECT `+checkRunColumns+` FROM check_runs WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("store: unable to read check run %q: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, notFound("check run", id)
	}
	return rows[0].run()
}

// ListCheckRuns lists runs, newest first; before is the last ID of the
// previous page (IDs sort by start).
func ListCheckRuns(q Querier, before string, limit int) ([]*CheckRun, error) {
	qs, args := `SELECT `+checkRunColumns+` FROM check_runs`, []any{}
	if before != "" {
		qs += ` WHERE id < ?`
		args = append(args, before)
	}
	var rows []checkRunRow
	if err := q.Select(&rows, qs+fmt.Sprintf(" ORDER BY id DESC LIMIT %d", clampLimit(limit)), args...); err != nil {
		return nil, fmt.Errorf("store: unable to list check runs: %w", err)
	}
	out := make([]*CheckRun, len(rows))
	for i := range rows {
		r, err := rows[i].run()
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// LastCheckedDate is the latest as-of date of a finished run; zero if none.
func LastCheckedDate(q Querier) (ledger.Date, error) {
	var d []ledger.Date
	if err := q.Select(&d, `SELECT as_of FROM check_runs WHERE status = ? ORDER BY as_of DESC LIMIT 1`, RunFinished); err != nil {
		return ledger.Date{}, fmt.Errorf("store: unable to read the last check: %w", err)
	}
	if len(d) == 0 {
		return ledger.Date{}, nil
	}
	return d[0], nil
}

// RecordCheckRun records a run that has already ended (the nights a
// catch-up skipped), in one statement.
func RecordCheckRun(tx *Tx, r *CheckRun) error {
	if _, err := tx.Exec(`INSERT INTO check_runs (id, as_of, status, started_by, started_at, heartbeat_at, finished_at, error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.AsOf, r.Status, r.StartedBy, r.StartedAt, tx.Now, r.FinishedAt, r.Error); err != nil {
		return fmt.Errorf("store: unable to record check run %s: %w", r.ID, err)
	}
	return nil
}

// FirstProjectStart is the earliest start of any project; zero if none.
func FirstProjectStart(q Querier) (ledger.Date, error) {
	shards, args, err := everyProjectOnShards(q, "id")
	if err != nil {
		return ledger.Date{}, err
	}
	var d []ledger.Date
	if err := q.Select(&d, `SELECT started_on FROM projects`+where(shards)+` ORDER BY started_on LIMIT 1`, args...); err != nil {
		return ledger.Date{}, fmt.Errorf("store: unable to read the first project start: %w", err)
	}
	if len(d) == 0 {
		return ledger.Date{}, nil
	}
	return d[0], nil
}

// FirstCheckedDate is the earliest as-of date of a finished run: the night
// from which the alerts hold a record; zero if none.
func FirstCheckedDate(q Querier) (ledger.Date, error) {
	var d []ledger.Date
	if err := q.Select(&d, `SELECT as_of FROM check_runs WHERE status = ? ORDER BY as_of LIMIT 1`, RunFinished); err != nil {
		return ledger.Date{}, fmt.Errorf("store: unable to read the first check: %w", err)
	}
	if len(d) == 0 {
		return ledger.Date{}, nil
	}
	return d[0], nil
}

// ContractorHistory reads what the alerts say of a general contractor: the
// distinct days its projects' arrears alerts were first seen, with the days
// it was proposed for the blacklist, and those of its projects' compliance
// alerts. Two statements, whatever its number of projects.
func ContractorHistory(q Querier, gcID string) (arrears, compliance []ledger.Date, err error) {
	hs, err := ContractorHistories(q, []string{gcID}, nil)
	return hs[gcID].Arrears, hs[gcID].Compliance, err
}

// ContractorDays are the days of ContractorHistory.
type ContractorDays struct{ Arrears, Compliance []ledger.Date }

// ContractorHistories is ContractorHistory for several general contractors,
// by contractor: two statements per 200 of them. Only the alerts of rules
// on a contractor's record count (ledger.Rule.OnContractorRecord): never a
// complaint's own alert. projects are every project
// in the database (nil when not known), to whose shards a Citus cluster
// holds the reads (onShardsOf).
func ContractorHistories(q Querier, gcIDs, projects []string) (map[string]ContractorDays, error) {
	out := map[string]ContractorDays{}
	alertShards, shardArgs := dialectOf(q).onShardsOf("a.project_id", projects)
	candidateShards, _ := dialectOf(q).onShardsOf("project_id", projects)
	off, offArgs := offRecord("a")
	for chunk := range slices.Chunk(gcIDs, MaxCheckBatch) {
		in := " IN (" + placeholders(len(chunk)) + ")"
		var rows []struct {
			GCID   string      `db:"gc_id"`
			On     ledger.Date `db:"on_date"`
			Stream string      `db:"stream"`
		}
		if err := q.Select(&rows, `SELECT DISTINCT p.general_contractor_id AS gc_id, a.first_seen_on AS on_date, a.stream
			FROM alerts a JOIN projects p ON p.id = a.project_id
			WHERE p.general_contractor_id`+in+off+alertShards+` ORDER BY 1, 2, 3`, append(append(anys(chunk), offArgs...), shardArgs...)...); err != nil {
			return nil, fmt.Errorf("store: unable to read the alert history of %d general contractors: %w", len(chunk), err)
		}
		var proposed []struct {
			GCID string      `db:"employer_id"`
			On   ledger.Date `db:"proposed_on"`
		}
		if err := q.Select(&proposed, `SELECT DISTINCT employer_id, proposed_on FROM blacklist_candidates WHERE employer_id`+in+candidateShards+`
			ORDER BY 1, 2`, append(anys(chunk), shardArgs...)...); err != nil {
			return nil, fmt.Errorf("store: unable to read the blacklist candidacies of %d general contractors: %w", len(chunk), err)
		}
		for _, r := range rows {
			h := out[r.GCID]
			if r.Stream == string(ledger.StreamArrears) {
				h.Arrears = append(h.Arrears, r.On)
			} else {
				h.Compliance = append(h.Compliance, r.On)
			}
			out[r.GCID] = h
		}
		for _, r := range proposed {
			h := out[r.GCID]
			h.Arrears = append(h.Arrears, r.On)
			out[r.GCID] = h
		}
	}
	return out, nil
}

// offRecord is the condition (with its leading AND) that leaves out of a
// contractor's record the alerts of rules not on it
// (ledger.OffContractorRecord); "" when every rule counts.
func offRecord(alias string) (string, []any) {
	off := ledger.OffContractorRecord()
	if len(off) == 0 {
		return "", nil
	}
	args := make([]any, len(off))
	for i, r := range off {
		args[i] = string(r)
	}
	return " AND " + alias + ".rule NOT IN (" + placeholders(len(off)) + ")", args
}
