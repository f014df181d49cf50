package service

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/evidence"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
)

// maxEvidenceMonths bounds the span of one bundle.
const maxEvidenceMonths = 36

// EvidenceKey is the key that signs evidence bundles: Ed25519, its seed the
// secret key file's evidence key (identity.PurposeEvidence) of the active
// version, so that it needs no file of its own and changes with a rotation.
func (s *Service) EvidenceKey() (int, ed25519.PrivateKey) {
	v, seed := s.Identity.Key(identity.PurposeEvidence)
	return v, ed25519.NewKeyFromSeed(seed)
}

// SignEvidence is the detached signature of a whole bundle as delivered
// (evidence.SignDetached), under the evidence key that signed it inside.
func (s *Service) SignEvidence(bundle []byte) string {
	_, key := s.EvidenceKey()
	return evidence.SignDetached(bundle, key)
}

// EvidencePublicKey is the public half of EvidenceKey, which the service
// publishes for arbitrators.
func (s *Service) EvidencePublicKey() (int, ed25519.PublicKey) {
	v, k := s.EvidenceKey()
	return v, k.Public().(ed25519.PublicKey)
}

// evidenceSpan reads a bundle's months.
func evidenceSpan(from, to string) (ledger.Period, ledger.Period, error) {
	var v ledger.Validation
	f, err := ledger.ParsePeriod(from)
	if err != nil {
		v.Add("from", string(ledger.RefuseFormat), "from is the first month, YYYY-MM")
	}
	t, err := ledger.ParsePeriod(to)
	if err != nil {
		v.Add("to", string(ledger.RefuseFormat), "to is the last month, YYYY-MM")
	}
	if len(v.Fields) == 0 && (t.First().Before(f.First()) || len(monthsOf(f, t)) > maxEvidenceMonths) {
		v.Add("to", string(ledger.RefuseRange), "to must be from %s to %d {month|months} after from", f, maxEvidenceMonths-1)
	}
	return f, t, v.Err("the span is not valid")
}

func monthsOf(from, to ledger.Period) []ledger.Period {
	var out []ledger.Period
	for p := from; !to.First().Before(p.First()) && len(out) <= maxEvidenceMonths; p = p.Last().AddDays(1).Period() {
		out = append(out, p)
	}
	return out
}

// EvidenceBundle makes the evidence bundle of a worker's enrolment (the one
// the access check found on the project) for a span of months. Making it is
// recorded in the audit trail first, so the chain heads the manifest names
// include the record of this export.
func (s *Service) EvidenceBundle(ctx context.Context, projectID, enrolmentID, from, to string) ([]byte, error) {
	f, t, err := evidenceSpan(from, to)
	if err != nil {
		return nil, err
	}
	font, err := s.readEvidenceFont()
	if err != nil {
		return nil, err
	}
	if err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		return audit(tx, projectID, "evidence.bundle", enrolmentID, ledger.M("%s to %s", f, t), map[string]string{"from": from, "to": to})
	}); err != nil {
		return nil, err
	}
	if _, err := s.SealAudit(ctx); err != nil {
		return nil, err
	}
	// The employer's side never learns from a bundle who complained (LSIR Art. 9).
	st, err := s.evidenceStatement(s.DB.Reader(ctx), projectID, enrolmentID, f, t, s.DB.Now(), CallerFrom(ctx).SeesComplaints())
	if err != nil {
		return nil, err
	}
	heads, err := store.AuditHeads(s.DB.Reader(ctx), []string{projectID, ledger.OrgChain})
	if err != nil {
		return nil, err
	}
	version, key := s.EvidenceKey()
	return evidence.Build(*st, headsFor(CallerFrom(ctx), heads), key, version, font)
}

// headsFor is the chain heads a bundle made by c ties to. The employer's
// side (a caller who does not see complaints) gets each head's hash
// without its seq: two bundles' seqs would count the audited events
// between them that it cannot otherwise see (direct grants, the worker's
// own answers, complaints; LSIR Art. 9), while a hash tells nothing of how
// many. The manifest stays verifiable offline (its signature covers the
// heads as written), and EvidenceHeadsNotHeld finds such a head by its
// hash in its chain.
func headsFor(c Caller, hs []store.AuditHead) []evidence.Head {
	out := mapHeads(hs)
	if !c.SeesComplaints() {
		for i := range out {
			out[i].Seq = 0
		}
	}
	return out
}

