package ledger

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// checkFixture is a quiet project: two workers of one subcontractor, March
// 2026 attended, on an approved payroll and paid before the pay day
// (15 April), allocations every month, a cash guarantee as required. As of
// 20 April 2026 no rule fires; each case below changes one fact.
func checkFixture() *CheckFacts {
	d := mustDate
	march := MustPeriod("2026-03")
	return &CheckFacts{
		AsOf: d("2026-04-20"),
		Project: CheckProject{ID: "prj_1", RegionCode: "110105", StartedOn: d("2026-01-05"),
			PayRule: PayRule{Month: PayNextMonth, Day: 15}, LabourCostCycle: Monthly},
		Enrolments: []EnrolmentFact{
			{ID: "enr_a", WorkerID: "wkr_a", EmployerID: "org_sub", EnteredOn: d("2026-01-05"), CardIndex: "card_a", TradeCode: TradeWelder},
			{ID: "enr_b", WorkerID: "wkr_b", EmployerID: "org_sub", EnteredOn: d("2026-01-05"), CardIndex: "card_b", TradeCode: "020"},
		},
		Attendance: []AttendanceFact{
			{EnrolmentID: "enr_a", Period: march, Days: 22},
			{EnrolmentID: "enr_b", Period: march, Days: 22},
		},
		Payrolls: []PayrollFact{{ID: "pay_1", EmployerID: "org_sub", Period: march, Kind: PayrollRegular,
			Status: PayrollApproved, SubmittedOn: d("2026-04-05"), ApprovedOn: d("2026-04-10")}},
		Lines: []LineFact{
			{PayrollID: "pay_1", LineNo: 1, EnrolmentID: "enr_a", Gross: MustMoney("6000"), Net: MustMoney("5000"), EntryID: "ent_1"},
			{PayrollID: "pay_1", LineNo: 2, EnrolmentID: "enr_b", Gross: MustMoney("6000"), Net: MustMoney("5000"), EntryID: "ent_2"},
		},
		Payments: []PaymentFact{
			{PayrollID: "pay_1", LineNo: 1, InstructionID: "ins_1", ConfirmationID: "cnf_1", EntryID: "ent_3", Status: ConfirmPaid, Amount: MustMoney("5000"), SettledOn: d("2026-04-14")},
			{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_2", EntryID: "ent_4", Status: ConfirmPaid, Amount: MustMoney("5000"), SettledOn: d("2026-04-14")},
		},
		Allocations: []AllocationFact{
			{ID: "inf_1", Amount: MustMoney("20000"), ReceivedOn: d("2026-01-05")},
			{ID: "inf_2", Amount: MustMoney("20000"), ReceivedOn: d("2026-02-05")},
			{ID: "inf_3", Amount: MustMoney("20000"), ReceivedOn: d("2026-03-05")},
			{ID: "inf_4", Amount: MustMoney("20000"), ReceivedOn: d("2026-04-01")},
		},
		Guarantees: GuaranteeFacts{Known: true, Required: MustMoney("100000"), Held: []GuaranteeFact{
			{ID: "gua_1", Amount: MustMoney("100000"), ValidFrom: d("2026-01-10")},
		}},
		// Insured for the year; the welder (enr_a) holds a certificate.
		Safety: SafetyFacts{Known: true,
			Policies:     []InjuryPolicyFact{{ID: "inj_1", ValidFrom: d("2026-01-01"), ValidUntil: d("2026-12-31")}},
			Certificates: []CertificateFact{{ID: "crt_1", EnrolmentID: "enr_a", ValidFrom: d("2024-06-01"), ValidUntil: d("2030-05-31")}},
		},
	}
}

// insuredUntil leaves the project one policy, from the start of the year to until.
func insuredUntil(until string) func(f *CheckFacts) {
	return func(f *CheckFacts) { f.Safety.Policies[0].ValidUntil = mustDate(until) }
}

// want is the one finding a case expects of its rule; nil when it must stay quiet.
type want struct {
	subject   string
	period    string
	severity  Severity
	amount    string
	headcount int
}

// ruleCase is one case of TestRules: a change to the fixture and the one
// finding of rule it must give, or none.
type ruleCase struct {
	name   string
	rule   Rule
	policy *Policy
	change func(f *CheckFacts)
	want   *want
}

func unpayLine2(f *CheckFacts) { f.Payments = f.Payments[:1] }

// partlyFail has the bank pay 3,000 of line 2's 5,000 and fail the rest
// (the instruction is partly_failed).
func partlyFail(f *CheckFacts) {
	f.Payments[1].Amount = MustMoney("3000")
	f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_5",
		Status: ConfirmFailed, SettledOn: mustDate("2026-04-15")})
}

