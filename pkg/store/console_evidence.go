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
	IDMasked    string // the worker's identity number, masked
	Period      string // a payroll's or a payroll line's month
	LineNo      int    // a payroll line's number
	Employer    string // a payroll's employer, by name
	Reference   string // a guarantee's issuer reference, a drawdown's decision
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
		evidencePayrolls(q, projectID, refs[ledger.EvidencePayroll], out),
		evidenceWorkers(q, projectID, refs, out),
		evidenceAllocations(q, projectID, refs[ledger.EvidenceAllocation], out),
		evidenceGuarantees(q, projectID, refs[ledger.EvidenceGuarantee], refs[ledger.EvidenceDrawdown], out),
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
		conds, args = append(conds, "(l.payroll_id = ? AND l.line_no = ?)"), append(args, pay, n)
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
		Period  string       `db:"period"`
	}
	if err := q.Select(&rows, `SELECT l.payroll_id, l.line_no, l.enrolment_id, l.name, l.net, p.period FROM payroll_lines l
		JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id WHERE l.project_id = ? AND (`+
		strings.Join(conds, " OR ")+`)`, args...); err != nil {
		return fmt.Errorf("store: unable to read an alert's payroll lines: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidencePayrollLine)+":"+r.Payroll+"#"+strconv.Itoa(r.Line)] = EvidenceDetail{EnrolmentID: r.Enr, Name: r.Name, Amount: r.Net,
			Period: r.Period, LineNo: r.Line}
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
		ID          string       `db:"id"`
		BankRef     string       `db:"bank_ref"`
		Status      string       `db:"status"`
		Amount      ledger.Money `db:"amount"`
		On          ledger.Date  `db:"settled_on"`
		EnrolmentID string       `db:"enrolment_id"`
	}
	if err := q.Select(&rows, `SELECT c.id, c.bank_ref, c.status, c.amount, c.settled_on, COALESCE(i.enrolment_id, '') AS enrolment_id
		FROM bank_confirmations c LEFT JOIN payment_instructions i ON i.project_id = c.project_id AND i.id = c.instruction_id
		WHERE c.project_id = ? AND c.id IN (`+placeholders(len(ids))+`)`, append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's bank confirmations: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidenceConfirmation)+":"+r.ID] = EvidenceDetail{BankRef: r.BankRef, Status: r.Status, Amount: r.Amount, On: r.On, EnrolmentID: r.EnrolmentID}
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

func evidencePayrolls(q Querier, projectID string, ids []string, out map[string]EvidenceDetail) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID       string       `db:"id"`
		Period   string       `db:"period"`
		Employer string       `db:"employer"`
		Net      ledger.Money `db:"net_total"`
		Status   string       `db:"status"`
	}
	if err := q.Select(&rows, `SELECT p.id, p.period, o.name AS employer, p.net_total, p.status FROM payrolls p
		JOIN organizations o ON o.id = p.employer_id WHERE p.project_id = ? AND p.id IN (`+placeholders(len(ids))+`)`,
		append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's payrolls: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidencePayroll)+":"+r.ID] = EvidenceDetail{Period: r.Period, Employer: r.Employer, Amount: r.Net}
	}
	return nil
}

// evidenceWorkers names the worker behind each enrolment, attendance and
// account reference ("enr_x", "enr_x@2026-10", "wages_payable/enr_x@2026-10").
func evidenceWorkers(q Querier, projectID string, refs map[ledger.EvidenceKind][]string, out map[string]EvidenceDetail) error {
	byEnrolment := map[string][]string{} // enrolment → the evidence keys that name it
	for _, kind := range []ledger.EvidenceKind{ledger.EvidenceEnrolment, ledger.EvidenceAttendance, ledger.EvidenceAccount} {
		for _, r := range refs[kind] {
			enr, period, _ := strings.Cut(r[strings.LastIndex(r, "/")+1:], "@")
			k := string(kind) + ":" + r
			byEnrolment[enr] = append(byEnrolment[enr], k)
			w := out[k]
			w.EnrolmentID, w.Period = enr, period
			out[k] = w
		}
	}
	if len(byEnrolment) == 0 {
		return nil
	}
	ids := make([]string, 0, len(byEnrolment))
	for id := range byEnrolment {
		ids = append(ids, id)
	}
	var rows []struct {
		ID     string `db:"id"`
		Name   string `db:"name"`
		Masked string `db:"id_number_masked"`
	}
	if err := q.Select(&rows, `SELECT id, name, id_number_masked FROM enrolments WHERE project_id = ? AND id IN (`+placeholders(len(ids))+`)`,
		append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's workers: %w", err)
	}
	for _, r := range rows {
		for _, k := range byEnrolment[r.ID] {
			w := out[k]
			w.Name, w.IDMasked = r.Name, r.Masked
			out[k] = w
		}
	}
	return nil
}

func evidenceAllocations(q Querier, projectID string, ids []string, out map[string]EvidenceDetail) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID      string       `db:"id"`
		BankRef string       `db:"bank_ref"`
		Amount  ledger.Money `db:"amount"`
		On      ledger.Date  `db:"received_on"`
	}
	if err := q.Select(&rows, `SELECT id, bank_ref, amount, received_on FROM bank_inflows WHERE project_id = ? AND id IN (`+
		placeholders(len(ids))+`)`, append([]any{projectID}, anys(ids)...)...); err != nil {
		return fmt.Errorf("store: unable to read an alert's allocations: %w", err)
	}
	for _, r := range rows {
		out[string(ledger.EvidenceAllocation)+":"+r.ID] = EvidenceDetail{BankRef: r.BankRef, Amount: r.Amount, On: r.On}
	}
	return nil
}

func evidenceGuarantees(q Querier, projectID string, guarantees, drawdowns []string, out map[string]EvidenceDetail) error {
	if len(guarantees) > 0 {
		var rows []struct {
			ID        string       `db:"id"`
			Reference string       `db:"reference"`
			Amount    ledger.Money `db:"amount"`
		}
		if err := q.Select(&rows, `SELECT id, reference, amount FROM guarantees WHERE project_id = ? AND id IN (`+
			placeholders(len(guarantees))+`)`, append([]any{projectID}, anys(guarantees)...)...); err != nil {
			return fmt.Errorf("store: unable to read an alert's guarantees: %w", err)
		}
		for _, r := range rows {
			out[string(ledger.EvidenceGuarantee)+":"+r.ID] = EvidenceDetail{Reference: r.Reference, Amount: r.Amount}
		}
	}
	if len(drawdowns) > 0 {
		var rows []struct {
			ID       string       `db:"id"`
			Decision string       `db:"decision_ref"`
			Amount   ledger.Money `db:"amount"`
			On       ledger.Date  `db:"drawn_on"`
		}
		if err := q.Select(&rows, `SELECT id, decision_ref, amount, drawn_on FROM guarantee_drawdowns WHERE project_id = ? AND id IN (`+
			placeholders(len(drawdowns))+`)`, append([]any{projectID}, anys(drawdowns)...)...); err != nil {
			return fmt.Errorf("store: unable to read an alert's drawdowns: %w", err)
		}
		for _, r := range rows {
			out[string(ledger.EvidenceDrawdown)+":"+r.ID] = EvidenceDetail{Reference: r.Decision, Amount: r.Amount, On: r.On}
		}
	}
	return nil
}
