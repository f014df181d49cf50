package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// PostEntries writes entries with their postings and updates the cached
// balances and the enrolments' months of wages (wage_months), all in tx. Each entry is validated first; nothing is written if
// any is bad. Balances are updated once per account per call with the batch's
// sum, so a bulk approval does not queue on the project's hot accounts.
func PostEntries(tx *Tx, entries []ledger.Entry) error {
	var v ledger.Validation
	var batch ledger.EntryBatch // names the entries that come without an ID
	for i := range entries {
		e := &entries[i]
		if e.ID == "" {
			if batch == "" {
				batch = ledger.NewEntryBatch()
			}
			e.ID = batch.ID(i)
		}
		e.CreatedAt = tx.Now
		if err := e.Validate(); err != nil {
			for _, f := range ledger.ErrorFields(err) {
				f.Field = fmt.Sprintf("entries[%d].%s", i, f.Field)
				v.Fields = append(v.Fields, f)
			}
		}
	}
	if err := v.Err("entries are not balanced double-entry"); err != nil {
		return err
	}
	entryRows := make([][]any, 0, len(entries))
	var postingRows [][]any
	sums := map[ledger.Account]ledger.Money{}
	for _, e := range entries {
		var reverses any
		if e.Reverses != "" {
			reverses = e.Reverses
		}
		entryRows = append(entryRows, []any{e.ProjectID, e.ID, string(e.Kind), e.Memo, reverses, e.EffectiveOn, tx.Now})
		for i, p := range e.Postings {
			postingRows = append(postingRows, []any{e.ProjectID, e.ID, i + 1, string(p.Account.Kind), p.Account.Ref, p.Period, int64(p.Amount)})
			s, err := sums[p.Account].Add(p.Amount)
			if err != nil {
				return err
			}
			sums[p.Account] = s
		}
	}
	if err := insertRows(tx, "ledger_entries", []string{"project_id", "id", "kind", "memo", "reverses_id", "effective_on", "created_at"}, entryRows); err != nil {
		return fmt.Errorf("store: unable to write ledger entries: %w", err)
	}
	if err := insertRows(tx, "ledger_postings", []string{"project_id", "entry_id", "seq", "account_kind", "account_ref", "period", "amount"}, postingRows); err != nil {
		return fmt.Errorf("store: unable to write ledger postings: %w", err)
	}
	if err := addToBalances(tx, sums); err != nil {
		return err
	}
	months, err := wageMonthsOf(entries)
	if err != nil {
		return err
	}
	return addToWageMonths(tx, months)
}

// PostEntry writes one entry; see PostEntries.
func PostEntry(tx *Tx, e *ledger.Entry) error {
	es := []ledger.Entry{*e}
	if err := PostEntries(tx, es); err != nil {
		return err
	}
	*e = es[0]
	return nil
}

// BalanceSlots is how many rows a project-level account's cached balance is
// spread over. Every payment of a project moves its wage account: with one
// row, every such transaction would wait for the one before it to commit.
// A transaction adds to one slot picked at random; a reader sums the slots.
// Per-worker accounts are touched by few transactions and keep slot 0.
const BalanceSlots = 32

func balanceSlot(a ledger.Account) int {
	if a.Ref != "" {
		return 0
	}
	return rand.IntN(BalanceSlots)
}

// addToBalances adds each sum to its account's cached balance with atomic
// upserts, in a fixed account order so that two transactions touching the
// same accounts never deadlock.
func addToBalances(tx *Tx, sums map[ledger.Account]ledger.Money) error {
	accounts := make([]ledger.Account, 0, len(sums))
	for a, s := range sums {
		if s != 0 {
			accounts = append(accounts, a)
		}
	}
	sort.Slice(accounts, func(i, j int) bool {
		a, b := accounts[i], accounts[j]
		if a.ProjectID != b.ProjectID {
			return a.ProjectID < b.ProjectID
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Ref < b.Ref
	})
	rows := make([][]any, len(accounts))
	for i, a := range accounts {
		rows[i] = []any{a.ProjectID, string(a.Kind), a.Ref, balanceSlot(a), int64(sums[a])}
	}
	// Each account appears once, in a fixed order: no deadlock between batches.
	if err := upsertRows(tx, "ledger_balances", []string{"project_id", "account_kind", "account_ref", "slot", "balance"},
		[]string{"text", "text", "text", "smallint", "bigint"}, rows, "updated_at", tx.Now,
		`ON CONFLICT (project_id, account_kind, account_ref, slot) DO UPDATE SET balance = ledger_balances.balance + excluded.balance, updated_at = excluded.updated_at`); err != nil {
		return fmt.Errorf("store: unable to update balances: %w", err)
	}
	return nil
}

// upsertRows writes rows of columns (of the PostgreSQL array types types)
// and, beside each, the value last for column lastColumn, with conflict
// (ON CONFLICT … DO UPDATE) deciding what a row already there becomes: one
// statement per rowsSource on PostgreSQL and SQLite; on Citus, which runs
// INSERT … SELECT from a list of rows through the coordinator in two
// phases, rows given as VALUES, which go straight to their shard.
func upsertRows(tx *Tx, table string, columns, types []string, rows [][]any, lastColumn string, last any, conflict string) error {
	all := append(slices.Clone(columns), lastColumn)
	per := tx.d.rowsPerSource(len(columns), len(rows))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		if tx.d.insertsAsValues() {
			values := make([][]any, len(chunk))
			for i, r := range chunk {
				values[i] = append(slices.Clone(r), last)
			}
			if err := bulkInsertSuffix(tx, table, all, values, " "+conflict); err != nil {
				return err
			}
			continue
		}
		from, args := tx.d.rowsSource(columns, types, chunk)
		if _, err := tx.Exec(`INSERT INTO `+table+` (`+strings.Join(all, ", ")+`)
			SELECT v.`+strings.Join(columns, ", v.")+`, ? FROM `+from+` WHERE 1 = 1 `+conflict, append([]any{last}, args...)...); err != nil {
			return err
		}
	}
	return nil
}

