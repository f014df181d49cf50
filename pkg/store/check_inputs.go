package store

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// What a re-run of a night needs to skip the projects whose inputs did not
// change since the night was last checked (service.nightInputs).

// CheckInput is what a run kept of one project's night: the digest of what
// it was decided from, and the findings per rule.
type CheckInput struct {
	Digest string
	Found  map[ledger.Rule]int
}

// CheckInputs reads what the runs of asOf kept, by project. projects are
// every project in the database (nil when not known), to whose shards a
// Citus cluster holds the read (onShardsOf), as for the other marks below.
func CheckInputs(q Querier, asOf ledger.Date, projects []string) (map[string]CheckInput, error) {
	var rows []struct {
		ProjectID string `db:"project_id"`
		Digest    string `db:"digest"`
		Found     string `db:"found"`
	}
	shards, args := dialectOf(q).onShardsOf("project_id", projects)
	if err := q.Select(&rows, `SELECT project_id, digest, found FROM check_inputs WHERE as_of = ?`+shards, append([]any{asOf}, args...)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the inputs of the check of %s: %w", asOf, err)
	}
	out := make(map[string]CheckInput, len(rows))
	for _, r := range rows {
		in := CheckInput{Digest: r.Digest}
		if err := json.Unmarshal([]byte(r.Found), &in.Found); err != nil {
			return nil, fmt.Errorf("store: the check inputs of project %s on %s have unreadable findings: %w", r.ProjectID, asOf, err)
		}
		out[r.ProjectID] = in
	}
	return out, nil
}

