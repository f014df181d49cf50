package service

import (
	"context"
	"slices"
	"strconv"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// PayslipLink is one payslip token as its contractor sees it: the worker,
// the state, and while it is live the token to print (the link and QR code).
type PayslipLink struct {
	store.PayslipTokenOf
	State ledger.TokenState
	Token string // "" unless live
	// Answers are the payroll's lines answered through this link (their
	// current answer through its grant): read by inspectors and
	// administrators only, to tell the worker's own answers from the ones
	// given with the printed copy.
	Answers []store.LineAnswerOf
}

// PayslipCaller is the caller a payslip token acts as: its audit records
// name the token, and no scope lets it see anything else.
func PayslipCaller(t *ledger.PayslipToken) Caller {
	return Caller{KeyID: "payslip/" + t.ID, Role: ledger.RolePayslip}
}

// OpenPayslip finds the record of a token presented by its holder: the
// signature and expiry are checked first without the database, then the
// record by the token's hash, which must exist, name the same record and
// not be revoked.
func (s *Service) OpenPayslip(ctx context.Context, token string) (*ledger.PayslipToken, error) {
	today := ledger.DateOf(s.DB.Now())
	id, err := verifyPayslipToken(s.Identity, token, today)
	if err != nil {
		return nil, err
	}
	rec, err := store.PayslipTokenByHash(s.DB.Reader(ctx), id, payslipHash(token))
	if err != nil {
		return nil, err
	}
	if rec == nil || rec.ID != id {
		return nil, errNoPayslip
	}
	return rec, ledger.CheckPayslipToken(*rec, today)
}

// issuablePayroll reads a payroll whose workers may be given payslips: one
// submitted or approved.
func issuablePayroll(tx store.Querier, ctx context.Context, id string) (*ledger.Payroll, *ledger.Project, error) {
	pay, p, err := payrollFor(tx, ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := ledger.CheckPayslipsIssuable(pay); err != nil {
		return nil, nil, err
	}
	return pay, p, nil
}

// IssuePayslips gives every worker on a payroll a live payslip link for the
// payroll's period: a worker who has one keeps it (issuing again changes
// nothing), an expired one is replaced. It returns every link of the payroll.
func (s *Service) IssuePayslips(ctx context.Context, payrollID string) ([]PayslipLink, error) {
	var out []PayslipLink
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, p, err := issuablePayroll(tx, ctx, payrollID)
		if err != nil {
			return err
		}
		enrolments, err := store.EnrolmentsOfPayroll(tx, pay.ProjectID, pay.ID)
		if err != nil {
			return err
		}
		// The contractor's links alone: a worker's direct link, which the
		// contractor never reads, leaves its link as it would be without it.
		have, err := store.PayslipTokensOfPayroll(tx, pay.ProjectID, pay.ID, store.ContractorGrants)
		if err != nil {
			return err
		}
		today := ledger.DateOf(tx.Now)
		fresh, err := s.newPayslipTokens(tx, pay, p, enrolments, have, today)
		if err != nil {
			return err
		}
		if len(fresh) > 0 {
			if err := store.InsertPayslipTokens(tx, fresh); err != nil {
				return err
			}
			if err := audit(tx, pay.ProjectID, "payslip.issue", pay.ID, ledger.M("%d payslip {link|links} for %s", len(fresh), pay.Period), nil); err != nil {
				return err
			}
		}
		out, err = s.payslipLinks(tx, pay, today, grantsOf(ctx))
		return err
	})
	return out, err
}

// grantsOf is which of a payroll's links the caller reads: inspectors and
// administrators every link, the workers' direct links too; a contractor
// its own links alone, so that what it reads, prints and revokes is the
// same whether or not an inspector gave one of its workers a link straight
// (LSIR Art. 9: the employer must not learn who went to the inspectors).
func grantsOf(ctx context.Context) store.PayslipGrants {
	if CallerFrom(ctx).SeesComplaints() {
		return store.AllGrants
	}
	return store.ContractorGrants
}