// ComplaintEvidenceBundle makes one evidence bundle covering every worker
// complaint id names or matches (ledger.ComplaintWorkers: the complainant,
// the workers the books show owed for its months, those on its matched
// orders to pay), a statement each, for a span of months: the complaint's
// first to last month when from and to are empty. Only an inspector of the
// complaint's region makes it (the router checks). The export is audited
// on the complaint, naming the workers, before the chain heads are read.
func (s *Service) ComplaintEvidenceBundle(ctx context.Context, id, from, to string) ([]byte, error) {
	c, err := store.GetComplaint(s.DB.Reader(ctx), id)
	if err != nil {
		return nil, err
	}
	if from == "" && to == "" && len(c.Periods) > 0 {
		from, to = c.Periods[0].String(), c.Periods[len(c.Periods)-1].String()
	}
	f, t, err := evidenceSpan(from, to)
	if err != nil {
		return nil, err
	}
	font, err := s.readEvidenceFont()
	if err != nil {
		return nil, err
	}
	var workers []string
	if err := s.DB.WithTx(ctx, func(tx *store.Tx) error {
		if workers, err = complaintWorkers(tx, c); err != nil {
			return err
		}
		return audit(tx, c.ProjectID, "evidence.complaint_bundle", c.ID, ledger.Verbatim(fmt.Sprintf("%s to %s, %d workers", f, t, len(workers))),
			map[string]any{"from": f.String(), "to": t.String(), "enrolment_ids": workers})
	}); err != nil {
		return nil, err
	}
	if _, err := s.SealAudit(ctx); err != nil {
		return nil, err
	}
	q := s.DB.Reader(ctx)
	sts := make([]evidence.Statement, 0, len(workers))
	at := s.DB.Now() // one moment for every statement and the manifest
	for _, enr := range workers {
		st, err := s.evidenceStatement(q, c.ProjectID, enr, f, t, at, true)
		if err != nil {
			return nil, err
		}
		sts = append(sts, *st)
	}
	heads, err := store.AuditHeads(q, []string{c.ProjectID, ledger.OrgChain})
	if err != nil {
		return nil, err
	}
	version, key := s.EvidenceKey()
	return evidence.BuildComplaint(c.ID, sts, mapHeads(heads), key, version, font)
}

// complaintWorkers reads what deciding a complaint's workers needs: the
// complainant's employer, the wages owed, the orders to pay.
func complaintWorkers(q store.Querier, c *ledger.Complaint) ([]string, error) {
	employer := ""
	if c.EnrolmentID != "" {
		e, err := store.GetEnrolment(q, c.ProjectID, c.EnrolmentID)
		if err != nil {
			return nil, err
		}
		employer = e.EmployerID
	}
	owed, err := store.WagesOwed(q, c.ProjectID)
	if err != nil {
		return nil, err
	}
	orders, err := store.OrdersForMonths(q, c.ProjectID, c.Periods)
	if err != nil {
		return nil, err
	}
	return ledger.ComplaintWorkers(*c, employer, owed, orders)
}

// readEvidenceFont reads the CJK font the PDF embeds.
func (s *Service) readEvidenceFont() ([]byte, error) {
	font, err := os.ReadFile(s.evidenceFont())
	if err != nil {
		// Not wrapped: a file error reads as the database unreachable (503,
		// try again), and a missing font is the server's fault to fix.
		return nil, fmt.Errorf("service: the PDF font %s cannot be read (Debian: apt-get install fonts-droid-fallback, or name one in WAGEGUARD_EVIDENCE_FONT): %s",
			s.evidenceFont(), err.Error())
	}
	return font, nil
}

func mapHeads(hs []store.AuditHead) []evidence.Head {
	out := make([]evidence.Head, len(hs))
	for i, h := range hs {
		out[i] = evidence.Head{Chain: h.Chain, Seq: h.Seq, Hash: h.Hash}
	}
	return out
}

func (s *Service) evidenceFont() string {
	if s.EvidenceFont != "" {
		return s.EvidenceFont
	}
	return evidence.DefaultFont
}

