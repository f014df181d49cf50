package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// PayslipLink is one payslip link as the contractor who hands it out sees
// it; URL and QR are given while the link is live.
type PayslipLink struct {
	ID          string        `json:"id"`
	EnrolmentID string        `json:"enrolment_id"`
	WorkerName  string        `json:"worker_name"`
	Period      ledger.Period `json:"period"`
	State       string        `json:"state"`
	ExpiresOn   ledger.Date   `json:"expires_on"`
	IssuedAt    time.Time     `json:"issued_at"`
	RevokedAt   *time.Time    `json:"revoked_at,omitempty"`
	URL         string        `json:"url,omitempty"`
	QRURL       string        `json:"qr_url,omitempty"`
	// Direct: an inspector re-issued the link straight to the worker; its
	// contractor is given neither its URL nor a QR code.
	Direct bool `json:"direct,omitempty"`
	// Misused: the inspectors revoked this direct link as misused; a
	// confirmation given through it no longer counts as the worker's.
	Misused bool `json:"misused,omitempty"`
	// Answers are the payroll's lines answered through this link, shown to
	// inspectors and administrators only: which grant answered.
	Answers []PayslipLinkAnswer `json:"answers,omitempty"`
}

// PayslipLinkAnswer is one line's current answer given through a link.
type PayslipLinkAnswer struct {
	LineNo     int       `json:"line_no"`
	Answer     string    `json:"answer"`
	AnsweredAt time.Time `json:"answered_at"`
}

func payslipLinkAnswersOf(as []store.LineAnswerOf) []PayslipLinkAnswer {
	if len(as) == 0 {
		return nil
	}
	out := make([]PayslipLinkAnswer, len(as))
	for i, a := range as {
		out[i] = PayslipLinkAnswer{LineNo: a.LineNo, Answer: a.State, AnsweredAt: a.AnsweredAt.Time}
	}
	return out
}

// PayslipLinks is a payroll's payslip links.
type PayslipLinks struct {
	Items []PayslipLink `json:"items"`
}

// RevokeDirectRequest is the inspectors' revocation of a link they gave a
// worker straight: why (kept in the audit trail), and whether someone other
// than the worker held it (misused).
type RevokeDirectRequest struct {
	Note    string `json:"note"`
	Misused bool   `json:"misused"`
}

// LineAnswerRequest names one line of the payslip and, for a dispute, why.
type LineAnswerRequest struct {
	PayrollID string `json:"payroll_id"`
	LineNo    int    `json:"line_no"`
	Reason    string `json:"reason"`
}

// LineAnswer is the worker's answer to a line as recorded.
type LineAnswer struct {
	PayrollID string `json:"payroll_id"`
	LineNo    int    `json:"line_no"`
	State     string `json:"state"`
	Reason    string `json:"reason,omitempty"`
	Changed   bool   `json:"changed"`
}

// PayslipWorker is the worker a payslip is for, identity masked.
type PayslipWorker struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// PayslipLine is one of the worker's lines with its payment and their answer.
type PayslipLine struct {
	PayrollID     string `json:"payroll_id"`
	LineNo        int    `json:"line_no"`
	PayrollStatus string `json:"payroll_status"`
	DaysWorked    string `json:"days_worked"`
	PayItems
	GrossPay      ledger.Money `json:"gross_pay"`
	Deductions    ledger.Money `json:"deductions"`
	NetPay        ledger.Money `json:"net_pay"`
	PaymentStatus string       `json:"payment_status"`
	Paid          ledger.Money `json:"paid"`
	Answer        string       `json:"answer"`
	AnswerReason  string       `json:"answer_reason,omitempty"`
	AnsweredAt    *time.Time   `json:"answered_at,omitempty"`
}

// PayslipPayment is one bank fact about the worker's pay of the month.
type PayslipPayment struct {
	Status        string       `json:"status"`
	Amount        ledger.Money `json:"amount"`
	SettledOn     ledger.Date  `json:"settled_on"`
	BankRef       string       `json:"bank_ref"`
	Reason        string       `json:"reason,omitempty"`
	FromGuarantee bool         `json:"from_guarantee"`
}

// WorkerComplaint is one of the worker's complaints as they see it.
type WorkerComplaint struct {
	ID         string       `json:"id"`
	Status     string       `json:"status"`
	ReceivedOn ledger.Date  `json:"received_on"`
	AcceptBy   ledger.Date  `json:"accept_by"`
	ConcludeBy *ledger.Date `json:"conclude_by,omitempty"`
	Overdue    bool         `json:"overdue"`
	Note       string       `json:"note,omitempty"`
}

