package store

import (
	"fmt"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

type orgRow struct {
	ID         string     `db:"id"`
	Name       string     `db:"name"`
	USCC       string     `db:"uscc"`
	Kind       string     `db:"kind"`
	RegionCode string     `db:"region_code"`
	BankCode   string     `db:"bank_code"`
	CreatedAt  timeColumn `db:"created_at"`
}

func (r orgRow) org() *ledger.Organization {
	return &ledger.Organization{ID: r.ID, Name: r.Name, USCC: r.USCC, Kind: ledger.OrgKind(r.Kind),
		RegionCode: r.RegionCode, BankCode: r.BankCode, CreatedAt: r.CreatedAt.Time}
}

const orgColumns = "id, name, uscc, kind, region_code, bank_code, created_at"

// CreateOrganization inserts o; a duplicate credit code is a conflict.
func CreateOrganization(tx *Tx, o *ledger.Organization) error {
	o.CreatedAt = tx.Now
	if _, err := tx.Exec(`INSERT INTO organizations (`+orgColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Name, o.USCC, string(o.Kind), o.RegionCode, o.BankCode, tx.Now); err != nil {
		return fmt.Errorf("store: unable to create organization %q: %w", o.Name, err)
	}
	return nil
}

// GetOrganization reads one organisation.
func GetOrganization(q Querier, id string) (*ledger.Organization, error) {
	var r orgRow
	err := q.Get(&r, `SELECT `+orgColumns+` FROM organizations WHERE id = ?`, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("resource.organization", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read organization %q: %w", id, err)
	}
	return r.org(), nil
}

// OrganizationFilter selects organisations for a list.
type OrganizationFilter struct {
	Scope Scope
	Kind  string
	After string // cursor: the last ID of the previous page
	Limit int
}

// ListOrganizations returns organisations visible in the scope, by ID.
func ListOrganizations(q Querier, f OrganizationFilter) ([]*ledger.Organization, error) {
	where, args := f.Scope.organizationsWhere("o")
	qs := `SELECT ` + prefixColumns("o", orgColumns) + ` FROM organizations o WHERE ` + where
	if f.Kind != "" {
		qs += " AND o.kind = ?"
		args = append(args, f.Kind)
	}
	if f.After != "" {
		qs += " AND o.id > ?"
		args = append(args, f.After)
	}
	qs += fmt.Sprintf(" ORDER BY o.id LIMIT %d", clampLimit(f.Limit))
	var rows []orgRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list organizations: %w", err)
	}
	out := make([]*ledger.Organization, len(rows))
	for i, r := range rows {
		out[i] = r.org()
	}
	return out, nil
}

// clampLimit is a list's limit as asked, or 100 when it is none or too
// many. The API's largest page is 1,000 items and it asks one more (to know
// whether another page follows), so 1,001 is taken as asked: clamped to
// 100, a page of 1,000 came back with 100 items and no cursor.
func clampLimit(n int) int {
	if n <= 0 || n > 1001 {
		return 100
	}
	return n
}

// ResolveOrganization finds an organisation by what a clerk writes in a file:
// its ID, its credit code, or its exact name (when the name is unique).
func ResolveOrganization(q Querier, ref string) (*ledger.Organization, error) {
	if o, err := GetOrganization(q, ref); err == nil || ledger.ErrorCode(err) != ledger.ENotFound {
		return o, err
	}
	var rows []orgRow
	if err := q.Select(&rows, `SELECT `+orgColumns+` FROM organizations WHERE uscc = ? OR name = ? LIMIT 2`, strings.ToUpper(ref), ref); err != nil {
		return nil, fmt.Errorf("store: unable to look up organization: %w", err)
	}
	switch len(rows) {
	case 0:
		return nil, notFound("resource.organization", ref)
	case 1:
		return rows[0].org(), nil
	}
	return nil, ledger.Errorf(ledger.EInvalid, "%q names more than one organisation: use its ID or credit code", ref)
}
