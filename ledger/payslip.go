package ledger

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// PrefixPayslipToken names a payslip token's record (never the token: the
// token is the record's ID signed with the payslip key, see
// service.PayslipLink).
const PrefixPayslipToken = "pst"

// PayslipToken is what the database holds of one payslip link: a worker's
// enrolment and one period, from its issue to its expiry or revocation. The
// token itself is not stored, only a hash of it.
type PayslipToken struct {
	ID          string
	ProjectID   string
	EnrolmentID string
	Period      Period
	PayrollID   string // the payroll it was issued for
	KeyVersion  int    // the secret's version that signs it
	ExpiresOn   Date   // valid through this day, Asia/Shanghai
	IssuedAt    time.Time
	IssuedBy    string
	RevokedAt   *time.Time
	RevokedBy   string
	// Misused marks a direct link the inspectors revoked because someone
	// other than the worker held it: a confirmation given through it is not
	// the worker's (DecideLineStanding). Only a direct link is so marked.
	Misused bool
	// Direct marks a link an inspector re-issued straight to the worker: a
	// grant beside the contractor's link, which its contractor never reads
	// (store.ContractorGrants), is never given the token of, and cannot
	// revoke.
	Direct bool
}

// RolePayslip is the role of a caller acting with a payslip token: no API
// key has it, and no scope lets it see anything (store.Scope): the token's
// use cases read the token's own enrolment and period, and nothing else.
const RolePayslip Role = "payslip"

// TokenState is where a payslip token stands on a day.
type TokenState string

// Token states.
const (
	TokenLive    TokenState = "live"
	TokenExpired TokenState = "expired"
	TokenRevoked TokenState = "revoked"
)

// StateOn decides the token's state on today: revoked wins over expired.
func (t PayslipToken) StateOn(today Date) TokenState {
	switch {
	case t.RevokedAt != nil:
		return TokenRevoked
	case today.After(t.ExpiresOn):
		return TokenExpired
	}
	return TokenLive
}

// CheckPayslipToken decides whether a token whose signature verified opens
// its page on today. Every refusal is ENotFound: the page does not exist for
// the holder, and they are told why in words (ask the employer for a new
// payslip). A token whose signature fails never reaches here.
func CheckPayslipToken(t PayslipToken, today Date) error {
	switch t.StateOn(today) {
	case TokenRevoked:
		return Errorf(ENotFound, "this payslip link has been revoked; ask your employer for a new payslip")
	case TokenExpired:
		return Errorf(ENotFound, "this payslip link expired on %s; ask your employer for a new payslip", t.ExpiresOn)
	}
	return nil
}

// PayslipExpiry is the last day a token issued on issued is valid.
func PayslipExpiry(issued Date, validDays int) Date { return issued.AddDays(validDays) }

// ConfirmState is a payroll line's confirmation by its worker (REG Art. 31).
type ConfirmState string

// Confirmation states. A line nobody confirmed or disputed is silent.
const (
	LineSilent    ConfirmState = "silent"
	LineConfirmed ConfirmState = "confirmed"
	LineDisputed  ConfirmState = "disputed"
)

// ConfirmAction is what the worker does on the payslip page.
type ConfirmAction string

// The worker's actions.
const (
	ActionConfirmLine ConfirmAction = "confirm"
	ActionDisputeLine ConfirmAction = "dispute"
)

// LineConfirmationOf is a line's state from its electronic confirmation
// (silent when none) and the paper signature the payroll file recorded: a
// signed line counts as confirmed until its worker disputes it online.
func LineConfirmationOf(electronic ConfirmState, signedOnPaper bool) ConfirmState {
	if electronic == "" || electronic == LineSilent {
		if signedOnPaper {
			return LineConfirmed
		}
		return LineSilent
	}
	return electronic
}

// LineConfirmation is the worker's recorded answer to one line.
type LineConfirmation struct {
	State  ConfirmState
	Reason string // a dispute's reason
}

// AnswerThroughGrant is the answer to a line through one grant of the
// worker's link as the worker's page shows it and DecideLineConfirmation
// takes it: the answer on record (cur), unless the link that gave it was
// revoked as misused (someone other than the worker held it). Answers
// through a worker's direct links are one per line, whichever link gave
// them; an answer through a misused link is not the worker's, so it
// neither shows on the page of the link that replaced it nor blocks the
// worker's own answer there (a confirmation would otherwise be "already
// given" and keep naming the misused link, and after approval a dispute
// would be refused as against a confirmation). The worker's answer then
// replaces it on record, naming the worker's link; until then the line
// stands as DecideLineStanding reads the misused answer.
func AnswerThroughGrant(cur LineConfirmation, misused bool) LineConfirmation {
	if misused {
		return LineConfirmation{State: LineSilent}
	}
	return cur
}

