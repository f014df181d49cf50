package ledger

import "strings"

// A complaint receipt code (issue 17) is what a worker who filed a
// complaint holds to follow it: shown once, it opens the complaint's state
// and deadlines and nothing else. Sixteen characters of Crockford's base32
// (80 bits), printed in groups of four; read back forgiving the reader's
// case, dashes and spaces, and the letters people mistake for digits.

// receiptAlphabet is Crockford's base32: no I, L, O or U.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ReceiptCodeLen is the number of characters of a code's random part,
// without dashes; a code made by ReceiptCodeIn has ReceiptHintLen more.
const ReceiptCodeLen = 16

// ReceiptHintLen is the number of characters of a project's ID a code
// carries after its random part (ReceiptCodeIn).
const ReceiptHintLen = 4

// ReceiptCode spells 10 random bytes as a code, "XXXX-XXXX-XXXX-XXXX".
func ReceiptCode(random [10]byte) string {
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, x := range random {
		acc = acc<<8 | uint64(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(receiptAlphabet[(acc>>bits)&31])
			n++
		}
	}
	return b.String()
}

// ReceiptCodeIn is ReceiptCode(random) followed by a fifth group: the first
// ReceiptHintLen characters of the project's own ID after "prj_" (80 random
// bits as before, "XXXX-XXXX-XXXX-XXXX-PPPP"), so that the code's lookup
// goes to the shards of the few projects whose ID starts so on a Citus
// cluster (ReceiptProjectPrefix, issue 19), not to every shard. The four
// characters are a piece of an opaque ID, no secret from whoever holds the
// code, and name no person. A project ID not of NewID's form gives
// ReceiptCode(random): a code of four groups, found on every shard as
// before.
func ReceiptCodeIn(random [10]byte, projectID string) string {
	own, ok := projectPart(projectID)
	if !ok {
		return ReceiptCode(random)
	}
	return ReceiptCode(random) + "-" + strings.ToUpper(own[:ReceiptHintLen])
}

// ReceiptProjectPrefix is what every project ID a normalised code made by
// ReceiptCodeIn may belong to starts with ("prj_" and the code's last
// ReceiptHintLen characters), and whether the code carries one: a code of
// four groups (made before) carries none.
func ReceiptProjectPrefix(norm string) (string, bool) {
	if len(norm) != ReceiptCodeLen+ReceiptHintLen {
		return "", false
	}
	return PrefixProject + "_" + strings.ToLower(norm[ReceiptCodeLen:]), true
}

// NormalReceiptCode is a code as typed, in the one spelling its HMAC is
// taken of: upper case, no dashes or spaces, O read as 0 and I or L as 1.
// ok is false for anything that is not a code of four groups or (with its
// project's characters, ReceiptCodeIn) five.
func NormalReceiptCode(typed string) (string, bool) {
	if len(typed) > 64 {
		return "", false
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(receiptAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != ReceiptCodeLen && b.Len() != ReceiptCodeLen+ReceiptHintLen {
		return "", false
	}
	return b.String(), true
}

// ComplaintReceipt is what a receipt code shows of its complaint: where it
// stands and its deadlines (accept or refuse within 5 working days,
// conclude within 60, an extension of 30), nothing of the books, the
// project or anyone else's complaint.
type ComplaintReceipt struct {
	Status       ComplaintStatus
	ReceivedOn   Date
	AcceptBy     Date
	DecidedOn    Date
	ConcludeBy   Date
	Extended     bool
	ConcludedOn  Date
	NextDeadline Date
	Overdue      bool
	// DeadlineProvisional: NextDeadline was counted across a year whose
	// State Council holiday notice the calendar lacks
	// (Complaint.DeadlineProvisional); the worker is told it may move.
	DeadlineProvisional bool
}

// ReceiptOf is complaint c as its receipt shows it on today, its deadline
// in force read under cal (nil: the caller sets DeadlineProvisional from
// what it read of the complaint).
func ReceiptOf(c Complaint, today Date, cal *Calendar) ComplaintReceipt {
	return ComplaintReceipt{Status: c.Status, ReceivedOn: c.ReceivedOn, AcceptBy: c.AcceptBy, DecidedOn: c.DecidedOn, ConcludeBy: c.ConcludeBy,
		Extended: c.Extended, ConcludedOn: c.ConcludedOn, NextDeadline: c.NextDeadline(), Overdue: c.OverdueOn(today),
		DeadlineProvisional: cal != nil && c.DeadlineProvisional(cal)}
}

// ErrNoReceipt is the one answer to a code that opens nothing: mistyped,
// guessed, or replaced by a re-issue.
var ErrNoReceipt = Errorf(ENotFound, "no complaint has this receipt code: check the code, or ask the labour inspectors for a new one")

// ShowsComplaints reports whether the payslip page a token opens shows the
// worker's complaints: only a link the labour inspectors gave the worker
// themselves (Direct). The contractor issues, prints and may keep the
// other link, so anything that link showed of a complaint would tell the
// employer who complained (LSIR Art. 9): it shows none, the same before
// and after the worker complains, and the worker follows a complaint filed
// with it by its receipt code.
func (t PayslipToken) ShowsComplaints() bool { return t.Direct }

// PayslipComplaints are the complaints a payslip page shows, each as its
// receipt shows it on today (status and deadlines, no words, names or
// notes): on a link that ShowsComplaints, the complaints of that worker on
// that project — filed with any of their links or entered for them by an
// inspector — never another worker's; none on any other link. cs keep
// their order.
func PayslipComplaints(t PayslipToken, cs []Complaint, today Date, cal *Calendar) []ComplaintReceipt {
	if !t.ShowsComplaints() {
		return nil
	}
	var out []ComplaintReceipt
	for _, c := range cs {
		if c.ProjectID == t.ProjectID && c.EnrolmentID != "" && c.EnrolmentID == t.EnrolmentID {
			out = append(out, ReceiptOf(c, today, cal))
		}
	}
	return out
}
