package ledger

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/i18n"
)

// A refusal that names a state or a step names it in words of the reader's
// language: never the wire value (rectification_ordered, partly_paid).
func TestRefusalsNameStatesInWords(t *testing.T) {
	on := MustDate("2026-04-20")
	cal := DefaultCalendar()
	_, _, alertErr := DecideAlertAction(Alert{ID: "alr_1", Status: AlertRectificationOrdered}, AlertActionInput{Action: ActionAcknowledge, On: on, Actor: "key_x"})
	_, complaintErr := DecideComplaintAction(Complaint{ID: "cmp_1", Status: ComplaintConcluded}, ComplaintActionInput{Action: ComplaintAccept, On: on}, cal)
	payrollErr := CheckDecision(&Payroll{ID: "pay_1", Status: PayrollRejected}, PayrollApproved)
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
		if ErrorCode(c.err) != EConflict {
			t.Fatalf("%s: %v", c.name, c.err)
		}
		zh, en := i18n.Of(i18n.ZH, ErrorMsg(c.err)), i18n.Of(i18n.EN, ErrorMsg(c.err))
		if zh != c.zh || wire.MatchString(strings.ReplaceAll(zh, "pay_1", "")) {
			t.Errorf("%s in Chinese: %q, want %q", c.name, zh, c.zh)
		}
		if en != c.en {
			t.Errorf("%s in English: %q, want %q", c.name, en, c.en)
		}
	}
	// Every state and step has its words in both languages.
	var labels []Msg
	for _, s := range []AlertStatus{AlertOpen, AlertAcknowledged, AlertRectificationOrdered, AlertEscalated, AlertResolved} {
		labels = append(labels, s.Label())
	}
	for _, a := range []AlertAction{ActionAcknowledge, ActionOrderRectification, ActionResolve, ActionEscalate, ActionReopen} {
		labels = append(labels, a.Label())
	}
	for _, s := range []ComplaintStatus{ComplaintReceived, ComplaintAccepted, ComplaintRefused, ComplaintConcluded} {
		labels = append(labels, s.Label())
	}
	for _, a := range []ComplaintAction{ComplaintAccept, ComplaintRefuse, ComplaintExtend, ComplaintConclude} {
		labels = append(labels, a.Label())
	}
	for _, s := range InstructionStatuses {
		labels = append(labels, s.Label())
	}
	for _, s := range []GuaranteeState{GuaranteeNotYetValid, GuaranteeActive, GuaranteeExpiring, GuaranteeExpired, GuaranteeDrawn, GuaranteeReleased} {
		labels = append(labels, s.Label())
	}
	for _, s := range []PayrollStatus{PayrollSubmitted, PayrollApproved, PayrollRejected, PayrollSuperseded} {
		labels = append(labels, s.Label())
	}
	for _, s := range []ConfirmationStatus{ConfirmPaid, ConfirmFailed, ConfirmReturned, ConfirmPending} {
		labels = append(labels, s.Label())
	}
	for _, r := range append(Roles, RolePayslip) {
		labels = append(labels, r.Label())
	}
	for _, k := range OrgKinds {
		labels = append(labels, k.Label())
	}
	for _, k := range []PayrollKind{PayrollRegular, PayrollSupplementary, PayrollAdvance} {
		labels = append(labels, k.Label())
	}
	for _, f := range GuaranteeForms {
		labels = append(labels, f.Label())
	}
	for _, s := range []TokenState{TokenLive, TokenExpired, TokenRevoked} {
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

// A message's English (String, for logs and Error.Message) chooses its
// counted words as the catalogue does.
func TestMsgStringChoosesPluralsAsTheCatalogue(t *testing.T) {
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"%d {worker|workers} {is|are} owed %s", []any{1, "¥1"}},
		{"%d {worker|workers} {is|are} owed %s", []any{3, "¥1"}},
		{"%d {day|days} worked by %d {worker|workers}", []any{2, 1}},
		{"%[2]d {row|rows} of %[1]s", []any{"x", int64(1)}},
		{"{is|are} %d {row|rows}", []any{1}},
		{"%s {x|y}", []any{"1"}},
	} {
		got, want := M(c.format, c.args...).String(), i18n.Render(i18n.EN, c.format, c.args...)
		if got != want || strings.Contains(got, "|") {
			t.Errorf("M(%q, %v).String() = %q, the catalogue renders %q", c.format, c.args, got, want)
		}
	}
}