// MaxDisputeReason bounds a dispute's reason, in characters.
const MaxDisputeReason = 500

// DecideLineConfirmation applies an action through one grant of the
// worker's payslip link (direct: the link the inspectors gave the worker;
// else the printed one) to line lineNo, whose answer through that grant is
// cur (State "" or silent when none), on a payroll in status. It returns
// the answer as it becomes and whether it changed: the same action again
// changes nothing (a retried tap is harmless). A line confirmed may be
// disputed while the payroll awaits approval; once it is approved a
// confirmation stands and a disagreement is a complaint.
//
// A dispute stands (issue 17: disputed lines always show). Through the
// printed link it is never withdrawn: whoever holds that link may confirm
// through it, and the contractor who prints it can always read it, so a
// confirmation there cannot tell the worker withdrawing from the employer
// erasing; it is refused, naming the line. The employer settles a dispute
// with a corrected payroll, whose new line is answered afresh. Through the
// worker's own direct link, which the contractor never reads, the worker
// may withdraw their own dispute by confirming; a dispute through the
// printed link still shows (DecideLineStanding). A line of a rejected or
// superseded payroll is no longer anyone's to answer.
func DecideLineConfirmation(cur LineConfirmation, action ConfirmAction, reason string, status PayrollStatus, lineNo int, direct bool) (LineConfirmation, bool, error) {
	if cur.State == "" {
		cur.State = LineSilent
	}
	if status != PayrollSubmitted && status != PayrollApproved {
		return cur, false, Errorf(EConflict, "this payroll was %s: its lines are no longer answered", status.Label())
	}
	switch action {
	case ActionConfirmLine:
		switch {
		case cur.State == LineConfirmed:
			return cur, false, nil
		case cur.State == LineDisputed && !direct:
			return cur, false, Errorf(EConflict, "line %d is disputed and the dispute stands: a confirmation through the printed payslip does not withdraw it; the employer settles it with a corrected payroll", lineNo)
		}
		return LineConfirmation{State: LineConfirmed}, true, nil
	case ActionDisputeLine:
		reason = strings.TrimSpace(reason)
		if err := CheckNote("reason", reason, MaxDisputeReason, true); err != nil {
			return cur, false, err
		}
		switch {
		case cur.State == LineDisputed && cur.Reason == reason:
			return cur, false, nil
		case cur.State == LineDisputed:
			return cur, false, Errorf(EConflict, "this line is already disputed with another reason; file a complaint to say more")
		case cur.State == LineConfirmed && status == PayrollApproved:
			return cur, false, Errorf(EConflict, "this line was confirmed and its payroll approved; file a complaint instead")
		}
		return LineConfirmation{State: LineDisputed, Reason: reason}, true, nil
	}
	return cur, false, Errorf(EInvalid, "action %q is not confirm or dispute", clip(string(action)))
}