// advance adds the general contractor's approved advance of net of line 2's
// owed wages, and the bank's report of its payment.
func advance(f *CheckFacts, status ConfirmationStatus, net string) {
	f.Payrolls = append(f.Payrolls, PayrollFact{ID: "pay_adv", EmployerID: "org_sub", Period: MustPeriod("2026-03"), Kind: PayrollAdvance,
		Status: PayrollApproved, SubmittedOn: mustDate("2026-04-17"), ApprovedOn: mustDate("2026-04-17")})
	f.Lines = append(f.Lines, LineFact{PayrollID: "pay_adv", LineNo: 1, EnrolmentID: "enr_b", Gross: MustMoney(net), Net: MustMoney(net),
		AdvanceOf: AdvanceOwed})
	amount := MustMoney(net)
	if status == ConfirmFailed {
		amount = 0
	}
	f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_adv", LineNo: 1, InstructionID: "ins_adv", ConfirmationID: "cnf_adv",
		Status: status, Amount: amount, SettledOn: mustDate("2026-04-18")})
}

func TestRules(t *testing.T) {
	d := mustDate
	minimumWage := &Policy{MinimumWages: []MinimumWage{{Region: "110000", From: d("2025-09-01"), Source: "京人社 2025", Monthly: MustMoney("2540")}}}
	// The lowest threshold the law allows a province: one worker owed one month of ¥5,000.
	lowThreshold := mustPolicy(t, `{"params": [{"region": "110000", "from": "2026-01-01", "source": "test",
		"values": {"blacklist.one_worker.months": 1, "blacklist.one_worker.amount": "5000.00"}}]}`)
	cases := []ruleCase{
		{"unpaid line after the pay day", RuleWagesUnpaid, nil, unpayLine2,
			&want{"employer:org_sub", "2026-03", SeverityHigh, "5000.00", 1}},
		{"unpaid more than 30 days after the pay day", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { unpayLine2(f); f.AsOf = d("2026-05-16") },
			&want{"employer:org_sub", "2026-03", SeverityCritical, "5000.00", 1}},
		{"a payment settled after the as-of date is not yet paid", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { f.Payments[1].SettledOn = d("2026-04-25") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "5000.00", 1}},
		{"a returned payment is owed again", RuleWagesUnpaid, nil,
			func(f *CheckFacts) {
				f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_2", ConfirmationID: "cnf_3",
					Status: ConfirmReturned, Amount: MustMoney("5000"), SettledOn: d("2026-04-17")})
			},
			&want{"employer:org_sub", "2026-03", SeverityHigh, "5000.00", 1}},
		{"paid in full: quiet", RuleWagesUnpaid, nil, func(*CheckFacts) {}, nil},
		{"unpaid on the pay day itself: quiet", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { unpayLine2(f); f.AsOf = d("2026-04-15") }, nil},

		{"partly paid", RulePartialPayment, nil, func(f *CheckFacts) { f.Payments[1].Amount = MustMoney("3000") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "2000.00", 1}},
		{"nothing paid is not partial: quiet", RulePartialPayment, nil, unpayLine2, nil},

		{"attendance, pay day passed, no payroll", RulePayrollMissing, nil,
			func(f *CheckFacts) { f.Payrolls, f.Lines, f.Payments = nil, nil, nil },
			&want{"employer:org_sub", "2026-03", SeverityMedium, "0.00", 2}},
		{"no payroll 30 days after the pay day", RulePayrollMissing, nil,
			func(f *CheckFacts) { f.Payrolls, f.Lines, f.Payments, f.AsOf = nil, nil, nil, d("2026-05-16") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "0.00", 2}},
		{"no payroll before the pay day: quiet", RulePayrollMissing, nil,
			func(f *CheckFacts) { f.Payrolls, f.Lines, f.Payments, f.AsOf = nil, nil, nil, d("2026-04-14") }, nil},
		{"a payroll submitted after the as-of date did not exist yet", RulePayrollMissing, nil,
			func(f *CheckFacts) {
				f.Payrolls[0].SubmittedOn, f.Payrolls[0].ApprovedOn = d("2026-04-22"), d("2026-04-23")
			},
			&want{"employer:org_sub", "2026-03", SeverityMedium, "0.00", 2}},

		{"attended, not on the approved payroll", RuleAttendedNotPaid, nil,
			func(f *CheckFacts) { f.Lines, f.Payments = f.Lines[:1], f.Payments[:1] },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "0.00", 1}},
		{"every attendee on the payroll: quiet", RuleAttendedNotPaid, nil, func(*CheckFacts) {}, nil},

		{"paid without attendance", RulePaidNotAttended, nil, func(f *CheckFacts) { f.Attendance = f.Attendance[:1] },
			&want{"enrolment:enr_b", "2026-03", SeverityMedium, "5000.00", 1}},
		{"paid while not enrolled", RulePaidNotAttended, nil, func(f *CheckFacts) { f.Enrolments[1].EnteredOn = d("2026-04-02") },
			&want{"enrolment:enr_b", "2026-03", SeverityMedium, "5000.00", 1}},
		{"paid and attended: quiet", RulePaidNotAttended, nil, func(*CheckFacts) {}, nil},

		{"failed and not paid since", RulePaymentFailed, nil,
			func(f *CheckFacts) { f.Payments[1].Status, f.AsOf = ConfirmFailed, d("2026-04-22") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "5000.00", 1}},
		{"failed within the working days allowed: quiet", RulePaymentFailed, nil,
			func(f *CheckFacts) { f.Payments[1].Status, f.AsOf = ConfirmFailed, d("2026-04-21") }, nil},
		{"failed, then paid: quiet", RulePaymentFailed, nil,
			func(f *CheckFacts) {
				f.Payments[1].Status = ConfirmFailed
				f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_3", ConfirmationID: "cnf_4",
					Status: ConfirmPaid, Amount: MustMoney("5000"), SettledOn: d("2026-04-16")})
			}, nil},

		{"two workers, one card", RuleSharedBankCard, nil, func(f *CheckFacts) { f.Enrolments[1].CardIndex = "card_a" },
			&want{"card:card_a", "", SeverityMedium, "0.00", 2}},
		{"one worker enrolled twice keeps their card: quiet", RuleSharedBankCard, nil,
			func(f *CheckFacts) {
				f.Enrolments = append(f.Enrolments, EnrolmentFact{ID: "enr_a2", WorkerID: "wkr_a", EmployerID: "org_sub",
					EnteredOn: d("2026-02-01"), CardIndex: "card_a"})
			}, nil},
		{"one worker enrolled twice and another on the card: two workers", RuleSharedBankCard, nil,
			func(f *CheckFacts) {
				f.Enrolments = append(f.Enrolments, EnrolmentFact{ID: "enr_a2", WorkerID: "wkr_a", EmployerID: "org_sub",
					EnteredOn: d("2026-02-01"), CardIndex: "card_a"})
				f.Enrolments[1].CardIndex = "card_a"
			}, &want{"card:card_a", "", SeverityMedium, "0.00", 2}},

		{"no allocation for a month", RuleAllocationOverdue, nil, func(f *CheckFacts) { f.Allocations = f.Allocations[:3] },
			&want{"project:prj_1", "", SeverityHigh, "0.00", 0}},
		{"two cycles missed in a row", RuleAllocationOverdue, nil,
			func(f *CheckFacts) { f.Allocations, f.AsOf = f.Allocations[:3], d("2026-05-06") },
			&want{"project:prj_1", "", SeverityCritical, "0.00", 0}},
		{"a 31-day month is not late: quiet", RuleAllocationOverdue, nil,
			func(f *CheckFacts) { f.Allocations, f.AsOf = f.Allocations[:1], d("2026-02-05") }, nil},
		{"a completed project: quiet", RuleAllocationOverdue, nil,
			func(f *CheckFacts) { f.Allocations, f.Project.CompletedOn = f.Allocations[:3], d("2026-04-01") }, nil},

		{"money in the account, wages past due unpaid", RuleFundsIdle, nil, unpayLine2,
			&want{"project:prj_1", "", SeverityCritical, "5000.00", 1}},
		{"a drawdown paid other wages: they did not leave the wage account", RuleFundsIdle, nil,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Payments = append(f.Payments, PaymentFact{InstructionID: "ins_dd", ConfirmationID: "cnf_dd", Status: ConfirmPaid,
					Amount: MustMoney("1000000"), SettledOn: mustDate("2026-03-20"), FromGuarantee: true})
			},
			&want{"project:prj_1", "", SeverityCritical, "5000.00", 1}},
		{"the account cannot cover a period: quiet", RuleFundsIdle, nil,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Allocations = []AllocationFact{{ID: "inf_1", Amount: MustMoney("9000"), ReceivedOn: d("2026-01-05")}}
			}, nil},

		{"no guarantee 20 working days after the start", RuleGuaranteeMissing, nil,
			func(f *CheckFacts) { f.Guarantees.Held = nil },
			&want{"project:prj_1", "", SeverityHigh, "100000.00", 0}},
		{"exempt: quiet", RuleGuaranteeMissing, nil,
			func(f *CheckFacts) { f.Guarantees.Held, f.Guarantees.Exempt = nil, true }, nil},
		{"guarantees not known: quiet", RuleGuaranteeMissing, nil,
			func(f *CheckFacts) { f.Guarantees = GuaranteeFacts{} }, nil},
		{"within 20 working days of the start: quiet", RuleGuaranteeMissing, nil,
			func(f *CheckFacts) { f.Guarantees.Held, f.AsOf = nil, d("2026-02-02") }, nil},

		{"held below the required amount", RuleGuaranteeShort, nil,
			func(f *CheckFacts) { f.Guarantees.Required = MustMoney("150000") },
			&want{"project:prj_1", "", SeverityMedium, "50000.00", 0}},
		{"held as required: quiet", RuleGuaranteeShort, nil, func(*CheckFacts) {}, nil},

		{"a bank letter expiring within 30 days", RuleGuaranteeExpiring, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Letter, f.Guarantees.Held[0].ValidUntil = true, d("2026-05-10")
			},
			&want{"guarantee:gua_1", "", SeverityHigh, "100000.00", 0}},
		{"a bank letter expired and not replaced", RuleGuaranteeExpiring, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Letter, f.Guarantees.Held[0].ValidUntil = true, d("2026-04-10")
			},
			&want{"guarantee:gua_1", "", SeverityCritical, "100000.00", 0}},
		{"a bank letter valid for a year: quiet", RuleGuaranteeExpiring, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Letter, f.Guarantees.Held[0].ValidUntil = true, d("2027-04-10")
			}, nil},

		{"drawn and not topped up in 10 working days", RuleTopupOverdue, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-01"), Amount: -MustMoney("20000")}}
			},
			&want{"project:prj_1", "", SeverityHigh, "20000.00", 0}},
		{"two guarantees drawn and not topped up: one alert on the project", RuleTopupOverdue, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-01"), Amount: -MustMoney("20000")}}
				f.Guarantees.Held = append(f.Guarantees.Held, GuaranteeFact{ID: "gua_2", Amount: MustMoney("50000"), ValidFrom: d("2026-01-10"),
					Movements: []GuaranteeMovement{{ID: "drw_2", On: d("2026-03-20"), Amount: -MustMoney("5000")}}})
			},
			&want{"project:prj_1", "", SeverityHigh, "25000.00", 0}},
		{"drawn and topped up: quiet", RuleTopupOverdue, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-01"), Amount: -MustMoney("20000")},
					{ID: "top_1", On: d("2026-04-10"), Amount: MustMoney("20000")}}
			}, nil},
		{"drawn, still within 10 working days (Qingming break): quiet", RuleTopupOverdue, nil,
			func(f *CheckFacts) {
				f.Guarantees.Held[0].Movements = []GuaranteeMovement{{ID: "drw_1", On: d("2026-04-03"), Amount: -MustMoney("20000")}}
			}, nil},

		{"left and unpaid 30 days later", RuleExitUnsettled, nil,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Enrolments[1].ExitedOn, f.AsOf = d("2026-03-31"), d("2026-05-05")
			},
			&want{"enrolment:enr_b", "", SeverityHigh, "5000.00", 1}},
		{"left and paid: quiet", RuleExitUnsettled, nil,
			func(f *CheckFacts) { f.Enrolments[1].ExitedOn, f.AsOf = d("2026-03-31"), d("2026-05-05") }, nil},

		{"a full month below the minimum wage", RuleBelowMinimumWage, minimumWage,
			func(f *CheckFacts) {
				f.Lines[1].Gross, f.Lines[1].Net, f.Payments[1].Amount = MustMoney("2000"), MustMoney("2000"), MustMoney("2000")
			},
			&want{"enrolment:enr_b", "2026-03", SeverityMedium, "540.00", 1}},
		{"a short month below it: quiet", RuleBelowMinimumWage, minimumWage,
			func(f *CheckFacts) {
				f.Lines[1].Gross, f.Lines[1].Net, f.Payments[1].Amount = MustMoney("2000"), MustMoney("2000"), MustMoney("2000")
				f.Attendance[1].Days = 15
			}, nil},
		{"paid above the minimum wage: quiet", RuleBelowMinimumWage, minimumWage, func(*CheckFacts) {}, nil},

		{"an order to pay lapsed, threshold reached", RuleBlacklistCandidate, lowThreshold,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Orders = []PayOrderFact{{AlertID: "alr_1", EmployerID: "org_sub", Deadline: d("2026-04-18")}}
			},
			&want{"employer:org_sub", "", SeverityCritical, "5000.00", 1}},
		{"an order to pay not yet lapsed: quiet", RuleBlacklistCandidate, lowThreshold,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Orders = []PayOrderFact{{AlertID: "alr_1", EmployerID: "org_sub", Deadline: d("2026-04-20")}}
			}, nil},
		{"lapsed below the national threshold: quiet", RuleBlacklistCandidate, nil,
			func(f *CheckFacts) {
				unpayLine2(f)
				f.Orders = []PayOrderFact{{AlertID: "alr_1", EmployerID: "org_sub", Deadline: d("2026-04-18")}}
			}, nil},

		// The project's pay rule (REG Art. 14): the period's own month or the next, on its day.
		{"paid in the period's own month (当期): March's wages were due by 13 March", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { unpayLine2(f); f.Project.PayRule = PayRule{Month: PayCurrentMonth, Day: 15} },
			&want{"employer:org_sub", "2026-03", SeverityCritical, "5000.00", 1}},
		{"a pay day of the 25th is not yet due on the 20th: quiet", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { unpayLine2(f); f.Project.PayRule = PayRule{Month: PayNextMonth, Day: 25} }, nil},

		// partly_failed: paid in part, the bank failed the rest; the rest is owed until a re-issue pays it.
		{"partly failed: the rest is unpaid", RuleWagesUnpaid, nil, partlyFail,
			&want{"employer:org_sub", "2026-03", SeverityHigh, "2000.00", 1}},
		{"partly failed: the rest is a partial payment", RulePartialPayment, nil, partlyFail,
			&want{"employer:org_sub", "2026-03", SeverityHigh, "2000.00", 1}},
		{"partly failed, the rest re-issued and paid: quiet", RuleWagesUnpaid, nil,
			func(f *CheckFacts) {
				partlyFail(f)
				f.Payments = append(f.Payments, PaymentFact{PayrollID: "pay_1", LineNo: 2, InstructionID: "ins_3", ConfirmationID: "cnf_6",
					Status: ConfirmPaid, Amount: MustMoney("2000"), SettledOn: d("2026-04-17")})
			}, nil},

		// The general contractor's advance of owed wages (REG Art. 30) pays the subcontractor's line.
		{"an advance paid the owed wages: quiet", RuleWagesUnpaid, nil, func(f *CheckFacts) { unpayLine2(f); advance(f, ConfirmPaid, "5000") }, nil},
		{"an advance paid the rest of a partly paid line: quiet", RulePartialPayment, nil,
			func(f *CheckFacts) { f.Payments[1].Amount = MustMoney("3000"); advance(f, ConfirmPaid, "2000") }, nil},
		{"an advance paid part of the rest: partial", RulePartialPayment, nil,
			func(f *CheckFacts) { f.Payments[1].Amount = MustMoney("3000"); advance(f, ConfirmPaid, "1500") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "500.00", 1}},
		{"an advance the bank failed leaves the wages unpaid", RuleWagesUnpaid, nil,
			func(f *CheckFacts) { unpayLine2(f); advance(f, ConfirmFailed, "5000") },
			&want{"employer:org_sub", "2026-03", SeverityHigh, "5000.00", 1}},

		// The labour-cost cycle: the same day of the next month, clamped to its length.
		{"allocated on 31 January: due on 28 February, quiet on it", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Allocations = []AllocationFact{{ID: "inf_1", Amount: MustMoney("20000"), ReceivedOn: d("2026-01-31")}}
				f.AsOf = d("2026-02-28")
			}, nil},
		{"allocated on 31 January: overdue on 1 March", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Allocations = []AllocationFact{{ID: "inf_1", Amount: MustMoney("20000"), ReceivedOn: d("2026-01-31")}}
				f.AsOf = d("2026-03-01")
			}, &want{"project:prj_1", "", SeverityHigh, "0.00", 0}},
		{"a cycle of 10 days: monthly allocations miss cycles, 8 over the project", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Project.LabourCostCycle = LabourCostCycle{Kind: CycleDays, Days: 10}
				f.AsOf = d("2026-04-12")
			},
			&want{"project:prj_1", "", SeverityCritical, "0.00", 0}},
		{"a cycle of 10 days, allocated 10 days ago: quiet", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Project.LabourCostCycle = LabourCostCycle{Kind: CycleDays, Days: 10}
				f.AsOf = d("2026-04-11")
			}, nil},
		{"the owner's allocation date drives the cycle, not the bank's credit date", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Allocations[3].ReceivedOn, f.Allocations[3].AllocatedOn = d("2026-04-08"), d("2026-04-03")
				f.AsOf = d("2026-05-05") // due 3 May by the allocation; 8 May by the credit
			}, &want{"project:prj_1", "", SeverityHigh, "0.00", 0}},
		{"credited late, allocated in time: quiet", RuleAllocationOverdue, nil,
			func(f *CheckFacts) {
				f.Allocations[3].ReceivedOn, f.Allocations[3].AllocatedOn = d("2026-04-08"), d("2026-04-03")
			}, nil},
	}
	cases = append(cases, safetyCases(t)...)
	cases = append(cases, complaintCases()...)
	fired := map[Rule]bool{}
	quiet := map[Rule]bool{}
	for _, tc := range cases {
		t.Run(string(tc.rule)+"/"+tc.name, func(t *testing.T) {
			f := checkFixture()
			tc.change(f)
			policy := tc.policy
			if policy == nil {
				policy = DefaultPolicy()
			}
			var got []Finding
			for _, x := range Evaluate(f, policy, DefaultCalendar()) {
				// A safety rule's case that wants its standing finding
				// leaves aside its findings of days worked in a month
				// (rules_safety_days_test.go tests those); a quiet case
				// wants neither.
				if x.Rule == tc.rule && (tc.want == nil || tc.want.period != "" || x.Period == (Period{}) || x.Stream() != StreamCompliance) {
					got = append(got, x)
				}
			}
			if tc.want == nil {
				quiet[tc.rule] = true
				if len(got) != 0 {
					t.Fatalf("want no %s finding, got %+v", tc.rule, got)
				}
				return
			}
			fired[tc.rule] = true
			if len(got) != 1 {
				t.Fatalf("want one %s finding, got %+v", tc.rule, got)
			}
			g := got[0]
			have := want{g.Subject.String(), g.Period.String(), g.Severity, g.AmountAtRisk.String(), g.Headcount}
			if have != *tc.want {
				t.Fatalf("got %+v, want %+v (reason: %s)", have, *tc.want, g.Reason)
			}
			if g.Reason.Key == "" || (g.Rule != RuleAllocationOverdue && g.Rule != RuleGuaranteeMissing && len(g.Evidence) == 0) {
				t.Fatalf("finding without its explanation: %+v", g)
			}
		})
	}
	for _, r := range Rules {
		if !fired[r] || !quiet[r] {
			t.Errorf("rule %s lacks a case that fires (%v) or one that keeps it quiet (%v)", r, fired[r], quiet[r])
		}
	}
}

