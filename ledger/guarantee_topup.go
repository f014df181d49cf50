package ledger

import (
	"strings"
)

// Top-up (DOMAIN.md "The monthly cycle" step 10; 65号 第十四条): after a
// drawdown the general contractor restores the guarantee within the
// policy's working days (the top-up deadline its drawdown keeps). Cash is
// paid in (guarantee_funding → guarantee/<id>); a letter or policy is
// amended to a higher amount by its issuer, under the amendment's own
// reference. A top-up restores what drawdowns took and no more: a
// guarantee topped up to its amount is active again; holding more is a new
// guarantee.

// TopUpInput is a top-up as the issuer reports it.
type TopUpInput struct {
	Amount    Money
	Reference string // the issuer's reference for the payment or the amendment
	On        Date   // when the cash was paid in or the amendment took effect; today when zero
}

// Normalize trims the reference.
func (in *TopUpInput) Normalize() { in.Reference = strings.TrimSpace(in.Reference) }

// Fingerprint is what a retry under the same reference must repeat.
func (in TopUpInput) Fingerprint() string {
	return SHA256Hex([]byte(strings.Join([]string{in.Amount.String(), in.Reference, in.On.String()}, "\x1f")))
}

// TopUpPlan is what a top-up does.
type TopUpPlan struct {
	On          Date
	MovesCash   bool  // cash: guarantee_funding → guarantee/<id>
	Restored    bool  // the guarantee is back to its amount
	DeadlineMet *bool // against the latest drawdown's deadline, when it has one
	Note        Msg   // what it did, for the audit trail
}

// DecideTopUp checks a top-up of guarantee g, as it stands today (cover):
// it must be drawn, and the amount at most what drawdowns took and no
// top-up has restored yet. Every bad field is named; a guarantee that
// cannot be topped up is a conflict.
func DecideTopUp(g *WageGuarantee, cover Cover, in TopUpInput, today Date) (TopUpPlan, error) {
	switch cover.State {
	case GuaranteeReleased, GuaranteeExpired:
		return TopUpPlan{}, Errorf(EConflict, "guarantee %s is %s: it cannot be topped up", g.Reference, cover.State.Label())
	}
	short := g.Amount - cover.Counts
	if short <= 0 {
		return TopUpPlan{}, Errorf(EConflict, "guarantee %s covers its full ¥%s: a top-up restores what a drawdown took; to hold more, lodge another guarantee", g.Reference, g.Amount)
	}
	var v Validation
	if in.Amount <= 0 {
		v.Add("amount", "not_positive", "a top-up's amount must be more than zero")
	} else if in.Amount > short {
		v.Add("amount", "exceeds_shortfall", "¥%s is more than the ¥%s the guarantee is short of its ¥%s", in.Amount, short, g.Amount)
	}
	if in.Reference == "" {
		v.Add("reference", "required", "reference (the issuer's number for the payment or the amendment) is required: it makes a retry safe")
	} else if len(in.Reference) > 100 {
		v.Add("reference", "too_long", "reference is at most 100 characters")
	}
	on := in.On
	if on.IsZero() {
		on = today
	}
	if on.After(today) {
		v.Add("topped_up_on", "future", "%s is in the future: a top-up is reported once made", on)
	} else if on.Before(g.ValidFrom) {
		v.Add("topped_up_on", "before_guarantee", "%s is before the guarantee was lodged (%s)", on, g.ValidFrom)
	}
	if err := v.Err("top-up is not valid"); err != nil {
		return TopUpPlan{}, err
	}
	p := TopUpPlan{On: on, MovesCash: g.Form == FormCash, Restored: in.Amount == short}
	p.Note = M("%s %s topped up ¥%s (%s)", g.Form.Label(), g.Reference, in.Amount, in.Reference)
	if p.Restored && g.TopUpBy != nil {
		met := !on.After(*g.TopUpBy)
		p.DeadlineMet = &met
		deadline := M("deadline %s missed", g.TopUpBy)
		if met {
			deadline = M("deadline %s met", g.TopUpBy)
		}
		p.Note = M("%s, back to ¥%s, %s", p.Note, g.Amount, deadline)
	}
	return p, nil
}

// TopUpStatus says where a drawn guarantee stands against its top-up deadline.
type TopUpStatus string

const (
	TopUpNone   TopUpStatus = ""       // never drawn: no deadline
	TopUpDue    TopUpStatus = "due"    // short, and the deadline has not passed
	TopUpMet    TopUpStatus = "met"    // back to its amount by the deadline
	TopUpMissed TopUpStatus = "missed" // still short after the deadline, or restored after it
)

// TopUpStatusOf judges the latest drawdown's top-up deadline on a date: a
// guarantee back to its amount met it if its latest top-up came by the
// deadline (or it needed none: a drawdown instruction failed), missed it
// otherwise; one still short is due until the deadline passes, then missed.
func TopUpStatusOf(g *WageGuarantee, counts Money, on Date) TopUpStatus {
	switch {
	case g.TopUpBy == nil:
		return TopUpNone
	case counts >= g.Amount && (g.LastTopUpOn == nil || !g.LastTopUpOn.After(*g.TopUpBy)):
		return TopUpMet
	case counts >= g.Amount, on.After(*g.TopUpBy):
		return TopUpMissed
	}
	return TopUpDue
}

// CheckReplay decides a top-up whose reference is already on record on the
// guarantee of reference guaranteeRef with content of prevContentHash: the
// same content is a retry, already applied (nil); other content a conflict.
func (in TopUpInput) CheckReplay(prevContentHash, guaranteeRef string) error {
	if prevContentHash != in.Fingerprint() {
		return Errorf(EConflict, "top-up reference %q of guarantee %s was already reported with different content", in.Reference, guaranteeRef)
	}
	return nil
}
