package ledger

import (
	"strings"
	"testing"
)

// orderAlert is a wages_unpaid alert about employer org_s for 2026-10 with
// two workers' accounts behind it.
func orderAlert() Alert {
	return Alert{ID: "alr_1", ProjectID: "prj_1", Status: AlertOpen, Severity: SeverityHigh,
		Key: AlertKey{Rule: RuleWagesUnpaid, Subject: "employer:org_s", Period: "2026-10"},
		Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}, {EvidenceAccount, "wages_payable/enr_b@2026-10"},
			{EvidencePayrollLine, "pay_1#1"}, {EvidenceAccount, "wages_payable/enr_a@2026-09"}}}
}

func owedOf(rows ...any) []OwedWages {
	var out []OwedWages
	for i := 0; i+2 < len(rows); i += 3 {
		out = append(out, OwedWages{EnrolmentID: rows[i].(string), Name: "工人" + rows[i].(string), Period: MustPeriod(rows[i+1].(string)), Amount: MustMoney(rows[i+2].(string))})
	}
	return out
}

func errFields(err error) string {
	var fs []string
	for _, f := range ErrorFields(err) {
		fs = append(fs, f.Field)
	}
	return strings.Join(fs, ",")
}

func TestNewPayOrder(t *testing.T) {
	cal := DefaultCalendar()
	enrolmentAlert := orderAlert()
	enrolmentAlert.Key.Subject = "enrolment:enr_a"
	compliance := orderAlert()
	compliance.Key.Rule = RuleSharedBankCard
	books := owedOf("enr_a", "2026-10", "5500.00", "enr_c", "2026-10", "5000.00", "enr_a", "2026-09", "300.00")
	for _, tc := range []struct {
		name     string
		alert    Alert
		owed     []OwedWages
		deadline string
		code     string // the error's code, "" when it is issued
		field    string
		want     string // lines "enr@period=amount" and the deadline
	}{
		// 10 working days from Thursday 24 Sep 2026 cross the Mid-Autumn and
		// National Day holidays and the make-up Saturday, 10 Oct.
		{name: "the books behind the alert, default deadline", alert: orderAlert(), owed: books,
			want: "enr_a@2026-09=300.00 enr_a@2026-10=5500.00 by 2026-10-15"},
		{name: "a deadline given", alert: orderAlert(), owed: books, deadline: "2026-10-31", want: "enr_a@2026-09=300.00 enr_a@2026-10=5500.00 by 2026-10-31"},
		{name: "a deadline not after today", alert: orderAlert(), owed: books, deadline: "2026-09-24", code: EInvalid, field: "deadline"},
		{name: "nothing owed behind the alert", alert: orderAlert(), owed: owedOf("enr_c", "2026-10", "5000.00"), code: EConflict},
		{name: "not about an employer", alert: enrolmentAlert, owed: books, code: EConflict},
		{name: "not about arrears", alert: compliance, owed: books, code: EConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := PayOrderInput{On: MustDate("2026-09-24"), Actor: "key_i", Note: "限期支付"}
			if tc.deadline != "" {
				in.Deadline = MustDate(tc.deadline)
			}
			o, err := NewPayOrder(tc.alert, tc.owed, in, 10, cal)
			if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) || (tc.field != "" && errFields(err) != tc.field) {
				t.Fatalf("err %v (fields %s), want %s %s", err, errFields(err), tc.code, tc.field)
			}
			if tc.code != "" {
				return
			}
			var got []string
			for _, l := range o.Lines {
				got = append(got, l.EnrolmentID+"@"+l.Period.String()+"="+l.Amount.String())
			}
			if s := strings.Join(got, " ") + " by " + o.Deadline.String(); s != tc.want {
				t.Errorf("order %s, want %s", s, tc.want)
			}
			if o.Status != OrderIssued || o.EmployerID != "org_s" || o.Amount != MustMoney("5800.00") || o.Unpaid != o.Amount || o.Lines[0].Name != "工人enr_a" {
				t.Errorf("order %+v", o)
			}
		})
	}
}

