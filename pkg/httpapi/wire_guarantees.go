package httpapi

import (
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// GuaranteeRequest lodges a guarantee. bank_id names the issuer: the bank
// that holds cash or issued a letter, or the insurer of a policy.
type GuaranteeRequest struct {
	ProjectID  string       `json:"project_id"`
	Form       string       `json:"form"`
	Amount     ledger.Money `json:"amount"`
	BankID     string       `json:"bank_id"`
	Reference  string       `json:"reference"`
	ValidFrom  ledger.Date  `json:"valid_from"`
	ValidUntil *ledger.Date `json:"valid_until"`
}

func (r GuaranteeRequest) input() ledger.GuaranteeInput {
	return ledger.GuaranteeInput{ProjectID: r.ProjectID, Form: ledger.GuaranteeForm(r.Form), Amount: r.Amount, IssuerID: r.BankID,
		Reference: r.Reference, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil}
}

// GuaranteeView is a guarantee with its state today and what it counts
// towards the project's required amount.
type GuaranteeView struct {
	ID         string       `json:"id"`
	ProjectID  string       `json:"project_id"`
	Form       string       `json:"form"`
	Amount     ledger.Money `json:"amount"`
	BankID     string       `json:"bank_id"`
	Reference  string       `json:"reference"`
	ValidFrom  ledger.Date  `json:"valid_from"`
	ValidUntil *ledger.Date `json:"valid_until"`
	State      string       `json:"state"`
	Counts     ledger.Money `json:"counts"`
	Drawn      ledger.Money `json:"drawn"`
	TopUpBy    *ledger.Date `json:"top_up_by"`
	// TopUpNote says why top_up_by may still move: a year it was counted
	// over has no State Council holiday notice loaded (absent otherwise).
	TopUpNote *Text `json:"top_up_note,omitempty"`
	// TopUpStatus is the top-up deadline met, missed or due (absent when
	// never drawn); ToppedUp the sum of its top-ups (absent when none).
	TopUpStatus string          `json:"top_up_status,omitempty"`
	ToppedUp    ledger.Money    `json:"topped_up,omitempty"`
	ReleasedOn  *ledger.Date    `json:"released_on"`
	EntryID     string          `json:"entry_id,omitempty"`
	Warnings    []WarningDetail `json:"warnings"`
	CreatedAt   time.Time       `json:"created_at"`
}

// WarningDetail is a compliance fact kept with a guarantee.
type WarningDetail struct {
	Code    string `json:"code"`
	Message Text   `json:"message"`
}

func guaranteeOf(c ledger.Cover) GuaranteeView {
	g := c.Guarantee
	return GuaranteeView{ID: g.ID, ProjectID: g.ProjectID, Form: string(g.Form), Amount: g.Amount, BankID: g.IssuerID, Reference: g.Reference,
		ValidFrom: g.ValidFrom, ValidUntil: g.ValidUntil, State: string(c.State), Counts: c.Counts, Drawn: g.Drawn, TopUpBy: g.TopUpBy, ReleasedOn: g.ReleasedOn,
		TopUpStatus: string(c.TopUp), ToppedUp: g.ToppedUp, TopUpNote: optionalText(c.TopUpNote.Key, c.TopUpNote),
		EntryID: g.EntryID, CreatedAt: g.CreatedAt.UTC(),
		Warnings: mapEach(g.Warnings, func(w ledger.GuaranteeWarning) WarningDetail {
			return WarningDetail{Code: string(w.Code), Message: textOf(w.Message)}
		})}
}

// GuaranteeLodgedView is a lodged guarantee with what this request did:
// lodged, or already_lodged for a retry.
type GuaranteeLodgedView struct {
	GuaranteeView
	Result string `json:"result"`
}

func guaranteeLodgedOf(l *service.LodgedGuarantee) GuaranteeLodgedView {
	return GuaranteeLodgedView{GuaranteeView: guaranteeOf(l.Cover), Result: string(l.Result)}
}

// ProjectGuaranteeView is a project's required guarantee, what it holds
// against it and why the required amount is what it is.
type ProjectGuaranteeView struct {
	ProjectID   string            `json:"project_id"`
	Required    ledger.Money      `json:"required"`
	Held        ledger.Money      `json:"held"`
	Shortfall   ledger.Money      `json:"shortfall"`
	Exempt      bool              `json:"exempt"`
	SizedOn     ledger.Date       `json:"sized_on"`
	Coverage    []GuaranteeView   `json:"coverage"`
	Explanation []ExplanationStep `json:"explanation"`
}

// ExplanationStep is one step of the sizing: the rule, the policy value
// used and its source, the amount after it, in Chinese and in English.
type ExplanationStep struct {
	Rule   string       `json:"rule"`
	Param  string       `json:"param"`
	Value  Text         `json:"value"`
	Source Text         `json:"source"`
	Rate   string       `json:"rate,omitempty"`
	Amount ledger.Money `json:"amount"`
	Zh     string       `json:"zh"`
	En     string       `json:"en"`
}

func projectGuaranteeOf(c *service.ProjectCoverage) ProjectGuaranteeView {
	return ProjectGuaranteeView{ProjectID: c.ProjectID, Required: c.Required.Amount, Held: c.Held, Shortfall: c.Shortfall,
		Exempt: c.Required.Exempt, SizedOn: c.SizedOn, Coverage: mapEach(c.Covers, guaranteeOf),
		Explanation: mapEach(c.Required.Steps, func(s ledger.SizingStep) ExplanationStep {
			return ExplanationStep{Rule: string(s.Rule), Param: string(s.Param), Value: textOf(s.Value), Source: textOf(s.Source), Rate: s.Rate, Amount: s.Amount, Zh: s.Zh, En: s.En}
		})}
}

// ReleaseRequest returns a guarantee; the body may be empty.
type ReleaseRequest struct {
	Note string `json:"note"`
}

// DrawdownRequest is an inspector's drawdown order.
type DrawdownRequest struct {
	Amount      ledger.Money           `json:"amount"`
	DecisionRef string                 `json:"decision_ref"`
	AlertID     string                 `json:"alert_id"`
	Payees      []DrawdownPayeeRequest `json:"payees"`
}

// DrawdownPayeeRequest is one worker a drawdown pays.
type DrawdownPayeeRequest struct {
	EnrolmentID string       `json:"enrolment_id"`
	Amount      ledger.Money `json:"amount"`
}

func (r DrawdownRequest) input() ledger.DrawdownInput {
	return ledger.DrawdownInput{Amount: r.Amount, DecisionRef: r.DecisionRef, AlertID: r.AlertID,
		Payees: mapEach(r.Payees, func(p DrawdownPayeeRequest) ledger.DrawdownPayee {
			return ledger.DrawdownPayee{EnrolmentID: p.EnrolmentID, Amount: p.Amount}
		})}
}

// DrawdownView is a drawdown with its deadlines and its instructions.
type DrawdownView struct {
	ID           string        `json:"id"`
	ProjectID    string        `json:"project_id"`
	GuaranteeID  string        `json:"guarantee_id"`
	Amount       ledger.Money  `json:"amount"`
	DecisionRef  string        `json:"decision_ref"`
	AlertID      string        `json:"alert_id"`
	DrawnOn      ledger.Date   `json:"drawn_on"`
	PayBy        ledger.Date   `json:"pay_by"`
	TopUpBy      ledger.Date   `json:"top_up_by"`
	DeadlineNote *Text         `json:"deadline_note,omitempty"`
	Instructions []Instruction `json:"instructions"`
	Result       string        `json:"result"`
}

func drawdownOf(r *service.DrawdownResult) DrawdownView {
	d := r.Drawdown
	return DrawdownView{ID: d.ID, ProjectID: d.ProjectID, GuaranteeID: d.GuaranteeID, Amount: d.Amount, DecisionRef: d.DecisionRef, AlertID: d.AlertID,
		DrawnOn: d.DrawnOn, PayBy: d.PayBy, TopUpBy: d.TopUpBy, DeadlineNote: optionalText(d.DeadlineNote, ledger.StoredText(d.DeadlineNote)), Instructions: mapEach(r.Instructions, instructionOf), Result: string(r.Result)}
}