// KeepCheckInputs records, in the transaction of a batch, what the night
// of each project in keep was decided from, and forgets it for the
// projects in drop (whose night a run of it again would change). For the
// projects in moved, whose alerts the night opened or changed, it forgets
// what every other night kept: those digests name alert versions that
// are gone for good (a version only grows, an alert is never deleted), so
// no run could skip on them again.
func KeepCheckInputs(tx *Tx, asOf ledger.Date, keep map[string]CheckInput, drop, moved []string) error {
	if len(drop) > 0 {
		if _, err := tx.Exec(`DELETE FROM check_inputs WHERE as_of = ? AND project_id IN (`+placeholders(len(drop))+`)`,
			append([]any{asOf}, anys(drop)...)...); err != nil {
			return fmt.Errorf("store: unable to forget the inputs of the check of %s: %w", asOf, err)
		}
	}
	if len(moved) > 0 {
		if _, err := tx.Exec(`DELETE FROM check_inputs WHERE as_of <> ? AND project_id IN (`+placeholders(len(moved))+`)`,
			append([]any{asOf}, anys(moved)...)...); err != nil {
			return fmt.Errorf("store: unable to forget the inputs of other nights than %s: %w", asOf, err)
		}
	}
	ids := make([]string, 0, len(keep))
	for id := range keep {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rows := make([][]any, len(ids))
	for i, id := range ids {
		b, _ := json.Marshal(keep[id].Found) // a map of ints always marshals
		rows[i] = []any{id, asOf, keep[id].Digest, string(b)}
	}
	if err := bulkInsertSuffix(tx, "check_inputs", []string{"project_id", "as_of", "digest", "found"}, rows,
		" ON CONFLICT (project_id, as_of) DO UPDATE SET digest = excluded.digest, found = excluded.found"); err != nil {
		return fmt.Errorf("store: unable to keep the inputs of the check of %s: %w", asOf, err)
	}
	return nil
}

// PruneCheckInputs forgets what the runs of nights before before kept for
// projects, in the transaction of a batch of them. A row is of use only to
// a run of its own night again, and only while none of the project's
// alerts has changed since; a later night that sees an alert again changes
// it, so an old night's rows are left only for projects without alerts,
// for a re-run by hand of a night the schedule no longer catches up.
// Forgetting one costs that run a check of the project, never a different
// result. Every run passes each project it checks or skips, so each
// project's old rows go with its own batch: on a Citus cluster a statement
// on its project's shard, where one DELETE of every project's old nights
// ran on every shard (issue 19). A project that has not started by a
// run's night is in none of its batches, and has no rows of nights before
// its start to forget.
func PruneCheckInputs(tx *Tx, before ledger.Date, projects []string) error {
	if len(projects) == 0 {
		return nil
	}
	if _, err := tx.Exec(`DELETE FROM check_inputs WHERE as_of < ? AND project_id IN (`+placeholders(len(projects))+`)`,
		append([]any{before}, anys(projects)...)...); err != nil {
		return fmt.Errorf("store: unable to forget the check inputs of nights before %s: %w", before, err)
	}
	return nil
}

// ChangeMarks reads, for every project, a mark that moves whenever a
// change to the project is recorded: every change is audited on the
// project's chain in its own transaction, so the mark is the last sealed
// sequence number and the number still queued of the chain's records,
// leaving out those the check writes itself (alerts.check), which record
// its own alerts (read on their own, by version). Sealing moves a record
// from the queue to the chain: the mark moves then too, which only makes
// a re-run check the project again.
func ChangeMarks(q Querier, projects []string) (map[string]string, error) {
	var rows []struct {
		ID          string `db:"id"`
		Seq         *int64 `db:"seq"`
		Queued      int64  `db:"queued"`
		Quarantined int64  `db:"quarantined"`
	}
	// The sealer deletes a queued record it quarantines: counted too, the
	// mark never comes back to an earlier value (seq and quarantined only
	// grow; with both fixed, queued only grows). On a Citus cluster each
	// subquery is held to the shards too: Citus carries no condition on
	// p.id into them.
	d := dialectOf(q)
	inA, shardArgs := d.onShardsOf("a.chain", projects)
	inU, _ := d.onShardsOf("u.chain", projects)
	inX, _ := d.onShardsOf("x.chain", projects)
	inP, _ := d.onShardsOf("p.id", projects)
	if err := q.Select(&rows, `SELECT p.id,
		(SELECT MAX(a.seq) FROM audit_log a WHERE a.chain = p.id AND a.action <> ?`+inA+`) AS seq,
		(SELECT COUNT(*) FROM audit_queue u WHERE u.chain = p.id AND u.action <> ?`+inU+`) AS queued,
		(SELECT COUNT(*) FROM audit_quarantine x WHERE x.chain = p.id AND x.action <> ?`+inX+`) AS quarantined
		FROM projects p`+where(inP), slices.Concat([]any{CheckAuditAction}, shardArgs, []any{CheckAuditAction}, shardArgs,
		[]any{CheckAuditAction}, shardArgs, shardArgs)...); err != nil {
		return nil, fmt.Errorf("store: unable to read what changed on the projects: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		seq := int64(0)
		if r.Seq != nil {
			seq = *r.Seq
		}
		out[r.ID] = strconv.FormatInt(seq, 10) + "+" + strconv.FormatInt(r.Queued, 10) + "+" + strconv.FormatInt(r.Quarantined, 10)
	}
	return out, nil
}

// CheckAuditAction is the action of the audit record the nightly check
// writes on a project whose alerts it opened or changed.
const CheckAuditAction = "alerts.check"

// AlertVersion is one alert's ID and stored version.
type AlertVersion struct {
	ProjectID string `db:"project_id"`
	ID        string `db:"id"`
	Version   int    `db:"version"`
}

// AlertVersions reads every alert's ID and version, by project, in ID
// order: what moves when anyone changes an alert.
func AlertVersions(q Querier, projects []string) (map[string][]AlertVersion, error) {
	var rows []AlertVersion
	shards, args := dialectOf(q).onShardsOf("project_id", projects)
	if err := q.Select(&rows, `SELECT project_id, id, version FROM alerts`+where(shards)+` ORDER BY project_id, id`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read the alerts' versions: %w", err)
	}
	out := map[string][]AlertVersion{}
	for _, r := range rows {
		out[r.ProjectID] = append(out[r.ProjectID], r)
	}
	return out, nil
}

// CheckSetting is what, besides the facts, the alerts and the code, a
// night's decisions rest on in the database: the schema's version and the
// secret keys' (a rotation recomputes the blind indexes of bank cards).
func CheckSetting(q Querier) (string, error) {
	var schema []int
	if err := q.Select(&schema, `SELECT MAX(version) FROM schema_migrations`); err != nil {
		return "", fmt.Errorf("store: unable to read the schema's version: %w", err)
	}
	var keys []struct {
		Version int    `db:"version"`
		State   string `db:"state"`
	}
	if err := q.Select(&keys, `SELECT version, state FROM secret_keys ORDER BY version`); err != nil {
		return "", fmt.Errorf("store: unable to read the secret keys' versions: %w", err)
	}
	// While a key rotates, rows are re-indexed under the new key with no
	// audit record on their project's chain: no night is skipped then.
	for _, k := range keys {
		if k.State == SecretKeyRotating {
			var b [16]byte
			_, _ = rand.Read(b[:])
			return fmt.Sprintf("schema %v keys %v rotating %x", schema, keys, b), nil
		}
	}
	return fmt.Sprintf("schema %v keys %v", schema, keys), nil
}

// RecordMarks reads, for every project that has any, what the rules read
// of it besides the facts of the payroll and the bank: its complaints, its
// orders to pay, its work-injury policies and its workers' certificates
// and their reviews, each row as it is now, in one statement. A re-run of a night digests
// them, so that any of them recorded or changed since has the project
// checked again even if no audit record of the project's own says so.
//
// The union is read from a subquery: Citus runs a union at the top of a
// statement part by part, each on every shard, through the coordinator,
// and one in a subquery as one task per shard (the same plan on one
// server). projects are every project in the database (nil when not
// known), to whose shards a Citus cluster holds the read (onShardsOf).
func RecordMarks(q Querier, projects []string) (map[string]string, error) {
	var rows []struct {
		ProjectID string `db:"project_id"`
		Kind      string `db:"kind"`
		ID        string `db:"id"`
		State     string `db:"state"`
	}
	t := func(col string) string { return `COALESCE(CAST(` + col + ` AS TEXT), '')` }
	shards, shardArgs := dialectOf(q).onShardsOf("project_id", projects)
	w := where(shards)
	if err := q.Select(&rows, `SELECT * FROM (SELECT project_id, 'complaint' AS kind, id, status || ' ' || `+t("enrolment_id")+` || ' ' || `+t("periods")+` || ' ' || `+
		t("received_on")+` || ' ' || `+t("decided_on")+` || ' ' || `+t("concluded_on")+` || ' ' || `+t("updated_at")+` AS state FROM complaints`+w+`
		UNION ALL SELECT project_id, 'order', id, status || ' ' || `+t("unpaid")+` || ' ' || `+t("deadline")+` || ' ' || `+t("updated_at")+` FROM pay_orders`+w+`
		UNION ALL SELECT project_id, 'policy', id, `+t("valid_from")+` || ' ' || `+t("valid_until")+` || ' ' || `+t("voided_at")+` FROM injury_policies`+w+`
		UNION ALL SELECT project_id, 'certificate', id, enrolment_id || ' ' || `+t("valid_from")+` || ' ' || `+t("valid_until")+` || ' ' || `+
		t("recorded_at")+` FROM enrolment_certificates`+w+`
		UNION ALL SELECT project_id, 'review', id, certificate_id || ' ' || `+t("reviewed_on")+` FROM certificate_reviews`+w+`) marks
		ORDER BY 1, 2, 3`, slices.Concat(shardArgs, shardArgs, shardArgs, shardArgs, shardArgs)...); err != nil {
		return nil, fmt.Errorf("store: unable to read the projects' complaints, orders, policies and certificates: %w", err)
	}
	marks := map[string]*strings.Builder{}
	for _, r := range rows {
		b := marks[r.ProjectID]
		if b == nil {
			b = &strings.Builder{}
			marks[r.ProjectID] = b
		}
		fmt.Fprintf(b, "%s %s %s\n", r.Kind, r.ID, r.State)
	}
	out := make(map[string]string, len(marks))
	for id, b := range marks {
		out[id] = b.String()
	}
	return out, nil
}

// ListingMarks reads, for every unit with a listing on the dishonesty list
// decided (listed or removed since), its listings as they are now, in one
// statement: sizing reads them of a project's general contractor. projects
// are every project in the database (nil when not known), to whose shards
// a Citus cluster holds the read (onShardsOf).
func ListingMarks(q Querier, projects []string) (map[string]string, error) {
	var rows []struct {
		EmployerID string `db:"employer_id"`
		ID         string `db:"id"`
		State      string `db:"state"`
	}
	t := func(col string) string { return `COALESCE(CAST(` + col + ` AS TEXT), '')` }
	shards, args := dialectOf(q).onShardsOf("project_id", projects)
	if err := q.Select(&rows, `SELECT employer_id, id, status || ' ' || `+t("start_on")+` || ' ' || `+t("end_on")+` || ' ' || `+t("removed_on")+
		` || ' ' || `+t("updated_at")+` AS state FROM blacklist_listings WHERE status IN ('listed', 'removed')`+shards+` ORDER BY employer_id, id`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read the listings on the dishonesty list: %w", err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.EmployerID] += fmt.Sprintf("listing %s %s\n", r.ID, r.State)
	}
	return out, nil
}
