package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// SecretKey is one version of the secret key file as the database records
// it: its check value, never the key (migration secret_key).
type SecretKey struct {
	Version    int    `db:"version"`
	CheckValue string `db:"check_value"`
	State      string `db:"state"` // rotating, current or retired
}

// The states of a version in secret_keys.
const (
	SecretKeyRotating = "rotating"
	SecretKeyCurrent  = "current"
	SecretKeyRetired  = "retired"
)

// SecretKeys returns the versions the database records, oldest first; none
// before the secret_key migration has created the table.
func (db *DB) SecretKeys(ctx context.Context) ([]SecretKey, error) {
	var n int
	if err := db.x.GetContext(ctx, &n, db.Dialect.tableExistsQuery(), "secret_keys"); err != nil {
		return nil, fmt.Errorf("store: unable to read the secret key versions: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	var out []SecretKey
	if err := db.Select(ctx, &out, "SELECT version, check_value, state FROM secret_keys ORDER BY version"); err != nil {
		return nil, fmt.Errorf("store: unable to read the secret key versions: %w", err)
	}
	return out, nil
}

// IdentitySample returns one identity number's ciphertext, "" when the
// database holds none (and so nothing encrypted: every enrolment, card and
// instruction belongs to an identity).
func (db *DB) IdentitySample(ctx context.Context) (string, error) {
	var n int
	if err := db.x.GetContext(ctx, &n, db.Dialect.tableExistsQuery(), "worker_identities"); err != nil || n == 0 {
		return "", err
	}
	var sample []string
	if err := db.Select(ctx, &sample, "SELECT id_number_enc FROM worker_identities LIMIT 1"); err != nil {
		return "", fmt.Errorf("store: unable to read an identity: %w", err)
	}
	if len(sample) == 0 {
		return "", nil
	}
	return sample[0], nil
}

// RecordSecretKey records a version's check value in a state.
func RecordSecretKey(tx *Tx, k SecretKey) error {
	if _, err := tx.Exec("INSERT INTO secret_keys (version, check_value, state, created_at) VALUES (?, ?, ?, ?)",
		k.Version, k.CheckValue, k.State, tx.Now); err != nil {
		return fmt.Errorf("store: unable to record secret key version %d: %w", k.Version, err)
	}
	return nil
}

// FinishSecretKeyRotation retires version from and makes version to current,
// in that order (at most one version is current at any time).
func FinishSecretKeyRotation(tx *Tx, from, to int) error {
	if _, err := tx.Exec("UPDATE secret_keys SET state = ?, retired_at = ? WHERE version = ? AND state = ?",
		SecretKeyRetired, tx.Now, from, SecretKeyCurrent); err != nil {
		return fmt.Errorf("store: unable to retire secret key version %d: %w", from, err)
	}
	res, err := tx.Exec("UPDATE secret_keys SET state = ? WHERE version = ? AND state = ?", SecretKeyCurrent, to, SecretKeyRotating)
	if err != nil {
		return fmt.Errorf("store: unable to make secret key version %d current: %w", to, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: no rotation to secret key version %d is recorded", to)
	}
	return nil
}

// SealedTable is a table whose rows hold ciphertexts (and blind indexes of
// what they seal): what a key rotation rewrites.
type SealedTable struct {
	Name string
	// Keys is the primary key, in order; IntKeys those of them that are
	// integers (the rest are text).
	Keys    []string
	IntKeys map[string]bool
	Fields  []SealedField
}

// SealedField is one ciphertext column, the use it is sealed for (its AAD,
// which is also the namespace of its blind index) and its blind index column
// if it has one.
type SealedField struct {
	Enc, Index string
	// AAD is the use; empty when the row's "field" column names it
	// (enrolment_details holds cards and phones) or AADOfKey computes it.
	AAD string
	// AADOfKey computes the use from the row's key, when the value is bound
	// to it (an idempotent answer to its scope and Idempotency-Key). It is
	// computed here, not in SQL: the use holds NUL bytes, which PostgreSQL's
	// text cannot.
	AADOfKey func(key []string) string
	// MayBeClear: the column may hold a value an earlier build stored in the
	// clear (a JSON document, starting with { or [); a rotation seals it.
	MayBeClear bool
}

// IdempotencyResponseAAD is the use an idempotent answer is sealed for: bound
// to its scope and key, so one key's answer does not open as another's.
func IdempotencyResponseAAD(scope, key string) string {
	return "idempotency_keys.response\x00" + scope + "\x00" + key
}

// ProjectIdempotencyResponseAAD is IdempotencyResponseAAD for a key kept
// on a project (project_idempotency_keys): bound to the project too.
func ProjectIdempotencyResponseAAD(project, scope, key string) string {
	return "project_idempotency_keys.response\x00" + project + "\x00" + scope + "\x00" + key
}

// SealedTables are every table that holds ciphertexts or blind indexes. A
// ciphertext names the key version that sealed it ("v2:…"); a row's blind
// indexes are always under the same version as its ciphertexts, because
// whatever writes one writes the other in the same statement (a rotation
// batch too), so the ciphertext's version is the index's. Outside a rotation
// every index is under the current version, the one lookups compute.
var SealedTables = []SealedTable{
	{Name: "worker_identities", Keys: []string{"id"}, Fields: []SealedField{{Enc: "id_number_enc", Index: "id_number_index", AAD: "id_number"}}},
	{Name: "enrolments", Keys: []string{"project_id", "id"}, Fields: []SealedField{
		{Enc: "bank_card_enc", Index: "bank_card_index", AAD: "bank_card"}, {Enc: "phone_enc", AAD: "phone"}}},
	{Name: "enrolment_details", Keys: []string{"project_id", "enrolment_id", "seq"}, IntKeys: map[string]bool{"seq": true},
		Fields: []SealedField{{Enc: "value_enc", Index: "value_index"}}},
	{Name: "payment_instructions", Keys: []string{"project_id", "id"}, Fields: []SealedField{
		{Enc: "payee_card_enc", Index: "payee_card_index", AAD: "bank_card"}}},
	// Operation certificates: the number is often the holder's identity number.
	{Name: "enrolment_certificates", Keys: []string{"project_id", "id"}, Fields: []SealedField{{Enc: "cert_no_enc", Index: "cert_no_index", AAD: "certificate"}}},
	// Answers kept for an Idempotency-Key: a retry after a rotation must
	// still open the answer it replays.
	{Name: "idempotency_keys", Keys: []string{"scope", "key"}, Fields: []SealedField{
		{Enc: "response", MayBeClear: true, AADOfKey: func(k []string) string { return IdempotencyResponseAAD(k[0], k[1]) }}}},
	{Name: "project_idempotency_keys", Keys: []string{"project_id", "scope", "key"}, Fields: []SealedField{
		{Enc: "response", AADOfKey: func(k []string) string { return ProjectIdempotencyResponseAAD(k[0], k[1], k[2]) }}}},
}

// SealedRow is one row of a SealedTable: its key, and per field the
// ciphertext, blind index ("" when none) and use.
type SealedRow struct {
	Key   []string
	Enc   []string
	Index []string
	AAD   []string
}

// ReadSealedRows returns up to limit rows of t after the key after (nil: from
// the first), in key order.
func ReadSealedRows(tx *Tx, t SealedTable, after []string, limit int) ([]SealedRow, error) {
	cols := make([]string, 0, len(t.Keys)+2*len(t.Fields)+1)
	for _, k := range t.Keys {
		cols = append(cols, "CAST("+k+" AS TEXT)")
	}
	for _, f := range t.Fields {
		idx := "''"
		if f.Index != "" {
			idx = f.Index
		}
		aad := "'" + f.AAD + "'"
		if f.AAD == "" && f.AADOfKey == nil {
			aad = "field"
		}
		cols = append(cols, f.Enc, idx, aad)
	}
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + t.Name
	var args []any
	if after != nil {
		q += " WHERE (" + strings.Join(t.Keys, ", ") + ") > (" + placeholders(len(t.Keys)) + ")"
		for i, k := range t.Keys {
			args = append(args, t.keyValue(k, after[i]))
		}
	}
	q += " ORDER BY " + strings.Join(t.Keys, ", ") + " LIMIT " + strconv.Itoa(limit)
	rows, err := tx.tx.QueryContext(tx.ctx, tx.d.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", t.Name, tx.d.classify(err))
	}
	defer rows.Close()
	var out []SealedRow
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", t.Name, err)
		}
		r := SealedRow{Key: vals[:len(t.Keys)]}
		for i, f := range t.Fields {
			base := len(t.Keys) + 3*i
			aad := vals[base+2]
			if f.AADOfKey != nil {
				aad = f.AADOfKey(r.Key)
			}
			r.Enc, r.Index, r.AAD = append(r.Enc, vals[base]), append(r.Index, vals[base+1]), append(r.AAD, aad)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t SealedTable) keyValue(k, v string) any {
	if t.IntKeys[k] {
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return v
}

// WriteSealedRows rewrites the ciphertexts and blind indexes of rows, found
// by key, in statements of many rows each.
func WriteSealedRows(tx *Tx, t SealedTable, rows []SealedRow) error {
	var cols, types, set, where []string
	for _, k := range t.Keys {
		cols = append(cols, k)
		if t.IntKeys[k] {
			types = append(types, "bigint")
		} else {
			types = append(types, "text")
		}
		where = append(where, t.Name+"."+k+" = v."+k)
	}
	for _, f := range t.Fields {
		cols, types, set = append(cols, f.Enc), append(types, "text"), append(set, f.Enc+" = v."+f.Enc)
		if f.Index != "" {
			cols, types, set = append(cols, f.Index), append(types, "text"), append(set, f.Index+" = v."+f.Index)
		}
	}
	per := tx.d.rowsPerSource(len(cols), len(rows))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		values := make([][]any, len(chunk))
		for i, r := range chunk {
			row := make([]any, 0, len(cols))
			for j, k := range t.Keys {
				row = append(row, t.keyValue(k, r.Key[j]))
			}
			for j, f := range t.Fields {
				row = append(row, r.Enc[j])
				if f.Index != "" {
					row = append(row, r.Index[j])
				}
			}
			values[i] = row
		}
		from, args := tx.d.rowsSource(cols, types, values)
		if _, err := tx.Exec("UPDATE "+t.Name+" SET "+strings.Join(set, ", ")+" FROM "+from+" WHERE "+strings.Join(where, " AND "), args...); err != nil {
			return fmt.Errorf("store: unable to rewrite %s: %w", t.Name, err)
		}
	}
	return nil
}

// RotationStep is how far a rotation has come through one table.
type RotationStep struct {
	Table    string `db:"table_name"`
	AfterKey string `db:"after_key"` // the last key done, as a JSON array; "" before the first batch
	Rows     int64  `db:"rows_done"`
	Finished bool   `db:"finished"`
}

// After is the last key done, nil before the first batch.
func (s RotationStep) After() ([]string, error) {
	if s.AfterKey == "" {
		return nil, nil
	}
	var k []string
	if err := json.Unmarshal([]byte(s.AfterKey), &k); err != nil {
		return nil, fmt.Errorf("store: rotation progress of %s is damaged: %w", s.Table, err)
	}
	return k, nil
}

// RotationProgress returns the steps recorded for a rotation to version to, by table.
func RotationProgress(q Querier, to int) (map[string]RotationStep, error) {
	var steps []RotationStep
	if err := q.Select(&steps, `SELECT table_name, after_key, rows_done, CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END AS finished
		FROM secret_key_rotation WHERE target_version = ?`, to); err != nil {
		return nil, fmt.Errorf("store: unable to read the rotation's progress: %w", err)
	}
	out := make(map[string]RotationStep, len(steps))
	for _, s := range steps {
		out[s.Table] = s
	}
	return out, nil
}

// SetAfter records the last key done.
func (s *RotationStep) SetAfter(key []string) {
	s.AfterKey = ""
	if key != nil {
		b, _ := json.Marshal(key)
		s.AfterKey = string(b)
	}
}

// SaveRotationStep records how far a rotation to version to has come
// through a table, in the transaction of the batch that came that far.
func SaveRotationStep(tx *Tx, to int, s RotationStep) error {
	var finished any
	if s.Finished {
		finished = tx.Now
	}
	if _, err := tx.Exec(`DELETE FROM secret_key_rotation WHERE target_version = ? AND table_name = ?`, to, s.Table); err != nil {
		return fmt.Errorf("store: unable to record the rotation's progress: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO secret_key_rotation (target_version, table_name, after_key, rows_done, finished_at) VALUES (?, ?, ?, ?, ?)`,
		to, s.Table, s.AfterKey, s.Rows, finished); err != nil {
		return fmt.Errorf("store: unable to record the rotation's progress: %w", err)
	}
	return nil
}

// CountSealedNotAt counts the rows of t holding a ciphertext whose key ID is
// not encID: after a rotation's last batch, rows written meanwhile by a
// server still on the old key.
func CountSealedNotAt(q Querier, t SealedTable, encID string) (int64, error) {
	return countSealed(q, t, encID, "NOT LIKE", " OR ")
}

// CountSealedAt counts the rows of t holding a ciphertext under key ID encID.
func CountSealedAt(q Querier, t SealedTable, encID string) (int64, error) {
	return countSealed(q, t, encID, "LIKE", " OR ")
}

func countSealed(q Querier, t SealedTable, encID, like, join string) (int64, error) {
	var conds []string
	var args []any
	for _, f := range t.Fields {
		conds = append(conds, "("+f.Enc+" <> '' AND "+f.Enc+" "+like+" ?)")
		args = append(args, encID+":%")
	}
	var n int64
	if err := q.Get(&n, "SELECT count(*) FROM "+t.Name+" WHERE "+strings.Join(conds, join), args...); err != nil {
		return 0, fmt.Errorf("store: unable to count the ciphertexts of %s: %w", t.Name, err)
	}
	return n, nil
}

// DeleteSecretKeyRotation forgets a rotation to version to that never
// sealed anything: its version and its progress.
func DeleteSecretKeyRotation(tx *Tx, to int) error {
	if _, err := tx.Exec("DELETE FROM secret_key_rotation WHERE target_version = ?", to); err != nil {
		return fmt.Errorf("store: unable to forget the rotation to version %d: %w", to, err)
	}
	if _, err := tx.Exec("DELETE FROM secret_keys WHERE version = ? AND state = ?", to, SecretKeyRotating); err != nil {
		return fmt.Errorf("store: unable to forget the rotation to version %d: %w", to, err)
	}
	return nil
}