// newPayslipTokens makes a token for every enrolment without a live one,
// revoking (as expired) a live record past its expiry.
func (s *Service) newPayslipTokens(tx *store.Tx, pay *ledger.Payroll, p *ledger.Project, enrolments []string, have []store.PayslipTokenOf, today ledger.Date) ([]store.NewPayslipToken, error) {
	live := map[string]ledger.PayslipToken{}
	for _, t := range have {
		if t.RevokedAt == nil {
			live[t.EnrolmentID] = t.PayslipToken
		}
	}
	version, _ := s.Identity.Key("payslip")
	expires := ledger.PayslipExpiry(today, s.policy().Param(ledger.PayslipValidDays, p.RegionCode, today).Count())
	var fresh []store.NewPayslipToken
	for _, enr := range enrolments {
		if t, ok := live[enr]; ok {
			if t.StateOn(today) == ledger.TokenLive {
				continue
			}
			if _, err := store.RevokePayslipToken(tx, pay.ProjectID, t.ID, "expired"); err != nil {
				return nil, err
			}
		}
		t := ledger.PayslipToken{ID: ledger.NewIDIn(ledger.PrefixPayslipToken, pay.ProjectID), ProjectID: pay.ProjectID, EnrolmentID: enr, Period: pay.Period,
			PayrollID: pay.ID, KeyVersion: version, ExpiresOn: expires, IssuedBy: CallerFrom(tx.Ctx()).ActorName()}
		token, _ := payslipToken(s.Identity, t)
		fresh = append(fresh, store.NewPayslipToken{PayslipToken: t, Hash: payslipHash(token)})
	}
	return fresh, nil
}

// payslipLinks lists a payroll's tokens that grants takes, with the
// printable token of each live one.
func (s *Service) payslipLinks(q store.Querier, pay *ledger.Payroll, today ledger.Date, grants store.PayslipGrants) ([]PayslipLink, error) {
	toks, err := store.PayslipTokensOfPayroll(q, pay.ProjectID, pay.ID, grants)
	if err != nil {
		return nil, err
	}
	var answers map[string][]store.LineAnswerOf
	if grants == store.AllGrants {
		rows, err := store.PayrollLineAnswers(q, pay.ProjectID, pay.ID)
		if err != nil {
			return nil, err
		}
		answers = map[string][]store.LineAnswerOf{}
		for _, a := range rows {
			answers[a.TokenID] = append(answers[a.TokenID], a)
		}
	}
	out := make([]PayslipLink, len(toks))
	for i, t := range toks {
		out[i] = PayslipLink{PayslipTokenOf: t, State: t.StateOn(today), Answers: answers[t.ID]}
		// A link an inspector re-issued straight to the worker is never
		// printable: its token was given once, to the inspector.
		if out[i].State == ledger.TokenLive && !t.Direct {
			out[i].Token, _ = payslipToken(s.Identity, t.PayslipToken)
		}
	}
	return out, nil
}

// ListPayslips lists the payroll's payslip links the caller reads (grantsOf).
func (s *Service) ListPayslips(ctx context.Context, payrollID string) ([]PayslipLink, error) {
	r := s.DB.Reader(ctx)
	pay, _, err := payrollFor(r, ctx, payrollID)
	if err != nil {
		return nil, err
	}
	return s.payslipLinks(r, pay, ledger.DateOf(s.DB.Now()), grantsOf(ctx))
}

// PayslipOfPayroll is one of a payroll's payslip links.
func (s *Service) PayslipOfPayroll(ctx context.Context, payrollID, tokenID string) (*PayslipLink, error) {
	links, err := s.ListPayslips(ctx, payrollID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.ID == tokenID {
			return &l, nil
		}
	}
	return nil, ledger.Errorf(ledger.ENotFound, "payslip token %q not found on payroll %s", tokenID, payrollID)
}

