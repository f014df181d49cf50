package ledger

import (
	"math/rand/v2"
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
		{name: "a deadline given", alert: orderAlert(), owed: books, deadline: "2026-10-28", want: "enr_a@2026-09=300.00 enr_a@2026-10=5500.00 by 2026-10-28"},
		{name: "a deadline not after today", alert: orderAlert(), owed: books, deadline: "2026-09-24", code: EInvalid, field: "deadline"},
		// 20 working days from 24 Sep, across the National Day holidays.
		{name: "the latest deadline", alert: orderAlert(), owed: books, deadline: "2026-10-29", want: "enr_a@2026-09=300.00 enr_a@2026-10=5500.00 by 2026-10-29"},
		{name: "a deadline past the policy's maximum", alert: orderAlert(), owed: books, deadline: "2026-10-30", code: EInvalid, field: "deadline"},
		{name: "nothing owed behind the alert", alert: orderAlert(), owed: owedOf("enr_c", "2026-10", "5000.00"), code: EConflict},
		{name: "not about an employer", alert: enrolmentAlert, owed: books, code: EConflict},
		{name: "not about arrears", alert: compliance, owed: books, code: EConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := PayOrderInput{On: MustDate("2026-09-24"), Actor: "key_i", Note: "限期支付"}
			if tc.deadline != "" {
				in.Deadline = MustDate(tc.deadline)
			}
			o, err := NewPayOrder(tc.alert, tc.owed, in, 10, 20, cal)
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

// The order's state machine: judged by the days the bank settled, not by
// the night the books are read; the deadline day still counts, the order
// lapses the day after it with what was unpaid at its end; a payment
// returned after it was paid reopens it.
func TestReviewPayOrder(t *testing.T) {
	unpaid := owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00")
	lapsed := issuedOrder()
	lapsed.Status, lapsed.LapsedOn, lapsed.UnpaidAtLapse = OrderLapsed, MustDate("2026-11-17"), MustMoney("5800.00")
	complied := issuedOrder()
	complied.Status, complied.Unpaid, complied.ClosedOn = OrderComplied, 0, MustDate("2026-11-10")
	complied.Lines = []PayOrderLine{complied.Lines[0], complied.Lines[1]}
	complied.Lines[0].Unpaid, complied.Lines[1].Unpaid = 0, 0
	settled := lapsed
	settled.Status, settled.Unpaid, settled.ClosedOn, settled.Lines = OrderSettled, 0, MustDate("2026-11-25"), complied.Lines
	for _, tc := range []struct {
		name       string
		order      PayOrder
		atDeadline []OwedWages // what the books owed at the end of 2026-11-16
		owed       []OwedWages // … and on the night asOf
		asOf       string
		want       string // status, unpaid, lapsed on, unpaid at lapse, closed on
		changed    bool
	}{
		{"unpaid before the deadline", issuedOrder(), unpaid, unpaid, "2026-11-10", "issued 5800.00 - 0.00 -", false},
		{"unpaid on the deadline", issuedOrder(), unpaid, unpaid, "2026-11-16", "issued 5800.00 - 0.00 -", false},
		{"partly paid", issuedOrder(), unpaid, owedOf("enr_a", "2026-10", "5500.00"), "2026-11-10", "issued 5500.00 - 0.00 -", true},
		{"paid by the deadline", issuedOrder(), nil, nil, "2026-11-16", "complied 0.00 - 0.00 2026-11-16", true},
		{"paid by the deadline, read nights later", issuedOrder(), nil, nil, "2026-11-25", "complied 0.00 - 0.00 2026-11-25", true},
		{"unpaid after the deadline", issuedOrder(), unpaid, unpaid, "2026-11-17", "lapsed 5800.00 2026-11-17 5800.00 -", true},
		{"partly paid, then lapsed, read later", issuedOrder(), owedOf("enr_b", "2026-10", "300.00"), owedOf("enr_b", "2026-10", "300.00"), "2026-11-20",
			"lapsed 300.00 2026-11-17 300.00 -", true},
		// The bank settled on the day after the deadline; the books are read
		// nights later: the order lapsed and is settled, the compensation on
		// what the deadline left unpaid.
		{"paid the day after the deadline, read later", issuedOrder(), unpaid, nil, "2026-11-20", "settled 0.00 2026-11-17 5800.00 2026-11-20", true},
		{"part paid after the deadline", issuedOrder(), owedOf("enr_a", "2026-10", "5500.00"), owedOf("enr_a", "2026-10", "2000.00"), "2026-11-20",
			"lapsed 2000.00 2026-11-17 5500.00 -", true},
		{"the books owe more than ordered", issuedOrder(), unpaid, owedOf("enr_a", "2026-10", "9000.00"), "2026-11-10", "issued 5500.00 - 0.00 -", true},
		{"lapsed, still unpaid", lapsed, unpaid, unpaid, "2026-12-01", "lapsed 5800.00 2026-11-17 5800.00 -", false},
		{"lapsed, then paid", lapsed, unpaid, nil, "2026-12-01", "settled 0.00 2026-11-17 5800.00 2026-12-01", true},
		{"complied, still paid", complied, nil, nil, "2026-12-01", "complied 0.00 - 0.00 2026-11-10", false},
		// 退票: paid 11-10, returned by the bank.
		{"complied, returned before the deadline", complied, unpaid, unpaid, "2026-11-13", "issued 5800.00 - 0.00 -", true},
		{"complied, returned 11-20 after the deadline", complied, nil, unpaid, "2026-11-21", "lapsed 5800.00 2026-11-17 5800.00 -", true},
		{"settled, returned", settled, unpaid, owedOf("enr_b", "2026-10", "300.00"), "2026-12-01", "lapsed 300.00 2026-11-17 5800.00 -", true},
		{"a night before the order", issuedOrder(), nil, nil, "2026-11-01", "issued 5800.00 - 0.00 -", false},
		{"an earlier night run again after it was complied", complied, unpaid, unpaid, "2026-11-09", "complied 0.00 - 0.00 2026-11-10", false},
		{"an earlier night run again after it lapsed", lapsed, unpaid, nil, "2026-11-15", "lapsed 5800.00 2026-11-17 5800.00 -", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, changed := ReviewPayOrder(tc.order, OrderBooks{AtDeadline: tc.atDeadline, AsOf: tc.owed}, MustDate(tc.asOf))
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

// held are the facts of a project whose general contractor org_gc holds
// two guarantees with cover enough.
var held = StepFacts{Guarantees: []DrawableGuarantee{{"gua_1", MustMoney("50000.00")}, {"gua_2", MustMoney("3000.00")}}, GeneralContractorID: "org_s"}

func lapsedOrder() PayOrder {
	owed := owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00")
	o, _ := ReviewPayOrder(issuedOrder(), OrderBooks{AtDeadline: owed, AsOf: owed}, MustDate("2026-11-17"))
	return o
}

func TestProposeNextSteps(t *testing.T) {
	settled, _ := ReviewPayOrder(lapsedOrder(), OrderBooks{AtDeadline: owedOf("enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00")}, MustDate("2026-12-01"))
	// One worker unpaid three months, each under its own alert and order:
	// this order names one month, and the nightly check's
	// blacklist_candidate, which measures all the employer's overdue
	// arrears, found the threshold reached.
	candidate := held
	candidate.Candidate = "alr_bl"
	// A subcontractor's order that does not bind the general contractor
	// (issued before orders named it): its guarantee stays closed.
	sub := held
	sub.GeneralContractorID = "org_gc"
	subBound := lapsedOrder()
	subBound.GeneralContractorID = "org_gc"
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
		{"lapsed, no guarantee", lapsedOrder(), nil, StepFacts{GeneralContractorID: "org_s"}, "extra_compensation court_enforcement"},
		{"lapsed, guarantees without cover left", lapsedOrder(), nil, StepFacts{GeneralContractorID: "org_s", Guarantees: DrawableGuarantees([]Cover{
			{Guarantee: &WageGuarantee{ID: "gua_0"}, State: GuaranteeDrawn, Counts: 0}})}, "extra_compensation court_enforcement"},
		{"lapsed, the employer a candidate for the threshold", lapsedOrder(), nil, candidate, "guarantee_drawdown extra_compensation court_enforcement criminal_referral"},
		{"a subcontractor's order not binding the general contractor", lapsedOrder(), nil, sub, "extra_compensation court_enforcement"},
		{"a subcontractor's order binding the general contractor to pay first", subBound, nil, sub, "guarantee_drawdown extra_compensation court_enforcement"},
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
	if d.GuaranteeID != "gua_1" || len(d.Payees) != 2 || d.Payees[0] != (DrawdownPayee{"enr_a", MustMoney("5500.00")}) || d.Amount != MustMoney("5800.00") ||
		d.Cover != MustMoney("50000.00") || len(d.Guarantees) != 2 {
		t.Errorf("the drawdown's prefill: %+v", d)
	}
	// A guarantee covering less than is unpaid: the drawdown proposes its
	// cover, shared among the workers.
	short := held
	short.Guarantees = []DrawableGuarantee{{"gua_2", MustMoney("3000.00")}}
	d = ProposeNextSteps(lapsedOrder(), nil, short)[0]
	if !d.Available || d.Amount != MustMoney("3000.00") || d.Payees[0].Amount+d.Payees[1].Amount != d.Amount || d.Payees[1].Amount != MustMoney("155.17") {
		t.Errorf("a short guarantee's drawdown: %+v", d)
	}
	if c.Amount != MustMoney("5800.00") || c.MinAmount != MustMoney("2900.00") || c.MaxAmount != MustMoney("5800.00") {
		t.Errorf("the compensation's range: %+v", c)
	}
}

func TestDecideOrderStep(t *testing.T) {
	facts := held
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
		{"a drawdown on another, covering less: its cover", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", GuaranteeID: "gua_2", Note: "动用保证金"}, "", "", "guarantee_drawdown 0 3000.00 gua_2"},
		{"a drawdown of part", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", Amount: MustMoney("1000.00"), Note: "动用保证金"}, "", "", "guarantee_drawdown 0 1000.00 gua_1"},
		{"a drawdown beyond the cover", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", GuaranteeID: "gua_2", Amount: MustMoney("3000.01"), Note: "动用"}, EInvalid, "amount", ""},
		{"a drawdown beyond the unpaid rest", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", Amount: MustMoney("5800.01"), Note: "动用"}, EInvalid, "amount", ""},
		{"a drawdown of less than nothing", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", Amount: -1, Note: "动用"}, EInvalid, "amount", ""},
		{"an amount on another step", OrderDecisionInput{Step: StepCourtEnforcement, Amount: 100, Note: "强制执行"}, EInvalid, "amount", ""},
		{"a drawdown on one the project does not hold", OrderDecisionInput{Step: StepGuaranteeDrawdown, DecisionRef: "令9号", GuaranteeID: "gua_x", Note: "动用"}, EInvalid, "guarantee_id", ""},
		{"a drawdown without its decision", OrderDecisionInput{Step: StepGuaranteeDrawdown, Note: "动用保证金"}, EInvalid, "decision_ref", ""},
		{"a decision reference too long", OrderDecisionInput{Step: StepCourtEnforcement, DecisionRef: strings.Repeat("x", 101), Note: "强制执行"}, EInvalid, "decision_ref", ""},
		{"no note", OrderDecisionInput{Step: StepCourtEnforcement}, EInvalid, "note", ""},
		{"court", OrderDecisionInput{Step: StepCourtEnforcement, Note: "申请法院强制执行"}, "", "", "court_enforcement 0 5800.00 "},
		{"a referral below the threshold", OrderDecisionInput{Step: StepCriminalReferral, Note: "移送"}, EConflict, "", ""},
		{"no such step", OrderDecisionInput{Step: "fine", Note: "罚款"}, EInvalid, "step", ""},
		{"no step", OrderDecisionInput{Note: "罚款"}, EInvalid, "step", ""},
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
			AmountAtRisk: MustMoney("5500.00"), Headcount: 1, Reason: M("unpaid"), Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}}}
	}
	card := Finding{Rule: RuleSharedBankCard, Subject: Subject{SubjectProject, "prj_1"}, Severity: SeverityMedium, Reason: M("card")}
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
			// The reason goes into the history the employer reads: never a
			// word of the complaint (LSIR Art. 9); the inspector reads it
			// from the evidence.
			if out[0].Reason.String() != tc.f.Reason.String() {
				t.Errorf("reason %q", out[0].Reason)
			}
			a := Alert{Key: out[0].Key(), Severity: out[0].Severity, Reason: out[0].Reason.Encode(), Evidence: out[0].Evidence}
			if m, ok := ComplaintRaise(a); ok != raised || (ok && !strings.Contains(m.String(), "cmp_")) {
				t.Errorf("the raise as the inspector reads it: %v %v", m, ok)
			}
			seen, _ := ForContractor(a, nil)
			if _, ok := ComplaintRaise(seen); ok || len(seen.Evidence) != len(tc.f.Evidence) {
				t.Errorf("the contractor sees the complaint: %v", seen)
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

// An alert written by an earlier build, with the complaint in its reason
// and history, reads to a contractor without it.
func TestForContractorLegacyReason(t *testing.T) {
	a := Alert{Reason: "October unpaid; raised one level: complaint cmp_1 names these arrears", Resolution: "paid",
		Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}, {EvidenceComplaint, "cmp_1"}}}
	h := []AlertEvent{{Note: a.Reason}, {Note: "acknowledged"}}
	seen, hist := ForContractor(a, h)
	if seen.Reason != "October unpaid" || len(seen.Evidence) != 1 || hist[0].Note != "October unpaid" || hist[1].Note != "acknowledged" {
		t.Fatalf("%v %v", seen, hist)
	}
	if h[0].Note != a.Reason || len(a.Evidence) != 2 {
		t.Fatal("the inspector's copy changed")
	}
}

// percentOf rounds half up to the fen.
func TestPercentOf(t *testing.T) {
	for _, tc := range []struct {
		m, want string
		pct     int
	}{
		{"333.33", "250.00", 75}, {"0.01", "0.01", 50}, {"0.03", "0.02", 50}, {"11001.00", "5500.50", 50}, {"5800.00", "5800.00", 100},
	} {
		if got := percentOf(MustMoney(tc.m), tc.pct); got != MustMoney(tc.want) {
			t.Errorf("%d%% of %s = %s, want %s", tc.pct, tc.m, got, tc.want)
		}
	}
	// The same results as the integer arithmetic it replaced, over every
	// percent up to 100 and amounts up to the largest one accepted.
	old := func(m Money, pct int) Money { return (m*Money(pct) + 50) / 100 }
	rng := rand.New(rand.NewPCG(10, 10))
	for pct := 0; pct <= 100; pct++ {
		for range 2000 {
			m := Money(rng.Int64N(int64(MaxMoney) + 1))
			if got, want := percentOf(m, pct), old(m, pct); got != want {
				t.Fatalf("%d%% of %s = %s, the integer arithmetic %s", pct, m, got, want)
			}
		}
		if got, want := percentOf(MaxMoney, pct), old(MaxMoney, pct); got != want {
			t.Errorf("%d%% of the largest amount: %s, want %s", pct, got, want)
		}
	}
}

// An order's drawdown pays the order's months only: a worker's older
// arrears outside it stay for another decision.
func TestDrawdownWithinOrder(t *testing.T) {
	g := &WageGuarantee{ID: "gua_1", ProjectID: "prj_1", Reference: "G-1"}
	f := DrawdownFacts{Cover: Cover{Guarantee: g, State: GuaranteeActive, Counts: MustMoney("50000.00")}, Today: MustDate("2026-11-18"), Calendar: DefaultCalendar(), PayRule: PayRule{Month: PayNextMonth, Day: 15},
		Owed: owedOf("enr_a", "2026-09", "4000.00", "enr_a", "2026-10", "5500.00", "enr_b", "2026-10", "300.00"), PayDays: 5, TopUp: 10}
	o := lapsedOrder()
	in := DrawdownInput{Amount: MustMoney("5800.00"), DecisionRef: "令9号", Payees: o.PayeesFor(MustMoney("5800.00")), Within: o.DrawdownScope()}
	plan, err := DecideDrawdown(g, in, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range plan.Lines {
		if l.Period != MustPeriod("2026-10") {
			t.Errorf("the drawdown pays %s@%s, outside the order", l.EnrolmentID, l.Period)
		}
	}
	in.Within = nil // a drawdown outside any order: oldest first
	if plan, err = DecideDrawdown(g, in, f); err != nil || plan.Lines[0].Period != MustPeriod("2026-09") {
		t.Errorf("without an order: %+v %v", plan.Lines, err)
	}
}

// A contractor reads the severity the rules alone give (LSIR Art. 9): the
// night a complaint raises an alert, and the night the raise goes, show it
// nothing new, and a later change shows the rules' severity; the inspector
// reads the raised one and every entry.
func TestContractorReadsTheRulesSeverity(t *testing.T) {
	f := Finding{Rule: RuleWagesUnpaid, Subject: Subject{SubjectEmployer, "org_s"}, Period: MustPeriod("2026-10"), Severity: SeverityHigh,
		AmountAtRisk: MustMoney("5500.00"), Headcount: 1, Reason: M("unpaid"), Evidence: []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-10"}}}
	cmp := ComplaintFact{ID: "cmp_1", EnrolmentID: "enr_a", Periods: []Period{MustPeriod("2026-10")}, ReceivedOn: MustDate("2026-11-18"),
		ClosedOn: MustDate("2026-11-25")}
	none := Clearance{Cleared: func(*Alert) (Msg, bool) { return Msg{}, false }}
	ids := seqIDs()
	var alerts []Alert
	var history []AlertEvent
	for _, n := range []struct {
		on     string
		amount string
	}{{"2026-11-17", "5500.00"}, {"2026-11-18", "5500.00"}, {"2026-11-20", "6000.00"}, {"2026-11-25", "6000.00"}} {
		g := f
		g.AmountAtRisk = MustMoney(n.amount)
		found := RaiseForComplaints([]Finding{g}, []ComplaintFact{cmp}, MustDate(n.on))
		plan := PlanAlerts("prj_1", alerts, found, MustDate(n.on), none, ids)
		alerts = applyPlan(alerts, plan)
		history = append(history, plan.Events...)
		if n.on == "2026-11-20" {
			if a := alerts[0]; a.Severity != SeverityCritical || a.RuleSeverity != SeverityHigh {
				t.Fatalf("raised: %+v", a)
			}
			if seen, _ := ForContractor(alerts[0], nil); seen.Severity != SeverityHigh || seen.RuleSeverity != "" {
				t.Fatalf("the contractor reads %s", seen.Severity)
			}
		}
	}
	if len(history) != 4 || history[1].Severity != SeverityCritical || history[3].Severity != SeverityHigh {
		t.Fatalf("the inspector's history: %+v", history)
	}
	_, seen := ForContractor(alerts[0], history)
	var got []string
	for _, e := range seen {
		got = append(got, string(e.Kind)+" "+string(e.Severity)+" "+e.Amount.String())
	}
	if strings.Join(got, "; ") != "opened high 5500.00; updated high 6000.00" {
		t.Fatalf("the contractor's history: %s", strings.Join(got, "; "))
	}
}
