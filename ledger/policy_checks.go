package ledger

// CheckParams are the nightly rules' [param] values (DOMAIN.md, "The nightly
// checks"), read from the one policy mechanism (Policy.Param): each is
// resolved for the project's region and the night's date, so a province's
// dated values apply to its projects from the day they take effect.
type CheckParams struct {
	// UnpaidCriticalDays: wages_unpaid turns critical this many days after
	// the pay day.
	UnpaidCriticalDays int
	// PayrollMissingHighDays: payroll_missing turns high this many days after
	// the pay day.
	PayrollMissingHighDays int
	// FailedPaymentWorkingDays: a failed payment not paid since within this
	// many working days is payment_failed (DOMAIN.md's N).
	FailedPaymentWorkingDays int
	// AllocationConsecutiveCritical and AllocationCumulativeCritical: missed
	// allocation cycles (in a row, over the project's life) that make
	// allocation_overdue critical.
	AllocationConsecutiveCritical int
	AllocationCumulativeCritical  int
	// GuaranteeDueWorkingDays: the guarantee is due this many working days
	// after the project's start.
	GuaranteeDueWorkingDays int
	// GuaranteeExpiryWarningDays: a bank letter expiring within this many days
	// is guarantee_expiring (high).
	GuaranteeExpiryWarningDays int
	// TopUpWorkingDays: a drawn guarantee must be topped up within this many
	// working days.
	TopUpWorkingDays int
	// ExitSettlementDays: a worker who left must be paid in full this many
	// days after the exit.
	ExitSettlementDays int
	// FullMonthCentidays: attendance (hundredths of a day) that makes a month
	// full for below_minimum_wage.
	FullMonthCentidays int
	// The criminal threshold for refusing to pay wages: one worker owed at
	// least CriminalMonths months and CriminalOneWorker, or at least
	// CriminalWorkers workers owed CriminalTotal in all.
	CriminalMonths    int
	CriminalOneWorker Money
	CriminalWorkers   int
	CriminalTotal     Money
	// InjuryExpiringDays: a work-injury policy ending within this many days,
	// with none after it, is injury_insurance_expiring.
	InjuryExpiringDays int
	// SafetyLookbackMonths: the monthly days-worked findings look back
	// this many months before the check's month (LSIR Art. 20's 2 years).
	SafetyLookbackMonths int
}

// CheckParams are the check parameters in force in region on date: a
// policy file's regional, dated values over the national defaults.
func (p *Policy) CheckParams(region string, on Date) CheckParams {
	if p == nil {
		p = &Policy{}
	}
	count := func(k ParamKey) int { return p.Param(k, region, on).Count() }
	money := func(k ParamKey) Money { return p.Param(k, region, on).Money() }
	return CheckParams{
		UnpaidCriticalDays:            count(WagesUnpaidCriticalDays),
		PayrollMissingHighDays:        count(PayrollMissingHighDays),
		FailedPaymentWorkingDays:      count(PaymentFailedGraceDays),
		AllocationConsecutiveCritical: count(AllocationEscalateInARow),
		AllocationCumulativeCritical:  count(AllocationEscalateCumulative),
		GuaranteeDueWorkingDays:       count(GuaranteeDepositWorkingDays),
		GuaranteeExpiryWarningDays:    count(GuaranteeExpiringDays),
		TopUpWorkingDays:              count(GuaranteeTopUpWorkingDays),
		ExitSettlementDays:            count(ExitSettlementDays),
		FullMonthCentidays:            count(MinimumWageFullMonthCentidays),
		CriminalMonths:                count(BlacklistOneWorkerMonths),
		CriminalOneWorker:             money(BlacklistOneWorkerAmount),
		CriminalWorkers:               count(BlacklistManyWorkersCount),
		CriminalTotal:                 money(BlacklistManyWorkersAmount),
		InjuryExpiringDays:            count(InjuryInsuranceExpiringDays),
		SafetyLookbackMonths:          count(SafetyDaysLookbackMonths),
	}
}

// specialOperations is the policy's special-operations trades as a set.
func (p *Policy) specialOperations() map[TradeCode]bool {
	var list []TradeCode
	if p != nil {
		list = p.SpecialOperationTrades
	}
	if list == nil {
		list = nationalSpecialOperations
	}
	out := make(map[TradeCode]bool, len(list))
	for _, c := range list {
		out[c] = true
	}
	return out
}