// RevokePayslip revokes one of the payroll's payslip links the caller reads
// (grantsOf): from then on that link opens nothing; any other grant of the
// worker's is left as it is. Revoking a revoked link changes nothing; a
// link the caller does not read is not found, as one that does not exist.
func (s *Service) RevokePayslip(ctx context.Context, payrollID, tokenID string) (*PayslipLink, error) {
	var out *PayslipLink
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, _, err := payrollFor(tx, ctx, payrollID)
		if err != nil {
			return err
		}
		links, err := s.payslipLinks(tx, pay, ledger.DateOf(tx.Now), grantsOf(ctx))
		if err != nil {
			return err
		}
		for _, l := range links {
			if l.ID != tokenID {
				continue
			}
			if err := ledger.CheckPayslipRevoke(l.PayslipToken, ledger.DateOf(tx.Now)); err != nil {
				return err
			}
			done, err := store.RevokePayslipToken(tx, pay.ProjectID, tokenID, CallerFrom(ctx).ActorName())
			if err != nil || !done {
				out = &l
				return err
			}
			if err := audit(tx, pay.ProjectID, "payslip.revoke", tokenID, ledger.M("payroll %s", pay.ID), nil); err != nil {
				return err
			}
			t, err := store.PayslipTokenByID(tx, pay.ProjectID, tokenID)
			out = &PayslipLink{PayslipTokenOf: store.PayslipTokenOf{PayslipToken: *t, WorkerName: l.WorkerName}, State: ledger.TokenRevoked}
			return err
		}
		return ledger.Errorf(ledger.ENotFound, "payslip token %q not found on payroll %s", tokenID, payrollID)
	})
	return out, err
}

// confirmationGate counts the payroll's lines by their workers' answers
// and lets the policy decide whether the unconfirmed ones stop the
// approval. The gate decides on the employer's view
// (ledger.DecideStandingFor), whoever approves: its warning or refusal,
// and the payroll's status after it, are the contractor's to see, and
// must read as they would had no worker been given a link of their own
// (LSIR Art. 9).
func (s *Service) confirmationGate(ctx context.Context, tx *store.Tx, pay *ledger.Payroll, p *ledger.Project) error {
	employer, err := s.countConfirmations(ctx, tx, pay)
	if err != nil {
		return err
	}
	today := ledger.DateOf(tx.Now)
	block := s.policy().Param(ledger.PayslipBlockUnconfirmed, p.RegionCode, today).Count() == 1
	pay.ConfirmationWarnings, err = ledger.ApprovalGate(employer, block)
	return err
}

// countConfirmations counts the payroll's lines by their workers' answers
// as the caller reads them (ledger.DecideStandingFor): inspectors and
// administrators the true standing, with the lines confirmed through the
// printed copy alone after the worker was given their own link counted
// apart (employer_copy); a contractor the standing as it would be without
// any grant. It returns the employer's view, which the approval gate reads.
func (s *Service) countConfirmations(ctx context.Context, q store.Querier, pay *ledger.Payroll) (ledger.ConfirmationCounts, error) {
	employer, inspectors, err := store.PayrollConfirmationCounts(q, pay.ProjectID, pay.ID)
	c := employer
	if CallerFrom(ctx).SeesComplaints() {
		c = inspectors
		c.ShowsEmployerCopy = true
	}
	pay.Confirmations = &c
	return employer, err
}

// Payslip is what a worker's link shows: their own lines of one period,
// what the bank paid, what is still owed, and — on a link the inspectors
// gave the worker themselves — where their complaints stand
// (ledger.PayslipComplaints).
type Payslip struct {
	Token        ledger.PayslipToken
	ProjectName  string
	EmployerName string
	Enrolment    *ledger.Enrolment
	Due          ledger.Deadline
	Lines        []store.PayslipLine
	Account      ledger.PeriodAccount
	Payments     []store.StatementLine
	Complaints   []ledger.ComplaintReceipt
}