// evidenceStatement gathers the facts of the bundle.
func (s *Service) evidenceStatement(q store.Querier, projectID, enrolmentID string, from, to ledger.Period, at time.Time, complaints bool) (*evidence.Statement, error) {
	e, err := store.GetEnrolment(q, projectID, enrolmentID)
	if err != nil {
		return nil, err
	}
	p, err := store.GetProject(q, projectID)
	if err != nil {
		return nil, err
	}
	emp, err := store.GetOrganization(q, e.EmployerID)
	if err != nil {
		return nil, err
	}
	en := e.Enrolment()
	st := &evidence.Statement{GeneratedAt: at, From: from, To: to, Employer: emp.Name,
		Project: evidence.Project{ID: p.ID, Code: p.Code, Name: p.Name, RegionCode: p.RegionCode},
		Worker: evidence.Worker{EnrolmentID: en.ID, Name: en.Name, IDNumber: en.IDNumber, Trade: en.Trade, Team: en.Team, ContractKind: string(en.ContractKind),
			ContractSignedOn: en.ContractSignedOn, EnteredOn: en.EnteredOn}}
	if en.ExitedOn != nil {
		st.Worker.ExitedOn = *en.ExitedOn
	}
	days, err := store.AttendanceDays(q, projectID, enrolmentID, from.First(), to.Last())
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		st.Attendance = append(st.Attendance, evidence.Day{Date: d.Date, Hours: ledger.FormatHours(d.Centihours)})
	}
	if err := s.evidenceMoney(q, st, p, enrolmentID, complaints); err != nil {
		return nil, err
	}
	return st, s.evidenceCases(q, st, projectID, enrolmentID, complaints)
}

// evidenceMoney adds the months, the payroll lines and the bank's facts.
// The lines' answers are as ledger.DecideEvidenceAnswer shows them to the
// reader: their standing, as the approval counts have it; the inspectors
// (inspectors) read both grants' answers too.
func (s *Service) evidenceMoney(q store.Querier, st *evidence.Statement, p *ledger.Project, enrolmentID string, inspectors bool) error {
	months := monthsOf(st.From, st.To)
	for _, m := range months {
		lines, err := store.PayslipLines(q, p.ID, enrolmentID, m, false)
		if err != nil {
			return err
		}
		// The inspectors' bundle states each line's true standing, which the
		// direct grant's answers are part of; the contractor's the standing
		// as it would be without any grant (ledger.DecideEvidenceAnswer), so
		// its bundle does not even read them: it is made alike, whether or
		// not a worker was given a link of their own (LSIR Art. 9).
		grants := map[string]store.LineGrantAnswers{}
		if inspectors {
			gs, err := store.EnrolmentLineGrants(q, p.ID, enrolmentID, m)
			if err != nil {
				return err
			}
			for _, g := range gs {
				grants[fmt.Sprint(g.PayrollID, "#", g.LineNo)] = g
			}
		}
		for _, l := range lines {
			g := grants[fmt.Sprint(l.PayrollID, "#", l.LineNo)]
			a := ledger.DecideEvidenceAnswer(ledger.EvidenceLineFacts{Answers: ledger.LineAnswers{Printed: ledger.ConfirmState(l.Answer),
				Direct: ledger.ConfirmState(g.Direct), DirectGrant: g.DirectGrant == 1, DirectMisused: g.DirectMisused == 1, SignedOnPaper: l.Confirmed,
				PaperAfterGrant: l.PaperAfterGrant},
				PrintedReason: l.AnswerReason, DirectReason: g.DirectReason, DirectLink: g.DirectLink == 1}, inspectors)
			el := evidence.Line{Period: m, PayrollID: l.PayrollID, LineNo: l.LineNo, PayrollStatus: string(l.PayrollStatus),
				DaysWorked: l.DaysWorked, WorkHours: l.WorkHours, Gross: l.Gross, Deductions: l.Deductions, Net: l.Net, Paid: l.Paid,
				PaymentStatus: string(l.PaymentStatus), Answer: string(a.State), AnswerReason: a.Reason, EmployerCopy: a.EmployerCopy}
			if a.Grants {
				el.Grants = &evidence.Grants{Printed: string(a.Printed.State), PrintedReason: a.Printed.Reason, Direct: string(a.Direct.State),
					DirectReason: a.Direct.Reason, DirectLink: a.DirectLink}
			}
			st.Lines = append(st.Lines, el)
		}
	}
	acct, pays, err := workerAccount(q, p.ID, enrolmentID)
	if err != nil {
		return err
	}
	cal, rule := s.calendar(), p.PayRuleOf()
	for _, a := range acct.Periods {
		if slices.Contains(months, a.Period) {
			st.Months = append(st.Months, evidence.Month{Period: a.Period, DueOn: cal.PayDeadline(a.Period, rule).Date, Owed: a.Owed, Paid: a.Paid, Unpaid: a.Unpaid})
		}
	}
	for _, pay := range pays {
		if slices.Contains(months, pay.Period) {
			st.Payments = append(st.Payments, evidence.Payment{Period: pay.Period, InstructionID: pay.InstructionID, Status: string(pay.Status),
				Amount: pay.Amount, BankRef: pay.BankRef, SettledOn: pay.SettledOn, Reason: pay.Reason, FromGuarantee: pay.PaidFrom != ""})
		}
	}
	return nil
}

