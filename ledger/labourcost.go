package ledger

import (
	"encoding/json"
	"time"
)

// The owner pays the labour-cost share of the project (人工费用) into the
// wage account at least once a calendar month: REG Art. 24 says the
// allocation cycle is "not more than one month", so a 31-day month is not
// late. A project may agree a shorter cycle, of a number of days.

// CycleKind is how a project's labour-cost cycle is counted.
type CycleKind string

// Cycle kinds.
const (
	// CycleMonthly: each allocation is due by the same day of the next
	// month (the month's last day when it has no such day).
	CycleMonthly CycleKind = "monthly"
	// CycleDays: each allocation is due so many days after the last one,
	// and never later than the monthly cycle would have it.
	CycleDays CycleKind = "days"
)

// LabourCostCycle is a project's labour-cost allocation cycle.
type LabourCostCycle struct {
	Kind CycleKind // "" when the project names none: the policy's regional default applies
	Days int       // for CycleDays, 1 to MaxLabourCostCycleDays; 0 otherwise
}

// Monthly is the law's cycle: one calendar month.
var Monthly = LabourCostCycle{Kind: CycleMonthly}

// IsZero reports whether the cycle names nothing.
func (c LabourCostCycle) IsZero() bool { return c.Kind == "" && c.Days == 0 }

// check normalises the cycle (days alone are a days cycle) and adds what is
// wrong with it to v.
func (c *LabourCostCycle) check(v *Validation) {
	if c.Kind == "" && c.Days != 0 {
		c.Kind = CycleDays
	}
	switch c.Kind {
	case CycleMonthly:
		if c.Days != 0 {
			v.Add("labour_cost_cycle_days", string(RefuseRange), "a monthly labour_cost_cycle takes no labour_cost_cycle_days (got %d): name days, or leave the cycle out", c.Days)
		}
	case CycleDays:
		if c.Days < 1 || c.Days > MaxLabourCostCycleDays {
			v.Add("labour_cost_cycle_days", "out_of_range", "labour_cost_cycle_days must be 1 to %d (the law's longest cycle is one month), got %d", MaxLabourCostCycleDays, c.Days)
		}
	case "":
		v.Add("labour_cost_cycle", string(RefuseRequired), "labour_cost_cycle is required: monthly, or a number of labour_cost_cycle_days")
	default:
		v.Add("labour_cost_cycle", string(RefuseUnknown), "labour_cost_cycle is monthly or days, got %q", clip(string(c.Kind)))
	}
}

// AddMonth is the same day of the next month, or that month's last day when
// it has no such day (31 January → 28 or 29 February).
func AddMonth(d Date) Date {
	y, m, day := d.civil()
	first := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

// AllocationDueBy is the day by which the next labour-cost allocation is due
// under cycle c, the last one having been made on last (or, before the
// first, the day the project started): an allocation on that day is on
// time, none by the day after is overdue. A monthly cycle gives the same day
// of the next month; a days cycle so many days later, but never later than
// the month the law allows.
func AllocationDueBy(c LabourCostCycle, last Date) Date {
	month := AddMonth(last)
	if c.Kind == CycleDays && c.Days > 0 {
		if d := last.AddDays(c.Days); d.Before(month) {
			return d
		}
	}
	return month
}

// Share is a percentage in hundredths of a percent (25.5% is 2550): the
// labour-cost share of a progress payment. It is written as a decimal
// string of at most two places ("25.5"), never a float.
type Share int64

// MaxShare is 100%.
const MaxShare Share = 10000

// ParseShare reads a percentage written "25.5".
func ParseShare(s string) (Share, error) {
	m, err := parseFixed2(s, s) // a number, not an amount: no ¥ or 元
	if err != nil || m <= 0 || Share(m) > MaxShare {
		return 0, Errorf(EInvalid, "labour_cost_share %q is a percentage more than 0 and at most 100, with at most 2 decimals, written like \"25.5\"", clip(s))
	}
	return Share(m), nil
}

func (s Share) String() string { return Money(s).String() }

// IsZero reports whether no share is given.
func (s Share) IsZero() bool { return s == 0 }

func (s Share) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Share) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return Errorf(EInvalid, "labour_cost_share must be a string written like \"25.5\" (a percentage)")
	}
	v, err := ParseShare(str)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// LabourCostRule is a region's labour-cost rule from a date: the cycle a
