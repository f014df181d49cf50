package store

import (
	"context"
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// LedgerReport is what `wageguard ledger verify` prints.
type LedgerReport struct {
	Entries       int
	Postings      int
	Accounts      int
	Discrepancies []Discrepancy
}

// Discrepancy is one thing the books got wrong.
type Discrepancy struct {
	ProjectID string
	Subject   ledger.Msg // an entry or an account
	Problem   ledger.Msg
}

// String is the discrepancy in English.
func (d Discrepancy) String() string { return d.Msg().String() }

// Msg is the discrepancy with where it is, to render in the reader's language.
func (d Discrepancy) Msg() ledger.Msg {
	return ledger.M("project %s, %s: %s", d.ProjectID, d.Subject, d.Problem)
}

// slotSums is each account's cached balance: the sum of its slots.
const slotSums = `(SELECT project_id, account_kind, account_ref, SUM(balance) AS balance FROM ledger_balances
		GROUP BY project_id, account_kind, account_ref)`

// VerifyLedger proves the books from their postings, set-based: every entry
// has at least two postings summing to zero, and every cached balance equals
// the sum of its account's postings (and no account has postings but no
// balance row, or a balance but no postings), and every enrolment's month
// of wages (wage_months) equals its recount from the payrolls and postings.
func (db *DB) VerifyLedger(ctx context.Context) (*LedgerReport, error) {
	r := &LedgerReport{Discrepancies: []Discrepancy{}}
	for q, dest := range map[string]*int{
		"SELECT COUNT(*) FROM ledger_entries":  &r.Entries,
		"SELECT COUNT(*) FROM ledger_postings": &r.Postings,
		"SELECT COUNT(*) FROM (SELECT DISTINCT project_id, account_kind, account_ref FROM ledger_balances) a": &r.Accounts,
	} {
		if err := db.Get(ctx, dest, q); err != nil {
			return nil, fmt.Errorf("store: unable to count the books: %w", err)
		}
	}

	var unbalanced []struct {
		ProjectID string `db:"project_id"`
		ID        string `db:"id"`
		N         int    `db:"n"`
		Sum       int64  `db:"total"`
	}
	if err := db.Select(ctx, &unbalanced, `SELECT e.project_id, e.id, COUNT(p.seq) AS n, COALESCE(SUM(p.amount), 0) AS total
		FROM ledger_entries e LEFT JOIN ledger_postings p ON p.project_id = e.project_id AND p.entry_id = e.id
		GROUP BY e.project_id, e.id
		HAVING COUNT(p.seq) < 2 OR COALESCE(SUM(p.amount), 0) <> 0
		ORDER BY e.project_id, e.id`); err != nil {
		return nil, fmt.Errorf("store: unable to check entries: %w", err)
	}
	for _, u := range unbalanced {
		problem := ledger.M("postings sum to %s, not zero", ledger.Money(u.Sum))
		if u.N < 2 {
			problem = ledger.Plural(u.N, "has %d posting, needs at least two", "has %d postings, needs at least two", u.N)
		}
		r.Discrepancies = append(r.Discrepancies, Discrepancy{u.ProjectID, ledger.M("entry %s", u.ID), problem})
	}

	var orphans []struct {
		ProjectID string `db:"project_id"`
		EntryID   string `db:"entry_id"`
	}
	if err := db.Select(ctx, &orphans, `SELECT DISTINCT p.project_id, p.entry_id FROM ledger_postings p
		WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.project_id = p.project_id AND e.id = p.entry_id)
		ORDER BY 1, 2`); err != nil {
		return nil, fmt.Errorf("store: unable to check postings: %w", err)
	}
	for _, o := range orphans {
		r.Discrepancies = append(r.Discrepancies, Discrepancy{o.ProjectID, ledger.M("entry %s", o.EntryID), ledger.M("has postings but the entry itself is missing")})
	}

	var mismatched []struct {
		ProjectID string `db:"project_id"`
		Kind      string `db:"account_kind"`
		Ref       string `db:"account_ref"`
		Postings  *int64 `db:"postings"`
		Cached    *int64 `db:"cached"`
	}
	if err := db.Select(ctx, &mismatched, `
		SELECT s.project_id, s.account_kind, s.account_ref, s.total AS postings, b.balance AS cached
		FROM (SELECT project_id, account_kind, account_ref, SUM(amount) AS total FROM ledger_postings
		      GROUP BY project_id, account_kind, account_ref) s
		LEFT JOIN `+slotSums+` b ON b.project_id = s.project_id AND b.account_kind = s.account_kind AND b.account_ref = s.account_ref
		WHERE b.balance IS NULL OR b.balance <> s.total
		UNION ALL
		SELECT b.project_id, b.account_kind, b.account_ref, NULL, b.balance FROM `+slotSums+` b
		WHERE b.balance <> 0 AND NOT EXISTS (SELECT 1 FROM ledger_postings p
		      WHERE p.project_id = b.project_id AND p.account_kind = b.account_kind AND p.account_ref = b.account_ref)
		ORDER BY 1, 2, 3`); err != nil {
		return nil, fmt.Errorf("store: unable to check balances: %w", err)
	}
	for _, m := range mismatched {
		a := ledger.Account{ProjectID: m.ProjectID, Kind: ledger.AccountKind(m.Kind), Ref: m.Ref}
		var sum, cached ledger.Money
		if m.Postings != nil {
			sum = ledger.Money(*m.Postings)
		}
		var problem ledger.Msg
		if m.Cached == nil {
			problem = ledger.M("has postings summing to %s but no cached balance", sum)
		} else {
			cached = ledger.Money(*m.Cached)
			problem = ledger.M("cached balance %s differs from the sum of its postings %s", cached, sum)
		}
		r.Discrepancies = append(r.Discrepancies, Discrepancy{m.ProjectID, ledger.M("account %s", a.String()), problem})
	}
	if err := wageMonthsDiffer(r, db.Reader(ctx)); err != nil {
		return nil, err
	}
	return r, nil
}