// Payslip reads the page of a token opened by OpenPayslip.
func (s *Service) Payslip(ctx context.Context, t *ledger.PayslipToken) (*Payslip, error) {
	r := s.DB.Reader(ctx)
	e, err := store.GetEnrolment(r, t.ProjectID, t.EnrolmentID)
	if err != nil {
		return nil, err
	}
	p, err := store.GetProject(r, t.ProjectID)
	if err != nil {
		return nil, err
	}
	emp, err := store.GetOrganization(r, e.EmployerID)
	if err != nil {
		return nil, err
	}
	out := &Payslip{Token: *t, ProjectName: p.Name, EmployerName: emp.Name, Enrolment: e.Enrolment(), Payments: []store.StatementLine{},
		Due: s.calendar().PayDeadline(t.Period, p.PayRuleOf()), Account: ledger.PeriodAccount{Period: t.Period}}
	if out.Lines, err = store.PayslipLines(r, t.ProjectID, t.EnrolmentID, t.Period, t.Direct); err != nil {
		return nil, err
	}
	for i := range out.Lines {
		l := &out.Lines[i]
		l.Confirmed = ledger.PaperSignatureShown(l.Confirmed, l.PaperAfterGrant, t.Direct)
		if l.AnswerMisused { // not the worker's answer (ledger.AnswerThroughGrant)
			l.Answer, l.AnswerReason, l.AnsweredAt = string(ledger.LineSilent), "", nil
		}
	}
	acct, pays, err := workerAccount(r, t.ProjectID, t.EnrolmentID)
	if err != nil {
		return nil, err
	}
	for _, a := range acct.Periods {
		if a.Period == t.Period {
			out.Account = a
		}
	}
	for _, pay := range pays {
		if pay.Period == t.Period {
			out.Payments = append(out.Payments, pay)
		}
	}
	// The contractor's link shows no complaint: the contractor hands it out
	// and may keep it, so what it shows must not tell who complained (LSIR
	// Art. 9); the worker's own link shows theirs (issue 17).
	if t.ShowsComplaints() {
		cs, err := store.ComplaintsOfEnrolment(r, t.ProjectID, t.EnrolmentID)
		if err != nil {
			return nil, err
		}
		out.Complaints = ledger.PayslipComplaints(*t, cs, ledger.DateOf(s.DB.Now()), s.calendar())
	}
	return out, nil
}

// LineAnswer is a worker's answer to one line as recorded.
type LineAnswer struct {
	PayrollID string
	LineNo    int
	ledger.LineConfirmation
	Changed bool
}

// AnswerLine records the worker's confirmation or dispute of one of the
// lines their token shows (REG Art. 31's electronic confirmation), with the
// time and the token's identity, audited; the same answer again changes
// nothing. A line the token does not show is not found.
func (s *Service) AnswerLine(ctx context.Context, t *ledger.PayslipToken, payrollID string, lineNo int, action ledger.ConfirmAction, reason string) (*LineAnswer, error) {
	var out *LineAnswer
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		lines, err := store.PayslipLines(tx, t.ProjectID, t.EnrolmentID, t.Period, t.Direct)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if l.PayrollID != payrollID || l.LineNo != lineNo {
				continue
			}
			cur := ledger.AnswerThroughGrant(ledger.LineConfirmation{State: ledger.ConfirmState(l.Answer), Reason: l.AnswerReason}, l.AnswerMisused)
			next, changed, err := ledger.DecideLineConfirmation(cur, action, reason, l.PayrollStatus, lineNo, t.Direct)
			if err != nil {
				return err
			}
			out = &LineAnswer{PayrollID: payrollID, LineNo: lineNo, LineConfirmation: next, Changed: changed}
			if !changed {
				return nil
			}
			if err := store.SaveLineConfirmation(tx, t, payrollID, lineNo, next); err != nil {
				return err
			}
			return audit(tx, t.ProjectID, "payroll_line."+string(action), payrollID+"#"+strconv.Itoa(lineNo), ledger.Verbatim(next.Reason),
				map[string]any{"payroll_id": payrollID, "line_no": lineNo, "action": action, "reason": next.Reason})
		}
		return ledger.Errorf(ledger.ENotFound, "line %d of payroll %s is not on this payslip", lineNo, payrollID)
	})
	return out, err
}

