package ledger

import (
	"fmt"
	"sort"
	"strings"
)

// RefuseAlreadyEnrolled refuses a person still enrolled on the project: their
// exit is recorded before they are enrolled again (a re-entry).
const RefuseAlreadyEnrolled Refusal = "already_enrolled"

// Enrolee is one worker of a batch to enrol, with what the service resolved
// about them: organisations looked up, identity and card numbers blind-indexed
// and masked (the decisions see no full number).
type Enrolee struct {
	Row int // the file row; 0 for a single registration
	// Worker has EmployerID and BankID turned into organisation IDs where
	// the registry knows them.
	Worker     CheckedWorker
	BankRef    string        // the bank as the clerk wrote it
	Bank       *Organization // what Worker.BankID names; nil when nothing registered
	Person     string        // blind index of the identity number: one person, one Person
	Card       string        // blind index of the card number
	IDMasked   string
	CardMasked string
	// Certificate is the blind index of the certificate's number, "" when
	// the worker gives none.
	Certificate string
}

// CheckEnrolees decides what a batch may be before the registry is read: the
// project must not be completed, each worker's employer must work on the
// project (and be the caller itself when the caller is limited to
// onlyEmployer), their bank must be a registered bank, and no person may
// appear twice. A subcontractor naming another employer is forbidden outright.
func CheckEnrolees(p *Project, onlyEmployer string, es []Enrolee) error {
	if p.Status == ProjectCompleted {
		return Errorf(EConflict, "project %s was completed on %s: no one can be enrolled", p.Code, p.CompletedOn)
	}
	var v Validation
	firstRow := make(map[string]int, len(es))
	for _, e := range es {
		employer := e.Worker.EmployerID
		if employer == "" {
			v.Fields = append(v.Fields, RefuseRequired.At(e.Row, "employer_id", "employer_id is required: the general contractor or a subcontractor of the project"))
		} else if forbidden, f := CheckEmployer(p, onlyEmployer, employer); forbidden {
			return Errorf(EForbidden, "a subcontractor registers only its own workers (row %d names employer %s)", e.Row, employer)
		} else if f != nil {
			f.Row = e.Row
			v.Fields = append(v.Fields, *f)
		}
		if e.Bank == nil {
			v.Fields = append(v.Fields, RefuseNotABank.Atf(e.Row, "bank_id", "bank %q is not registered: use the bank's ID, credit code or registered name", e.BankRef))
		} else if e.Bank.Kind != OrgBank {
			v.Fields = append(v.Fields, RefuseNotABank.Atf(e.Row, "bank_id", "%s (%s) is not a bank", e.Bank.ID, e.Bank.Name))
		}
		if first, dup := firstRow[e.Person]; dup {
			v.Fields = append(v.Fields, RefuseDuplicate.Atf(e.Row, "id_number", "the same person appears on row %d too", first))
		} else {
			firstRow[e.Person] = e.Row
		}
	}
	return v.Err("workers are not valid")
}

// RegisteredPerson is a person the registry already holds.
type RegisteredPerson struct {
	WorkerID string
	Name     string
}

// OpenEnrolment is a person's enrolment on the project that has no exit yet.
type OpenEnrolment struct {
	ID        string
	EnteredOn Date
}

// CardHolder is an open enrolment of the project paid to a card.
type CardHolder struct {
	EnrolmentID string
	WorkerID    string
	Name        string
	EmployerID  string
}

// EnrolmentFacts is what the registry says about a batch.
type EnrolmentFacts struct {
	People map[string]RegisteredPerson // by Enrolee.Person
	Open   map[string]OpenEnrolment    // by worker ID
	Cards  map[string][]CardHolder     // by Enrolee.Card
	// Certificates are the people with a certificate recorded under a
	// number, in any project, by Enrolee.Certificate.
	Certificates map[string][]CertificateHolder
	// Viewer is the employer the caller is limited to (a subcontractor);
	// "" for a caller who sees every worker of the project. Another
	// employer's worker is never named to a limited caller.
	Viewer string
	// CertViewer is who the caller is to a certificate's other holders, in
	// any project (SharedCertificateWarning).
	CertViewer CertificateViewer
}

// EnrolmentDecision is what enrolling one Enrolee comes to.
type EnrolmentDecision struct {
	WorkerID string // the registered person; "" when a new identity is registered
	Warnings []Msg  // age limits of the trade, a juvenile's health checks, an unknown trade, a card shared with others
}