// evidenceCases adds the alerts about the worker (an alert naming them as
// its subject or in its evidence) for the span's months, and with
// complaints their complaints.
func (s *Service) evidenceCases(q store.Querier, st *evidence.Statement, projectID, enrolmentID string, complaints bool) error {
	alerts, err := store.ProjectAlerts(q, projectID)
	if err != nil {
		return err
	}
	months := monthsOf(st.From, st.To)
	for _, a := range alerts {
		in := a.Key.Period == ""
		for _, m := range months {
			in = in || a.Key.Period == m.String()
		}
		if in && alertNames(a, enrolmentID) {
			if !complaints {
				a, _ = ledger.ForContractor(a, nil)
			}
			st.Alerts = append(st.Alerts, evidence.Alert{ID: a.ID, Rule: string(a.Key.Rule), Period: a.Key.Period, Severity: string(a.Severity),
				Status: string(a.Status), Amount: a.AmountAtRisk, Deadline: a.Deadline, Resolution: resolutionOf(&a)})
		}
	}
	if err := evidenceOrders(q, st, projectID, enrolmentID, months); err != nil {
		return err
	}
	if !complaints {
		return nil
	}
	cs, err := store.ListComplaints(q, store.ComplaintFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, ProjectID: projectID, EnrolmentID: enrolmentID, Limit: 1000})
	if err != nil {
		return err
	}
	for _, c := range cs {
		st.Complaints = append(st.Complaints, evidence.Complaint{ID: c.ID, Status: string(c.Status), ReceivedOn: c.ReceivedOn, AcceptBy: c.AcceptBy,
			ConcludeBy: c.ConcludeBy, Note: c.Note})
	}
	return nil
}

// alertNames reports whether an alert is about the enrolment: its subject,
// or a record of its evidence.
func alertNames(a ledger.Alert, enrolmentID string) bool {
	if strings.Contains(a.Key.Subject, enrolmentID) {
		return true
	}
	for _, ev := range a.Evidence {
		if strings.Contains(ev.Ref, enrolmentID) {
			return true
		}
	}
	return false
}

// resolutionOf is why a was resolved, as a message; none while it is open.
func resolutionOf(a *ledger.Alert) ledger.Msg {
	if a.Resolution == "" {
		return ledger.Msg{}
	}
	return a.ResolutionText()
}

// evidenceOrders adds the orders to pay with lines of the worker for the
// span's months: the worker's part of each, and the decisions after it.
func evidenceOrders(q store.Querier, st *evidence.Statement, projectID, enrolmentID string, months []ledger.Period) error {
	orders, err := store.ListPayOrders(q, store.PayOrderFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, ProjectID: projectID, Limit: 1000})
	if err != nil {
		return err
	}
	for _, o := range orders {
		eo := evidence.Order{ID: o.ID, Status: o.Status.Label(), IssuedOn: o.IssuedOn, Deadline: o.Deadline}
		for _, l := range o.Lines {
			if l.EnrolmentID == enrolmentID && slices.Contains(months, l.Period) {
				eo.Amount, eo.Unpaid = eo.Amount+l.Amount, eo.Unpaid+l.Unpaid
			}
		}
		if eo.Amount == 0 {
			continue
		}
		ds, err := store.OrderDecisions(q, projectID, o.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			eo.Decisions = append(eo.Decisions, ledger.M("%s on %s: %s (decision %s)", d.Step.Label(), d.DecidedOn, d.Amount, d.DecisionRef))
		}
		st.Orders = append(st.Orders, eo)
	}
	return nil
}

// EvidenceHeadsNotHeld lists the audit chain heads a bundle's manifest
// records that this audit trail does not hold: no record at that place in
// the chain, or one with another hash. A bundle made by this service names
// records its trail keeps; one whose heads were altered and signed again
// (with a stolen key) or made elsewhere names others.
func (s *Service) EvidenceHeadsNotHeld(ctx context.Context, heads []evidence.Head) ([]evidence.Head, error) {
	q := s.DB.Reader(ctx)
	var out []evidence.Head
	for _, h := range heads {
		hash, ok, err := store.AuditHashAt(q, h.Chain, h.Seq, h.Hash)
		if err != nil {
			return nil, err
		}
		if !evidence.HeadHeld(h, hash, ok) {
			out = append(out, h)
		}
	}
	return out, nil
}
