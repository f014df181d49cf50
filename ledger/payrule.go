package ledger

import "strings"

// PayMonth says in which month a project pays the wages of a period: REG
// Art. 14 lets the parties agree on the period's own month (当期) or the
// month after it (次期).
type PayMonth string

// Pay months.
const (
	PayNextMonth    PayMonth = "next"    // 次期: the wages of June are paid in July (the default)
	PayCurrentMonth PayMonth = "current" // 当期: the wages of June are paid in June
)

// PayRule is a project's agreed pay day: the day of the pay month.
type PayRule struct {
	Month PayMonth
	Day   int
}

// PayRuleOf is the project's pay rule: its pay day, in the month after the
// period unless the project pays in the period's own month.
func (p *Project) PayRuleOf() PayRule {
	if p.PayMonth == "" {
		return PayRule{Month: PayNextMonth, Day: p.PayDay}
	}
	return PayRule{Month: p.PayMonth, Day: p.PayDay}
}

// CheckPayMonth reads a pay month: next when not given.
func CheckPayMonth(s string) (PayMonth, bool) {
	switch m := PayMonth(strings.TrimSpace(s)); m {
	case "":
		return PayNextMonth, true
	case PayNextMonth, PayCurrentMonth:
		return m, true
	}
	return "", false
}

// payMonthOf is the month in which rule pays the wages of period.
func (r PayRule) payMonthOf(period Period) Period {
	if r.Month == PayCurrentMonth {
		return period
	}
	if period.Month == 12 {
		return Period{period.Year + 1, 1}
	}
	return Period{period.Year, period.Month + 1}
}

// ValueDate is the date a payroll's bank file asks the bank to pay on: the
// pay day of its period, or, for a payroll approved too late for that (a
// late month, a supplement of a month long past), the next working day after
// its approval. A bank cannot pay on a day already gone.
func (c *Calendar) ValueDate(period Period, rule PayRule, approvedOn Date) Date {
	due := c.PayDay(period, rule)
	if next := c.NextWorkingDay(approvedOn); next.After(due) {
		return next
	}
	return due
}