// issuedOrder is an order of 5,500 to enr_a and 300 to enr_b for 2026-10,
// issued 2026-11-02, due 2026-11-16.
func issuedOrder() PayOrder {
	return PayOrder{ID: "ord_1", ProjectID: "prj_1", EmployerID: "org_s", Status: OrderIssued, IssuedOn: MustDate("2026-11-02"), Deadline: MustDate("2026-11-16"),
		Amount: MustMoney("5800.00"), Unpaid: MustMoney("5800.00"), Lines: []PayOrderLine{
			{EnrolmentID: "enr_a", Period: MustPeriod("2026-10"), Amount: MustMoney("5500.00"), Unpaid: MustMoney("5500.00")},
			{EnrolmentID: "enr_b", Period: MustPeriod("2026-10"), Amount: MustMoney("300.00"), Unpaid: MustMoney("300.00")}}}
}

// The order's state machine: the books pay it down; the deadline day still
// counts; a complied or settled order stays so.
func TestReviewPayOrder(t *testing.T) {
	unpaid := owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00")
	lapsed := issuedOrder()
	lapsed.Status, lapsed.LapsedOn, lapsed.UnpaidAtLapse = OrderLapsed, MustDate("2026-11-17"), MustMoney("5800.00")
	complied := issuedOrder()
	complied.Status, complied.Unpaid, complied.ClosedOn = OrderComplied, 0, MustDate("2026-11-10")
	complied.Lines = []PayOrderLine{complied.Lines[0], complied.Lines[1]}
	complied.Lines[0].Unpaid, complied.Lines[1].Unpaid = 0, 0
	for _, tc := range []struct {
		name    string
		order   PayOrder
		owed    []OwedWages
		asOf    string
		want    string // status, unpaid, lapsed on, unpaid at lapse, closed on
		changed bool
	}{
		{"unpaid before the deadline", issuedOrder(), unpaid, "2026-11-10", "issued 5800.00 - 0.00 -", false},
		{"unpaid on the deadline", issuedOrder(), unpaid, "2026-11-16", "issued 5800.00 - 0.00 -", false},
		{"partly paid", issuedOrder(), owedOf("enr_a", "2026-10", "5500.00"), "2026-11-10", "issued 5500.00 - 0.00 -", true},
		{"paid by the deadline", issuedOrder(), nil, "2026-11-16", "complied 0.00 - 0.00 2026-11-16", true},
		{"unpaid after the deadline", issuedOrder(), unpaid, "2026-11-17", "lapsed 5800.00 2026-11-17 5800.00 -", true},
		{"partly paid, then lapsed", issuedOrder(), owedOf("enr_b", "2026-10", "300.00"), "2026-11-20", "lapsed 300.00 2026-11-20 300.00 -", true},
		{"the books owe more than ordered", issuedOrder(), owedOf("enr_a", "2026-10", "9000.00"), "2026-11-10", "issued 5500.00 - 0.00 -", true},
		{"lapsed, still unpaid", lapsed, unpaid, "2026-12-01", "lapsed 5800.00 2026-11-17 5800.00 -", false},
		{"lapsed, then paid", lapsed, nil, "2026-12-01", "settled 0.00 2026-11-17 5800.00 2026-12-01", true},
		{"complied, then a payment returned", complied, unpaid, "2026-12-01", "complied 0.00 - 0.00 2026-11-10", false},
		{"a night before the order", issuedOrder(), nil, "2026-11-01", "issued 5800.00 - 0.00 -", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, changed := ReviewPayOrder(tc.order, tc.owed, MustDate(tc.asOf))
			dash := func(d Date) string {
				if d.IsZero() {
					return "-"
				}
				return d.String()
			}
			got := strings.Join([]string{string(o.Status), o.Unpaid.String(), dash(o.LapsedOn), o.UnpaidAtLapse.String(), dash(o.ClosedOn)}, " ")
			if got != tc.want || changed != tc.changed {
				t.Errorf("got %s (changed %v), want %s (changed %v)", got, changed, tc.want, tc.changed)
			}
			var sum Money
			for _, l := range o.Lines {
				sum += l.Unpaid
			}
			if sum != o.Unpaid {
				t.Errorf("lines unpaid %s, order unpaid %s", sum, o.Unpaid)
			}
		})
	}
}