// Payslip is the worker's own page: their lines of one month, what the bank
// paid, what is still owed, and, on a link the inspectors gave the worker
// themselves, where their complaints stand (status and deadlines, as a
// receipt code shows them). The contractor's link never shows a complaint,
// not even an empty list: the contractor holds it too (LSIR Art. 9).
type Payslip struct {
	Period       ledger.Period      `json:"period"`
	ExpiresOn    ledger.Date        `json:"expires_on"`
	Worker       PayslipWorker      `json:"worker"`
	ProjectName  string             `json:"project_name"`
	EmployerName string             `json:"employer_name"`
	DueOn        ledger.Date        `json:"due_on"`
	Owed         ledger.Money       `json:"owed"`
	Paid         ledger.Money       `json:"paid"`
	Unpaid       ledger.Money       `json:"unpaid"`
	Lines        []PayslipLine      `json:"lines"`
	Payments     []PayslipPayment   `json:"payments"`
	Complaints   []ComplaintReceipt `json:"complaints,omitempty"`
}

func payslipOfService(p *service.Payslip) Payslip {
	return Payslip{Period: p.Token.Period, ExpiresOn: p.Token.ExpiresOn, Worker: PayslipWorker{Name: p.Enrolment.Name, IDNumber: p.Enrolment.IDNumber},
		ProjectName: p.ProjectName, EmployerName: p.EmployerName, DueOn: p.Due.Date, Owed: p.Account.Owed, Paid: p.Account.Paid, Unpaid: p.Account.Unpaid,
		Lines: mapEach(p.Lines, payslipLineOf),
		Payments: mapEach(p.Payments, func(l store.StatementLine) PayslipPayment {
			return PayslipPayment{Status: string(l.Status), Amount: l.Amount, SettledOn: l.SettledOn, BankRef: l.BankRef, Reason: l.Reason, FromGuarantee: l.PaidFrom != ""}
		}),
		Complaints: mapEach(p.Complaints, func(r ledger.ComplaintReceipt) ComplaintReceipt { return receiptOf(&r) })}
}

func payslipLineOf(l store.PayslipLine) PayslipLine {
	out := PayslipLine{PayrollID: l.PayrollID, LineNo: l.LineNo, PayrollStatus: string(l.PayrollStatus), DaysWorked: l.DaysWorked,
		PayItems: PayItems{WorkHours: l.WorkHours, BasePay: l.BasePay, OvertimePay: l.OvertimePay, SpecialAllowances: l.SpecialAllowances, OtherAllowances: l.OtherAllowances,
			SocialInsurance: l.SocialInsurance, HousingFund: l.HousingFund, IncomeTax: l.IncomeTax, OtherDeductions: l.OtherDeductions},
		GrossPay: l.Gross, Deductions: l.Deductions, NetPay: l.Net, PaymentStatus: string(l.PaymentStatus), Paid: l.Paid,
		Answer: string(ledger.LineConfirmationOf(ledger.ConfirmState(l.Answer), l.Confirmed)), AnswerReason: l.AnswerReason}
	if t := l.AnsweredTime(); !t.IsZero() {
		out.AnsweredAt = &t
	}
	return out
}

func dateOrNil(d ledger.Date) *ledger.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

// WorkerConfirmations are a payroll's lines by their workers' answers, and
// what they mean for its approval.
type WorkerConfirmations struct {
	Lines     int `json:"lines"`
	Confirmed int `json:"confirmed"`
	Disputed  int `json:"disputed"`
	Silent    int `json:"silent"`
	// EmployerCopy, for inspectors and administrators only, are the silent
	// lines confirmed through the printed link alone after their worker was
	// given a link of their own (the employer may hold the paper payslip).
	EmployerCopy *int     `json:"employer_copy,omitempty"`
	Warnings     []string `json:"warnings"`
}

func workerConfirmationsOf(p *ledger.Payroll) *WorkerConfirmations {
	if p.Confirmations == nil {
		return nil
	}
	c := p.Confirmations
	w := p.ConfirmationWarnings
	if w == nil {
		w = []string{}
	}
	out := &WorkerConfirmations{Lines: c.Lines, Confirmed: c.Confirmed, Disputed: c.Disputed, Silent: c.Silent, Warnings: w}
	if c.ShowsEmployerCopy {
		n := c.EmployerCopy
		out.EmployerCopy = &n
	}
	return out
}