func TestQuietProjectHasNoFindings(t *testing.T) {
	if got := Evaluate(checkFixture(), DefaultPolicy(), DefaultCalendar()); len(got) != 0 {
		t.Fatalf("the fixture should be quiet, got %+v", got)
	}
}

func TestWagesUnpaidNamesEveryWorkerAndRecord(t *testing.T) {
	f := checkFixture()
	f.Payments = nil
	got := Evaluate(f, DefaultPolicy(), DefaultCalendar())
	i := slices.IndexFunc(got, func(x Finding) bool { return x.Rule == RuleWagesUnpaid })
	if i < 0 {
		t.Fatalf("no wages_unpaid in %+v", got)
	}
	want := []Evidence{{EvidenceAccount, "wages_payable/enr_a@2026-03"}, {EvidenceAccount, "wages_payable/enr_b@2026-03"},
		{EvidenceEntry, "ent_1"}, {EvidenceEntry, "ent_2"}, {EvidencePayrollLine, "pay_1#1"}, {EvidencePayrollLine, "pay_1#2"}}
	if !reflect.DeepEqual(got[i].Evidence, want) || got[i].Headcount != 2 || got[i].AmountAtRisk != MustMoney("10000") {
		t.Fatalf("got %+v", got[i])
	}
}

// The same facts in any order, on the same date, give the same findings.
func TestEvaluateIsDeterministic(t *testing.T) {
	f := checkFixture()
	f.Payments = nil
	f.Allocations = f.Allocations[:2]
	f.Enrolments[1].CardIndex = "card_a"
	f.Guarantees.Held = nil
	first := Evaluate(f, DefaultPolicy(), DefaultCalendar())
	if len(first) < 4 {
		t.Fatalf("want several findings, got %d", len(first))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		g := *f
		g.Enrolments, g.Attendance, g.Lines, g.Allocations = slices.Clone(f.Enrolments), slices.Clone(f.Attendance), slices.Clone(f.Lines), slices.Clone(f.Allocations)
		r.Shuffle(len(g.Enrolments), func(i, j int) { g.Enrolments[i], g.Enrolments[j] = g.Enrolments[j], g.Enrolments[i] })
		r.Shuffle(len(g.Lines), func(i, j int) { g.Lines[i], g.Lines[j] = g.Lines[j], g.Lines[i] })
		r.Shuffle(len(g.Attendance), func(i, j int) { g.Attendance[i], g.Attendance[j] = g.Attendance[j], g.Attendance[i] })
		if again := Evaluate(&g, DefaultPolicy(), DefaultCalendar()); !reflect.DeepEqual(first, again) {
			t.Fatalf("findings changed with the order of the facts:\n%+v\n%+v", first, again)
		}
	}
}