// workerAccount is an enrolment's statement by month and the bank's facts
// about its payments.
func workerAccount(q store.Querier, projectID, enrolmentID string) (ledger.WorkerAccount, []store.StatementLine, error) {
	owed, err := store.WorkerOwed(q, projectID, enrolmentID)
	if err != nil {
		return ledger.WorkerAccount{}, nil, err
	}
	pays, err := store.WorkerPayments(q, projectID, enrolmentID)
	if err != nil {
		return ledger.WorkerAccount{}, nil, err
	}
	facts := make([]ledger.WorkerPayment, len(pays))
	for i, pay := range pays {
		facts[i] = ledger.WorkerPayment{Period: pay.Period, Status: pay.Status, Amount: pay.Amount, Advance: pay.Advance}
	}
	return ledger.Statement(owed, facts), pays, nil
}

// ReissuePayslip is an inspector's new payslip link for the worker of one
// of a payroll's links, handed straight to the worker: a grant of its own
// (direct) beside the contractor's link, which is left as it is — live,
// printable and the contractor's to revoke — so that nothing the contractor
// reads tells it that this worker went to the inspectors (LSIR Art. 9). The
// contractor never reads the direct link, nor can revoke it; the worker's
// earlier direct link, if any, is replaced (ledger.CheckPayslipReissue
// decides). The answer carries the new token, this once for the inspector;
// audited.
func (s *Service) ReissuePayslip(ctx context.Context, payrollID, tokenID, note string) (*PayslipLink, error) {
	var out *PayslipLink
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, p, err := payrollFor(tx, ctx, payrollID)
		if err != nil {
			return err
		}
		today := ledger.DateOf(tx.Now)
		links, err := s.payslipLinks(tx, pay, today, store.AllGrants)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(links, func(l PayslipLink) bool { return l.ID == tokenID })
		if i < 0 {
			return ledger.Errorf(ledger.ENotFound, "payslip token %q not found on payroll %s", tokenID, payrollID)
		}
		old, tokens := links[i], make([]ledger.PayslipToken, len(links))
		for j, l := range links {
			tokens[j] = l.PayslipToken
		}
		replace, err := ledger.CheckPayslipReissue(old.PayslipToken, tokens, today)
		if err != nil {
			return err
		}
		what := ledger.M("payroll %s: a link of their own for the worker of %s, given to the worker by the inspectors", pay.ID, old.ID)
		detail := map[string]string{"named": old.ID, "note": note}
		if replace != nil {
			detail["replaces"] = replace.ID
			if _, err := store.RevokePayslipToken(tx, pay.ProjectID, replace.ID, CallerFrom(ctx).ActorName()); err != nil {
				return err
			}
			what = ledger.M("payroll %s: replaces %s, given to the worker by the inspectors", pay.ID, replace.ID)
		}
		version, _ := s.Identity.Key("payslip")
		t := ledger.PayslipToken{ID: ledger.NewIDIn(ledger.PrefixPayslipToken, pay.ProjectID), ProjectID: pay.ProjectID, EnrolmentID: old.EnrolmentID, Period: pay.Period,
			PayrollID: pay.ID, KeyVersion: version, ExpiresOn: ledger.PayslipExpiry(today, s.policy().Param(ledger.PayslipValidDays, p.RegionCode, today).Count()),
			IssuedAt: tx.Now, IssuedBy: CallerFrom(ctx).ActorName(), Direct: true}
		token, _ := payslipToken(s.Identity, t)
		if err := store.InsertPayslipTokens(tx, []store.NewPayslipToken{{PayslipToken: t, Hash: payslipHash(token)}}); err != nil {
			return err
		}
		if err := audit(tx, pay.ProjectID, "payslip.reissue", t.ID, what, detail); err != nil {
			return err
		}
		out = &PayslipLink{PayslipTokenOf: store.PayslipTokenOf{PayslipToken: t, WorkerName: old.WorkerName}, State: ledger.TokenLive, Token: token}
		return nil
	})
	return out, err
}

