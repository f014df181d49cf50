package i18n_test

import (
	"regexp"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// Every status and step of orders to pay and blacklist listings reads in
// Chinese, so a message that names one (a refusal, the evidence bundle) has
// no English word in it.
func TestOrderAndListingWordsInChinese(t *testing.T) {
	latin := regexp.MustCompile(`[A-Za-z]`)
	var labels []ledger.Msg
	for _, s := range []ledger.PayOrderStatus{ledger.OrderIssued, ledger.OrderComplied, ledger.OrderLapsed, ledger.OrderSettled} {
		labels = append(labels, s.Label())
	}
	for _, s := range []ledger.OrderStep{ledger.StepGuaranteeDrawdown, ledger.StepExtraCompensation, ledger.StepCourtEnforcement, ledger.StepCriminalReferral} {
		labels = append(labels, s.Label())
	}
	for _, s := range []ledger.ListingStatus{ledger.ListingProposed, ledger.ListingNotified, ledger.ListingReplied, ledger.ListingListed,
		ledger.ListingDeclined, ledger.ListingRemoved} {
		labels = append(labels, s.Label())
	}
	for _, a := range []ledger.ListingAction{ledger.ListingNotify, ledger.ListingReply, ledger.ListingList, ledger.ListingDecline, ledger.ListingRemove} {
		labels = append(labels, a.Label())
	}
	for _, g := range []ledger.ListingGround{ledger.GroundThreshold, ledger.GroundMassIncident, ledger.GroundExtremeIncident} {
		labels = append(labels, g.Label())
	}
	for _, r := range []ledger.PersonRole{ledger.RoleLegalRepresentative, ledger.RolePrincipal, ledger.RoleDirectlyResponsible} {
		labels = append(labels, r.Label())
	}
	for _, m := range labels {
		if zh := i18n.Of(i18n.ZH, m); latin.MatchString(zh) || zh == m.Key {
			t.Errorf("%q reads %q in Chinese", m.Key, zh)
		}
	}
	if got := ledger.OrderStep("wire_value").Label().String(); got != "wire_value" {
		t.Errorf("an unknown step reads %q", got)
	}
	refusal := ledger.M("a proposal that is %s cannot be given %s", ledger.ListingNotified.Label(), ledger.ListingList.Label())
	if got, want := i18n.Of(i18n.ZH, refusal), "列入程序当前为“已书面告知”，不能进行列入决定"; got != want {
		t.Errorf("refusal %q, want %q", got, want)
	}
	if got, want := i18n.Of(i18n.EN, refusal), "a proposal that is notified of the proposed listing cannot be given a decision to list"; got != want {
		t.Errorf("refusal %q, want %q", got, want)
	}
}

// An alert's acknowledgement and a complaint's acceptance are different
// acts and read differently; a released guarantee letter is discharged
// (解除), not handed back, and a lapsed one has lost effect (失效).
func TestStatesThatMustNotShareWords(t *testing.T) {
	if ack, acc := i18n.Of(i18n.ZH, ledger.AlertAcknowledged.Label()), i18n.Of(i18n.ZH, ledger.ComplaintAccepted.Label()); ack == acc {
		t.Errorf("an alert acknowledged and a complaint accepted both read %q", ack)
	}
	for _, c := range []struct {
		m    ledger.Msg
		want string
	}{{ledger.AlertAcknowledged.Label(), "已签收"}, {ledger.GuaranteeReleased.Label(), "已解除"}, {ledger.GuaranteeExpired.Label(), "已失效"}} {
		if got := i18n.Of(i18n.ZH, c.m); got != c.want {
			t.Errorf("%q reads %q, want %q", c.m.Key, got, c.want)
		}
	}
}