func TestRuleStreams(t *testing.T) {
	compliance := []Rule{RulePaidNotAttended, RuleSharedBankCard, RuleGuaranteeMissing, RuleGuaranteeShort,
		RuleGuaranteeExpiring, RuleBelowMinimumWage, RuleBlacklistCandidate,
		RuleInjuryInsuranceMissing, RuleInjuryInsuranceExpiring, RuleCertificateMissing, RuleCertificateExpired, RuleComplaintOpen}
	for _, r := range Rules {
		want := StreamArrears
		if slices.Contains(compliance, r) {
			want = StreamCompliance
		}
		if r.Stream() != want {
			t.Errorf("%s is in %s, want %s", r, r.Stream(), want)
		}
	}
}

func mustPolicy(t *testing.T, file string) *Policy {
	t.Helper()
	p, err := ParsePolicy([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The check parameters are the policy's values, resolved for the project's
// region and the night's date: a province's value applies from its date and
// in its region only; every other value is the national default.
func TestCheckParamsFromPolicyFile(t *testing.T) {
	p := mustPolicy(t, `{"params": [{"region": "110000", "from": "2026-06-01", "source": "京 test",
		"values": {"exit_settlement.days": 15, "blacklist.many_workers.amount": "40000.00", "wages_unpaid.critical_after_days": 20}}]}`)
	national := DefaultPolicy().CheckParams("110105", mustDate("2026-06-01"))
	want := CheckParams{UnpaidCriticalDays: 30, PayrollMissingHighDays: 30, FailedPaymentWorkingDays: 5,
		AllocationConsecutiveCritical: 2, AllocationCumulativeCritical: 3, GuaranteeDueWorkingDays: 20,
		GuaranteeExpiryWarningDays: 30, TopUpWorkingDays: 10, ExitSettlementDays: 30, FullMonthCentidays: 2175,
		CriminalMonths: 3, CriminalOneWorker: MustMoney("5000"), CriminalWorkers: 10, CriminalTotal: MustMoney("30000"), InjuryExpiringDays: 30, SafetyLookbackMonths: 24}
	if national != want {
		t.Fatalf("national defaults %+v, want %+v", national, want)
	}
	for _, c := range []struct {
		region, on     string
		exit, critical int
		total          string
	}{
		{"110105", "2026-06-01", 15, 20, "40000"},
		{"110105", "2026-05-31", 30, 30, "30000"}, // before the value takes effect
		{"310101", "2026-06-01", 30, 30, "30000"}, // another province
	} {
		got := p.CheckParams(c.region, mustDate(c.on))
		if got.ExitSettlementDays != c.exit || got.UnpaidCriticalDays != c.critical || got.CriminalTotal != MustMoney(c.total) || got.TopUpWorkingDays != 10 {
			t.Errorf("%s on %s: got %+v", c.region, c.on, got)
		}
	}
}