// project there has when it names none, and what each allocation reported
// into a wage account must state. An allocation that lacks it is still
// recorded, with a warning: the money is in the wage account, and a bank
// fact is never thrown away.
type LabourCostRule struct {
	Region    string          `json:"region"`
	From      Date            `json:"from"`
	Source    string          `json:"source"`
	source    Msg             // a built-in rule's source, a catalogue message
	Cycle     CycleKind       `json:"cycle"`                // monthly, or days with CycleDays
	CycleDays int             `json:"cycle_days,omitempty"` // for a days cycle
	Require   AllocationNeeds `json:"require"`
}

// AllocationNeeds says what an allocation must state beyond the bank's facts.
type AllocationNeeds struct {
	AllocatedOn     bool `json:"allocated_on"`      // the date the owner allocated it
	LabourCostShare bool `json:"labour_cost_share"` // the labour-cost share of the progress payment
}

// NationalLabourCost is the rule where no region has one: the law's month,
// and nothing asked of an allocation beyond the bank's facts.
var NationalLabourCost = LabourCostRule{Region: "100000", Source: "保障农民工工资支付条例 第二十四条", source: M("%s Art. 24", docREG), Cycle: CycleMonthly}

// SourceText is where the rule comes from, for a reader: a built-in rule's
// in the reader's language, a policy file's as the operator wrote it.
func (r LabourCostRule) SourceText() Msg { return builtInOr(r.source, r.Source) }

// builtInOr is a built-in rule's source message, or else the source text a
// policy file gave, shown as written.
func builtInOr(m Msg, written string) Msg {
	if m.Key != "" {
		return m
	}
	return Verbatim(written)
}

// LabourCostRuleFor is the labour-cost rule in force in region on date.
func (p *Policy) LabourCostRuleFor(region string, on Date) LabourCostRule {
	r, ok := pickDated(p.LabourCost, region, on, func(r LabourCostRule) (string, Date) { return r.Region, r.From })
	if !ok {
		return NationalLabourCost
	}
	return r
}

// DefaultCycle is the cycle of a project that names none.
func (r LabourCostRule) DefaultCycle() LabourCostCycle {
	if r.Cycle == CycleDays {
		return LabourCostCycle{Kind: CycleDays, Days: r.CycleDays}
	}
	return Monthly
}

// AllocationWarnings names what an allocation lacks of what the rule
// requires: warnings, since the allocation is recorded all the same.
func (r LabourCostRule) AllocationWarnings(in *InflowInput) []FieldError {
	var out []FieldError
	if r.Require.AllocatedOn && in.AllocatedOn.IsZero() {
		out = append(out, Warning.Atf(0, "allocated_on", "allocated_on (the date the owner allocated it) is required in %s (%s): recorded without it; the owner's allocation date must be reported", r.Region, r.SourceText()))
	}
	if r.Require.LabourCostShare && in.LabourCostShare.IsZero() {
		out = append(out, Warning.Atf(0, "labour_cost_share", "labour_cost_share (the labour-cost share of the progress payment, a percentage) is required in %s (%s): recorded without it; the share must be reported", r.Region, r.SourceText()))
	}
	return out
}

// checkRule refuses a policy file's labour-cost rule that cannot apply.
func (r LabourCostRule) checkRule() error {
	if err := CheckRegionCode(r.Region); err != nil {
		return Errorf(EInvalid, "labour cost: %s", err)
	}
	known := r.Cycle == CycleMonthly || r.Cycle == CycleDays
	badDays := r.Cycle == CycleDays && (r.CycleDays < 1 || r.CycleDays > MaxLabourCostCycleDays)
	if !known || badDays {
		return Errorf(EInvalid, "labour cost for %s: cycle is monthly, or days with cycle_days 1 to %d", r.Region, MaxLabourCostCycleDays)
	}
	return nil
}

// NextAllocationDue is the day by which project p's next labour-cost
// allocation is due, its last having been made on last (zero when none has
// been: the cycle runs from the project's start). A completed project owes
// none (false).
func NextAllocationDue(p *Project, last Date) (Date, bool) {
	if p.Status == ProjectCompleted {
		return Date{}, false
	}
	from := p.StartedOn
	if last.After(from) {
		from = last
	}
	return AllocationDueBy(p.LabourCostCycle, from), true
}