func TestLapsedUnpaid(t *testing.T) {
	a, b, c, d := issuedOrder(), issuedOrder(), issuedOrder(), issuedOrder()
	a.ID, a.Status, a.Deadline = "ord_a", OrderLapsed, MustDate("2026-11-20")
	b.ID, b.Status, b.Deadline = "ord_b", OrderLapsed, MustDate("2026-11-10")
	c.ID, c.Status, c.Unpaid = "ord_c", OrderSettled, 0
	d.ID = "ord_d" // issued
	var ids []string
	for _, o := range LapsedUnpaid([]PayOrder{a, b, c, d}) {
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, ",") != "ord_b,ord_a" {
		t.Errorf("lapsed unpaid: %v", ids)
	}
}

// threshold is the national default: one worker 3 months and ¥5,000, or
// 10 workers and ¥30,000.
var threshold = CriminalThreshold{Months: 3, OneWorker: MustMoney("5000.00"), Workers: 10, Total: MustMoney("30000.00")}

func lapsedOrder() PayOrder {
	o, _ := ReviewPayOrder(issuedOrder(), owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00"), MustDate("2026-11-17"))
	return o
}

func TestProposeNextSteps(t *testing.T) {
	held := StepFacts{Guarantees: []string{"gua_1", "gua_2"}, Threshold: threshold}
	settled, _ := ReviewPayOrder(lapsedOrder(), nil, MustDate("2026-12-01"))
	threeMonths := lapsedOrder()
	threeMonths.Lines = nil
	for _, p := range []string{"2026-08", "2026-09", "2026-10"} {
		threeMonths.Lines = append(threeMonths.Lines, PayOrderLine{EnrolmentID: "enr_a", Period: MustPeriod(p), Amount: MustMoney("2000.00"), Unpaid: MustMoney("2000.00")})
	}
	drawn := []OrderDecision{{ID: "odc_1", Step: StepGuaranteeDrawdown, DecidedOn: MustDate("2026-11-18")}}
	for _, tc := range []struct {
		name  string
		order PayOrder
		done  []OrderDecision
		facts StepFacts
		want  string // the available steps
	}{
		{"issued: nothing yet", issuedOrder(), nil, held, ""},
		{"lapsed, below the criminal threshold", lapsedOrder(), nil, held, "guarantee_drawdown extra_compensation court_enforcement"},
		{"lapsed, no guarantee", lapsedOrder(), nil, StepFacts{Threshold: threshold}, "extra_compensation court_enforcement"},
		{"lapsed, one worker owed three months", threeMonths, nil, held, "guarantee_drawdown extra_compensation court_enforcement criminal_referral"},
		{"settled after the lapse: the compensation stays", settled, nil, held, "extra_compensation"},
		{"a drawdown decided already", lapsedOrder(), drawn, held, "extra_compensation court_enforcement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := ProposeNextSteps(tc.order, tc.done, tc.facts)
			if len(steps) != len(OrderSteps) {
				t.Fatalf("%d steps", len(steps))
			}
			var got []string
			for _, s := range steps {
				if s.Available {
					got = append(got, string(s.Step))
				}
				if s.Reason.Key == "" || s.Law == "" {
					t.Errorf("%s without a reason or a law: %+v", s.Step, s)
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("available %v, want %s", got, tc.want)
			}
		})
	}
	steps := ProposeNextSteps(lapsedOrder(), drawn, held)
	if steps[0].Decided == nil || steps[0].Decided.ID != "odc_1" {
		t.Errorf("the decided drawdown: %+v", steps[0])
	}
	steps = ProposeNextSteps(lapsedOrder(), nil, held)
	d, c := steps[0], steps[1]
	if d.GuaranteeID != "gua_1" || len(d.Payees) != 2 || d.Payees[0] != (DrawdownPayee{"enr_a", MustMoney("5500.00")}) || d.Amount != MustMoney("5800.00") {
		t.Errorf("the drawdown's prefill: %+v", d)
	}
	if c.Amount != MustMoney("5800.00") || c.MinAmount != MustMoney("2900.00") || c.MaxAmount != MustMoney("5800.00") {
		t.Errorf("the compensation's range: %+v", c)
	}
}

func TestDecideOrderStep(t *testing.T) {
	facts := StepFacts{Guarantees: []string{"gua_1", "gua_2"}, Threshold: threshold}
	o := lapsedOrder()
	steps := ProposeNextSteps(o, nil, facts)
	on := MustDate("2026-11-18")
	for _, tc := range []struct {
		name  string
		in    OrderDecisionInput
		code  string
		field string
		want  string // step, percent, amount, guarantee
	}{
		{"compensation at 75%", OrderDecisionInput{Step: StepExtraCompensation, Percent: 75, Note: "逾期未付"}, "", "", "extra_compensation 75 4350.00 "},
		{"compensation at 49%", OrderDecisionInput{Step: StepExtraCompensation, Percent: 49, Note: "逾期未付"}, EInvalid, "percent", ""},
		{"compensation over 100%", OrderDecisionInput{Step: StepExtraCompensation, Percent: 101, Note: "逾期未付"}, EInvalid, "percent", ""},
		{"a drawdown on the proposed guarantee", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "京朝人社监令〔2026〕9号", Note: "动用保证金"}, "", "", "guarantee_drawdown 0 5800.00 gua_1"},
		{"a drawdown on another", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", GuaranteeID: "gua_2", Note: "动用保证金"}, "", "", "guarantee_drawdown 0 5800.00 gua_2"},
		{"a drawdown on one the project does not hold", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", GuaranteeID: "gua_x", Note: "动用"}, EInvalid, "guarantee_id", ""},
		{"a drawdown without its decision", OrderDecisionInput{Step: StepGuaranteeDrawdown, Note: "动用保证金"}, EInvalid, "decision_ref", ""},
		{"no note", OrderDecisionInput{Step: StepCourtEnforcement}, EInvalid, "note", ""},
		{"court", OrderDecisionInput{Step: StepCourtEnforcement, Note: "申请法院强制执行"}, "", "", "court_enforcement 0 5800.00 "},
		{"a referral below the threshold", OrderDecisionInput{Step: StepCriminalReferral, Note: "移送"}, EConflict, "", ""},
		{"no such step", OrderDecisionInput{Step: "fine", Note: "罚款"}, EInvalid, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.On, tc.in.Actor = on, "key_i"
			d, err := DecideOrderStep(o, steps, facts, tc.in)
			if ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) || errFields(err) != tc.field {
				t.Fatalf("err %v (fields %s), want %s %s", err, errFields(err), tc.code, tc.field)
			}
			if tc.code != "" {
				return
			}
			got := strings.Join([]string{string(d.Step), itoa(d.Percent), d.Amount.String(), d.GuaranteeID}, " ")
			if got != tc.want || d.OrderID != o.ID || d.DecidedOn != on || d.DecidedBy != "key_i" {
				t.Errorf("decision %s (%+v), want %s", got, d, tc.want)
			}
		})
	}
	// Decided once: a second drawdown is a conflict, as is any step on an
	// order that has not lapsed.
	again := ProposeNextSteps(o, []OrderDecision{{Step: StepGuaranteeDrawdown, DecidedOn: on}}, facts)
	if _, err := DecideOrderStep(o, again, facts, OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令", Note: "再动用"}); ErrorCode(err) != EConflict {
		t.Errorf("a second drawdown: %v", err)
	}
	early := ProposeNextSteps(issuedOrder(), nil, facts)
	if _, err := DecideOrderStep(issuedOrder(), early, facts, OrderDecisionInput{Step: StepCourtEnforcement, Note: "强制执行"}); ErrorCode(err) != EConflict {
		t.Errorf("court before the lapse: %v", err)
	}
}

