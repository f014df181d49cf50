package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// TopUpRequest tops a drawn guarantee up: cash paid in, or a letter or
// policy amended to a higher amount under the amendment's reference.
type TopUpRequest struct {
	Amount     ledger.Money `json:"amount"`
	Reference  string       `json:"reference"`
	ToppedUpOn ledger.Date  `json:"topped_up_on"`
}

func (r TopUpRequest) input() ledger.TopUpInput {
	return ledger.TopUpInput{Amount: r.Amount, Reference: r.Reference, On: r.ToppedUpOn}
}

// TopUpView is a top-up with the guarantee as it now stands and what this
// request did: topped_up, or already_topped_up for a retry.
type TopUpView struct {
	ID          string        `json:"id"`
	ProjectID   string        `json:"project_id"`
	GuaranteeID string        `json:"guarantee_id"`
	Amount      ledger.Money  `json:"amount"`
	Reference   string        `json:"reference"`
	ToppedUpOn  ledger.Date   `json:"topped_up_on"`
	EntryID     string        `json:"entry_id,omitempty"`
	Guarantee   GuaranteeView `json:"guarantee"`
	Result      string        `json:"result"`
}

func topUpOf(r *service.TopUpResult) TopUpView {
	t := r.TopUp
	v := TopUpView{ID: t.ID, ProjectID: t.ProjectID, GuaranteeID: t.GuaranteeID, Amount: t.Amount, Reference: t.Reference, ToppedUpOn: t.ToppedUpOn,
		Guarantee: guaranteeOf(r.Cover), Result: string(r.Result)}
	if t.EntryID != nil {
		v.EntryID = *t.EntryID
	}
	return v
}
