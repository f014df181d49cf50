package ledger_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// A refusal that names a state or a step names it in words of the reader's
// language: never the wire value (rectification_ordered, partly_paid).
func TestRefusalsNameStatesInWords(t *testing.T) {
	on := ledger.MustDate("2026-04-20")
	cal := ledger.DefaultCalendar()
	_, _, alertErr := ledger.DecideAlertAction(ledger.Alert{ID: "alr_1", Status: ledger.AlertRectificationOrdered}, ledger.AlertActionInput{Action: ledger.ActionAcknowledge, On: on, Actor: "key_x"})
	_, complaintErr := ledger.DecideComplaintAction(ledger.Complaint{ID: "cmp_1", Status: ledger.ComplaintConcluded}, ledger.ComplaintActionInput{Action: ledger.ComplaintAccept, On: on}, cal)
	payrollErr := ledger.CheckDecision(&ledger.Payroll{ID: "pay_1", Status: ledger.PayrollRejected}, ledger.PayrollApproved)
	cases := []struct {
		name   string
		err    error
		zh, en string
	}{
		{"alert", alertErr, "状态为“责令整改中”的预警不能执行“签收”", "an alert that is under a rectification order cannot be given an acknowledgement"},
		{"complaint", complaintErr, "状态为“已办结”的投诉不能执行“受理”", "a complaint that is concluded cannot be given an acceptance"},
		{"payroll", payrollErr, "工资表 pay_1 的状态为“已退回”：只有已提交的工资表才能改为“已审核通过”", "payroll pay_1 is rejected: only a submitted payroll can be approved"},
	}
	wire := regexp.MustCompile(`[a-z]+_[a-z]+|\b(acknowledge|concluded|accept|rejected|approved)\b`)
	for _, c := range cases {
		if ledger.ErrorCode(c.err) != ledger.EConflict {
			t.Fatalf("%s: %v", c.name, c.err)
		}
		zh, en := i18n.Of(i18n.ZH, ledger.ErrorMsg(c.err)), i18n.Of(i18n.EN, ledger.ErrorMsg(c.err))
		if zh != c.zh || wire.MatchString(strings.ReplaceAll(zh, "pay_1", "")) {
			t.Errorf("%s in Chinese: %q, want %q", c.name, zh, c.zh)
		}
		if en != c.en {
			t.Errorf("%s in English: %q, want %q", c.name, en, c.en)
		}
	}
	// Every state and step has its words in both languages.
	var labels []ledger.Msg
	for _, s := range []ledger.AlertStatus{ledger.AlertOpen, ledger.AlertAcknowledged, ledger.AlertRectificationOrdered, ledger.AlertEscalated, ledger.AlertResolved} {
		labels = append(labels, s.Label())
	}
	for _, a := range []ledger.AlertAction{ledger.ActionAcknowledge, ledger.ActionOrderRectification, ledger.ActionResolve, ledger.ActionEscalate, ledger.ActionReopen} {
		labels = append(labels, a.Label())
	}
	for _, s := range []ledger.ComplaintStatus{ledger.ComplaintReceived, ledger.ComplaintAccepted, ledger.ComplaintRefused, ledger.ComplaintConcluded} {
		labels = append(labels, s.Label())
	}
	for _, a := range []ledger.ComplaintAction{ledger.ComplaintAccept, ledger.ComplaintRefuse, ledger.ComplaintExtend, ledger.ComplaintConclude} {
		labels = append(labels, a.Label())
	}
	for _, s := range ledger.InstructionStatuses {
		labels = append(labels, s.Label())
	}
	for _, s := range []ledger.GuaranteeState{ledger.GuaranteeNotYetValid, ledger.GuaranteeActive, ledger.GuaranteeExpiring, ledger.GuaranteeExpired, ledger.GuaranteeDrawn, ledger.GuaranteeReleased} {
		labels = append(labels, s.Label())
	}
	for _, s := range []ledger.PayrollStatus{ledger.PayrollSubmitted, ledger.PayrollApproved, ledger.PayrollRejected, ledger.PayrollSuperseded} {
		labels = append(labels, s.Label())
	}
	for _, s := range []ledger.ConfirmationStatus{ledger.ConfirmPaid, ledger.ConfirmFailed, ledger.ConfirmReturned, ledger.ConfirmPending} {
		labels = append(labels, s.Label())
	}
	for _, r := range append(ledger.Roles, ledger.RolePayslip) {
		labels = append(labels, r.Label())
	}
	for _, k := range ledger.OrgKinds {
		labels = append(labels, k.Label())
	}
	for _, k := range []ledger.PayrollKind{ledger.PayrollRegular, ledger.PayrollSupplementary, ledger.PayrollAdvance} {
		labels = append(labels, k.Label())
	}
	for _, f := range ledger.GuaranteeForms {
		labels = append(labels, f.Label())
	}
	for _, s := range []ledger.TokenState{ledger.TokenLive, ledger.TokenExpired, ledger.TokenRevoked} {
		labels = append(labels, s.Label())
	}
	for _, l := range labels {
		if l.Key == "%s" || !i18n.Has(l.Key) || !regexp.MustCompile(`\p{Han}`).MatchString(i18n.Of(i18n.ZH, l)) {
			t.Errorf("%q has no words in Chinese", l)
		}
		// The English of logs and Error (String) is the catalogue's.
		if en := i18n.Of(i18n.EN, l); l.String() != en {
			t.Errorf("%q reads %q in English, and %q in logs", l.Key, en, l.String())
		}
	}
}
