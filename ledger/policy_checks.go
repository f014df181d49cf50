package ledger

// CheckParams are the nightly rules' [param] values (DOMAIN.md, "The nightly
// checks"): thresholds the law leaves to a province or that the authority
// tunes. They live in the policy file under "checks"; a value the file leaves
// out (zero) keeps the national default.
//
// Kept apart from the rest of the policy on purpose: the policy is being
// completed (dated, per-region values) in another change, and these may
// become dated per region there. The criminal thresholds in particular are
// per province; the defaults are the national floor of the range.
type CheckParams struct {
	// UnpaidCriticalDays: wages_unpaid turns critical this many days after
	// the pay day.
	UnpaidCriticalDays int `json:"unpaid_critical_days,omitempty"`
	// PayrollMissingHighDays: payroll_missing turns high this many days after
	// the pay day.
	PayrollMissingHighDays int `json:"payroll_missing_high_days,omitempty"`
	// FailedPaymentWorkingDays: a failed payment not paid since within this
	// many working days is payment_failed (DOMAIN.md's N).
	FailedPaymentWorkingDays int `json:"failed_payment_working_days,omitempty"`
	// AllocationConsecutiveCritical and AllocationCumulativeCritical: missed
	// allocation cycles (in a row, over the project's life) that make
	// allocation_overdue critical.
	AllocationConsecutiveCritical int `json:"allocation_consecutive_critical,omitempty"`
	AllocationCumulativeCritical  int `json:"allocation_cumulative_critical,omitempty"`
	// GuaranteeDueWorkingDays: the guarantee is due this many working days
	// after the project's start.
	GuaranteeDueWorkingDays int `json:"guarantee_due_working_days,omitempty"`
	// GuaranteeExpiryWarningDays: a bank letter expiring within this many days
	// is guarantee_expiring (high).
	GuaranteeExpiryWarningDays int `json:"guarantee_expiry_warning_days,omitempty"`
	// TopUpWorkingDays: a drawn guarantee must be topped up within this many
	// working days.
	TopUpWorkingDays int `json:"topup_working_days,omitempty"`
	// ExitSettlementDays: a worker who left must be paid in full this many
	// days after the exit.
	ExitSettlementDays int `json:"exit_settlement_days,omitempty"`
	// FullMonthCentidays: attendance (hundredths of a day) that makes a month
	// full for below_minimum_wage; 21.75 days is the national monthly
	// standard of working days.
	FullMonthCentidays int `json:"full_month_centidays,omitempty"`
	// The criminal threshold for refusing to pay wages: one worker owed at
	// least CriminalMonths months and CriminalOneWorker, or at least
	// CriminalWorkers workers owed CriminalTotal in all.
	CriminalMonths    int   `json:"criminal_months,omitempty"`
	CriminalOneWorker Money `json:"criminal_one_worker,omitempty"`
	CriminalWorkers   int   `json:"criminal_workers,omitempty"`
	CriminalTotal     Money `json:"criminal_total,omitempty"`
}

// DefaultCheckParams are the national defaults.
func DefaultCheckParams() CheckParams {
	return CheckParams{
		UnpaidCriticalDays:            30,
		PayrollMissingHighDays:        30,
		FailedPaymentWorkingDays:      5,
		AllocationConsecutiveCritical: 2,
		AllocationCumulativeCritical:  3,
		GuaranteeDueWorkingDays:       20,
		GuaranteeExpiryWarningDays:    30,
		TopUpWorkingDays:              10,
		ExitSettlementDays:            30,
		FullMonthCentidays:            2175,
		CriminalMonths:                3,
		CriminalOneWorker:             5_000_00,
		CriminalWorkers:               10,
		CriminalTotal:                 30_000_00,
	}
}

// CheckParams are the policy's check parameters: the file's values over
// the national defaults.
func (p *Policy) CheckParams() CheckParams {
	d := DefaultCheckParams()
	if p == nil || p.Checks == nil {
		return d
	}
	o := *p.Checks
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	pickMoney := func(v, def Money) Money {
		if v > 0 {
			return v
		}
		return def
	}
	return CheckParams{
		UnpaidCriticalDays:            pick(o.UnpaidCriticalDays, d.UnpaidCriticalDays),
		PayrollMissingHighDays:        pick(o.PayrollMissingHighDays, d.PayrollMissingHighDays),
		FailedPaymentWorkingDays:      pick(o.FailedPaymentWorkingDays, d.FailedPaymentWorkingDays),
		AllocationConsecutiveCritical: pick(o.AllocationConsecutiveCritical, d.AllocationConsecutiveCritical),
		AllocationCumulativeCritical:  pick(o.AllocationCumulativeCritical, d.AllocationCumulativeCritical),
		GuaranteeDueWorkingDays:       pick(o.GuaranteeDueWorkingDays, d.GuaranteeDueWorkingDays),
		GuaranteeExpiryWarningDays:    pick(o.GuaranteeExpiryWarningDays, d.GuaranteeExpiryWarningDays),
		TopUpWorkingDays:              pick(o.TopUpWorkingDays, d.TopUpWorkingDays),
		ExitSettlementDays:            pick(o.ExitSettlementDays, d.ExitSettlementDays),
		FullMonthCentidays:            pick(o.FullMonthCentidays, d.FullMonthCentidays),
		CriminalMonths:                pick(o.CriminalMonths, d.CriminalMonths),
		CriminalOneWorker:             pickMoney(o.CriminalOneWorker, d.CriminalOneWorker),
		CriminalWorkers:               pick(o.CriminalWorkers, d.CriminalWorkers),
		CriminalTotal:                 pickMoney(o.CriminalTotal, d.CriminalTotal),
	}
}
