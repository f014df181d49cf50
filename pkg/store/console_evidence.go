package store

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wageguard/wageguard/ledger"
)

// EvidenceDetail is what one record behind an alert says, for a person to
// read: whose it is, how much, its state, the bank's reference and date,
// and for a ledger entry its postings. Never a card or identity number.
type EvidenceDetail struct {
	EnrolmentID string
	Name        string
	Amount      ledger.Money
	Status      string
	On          ledger.Date
	BankRef     string
	Postings    []EvidencePosting
}

// EvidencePosting is one posting of a ledger entry.
type EvidencePosting struct {
	EntryID string       `db:"entry_id"`
	Account string       `db:"account_kind"`
	Ref     string       `db:"account_ref"`
	Period  string       `db:"period"`
	Amount  ledger.Money `db:"amount"`
}

// EvidenceDetails reads the records an alert's evidence names on its
// project, one query per kind, keyed by the evidence's kind and ref
// ("payroll_line:pay_x#3"). Kinds it does not read are left out.
func EvidenceDetails(q Querier, projectID string, ev []ledger.Evidence) (map[string]EvidenceDetail, error) {
	out := map[string]EvidenceDetail{}
	refs := map[ledger.EvidenceKind][]string{}
	for _, e := range ev {
		refs[e.Kind] = append(refs[e.Kind], e.Ref)
	}
	for _, err := range []error{
		evidenceLines(q, projectID, refs[ledger.EvidencePayrollLine], out),
		evidenceInstructions(q, projectID, refs[ledger.EvidenceInstruction], out),
		evidenceConfirmations(q, projectID, refs[ledger.EvidenceConfirmation], out),
		evidenceEntries(q, projectID, refs[ledger.EvidenceEntry], out),
	} {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func evidenceLines(q Querier, projectID string, refs []string, out map[string]EvidenceDetail) error {
	var conds []string
	args := []any{projectID}
	for _, r := range refs {
		pay, no, ok := strings.Cut(r, "#")
		n, err := strconv.Atoi(no)
		if !ok || err != nil {
			continue
		}
		conds, args = append(conds, "(payroll_id = ? AND line_no = ?)"), append(args, pay, n)
	}
	if len(conds) == 0 {
		return nil
	}
	var rows []struct {
		Payroll string       `db:"payroll_id"`
		Line    int          `db:"line_no"`
		Enr     string       `db:"enrolment_id"`
		Name    string       `db:"name"`
		Net     ledger.Money `db:"net"`
	}
	if err := q.Select(&rows, `SELECT payroll_id, line_no, enrolment_id, name, net FROM payroll_lines WHERE project_id = ? AND (`+
		strings.Join(conds, " OR ")+`)`, args...); err != nil {
		return fmt.Errorf("store: unable to read an alert's payroll lines: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidencePayrollLine)+":"+r.Payroll+"#"+strconv.Itoa(r.Line)] = EvidenceDetail{EnrolmentID: r.Enr, Name: r.Name, Amount: r.Net}
	}
	return nil
}

func evidenceInstructions(q Querier, projectID string, ids []string, out map[string]EvidenceDetail) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID     string       `db:"id"`
		Enr    string       `db:"enrolment_id"`
		Name   string       `db:"payee_name"`
		Amount ledger.Money `db:"amount"`
		Status string       `db:"status"`
	}
	if err := q.Select(&rows, `SELECT id, enrolment_id, payee_name, amount, status FROM instructions WHERE project_id = ? AND id IN (`+
		placeholders(len(ids))+`)`, append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's instructions: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidenceInstruction)+":"+r.ID] = EvidenceDetail{EnrolmentID: r.Enr, Name: r.Name, Amount: r.Amount, Status: r.Status}
	}
	return nil
}

func evidenceConfirmations(q Querier, projectID string, ids []string, out map[string]EvidenceDetail) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID      string       `db:"id"`
		BankRef string       `db:"bank_ref"`
		Status  string       `db:"status"`
		Amount  ledger.Money `db:"amount"`
		On      ledger.Date  `db:"settled_on"`
	}
	if err := q.Select(&rows, `SELECT id, bank_ref, status, amount, settled_on FROM bank_confirmations WHERE project_id = ? AND id IN (`+
		placeholders(len(ids))+`)`, append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's bank confirmations: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidenceConfirmation)+":"+r.ID] = EvidenceDetail{BankRef: r.BankRef, Status: r.Status, Amount: r.Amount, On: r.On}
	}
	return nil
}

func evidenceEntries(q Querier, projectID string, ids []string, out map[string]EvidenceDetail) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []EvidencePosting
	if err := q.Select(&rows, `SELECT entry_id, account_kind, account_ref, period, amount FROM ledger_postings WHERE project_id = ? AND entry_id IN (`+
		placeholders(len(ids))+`) ORDER BY entry_id, seq`, append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's postings: %w", err)
	}
	for _, r := range rows {
		k := string(ledger.EvidenceEntry) + ":" + r.EntryID
		d := out[k]
		d.Postings = append(d.Postings, r)
		out[k] = d
	}
	return nil
}