// CheckNote refuses text a person typed that is empty when required,
// longer than max characters, or holds a character no text field may hold
// (BadTextRune).
func CheckNote(field, s string, max int, required bool) error {
	var v Validation
	switch {
	case required && s == "":
		v.Add(field, string(RefuseRequired), "%s is required", field)
	case !utf8.ValidString(s):
		v.Add(field, "encoding", "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "too_long", "%s is longer than %d {character|characters}", field, max)
	default:
		if r, bad := BadTextRune(s); bad {
			v.Add(field, string(RefuseControl), "%s holds the control character U+%04X, which no text field may hold: remove it", field, r)
		}
	}
	return v.Err("the text is not valid")
}

// LineAnswers are what was said of one payroll line through each grant of
// its worker's payslip link for the period (REG Art. 31), and what the
// payroll file says.
type LineAnswers struct {
	// Printed is the answer given through the link the contractor issued
	// and prints on the paper payslip ("" or silent when none): the
	// worker's, or, when the employer kept the payslip, the employer's.
	Printed ConfirmState
	// Direct is the answer given through the link the labour inspectors
	// gave the worker straight ("" or silent when none).
	Direct ConfirmState
	// DirectGrant says the inspectors gave the worker a direct link for
	// the period, whether or not it is still live, at or before the
	// printed link's answer (at all, when it gave none): they did so
	// because the printed one may not be in the worker's hands. An answer
	// through the printed copy before the re-issue stays the worker's, so
	// the re-issue moves no count a contractor reads.
	DirectGrant bool
	// DirectMisused says the direct answer was given through a link the
	// inspectors revoked as misused (PayslipToken.Misused).
	DirectMisused bool
	// SignedOnPaper is the paper signature the payroll file recorded;
	// PaperAfterGrant says that file was submitted at or after the
	// inspectors first gave the worker a link of their own for the period
	// (a corrected payroll): the paper is then the employer's copy, as an
	// answer through the printed link after the grant is.
	SignedOnPaper   bool
	PaperAfterGrant bool
}

// LineStanding is what a line's answers count as in the approval.
type LineStanding struct {
	State ConfirmState
	// EmployerCopy: the line was confirmed through the printed link only,
	// after the worker was given a link of their own; it counts as silent.
	EmployerCopy bool
}

// DecideLineStanding decides what a line's answers count as when its
// payroll is approved. A dispute through either link is disputed: a
// dispute is never hidden, whoever holds the link. Without a direct grant
// the printed link is the worker's (as LineConfirmationOf has it). Once
// the inspectors gave the worker a link of their own, a confirmation
// through the printed link may be the employer's, who kept the paper
// payslip: only the worker's own link confirms, and a line confirmed
// through the printed one alone is silent (EmployerCopy, which the
// inspectors read). The paper signature of a payroll file is read by the
// same rule as the printed link's answer: one submitted before the first
// direct grant stays the worker's, one submitted since (a corrected
// payroll) is the employer's copy.
//
// Revoking the direct link looks forward: it opens nothing from then on,
// and what the worker said through it while it was theirs keeps counting
// (a worker who lost the phone did confirm). A labour inspector who
// revokes it as misused says someone else held it: a confirmation through
// it is then not the worker's REG Art. 31 confirmation, and no longer
// counts (the line stands on the other answers, as if the worker had said
// nothing through their own link); the answer stays on record, with the
// link that gave it. A dispute through it still shows, as one through the
// printed copy does, whoever holds the link: a dispute is never hidden,
// and one the worker did not make costs them nothing but a look.
func DecideLineStanding(a LineAnswers) LineStanding {
	if a.DirectMisused && a.Direct == LineConfirmed {
		a.Direct = LineSilent
	}
	switch {
	case a.Printed == LineDisputed || a.Direct == LineDisputed:
		return LineStanding{State: LineDisputed}
	case !a.DirectGrant:
		return LineStanding{State: LineConfirmationOf(a.Printed, a.SignedOnPaper)}
	case a.Direct == LineConfirmed:
		return LineStanding{State: LineConfirmed}
	case a.Printed == LineConfirmed:
		return LineStanding{State: LineSilent, EmployerCopy: true}
	case a.SignedOnPaper && a.PaperAfterGrant:
		return LineStanding{State: LineSilent, EmployerCopy: true}
	}
	return LineStanding{State: LineConfirmationOf(LineSilent, a.SignedOnPaper)}
}

// Reader is whose view of a line's standing is read (DecideStandingFor).
type Reader int

// The readers of a line's standing.
const (
	// ReadAsEmployer is the contractor, and everything the contractor can
	// observe: the approval counts it reads, the approval gate's warning
	// or refusal (whoever approves: the payroll's status is the
	// contractor's to see), its evidence bundle, its console pages and
	// its error messages.
	ReadAsEmployer Reader = iota
	// ReadAsInspectors are the labour inspectors and administrators:
	// their counts, alerts, console and evidence bundle.
	ReadAsInspectors
)

// WithoutGrant are the answers as they would be had the inspectors never
// given the worker a link of their own: the printed link's answer and the
// paper signature alone, each the worker's.
func (a LineAnswers) WithoutGrant() LineAnswers {
	return LineAnswers{Printed: a.Printed, SignedOnPaper: a.SignedOnPaper}
}

// DecideStandingFor decides a line's standing as reader reads it.
//
// The inspectors read the true standing (DecideLineStanding): after a
// direct grant the printed copy's confirmation, and a paper signature
// submitted since, are probably the employer's (EmployerCopy), and the
// worker's answers through their own link count.
//
// The employer reads the standing as it would be without any grant
// (LSIR Art. 9: the employer must not learn who went to the inspectors).
// A contractor that confirmed through the printed copy it kept would
// otherwise see that line stay silent, and know the inspectors gave the
// worker a link of their own; one that holds the printed copy would see a
// dispute it never made. So nothing the grant or the direct link's
// answers change reaches the contractor, and the approval gate, whose
// warning or refusal the contractor sees, decides on this view too. The
// cost, accepted: a dispute the worker makes through their own link does
// not block or warn the contractor's approval. It reaches the inspectors
// instead (their counts and bundle, as disputed, with the worker's
// reason), who gave the link because they doubted the employer, and the
// worker may file a complaint from the same page.
func DecideStandingFor(a LineAnswers, r Reader) LineStanding {
	if r == ReadAsInspectors {
		return DecideLineStanding(a)
	}
	return DecideLineStanding(a.WithoutGrant())
}

// PaperSignatureShown says whether a worker's payslip page shows a line's
// paper signature (signed) as a confirmation: the printed link's page
// always does, as it did before any direct grant (its holder must not
// learn of one, LSIR Art. 9); the page of the worker's own link only when
// the payroll file was submitted before the inspectors first gave the
// worker a link of their own (DecideLineStanding), so that a paper
// signature the employer produced since does not read as the worker's.
func PaperSignatureShown(signed, afterGrant, direct bool) bool {
	return signed && !(direct && afterGrant)
}

// ConfirmationCounts are a payroll's lines by their workers' answers.
type ConfirmationCounts struct {
	Lines     int
	Confirmed int
	Disputed  int
	Silent    int
	// EmployerCopy are the silent lines confirmed through the printed link
	// alone after their worker was given a link of their own
	// (DecideLineStanding); shown to inspectors and administrators only
	// (ShowsEmployerCopy), since it would tell the contractor that a
	// worker went to the inspectors.
	EmployerCopy      int
	ShowsEmployerCopy bool
}

// AddStanding counts n lines of standing st.
func (c *ConfirmationCounts) AddStanding(st LineStanding, n int) {
	c.Add(st.State, n)
	if st.EmployerCopy {
		c.EmployerCopy += n
	}
}

// Add counts n lines in state s.
func (c *ConfirmationCounts) Add(s ConfirmState, n int) {
	c.Lines += n
	switch s {
	case LineConfirmed:
		c.Confirmed += n
	case LineDisputed:
		c.Disputed += n
	default:
		c.Silent += n
	}
}

// ApprovalGate decides what the workers' answers mean for a payroll's
// approval. Disputed lines are always reported; unconfirmed lines (silent or
// disputed) are a warning, or, when the policy blocks, refuse the approval
// as a conflict the general contractor resolves with the workers.
func ApprovalGate(c ConfirmationCounts, block bool) ([]string, error) {
	var warn []string
	if c.Disputed > 0 {
		warn = append(warn, fmt.Sprintf("%d of %d lines are disputed by their workers", c.Disputed, c.Lines))
	}
	if c.Silent > 0 {
		warn = append(warn, fmt.Sprintf("%d of %d lines are not confirmed by their workers", c.Silent, c.Lines))
	}
	if block && c.Silent+c.Disputed > 0 {
		return warn, Errorf(EConflict, "the policy requires every worker's confirmation before approval: %s", strings.Join(warn, "; "))
	}
	return warn, nil
}

// CheckPayslipRevoke decides the revocation of t on today: a live link an
// inspector re-issued straight to the worker is not revoked on the
// payroll's links route (a conflict; a contractor never reaches it there,
// only an administrator, who reads every grant): the inspectors replace it
// by re-issuing. Any other link may be revoked, which closes that grant
// alone.
func CheckPayslipRevoke(t PayslipToken, today Date) error {
	if t.Direct && t.StateOn(today) == TokenLive {
		return Errorf(EConflict, "payslip token %s was re-issued by the labour inspectors straight to the worker: only they may revoke it", t.ID)
	}
	return nil
}

// CheckPayslipReissue decides an inspector's re-issue of old, one of links
// (every link of the payroll, the workers' direct ones too) to old's worker
// straight: the worker gets a direct link of their own, a grant beside the
// contractor's link, which stays as it was (the contractor reads nothing of
// the re-issue, LSIR Art. 9). A worker holds one direct link a month: a live
// one is replaced by naming it (replace is it, to revoke), and naming any
// other of the worker's links while it is live is a conflict naming it, so
// that a form sent twice gives the worker one link; an expired or revoked
// direct link is no obstacle (an expired one not yet revoked is revoked).
func CheckPayslipReissue(old PayslipToken, links []PayslipToken, today Date) (replace *PayslipToken, err error) {
	for _, l := range links {
		if !l.Direct || l.EnrolmentID != old.EnrolmentID || l.RevokedAt != nil {
			continue
		}
		if l.ID != old.ID && l.StateOn(today) == TokenLive {
			return nil, Errorf(EConflict, "the worker of payslip token %s holds %s, given to them by the labour inspectors: re-issue that one", old.ID, l.ID)
		}
		replace = &l
	}
	return replace, nil
}

// DirectRevocation is what the inspectors' revocation does to a direct
// link: revoke it, and mark it misused (PayslipToken.Misused).
type DirectRevocation struct {
	Revoke, MarkMisused bool
}

// Changes says the revocation changes the link's record.
func (r DirectRevocation) Changes() bool { return r.Revoke || r.MarkMisused }

// DecideDirectRevoke decides the inspectors' revocation of t, a link they
// gave a worker straight (POST …/payslips/{token_id}/revoke-direct): a
// direct link not yet revoked is revoked (an expired one too, so that its
// record says so); one revoked already changes nothing (the same request
// again is harmless). When the inspectors say the link was misused
// (someone other than the worker held it), it is marked so, a link revoked
// before too (replaced by a re-issue, or revoked because the worker lost
// the phone, before the misuse came to light); a mark is never taken back.
// The contractor's link is not theirs to revoke there: the contractor
// revokes it on its own route.
func DecideDirectRevoke(t PayslipToken, misused bool) (DirectRevocation, error) {
	if !t.Direct {
		return DirectRevocation{}, Errorf(EConflict, "payslip token %s is the link the employer printed, not one given to the worker by the labour inspectors: the employer revokes it", t.ID)
	}
	return DirectRevocation{Revoke: t.RevokedAt == nil, MarkMisused: misused && !t.Misused}, nil
}

// EvidenceLineFacts are what the evidence bundle knows of one payroll
// line's answers: through each grant, with their reasons, and whether the
// inspectors ever gave the worker a link of their own for the period.
type EvidenceLineFacts struct {
	Answers                     LineAnswers
	PrintedReason, DirectReason string
	DirectLink                  bool
}

// EvidenceAnswer is what an evidence bundle says of one line's answers.
type EvidenceAnswer struct {
	// State and Reason are the line's answer as the bundle states it: its
	// standing, with a reason the reader may read.
	State  ConfirmState
	Reason string
	// EmployerCopy, Grants, Printed, Direct and DirectLink are shown to
	// the inspectors only: Grants says the bundle lists each grant's
	// answer (Direct is empty when no direct link was given).
	EmployerCopy    bool
	Grants          bool
	Printed, Direct LineConfirmation
	DirectLink      bool
}

// DecideEvidenceAnswer decides what a bundle says of a line's answers to
// its reader. Every bundle states the line's standing as its reader reads
// it (DecideStandingFor), the state the approval counts
// (worker_confirmations) that reader reads give it, so that a bundle's
// lines and the counts agree.
//
// A bundle the contractor makes states the standing as it would be
// without any grant, with the printed link's reason: it says exactly what
// it would say had the inspectors never given the worker a link of their
// own, and nothing in it names a direct link, an employer's copy or a
// grant's answer (LSIR Art. 9: the employer must not learn who went to
// the inspectors). The inspectors' bundle (and a complaint's) states the
// true standing with the worker's own reason first, EmployerCopy, and each
// grant's answer with its reason.
func DecideEvidenceAnswer(f EvidenceLineFacts, inspectors bool) EvidenceAnswer {
	if !inspectors {
		out := EvidenceAnswer{State: DecideStandingFor(f.Answers, ReadAsEmployer).State}
		if out.State == LineDisputed {
			out.Reason = f.PrintedReason
		}
		return out
	}
	st := DecideStandingFor(f.Answers, ReadAsInspectors)
	out := EvidenceAnswer{State: st.State, EmployerCopy: st.EmployerCopy, Grants: true, DirectLink: f.DirectLink,
		Printed: LineConfirmation{State: orSilent(f.Answers.Printed), Reason: f.PrintedReason}}
	if f.DirectLink {
		out.Direct = LineConfirmation{State: orSilent(f.Answers.Direct), Reason: f.DirectReason}
	}
	switch {
	case st.State != LineDisputed:
	case f.Answers.Direct == LineDisputed:
		out.Reason = f.DirectReason
	default:
		out.Reason = f.PrintedReason
	}
	return out
}

func orSilent(s ConfirmState) ConfirmState {
	if s == "" {
		return LineSilent
	}
	return s
}