// DecideEnrolments decides a batch that passed CheckEnrolees against the
// registry: an identity number registered under another name is refused (one
// identity is one person), as is a person still enrolled on the project;
// as is a juvenile worker (16–17) in a trade the policy forbids them;
// otherwise each worker is enrolled, with warnings for their age in their
// trade (policy, region), a juvenile's health checks, a trade the dictionary
// does not know, and a card also registered to someone else.
func DecideEnrolments(es []Enrolee, f EnrolmentFacts, policy *Policy, region string) ([]EnrolmentDecision, error) {
	var v Validation
	out := make([]EnrolmentDecision, len(es))
	for i, e := range es {
		if known, ok := f.People[e.Person]; ok {
			if known.Name != e.Worker.Name {
				// Only that the name does not match: saying the number
				// is registered (elsewhere, to anyone) would confirm to
				// any contractor who tries a number that it exists.
				v.Fields = append(v.Fields, RefuseNameMismatch.Atf(e.Row, "name",
					"the name does not match identity number %s", e.IDMasked))
			}
			out[i].WorkerID = known.WorkerID
		}
		if f, _ := policy.JuvenileCheck(e.Worker.ID, e.Worker.Trade, e.Worker.TradeCode, e.Worker.EnteredOn); f != nil {
			f.Row = e.Row
			v.Fields = append(v.Fields, *f)
		}
	}
	for i, e := range es {
		if open, ok := f.Open[out[i].WorkerID]; ok && out[i].WorkerID != "" {
			v.Fields = append(v.Fields, RefuseAlreadyEnrolled.Atf(e.Row, "id_number", "this person is already enrolled on the project since %s (%s); record their exit before enrolling them again", open.EnteredOn, open.ID))
		}
	}
	if err := v.Err("workers cannot be enrolled"); err != nil {
		return nil, err
	}
	rowsOfCard, rowsOfCert := map[string][]int{}, map[string][]int{}
	for i, e := range es {
		rowsOfCard[e.Card] = append(rowsOfCard[e.Card], i)
		if e.Certificate != "" {
			rowsOfCert[e.Certificate] = append(rowsOfCert[e.Certificate], i)
		}
	}
	for i, e := range es {
		w := e.Worker
		out[i].Warnings = policy.AgeWarnings(w.ID, w.Trade, w.TradeCode, region, w.EnteredOn)
		if _, health := policy.JuvenileCheck(w.ID, w.Trade, w.TradeCode, w.EnteredOn); health.Key != "" {
			out[i].Warnings = append(out[i].Warnings, health)
		}
		if warn := policy.CertificateWarning(w.TradeCode, w.Trade, w.Certificate, w.EnteredOn); warn.Key != "" {
			out[i].Warnings = append(out[i].Warnings, warn)
		}
		if w.TradeCode == "" {
			out[i].Warnings = append(out[i].Warnings, M("the trade %q is not in the trade dictionary: it is kept as written, and no rule of a listed trade can apply to it", w.Trade))
		}
		if warn := sharedCardWarning(es, i, out[i].WorkerID, f, rowsOfCard[e.Card]); warn.Key != "" {
			out[i].Warnings = append(out[i].Warnings, warn)
		}
		if e.Certificate != "" {
			var batch []string
			for _, j := range rowsOfCert[e.Certificate] {
				if j != i && es[j].Person != e.Person {
					batch = append(batch, es[j].Worker.Name+rowSuffix(es[j].Row))
				}
			}
			if warn := SharedCertificateWarning(f.Certificates[e.Certificate], out[i].WorkerID, f.CertViewer, batch); warn.Key != "" {
				out[i].Warnings = append(out[i].Warnings, warn)
			}
		}
	}
	return out, nil
}

// sharedCardWarning says that enrolee i's card is also registered to others
// of the project or of the batch (rows), naming them; to a caller limited to
// one employer (f.Viewer) it names none of another employer's workers and
// says only that the card is shared.
func sharedCardWarning(es []Enrolee, i int, workerID string, f EnrolmentFacts, rows []int) Msg {
	e := es[i]
	var others []string
	elsewhere := false
	for _, h := range f.Cards[e.Card] {
		switch {
		case workerID != "" && h.WorkerID == workerID:
		case f.Viewer != "" && h.EmployerID != f.Viewer:
			elsewhere = true
		default:
			others = append(others, h.EnrolmentID+" ("+h.Name+")")
		}
	}
	for _, j := range rows {
		if j != i && es[j].Person != e.Person {
			others = append(others, es[j].Worker.Name+rowSuffix(es[j].Row))
		}
	}
	sort.Strings(others)
	switch {
	case len(others) > 0 && elsewhere:
		return M("bank card %s is also registered to %s and to another worker of the project: wages must go to each worker's own card", e.CardMasked, strings.Join(others, ", "))
	case len(others) > 0:
		return M("bank card %s is also registered to %s: wages must go to each worker's own card", e.CardMasked, strings.Join(others, ", "))
	case elsewhere:
		return M("bank card %s is also registered to another worker of the project: wages must go to each worker's own card", e.CardMasked)
	}
	return Msg{}
}

func rowSuffix(row int) string {
	if row == 0 {
		return ""
	}
	return fmt.Sprintf(" (row %d)", row)
}
