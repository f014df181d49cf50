package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// Identity is one person, stored with the identity number encrypted and
// found through its blind index.
type Identity struct {
	ID     string `db:"id"`
	Index  string `db:"id_number_index"`
	Enc    string `db:"id_number_enc"`
	Masked string `db:"id_number_masked"`
	Name   string `db:"name"`
	Gender string `db:"gender"`
	// BirthMonth ("YYYY-MM"), Gender and RegionCode are what statistics
	// need; the full birth date is only in the encrypted number.
	BirthMonth string `db:"birth_month"`
	RegionCode string `db:"region_code"`
}

// FindIdentities returns the identities with the given blind indexes, by index.
func FindIdentities(q Querier, indexes []string) (map[string]Identity, error) {
	out := make(map[string]Identity, len(indexes))
	for start := 0; start < len(indexes); start += 500 {
		chunk := indexes[start:min(start+500, len(indexes))]
		var rows []Identity
		if err := q.Select(&rows, `SELECT id, id_number_index, id_number_enc, id_number_masked, name, gender, birth_month, region_code
			FROM worker_identities WHERE id_number_index IN (`+placeholders(len(chunk))+`)`, anys(chunk)...); err != nil {
			return nil, fmt.Errorf("store: unable to look up identities: %w", err)
		}
		for _, r := range rows {
			out[r.Index] = r
		}
	}
	return out, nil
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// CreateIdentities inserts new identities; it returns ErrConcurrentChange
// when one was registered meanwhile by another transaction.
func CreateIdentities(tx *Tx, ids []Identity) error {
	rows := make([][]any, len(ids))
	for i, r := range ids {
		rows[i] = []any{r.ID, r.Index, r.Enc, r.Masked, r.Name, r.Gender, r.BirthMonth, r.RegionCode, tx.Now}
	}
	if err := insertRows(tx, "worker_identities", []string{"id", "id_number_index", "id_number_enc", "id_number_masked", "name", "gender", "birth_month", "region_code", "created_at"}, rows); err != nil {
		if ledger.ErrorCode(tx.d.classify(err)) == ledger.EConflict {
			// Another transaction registered one of these people after they
			// were looked up: run the use case again, which will find them.
			return ErrConcurrentChange
		}
		return fmt.Errorf("store: unable to create identities: %w", err)
	}
	return nil
}

// EnrolmentRow is an enrolment as stored.
type EnrolmentRow struct {
	ProjectID        string                 `db:"project_id"`
	ID               string                 `db:"id"`
	WorkerID         string                 `db:"worker_id"`
	Name             string                 `db:"name"`
	IDNumberMasked   string                 `db:"id_number_masked"`
	EmployerID       string                 `db:"employer_id"`
	Team             string                 `db:"team"`
	Trade            string                 `db:"trade"`
	TradeCode        ledger.TradeCode       `db:"trade_code"`
	ContractKind     ledger.ContractKind    `db:"contract_kind"`
	ContractSignedOn ledger.Date            `db:"contract_signed_on"`
	EnteredOn        ledger.Date            `db:"entered_on"`
	ExitedOn         *ledger.Date           `db:"exited_on"`
	BankCardEnc      string                 `db:"bank_card_enc"`
	BankCardIndex    string                 `db:"bank_card_index"`
	BankCardMasked   string                 `db:"bank_card_masked"`
	AccountKind      ledger.BankAccountKind `db:"account_kind"`
	BankID           string                 `db:"bank_id"`
	PhoneEnc         string                 `db:"phone_enc"`
	PhoneMasked      string                 `db:"phone_masked"`
	CreatedAt        timeColumn             `db:"created_at"`
	// From the identity: the encrypted number, from which the birth date and
	// sex are shown to those who may see them (service.presented).
	IDNumberEnc string `db:"id_number_enc"`
	// The identity's blind index, for attendance and payroll lookups.
	IDNumberIndex string `db:"id_number_index"`
}

// Enrolment turns the row into the domain value.
func (r *EnrolmentRow) Enrolment() *ledger.Enrolment {
	e := &ledger.Enrolment{
		ID: r.ID, ProjectID: r.ProjectID, WorkerID: r.WorkerID, Name: r.Name, IDNumber: r.IDNumberMasked,
		EmployerID: r.EmployerID, Team: r.Team, Trade: r.Trade, TradeCode: r.TradeCode,
		ContractKind: r.ContractKind, ContractSignedOn: r.ContractSignedOn, EnteredOn: r.EnteredOn, ExitedOn: r.ExitedOn,
		Status: ledger.EnrolmentActive, BankCard: r.BankCardMasked, AccountKind: r.AccountKind, BankID: r.BankID, Phone: r.PhoneMasked, CreatedAt: r.CreatedAt.Time,
	}
	if r.ExitedOn != nil {
		e.Status = ledger.EnrolmentExited
	}
	return e
}

const enrolmentSelect = `SELECT e.project_id, e.id, e.worker_id, e.name, e.id_number_masked, e.employer_id, e.team, e.trade, e.trade_code,
	e.contract_kind, e.contract_signed_on, e.entered_on, e.exited_on, e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.account_kind,
	e.bank_id, e.phone_enc, e.phone_masked, e.created_at, w.id_number_enc, w.id_number_index
	FROM enrolments e JOIN worker_identities w ON w.id = e.worker_id`

// CreateEnrolments inserts enrolments and the first entry of their card and
// phone history.
func CreateEnrolments(tx *Tx, es []EnrolmentRow) error {
	rows := make([][]any, len(es))
	var details [][]any
	for i, e := range es {
		rows[i] = []any{e.ProjectID, e.ID, e.WorkerID, e.Name, e.IDNumberMasked, e.EmployerID, e.Team, e.Trade, string(e.TradeCode), string(e.ContractKind),
			e.ContractSignedOn, e.EnteredOn, e.ExitedOn, e.BankCardEnc, e.BankCardIndex, e.BankCardMasked, string(e.AccountKind), e.BankID,
			e.PhoneEnc, e.PhoneMasked, tx.Now, tx.Now}
		details = append(details, []any{e.ProjectID, e.ID, 1, "bank_card", e.BankCardEnc, e.BankCardIndex, e.BankCardMasked, string(e.AccountKind), e.BankID, tx.Now})
		if e.PhoneEnc != "" {
			details = append(details, []any{e.ProjectID, e.ID, 2, "phone", e.PhoneEnc, "", e.PhoneMasked, nil, nil, tx.Now})
		}
	}
	if err := insertRows(tx, "enrolments", []string{"project_id", "id", "worker_id", "name", "id_number_masked", "employer_id", "team", "trade", "trade_code",
		"contract_kind", "contract_signed_on", "entered_on", "exited_on", "bank_card_enc", "bank_card_index", "bank_card_masked", "account_kind", "bank_id",
		"phone_enc", "phone_masked", "created_at", "updated_at"}, rows); err != nil {
		return fmt.Errorf("store: unable to create enrolments: %w", err)
	}
	if err := insertRows(tx, "enrolment_details", []string{"project_id", "enrolment_id", "seq", "field", "value_enc", "value_index", "value_masked", "account_kind", "bank_id", "valid_from"}, details); err != nil {
		return fmt.Errorf("store: unable to record card and phone history: %w", err)
	}
	return nil
}

// OpenEnrolmentsOf returns the open (not exited) enrolments of the given
// workers on a project, by worker ID.
func OpenEnrolmentsOf(q Querier, projectID string, workerIDs []string) (map[string]EnrolmentRow, error) {
	out := map[string]EnrolmentRow{}
	for start := 0; start < len(workerIDs); start += 500 {
		chunk := workerIDs[start:min(start+500, len(workerIDs))]
		var rows []EnrolmentRow
		if err := q.Select(&rows, enrolmentSelect+` WHERE e.project_id = ? AND e.exited_on IS NULL AND e.worker_id IN (`+placeholders(len(chunk))+`)`,
			append([]any{projectID}, anys(chunk)...)...); err != nil {
			return nil, fmt.Errorf("store: unable to look up enrolments: %w", err)
		}
		for _, r := range rows {
			out[r.WorkerID] = r
		}
	}
	return out, nil
}

// CardHolders returns, for each card index, the open enrolments of the
// project paid to that card.
func CardHolders(q Querier, projectID string, cardIndexes []string) (map[string][]EnrolmentRow, error) {
	out := map[string][]EnrolmentRow{}
	for start := 0; start < len(cardIndexes); start += 500 {
		chunk := cardIndexes[start:min(start+500, len(cardIndexes))]
		var rows []EnrolmentRow
		if err := q.Select(&rows, enrolmentSelect+` WHERE e.project_id = ? AND e.exited_on IS NULL AND e.bank_card_index IN (`+placeholders(len(chunk))+`)`,
			append([]any{projectID}, anys(chunk)...)...); err != nil {
			return nil, fmt.Errorf("store: unable to look up cards: %w", err)
		}
		for _, r := range rows {
			out[r.BankCardIndex] = append(out[r.BankCardIndex], r)
		}
	}
	return out, nil
}

// GetEnrolment reads one enrolment of a project.
func GetEnrolment(q Querier, projectID, id string) (*EnrolmentRow, error) {
	var r EnrolmentRow
	err := q.Get(&r, enrolmentSelect+` WHERE e.project_id = ? AND e.id = ?`, projectID, id)
	if ledger.ErrorCode(err) == ledger.ENotFound {
		return nil, notFound("resource.enrolment", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read enrolment %q: %w", id, err)
	}
	return &r, nil
}

// ProjectEnrolments returns every enrolment of a project (for attendance and
// payroll validation, which match rows to enrolments in memory).
func ProjectEnrolments(q Querier, projectID string) ([]EnrolmentRow, error) {
	var rows []EnrolmentRow
	if err := q.Select(&rows, enrolmentSelect+` WHERE e.project_id = ? ORDER BY e.id`, projectID); err != nil {
		return nil, fmt.Errorf("store: unable to read enrolments of %q: %w", projectID, err)
	}
	return rows, nil
}

// EnrolmentFilter selects enrolments for a list.
type EnrolmentFilter struct {
	ProjectID  string
	EmployerID string
	Team       string
	Status     string // active or exited
	After      string
	Limit      int
}

// ListEnrolments lists a project's enrolments by ID.
func ListEnrolments(q Querier, f EnrolmentFilter) ([]EnrolmentRow, error) {
	qs := enrolmentSelect + ` WHERE e.project_id = ?`
	args := []any{f.ProjectID}
	if f.EmployerID != "" {
		qs += " AND e.employer_id = ?"
		args = append(args, f.EmployerID)
	}
	if f.Team != "" {
		qs += " AND e.team = ?"
		args = append(args, f.Team)
	}
	switch ledger.EnrolmentStatus(f.Status) {
	case ledger.EnrolmentActive:
		qs += " AND e.exited_on IS NULL"
	case ledger.EnrolmentExited:
		qs += " AND e.exited_on IS NOT NULL"
	}
	if f.After != "" {
		qs += " AND e.id > ?"
		args = append(args, f.After)
	}
	qs += fmt.Sprintf(" ORDER BY e.id LIMIT %d", clampLimit(f.Limit))
	var rows []EnrolmentRow
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list enrolments: %w", err)
	}
	return rows, nil
}

// ExitEnrolment records the exit date of an open enrolment.
func ExitEnrolment(tx *Tx, projectID, id string, on ledger.Date) error {
	res, err := tx.Exec(`UPDATE enrolments SET exited_on = ?, updated_at = ? WHERE project_id = ? AND id = ? AND exited_on IS NULL`, on, tx.Now, projectID, id)
	if err != nil {
		return fmt.Errorf("store: unable to record exit: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "enrolment %s has already exited", id)
	}
	return nil
}

// NewCard is a card or account that replaces an enrolment's, encrypted,
// indexed and masked.
type NewCard struct {
	Enc, Index, Masked string
	Kind               ledger.BankAccountKind
	BankID             string
}

// ReplaceCard closes the current card or account of an enrolment and records
// the new one, keeping the old on record with its validity dates.
func ReplaceCard(tx *Tx, projectID, enrolmentID string, c NewCard) error {
	return replaceDetail(tx, projectID, enrolmentID, "bank_card", c.Enc, c.Index, c.Masked, &c.Kind, &c.BankID)
}

// ReplacePhone closes the current phone of an enrolment and records the new
// one, keeping the old on record with its validity dates.
func ReplacePhone(tx *Tx, projectID, enrolmentID, enc, masked string) error {
	return replaceDetail(tx, projectID, enrolmentID, "phone", enc, "", masked, nil, nil)
}

func replaceDetail(tx *Tx, projectID, enrolmentID, field, enc, index, masked string, kind *ledger.BankAccountKind, bankID *string) error {
	if _, err := tx.Exec(`UPDATE enrolment_details SET valid_until = ? WHERE project_id = ? AND enrolment_id = ? AND field = ? AND valid_until IS NULL`,
		tx.Now, projectID, enrolmentID, field); err != nil {
		return fmt.Errorf("store: unable to close the old %s: %w", field, err)
	}
	var seq int
	if err := tx.Get(&seq, `SELECT COALESCE(MAX(seq), 0) + 1 FROM enrolment_details WHERE project_id = ? AND enrolment_id = ?`, projectID, enrolmentID); err != nil {
		return fmt.Errorf("store: unable to record the new %s: %w", field, err)
	}
	var kindCol *string
	if kind != nil {
		k := string(*kind)
		kindCol = &k
	}
	if _, err := tx.Exec(`INSERT INTO enrolment_details (project_id, enrolment_id, seq, field, value_enc, value_index, value_masked, account_kind, bank_id, valid_from)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, projectID, enrolmentID, seq, field, enc, index, masked, kindCol, bankID, tx.Now); err != nil {
		return fmt.Errorf("store: unable to record the new %s: %w", field, err)
	}
	set := "phone_enc = ?, phone_masked = ?"
	args := []any{enc, masked}
	if field == "bank_card" {
		set = "bank_card_enc = ?, bank_card_masked = ?, bank_card_index = ?, account_kind = ?, bank_id = ?"
		args = []any{enc, masked, index, *kindCol, *bankID}
	}
	if _, err := tx.Exec(`UPDATE enrolments SET `+set+`, updated_at = ? WHERE project_id = ? AND id = ?`,
		append(args, tx.Now, projectID, enrolmentID)...); err != nil {
		return fmt.Errorf("store: unable to update the %s: %w", field, err)
	}
	return nil
}

// DetailHistory is one card or phone an enrolment has had.
type DetailHistory struct {
	Seq         int         `db:"seq"`
	Field       string      `db:"field"`
	Masked      string      `db:"value_masked"`
	AccountKind *string     `db:"account_kind"` // of a card or account; nil for a phone
	BankID      *string     `db:"bank_id"`
	ValidFrom   timeColumn  `db:"valid_from"`
	ValidUntil  *timeColumn `db:"valid_until"`
}

// EnrolmentHistory returns the card and phone history of an enrolment.
func EnrolmentHistory(q Querier, projectID, enrolmentID string) ([]DetailHistory, error) {
	var rows []DetailHistory
	if err := q.Select(&rows, `SELECT seq, field, value_masked, account_kind, bank_id, valid_from, valid_until FROM enrolment_details
		WHERE project_id = ? AND enrolment_id = ? ORDER BY seq`, projectID, enrolmentID); err != nil {
		return nil, fmt.Errorf("store: unable to read history: %w", err)
	}
	return rows, nil
}

// GetUpload finds a file already processed by its SHA-256 and returns its result.
func GetUpload(q Querier, projectID, kind, sha string) (string, bool, error) {
	var res []string
	if err := q.Select(&res, `SELECT result FROM uploads WHERE project_id = ? AND kind = ? AND sha256 = ?`, projectID, kind, sha); err != nil {
		return "", false, fmt.Errorf("store: unable to look up upload: %w", err)
	}
	if len(res) == 0 {
		return "", false, nil
	}
	return res[0], true, nil
}

// SaveUpload records a processed file's result.
func SaveUpload(tx *Tx, projectID, kind, sha, result string) error {
	if _, err := tx.Exec(`INSERT INTO uploads (project_id, kind, sha256, result, created_at) VALUES (?, ?, ?, ?, ?)`,
		projectID, kind, sha, result, tx.Now); err != nil {
		return fmt.Errorf("store: unable to record upload: %w", err)
	}
	return nil
}

// SealedIdentity is an identity's encrypted number, for filling what the
// statistics keep in clear (FillRegionCodes).
type SealedIdentity struct {
	ID  string `db:"id"`
	Enc string `db:"id_number_enc"`
}

// IdentitiesWithoutRegion reads up to limit identities whose region code is
// not filled yet (those registered before it was kept), after ID after.
func IdentitiesWithoutRegion(q Querier, after string, limit int) ([]SealedIdentity, error) {
	var rows []SealedIdentity
	if err := q.Select(&rows, fmt.Sprintf(`SELECT id, id_number_enc FROM worker_identities WHERE region_code = '' AND id > ? ORDER BY id LIMIT %d`, limit), after); err != nil {
		return nil, fmt.Errorf("store: unable to read identities: %w", err)
	}
	return rows, nil
}

// SetRegionCode records an identity's region code.
func SetRegionCode(tx *Tx, id, region string) error {
	if _, err := tx.Exec(`UPDATE worker_identities SET region_code = ? WHERE id = ?`, region, id); err != nil {
		return fmt.Errorf("store: unable to record the region code of %s: %w", id, err)
	}
	return nil
}