// A complaint that names arrears the books show raises the finding one
// level while it is being handled; one about another month, another worker,
// a compliance finding or a closed complaint does not.
func TestRaiseForComplaints(t *testing.T) {
	unpaid := func() Finding {
		return Finding{Rule: RuleWagesUnpaid, Subject: Subject{SubjectEmployer, "org_s"}, Period: MustPeriod("2026-10"), Severity: SeverityHigh,
			AmountAtRisk: MustMoney("5500.00"), Headcount: 1, Reason: "unpaid", Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}}}
	}
	card := Finding{Rule: RuleSharedBankCard, Subject: Subject{SubjectProject, "prj_1"}, Severity: SeverityMedium, Reason: "card"}
	cmp := func(enr, period, received, closed string) ComplaintFact {
		c := ComplaintFact{ID: "cmp_" + enr + period, EnrolmentID: enr, Periods: []Period{MustPeriod(period)}, ReceivedOn: MustDate(received)}
		if closed != "" {
			c.ClosedOn = MustDate(closed)
		}
		return c
	}
	asOf := MustDate("2026-11-20")
	for _, tc := range []struct {
		name       string
		f          Finding
		complaints []ComplaintFact
		want       Severity
	}{
		{"the worker's own complaint", unpaid(), []ComplaintFact{cmp("enr_a", "2026-10", "2026-11-18", "")}, SeverityCritical},
		{"an inspector's, naming no worker", unpaid(), []ComplaintFact{cmp("", "2026-10", "2026-11-18", "")}, SeverityCritical},
		{"two complaints raise once", unpaid(), []ComplaintFact{cmp("enr_a", "2026-10", "2026-11-18", ""), cmp("", "2026-10", "2026-11-19", "")}, SeverityCritical},
		{"another month", unpaid(), []ComplaintFact{cmp("enr_a", "2026-09", "2026-11-18", "")}, SeverityHigh},
		{"another worker", unpaid(), []ComplaintFact{cmp("enr_z", "2026-10", "2026-11-18", "")}, SeverityHigh},
		{"received after the night", unpaid(), []ComplaintFact{cmp("enr_a", "2026-10", "2026-11-21", "")}, SeverityHigh},
		{"concluded by the night", unpaid(), []ComplaintFact{cmp("enr_a", "2026-10", "2026-11-10", "2026-11-20")}, SeverityHigh},
		{"concluded after the night", unpaid(), []ComplaintFact{cmp("enr_a", "2026-10", "2026-11-10", "2026-11-21")}, SeverityCritical},
		{"not arrears", card, []ComplaintFact{cmp("", "2026-10", "2026-11-18", "")}, SeverityMedium},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := RaiseForComplaints([]Finding{tc.f}, tc.complaints, asOf)
			if out[0].Severity != tc.want {
				t.Errorf("severity %s, want %s", out[0].Severity, tc.want)
			}
			raised := tc.want != tc.f.Severity
			if has := strings.Contains(out[0].Reason, "complaint"); has != raised {
				t.Errorf("reason %q", out[0].Reason)
			}
			n := 0
			for _, e := range out[0].Evidence {
				if e.Kind == EvidenceComplaint {
					n++
				}
			}
			if raised != (n > 0) {
				t.Errorf("complaint evidence %d", n)
			}
		})
	}
}