type entryRow struct {
	ProjectID   string      `db:"project_id"`
	ID          string      `db:"id"`
	Kind        string      `db:"kind"`
	Memo        string      `db:"memo"`
	Reverses    *string     `db:"reverses_id"`
	EffectiveOn ledger.Date `db:"effective_on"`
	CreatedAt   timeColumn  `db:"created_at"`
}

type postingRow struct {
	Seq         int           `db:"seq"`
	AccountKind string        `db:"account_kind"`
	AccountRef  string        `db:"account_ref"`
	Period      ledger.Period `db:"period"`
	Amount      int64         `db:"amount"`
}

// Querier is what reads need: a *DB outside a transaction or a *Tx inside one.
type Querier interface {
	Get(dest any, q string, args ...any) error
	Select(dest any, q string, args ...any) error
}

// Reader adapts a *DB and a context to Querier for reads outside a transaction.
func (db *DB) Reader(ctx context.Context) Querier { return dbReader{db, ctx} }

type dbReader struct {
	db  *DB
	ctx context.Context
}

func (r dbReader) Get(dest any, q string, args ...any) error {
	return r.db.Get(r.ctx, dest, q, args...)
}
func (r dbReader) Select(dest any, q string, args ...any) error {
	return r.db.Select(r.ctx, dest, q, args...)
}

// GetEntry reads one entry with its postings.
func GetEntry(q Querier, projectID, id string) (*ledger.Entry, error) {
	var r entryRow
	err := q.Get(&r, `SELECT project_id, id, kind, memo, reverses_id, effective_on, created_at
		FROM ledger_entries WHERE project_id = ? AND id = ?`, projectID, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("ledger entry", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read entry %q: %w", id, err)
	}
	e := &ledger.Entry{ID: r.ID, ProjectID: r.ProjectID, Kind: ledger.EntryKind(r.Kind), Memo: r.Memo,
		EffectiveOn: r.EffectiveOn, CreatedAt: r.CreatedAt.Time}
	if r.Reverses != nil {
		e.Reverses = *r.Reverses
	}
	var ps []postingRow
	if err := q.Select(&ps, `SELECT seq, account_kind, account_ref, period, amount FROM ledger_postings
		WHERE project_id = ? AND entry_id = ? ORDER BY seq`, projectID, id); err != nil {
		return nil, fmt.Errorf("store: unable to read postings of entry %q: %w", id, err)
	}
	for _, p := range ps {
		e.Postings = append(e.Postings, ledger.Posting{
			Account: ledger.Account{ProjectID: projectID, Kind: ledger.AccountKind(p.AccountKind), Ref: p.AccountRef},
			Period:  p.Period, Amount: ledger.Money(p.Amount)})
	}
	return e, nil
}

// Balance returns the cached debit-positive balance of an account (the sum
// of its slots); an account that has never been posted to has balance zero.
func Balance(q Querier, a ledger.Account) (ledger.Money, error) {
	var b int64
	if err := q.Get(&b, `SELECT COALESCE(SUM(balance), 0) FROM ledger_balances WHERE project_id = ? AND account_kind = ? AND account_ref = ?`,
		a.ProjectID, string(a.Kind), a.Ref); err != nil {
		return 0, fmt.Errorf("store: unable to read balance of %s: %w", a, err)
	}
	return ledger.Money(b), nil
}

// PeriodBalance sums an account's postings for one wage period: what worker W
// is owed for period P is PeriodBalance(wages_payable/W, P).
func PeriodBalance(q Querier, a ledger.Account, p ledger.Period) (ledger.Money, error) {
	var sum int64
	if err := q.Get(&sum, `SELECT COALESCE(SUM(amount), 0) FROM ledger_postings
		WHERE project_id = ? AND account_kind = ? AND account_ref = ? AND period = ?`,
		a.ProjectID, string(a.Kind), a.Ref, p); err != nil {
		return 0, fmt.Errorf("store: unable to sum %s for %s: %w", a, p, err)
	}
	return ledger.Money(sum), nil
}
