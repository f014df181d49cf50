package ledger

import "strings"

// PayItem is one itemised part of a payroll line that REG Art. 15 asks the
// wage sheet to show: the parts of gross pay and the parts of deductions.
type PayItem int

// Pay items: the first four make up gross pay, the others deductions.
const (
	ItemBase              PayItem = iota // 基本工资 (time or piece rate)
	ItemOvertime                         // 加班工资
	ItemSpecialAllowances                // 特殊情况下的工资: night-shift, high-temperature pay
	ItemOtherAllowances                  // 其他津贴补贴
	ItemSocialInsurance                  // 个人社保
	ItemHousingFund                      // 住房公积金
	ItemIncomeTax                        // 个人所得税
	ItemOtherDeductions                  // 其他扣款
	NumPayItems
)

var payItemFields = [NumPayItems]string{"base_pay", "overtime_pay", "special_allowances", "other_allowances",
	"social_insurance", "housing_fund", "income_tax", "other_deductions"}

// Field is the item's field name in files, requests and responses.
func (i PayItem) Field() string { return payItemFields[i] }

// IsDeduction reports whether the item is part of deductions (else gross pay).
func (i PayItem) IsDeduction() bool { return i >= ItemSocialInsurance }

// PayItems are a line's itemised amounts, nil where the line does not give
// the item: each is optional, and kept when given.
type PayItems [NumPayItems]*Money

// itemised reports whether any item of gross pay (deductions false) or of
// deductions (true) is given, and their sum.
func (p PayItems) itemised(deductions bool) (bool, Money) {
	any, sum := false, Money(0)
	for i, m := range p {
		if m != nil && PayItem(i).IsDeduction() == deductions {
			any, sum = true, sum+*m
		}
	}
	return any, sum
}

// MinimumWagePay is the part of gross pay the minimum wage is compared with:
// gross pay without overtime and special allowances (夜班, 高温) when the
// line itemises them, gross pay otherwise.
func (p PayItems) MinimumWagePay(gross Money) Money {
	if given, _ := p.itemised(false); !given {
		return gross
	}
	for _, i := range []PayItem{ItemOvertime, ItemSpecialAllowances} {
		if p[i] != nil {
			gross -= *p[i]
		}
	}
	return gross
}

// readItems reads the line's items and hours into out.
func readItems(in PayrollLineInput, out *CheckedLine, period Period, money func(field, v string, required bool) Money, add func(*FieldError)) {
	for i := range NumPayItems {
		if v := strings.TrimSpace(in.Items[i]); v != "" {
			m := money(i.Field(), v, false)
			out.Items[i] = &m
		}
	}
	h := strings.TrimSpace(NormaliseDigits(in.WorkHours))
	if h == "" {
		return
	}
	if c, err := parseFixed2(h, h); err != nil || c < 0 { // a number, not an amount: no ¥ or 元
		add(ref(RefuseFormat.At(0, "work_hours", "work_hours must be a number of hours such as 176 or 8.5")))
	} else if int(c) > period.Days()*24*100 {
		add(ref(RefuseRange.Atf(0, "work_hours", "work_hours %s is more than the hours of %s", h, period)))
	} else {
		n := int(c)
		out.Centihours = &n
	}
}

// checkSums refuses items given that do not add up exactly to gross pay or
// to deductions.
func (p PayItems) checkSums(gross, deductions Money) []FieldError {
	var out []FieldError
	if given, sum := p.itemised(false); given && sum != gross {
		out = append(out, RefuseArithmetic.Atf(0, "gross_pay", "gross pay %s is not the sum of its items %s (= %s)", gross, p.describe(false), sum))
	}
	if given, sum := p.itemised(true); given && sum != deductions {
		out = append(out, RefuseArithmetic.Atf(0, "deductions", "deductions %s are not the sum of their items %s (= %s)", deductions, p.describe(true), sum))
	}
	return out
}

// describe lists the given items of one side as "base_pay 5000.00 + overtime_pay 300.00".
func (p PayItems) describe(deductions bool) string {
	var parts []string
	for i, m := range p {
		if m != nil && PayItem(i).IsDeduction() == deductions {
			parts = append(parts, PayItem(i).Field()+" "+m.String())
		}
	}
	return strings.Join(parts, " + ")
}