// RevokeDirectPayslip is the inspectors' revocation of a link they gave a
// worker straight, without giving another (the worker lost the phone, or
// someone else holds it): from then on it opens nothing. Only inspectors
// and administrators reach it (the route), and the contractor's link is
// left as it is (LSIR Art. 9). When the inspectors say the link was
// misused, it is marked so (a link revoked before too), and a confirmation
// given through it no longer counts as the worker's
// (ledger.DecideLineStanding): the inspectors' approval counts move; the
// contractor's do not (they read no grant, ledger.DecideStandingFor). A
// request that changes nothing is not
// audited again; ledger.DecideDirectRevoke decides, and refuses the
// contractor's link.
func (s *Service) RevokeDirectPayslip(ctx context.Context, payrollID, tokenID, note string, misused bool) (*PayslipLink, error) {
	if err := ledger.CheckNote("note", note, ledger.MaxComplaintText, false); err != nil {
		return nil, err
	}
	var out *PayslipLink
	err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		pay, _, err := payrollFor(tx, ctx, payrollID)
		if err != nil {
			return err
		}
		links, err := s.payslipLinks(tx, pay, ledger.DateOf(tx.Now), store.AllGrants)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(links, func(l PayslipLink) bool { return l.ID == tokenID })
		if i < 0 {
			return ledger.Errorf(ledger.ENotFound, "payslip token %q not found on payroll %s", tokenID, payrollID)
		}
		l := links[i]
		out = &l
		d, err := ledger.DecideDirectRevoke(l.PayslipToken, misused)
		if err != nil || !d.Changes() {
			return err
		}
		// Two requests at once both decide to change the link; only one
		// whose update changed it writes the audit record.
		changed, err := applyDirectRevocation(tx, pay.ProjectID, tokenID, d)
		if err != nil {
			return err
		}
		if changed {
			if err := audit(tx, pay.ProjectID, "payslip.revoke_direct", tokenID, ledger.M("payroll %s: the worker's own link, given by the inspectors, revoked", pay.ID),
				map[string]any{"note": note, "misused": d.MarkMisused}); err != nil {
				return err
			}
		}
		t, err := store.PayslipTokenByID(tx, pay.ProjectID, tokenID)
		if err == nil {
			out = &PayslipLink{PayslipTokenOf: store.PayslipTokenOf{PayslipToken: *t, WorkerName: l.WorkerName}, State: ledger.TokenRevoked}
		}
		return err
	})
	return out, err
}

// applyDirectRevocation writes what DecideDirectRevoke decided; it reports
// whether this request changed the record.
func applyDirectRevocation(tx *store.Tx, projectID, tokenID string, d ledger.DirectRevocation) (bool, error) {
	var revoked, marked bool
	var err error
	if d.Revoke {
		if revoked, err = store.RevokePayslipToken(tx, projectID, tokenID, CallerFrom(tx.Ctx()).ActorName()); err != nil {
			return false, err
		}
	}
	if d.MarkMisused {
		if marked, err = store.MarkPayslipMisused(tx, projectID, tokenID); err != nil {
			return false, err
		}
	}
	return revoked || marked, nil
}

// DirectDisputes lists the lines workers of the caller's region disputed
// through the links the inspectors gave them straight, newest first, at
// most limit, after the one keyed after when given: the disputes their
// page says go to the labour inspectors. Inspectors and administrators
// read them; anyone else reads none.
func (s *Service) DirectDisputes(ctx context.Context, limit int, after *store.DisputeKey) ([]store.DirectDispute, error) {
	return store.DirectDisputes(s.DB.Reader(ctx), CallerFrom(ctx).Scope(), limit, after)
}

// CountDirectDisputes is how many such disputes stand in the caller's
// region.
func (s *Service) CountDirectDisputes(ctx context.Context) (int, error) {
	return store.CountDirectDisputes(s.DB.Reader(ctx), CallerFrom(ctx).Scope())
}
