package httpapi

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// PolicyView is the policy in force in a region on a date.
type PolicyView struct {
	Region string        `json:"region"`
	On     ledger.Date   `json:"on"`
	Values []PolicyValue `json:"values"`
	// LabourCost is the labour-cost rule in force: the allocation cycle of
	// a project that names none, and what an allocation must state.
	LabourCost  LabourCostView   `json:"labour_cost"`
	AgeLimit    *AgeLimitView    `json:"age_limit"`
	MinimumWage *MinimumWageView `json:"minimum_wage"`
	// JuvenileForbiddenTrades are the trade codes nobody aged 16–17 may be enrolled in.
	JuvenileForbiddenTrades []string `json:"juvenile_forbidden_trades"`
	// SpecialOperationTrades are the trade codes that need an operation certificate.
	SpecialOperationTrades []string `json:"special_operation_trades"`
	// Calendar lists the State Council holiday notices the working-day
	// calendar holds, built in or added by the policy file, by year.
	Calendar []NoticeView `json:"calendar"`
}

// NoticeView is one year's State Council holiday notice: its days off
// (inclusive spans) and its make-up working days.
type NoticeView struct {
	Year     int         `json:"year"`
	Source   Text        `json:"source"`
	DaysOff  [][2]string `json:"days_off"`
	Workdays []string    `json:"workdays"`
}

// PolicyValue is one parameter in force and where it came from: origin is
// national_default (the built-in value, source citing the rule) or
// policy_file (set_by names the file entry's region and date).
type PolicyValue struct {
	Key    string       `json:"key"`
	Kind   string       `json:"kind"`
	Value  string       `json:"value"`
	Origin string       `json:"origin"`
	Source Text         `json:"source"`
	SetBy  *PolicyEntry `json:"set_by,omitempty"`
}

// PolicyEntry names the policy-file entry a value comes from.
type PolicyEntry struct {
	Region string      `json:"region"`
	From   ledger.Date `json:"from"`
}

// AgeLimitView is a region's site age rule in force.
type AgeLimitView struct {
	Region          string      `json:"region"`
	From            ledger.Date `json:"from"`
	Source          Text        `json:"source"`
	MinAge          int         `json:"min_age"`
	MaxAgeMale      int         `json:"max_age_male"`
	MaxAgeFemale    int         `json:"max_age_female"`
	HazardousMale   int         `json:"hazardous_max_age_male"`
	HazardousFemale int         `json:"hazardous_max_age_female"`
	HazardousTrades []string    `json:"hazardous_trades"`
}

// LabourCostView is the labour-cost rule in force and where it came from:
// origin national_default (the law's month) or policy (a built-in regional
// rule or the policy file's labour_cost entry, with its region and date).
type LabourCostView struct {
	Region    string              `json:"region"`
	From      *ledger.Date        `json:"from"`
	Origin    string              `json:"origin"`
	Source    Text                `json:"source"`
	Cycle     string              `json:"cycle"`
	CycleDays int                 `json:"cycle_days,omitempty"`
	Require   AllocationNeedsView `json:"require"`
}

// AllocationNeedsView says what an allocation must state beyond the bank's facts.
type AllocationNeedsView struct {
	AllocatedOn     bool `json:"allocated_on"`
	LabourCostShare bool `json:"labour_cost_share"`
}

func labourCostOf(r ledger.LabourCostRule) LabourCostView {
	out := LabourCostView{Region: r.Region, Origin: "policy", Source: textOf(r.SourceText()), Cycle: string(r.Cycle), CycleDays: r.CycleDays,
		Require: AllocationNeedsView{AllocatedOn: r.Require.AllocatedOn, LabourCostShare: r.Require.LabourCostShare}}
	if r.From.IsZero() {
		out.Origin = OriginNational
	} else {
		out.From = &r.From
	}
	return out
}

// MinimumWageView is a region's monthly minimum wage in force.
type MinimumWageView struct {
	Region  string       `json:"region"`
	From    ledger.Date  `json:"from"`
	Source  Text         `json:"source"`
	Monthly ledger.Money `json:"monthly"`
}

// Origins of a policy value.
const (
	OriginNational   = "national_default"
	OriginPolicyFile = "policy_file"
)

func policyOf(p *service.PolicyInForce) PolicyView {
	out := PolicyView{Region: p.Region, On: p.On, Values: mapEach(p.Values, policyValueOf), LabourCost: labourCostOf(p.LabourCost),
		JuvenileForbiddenTrades: mapEach(p.JuvenileForbiddenTrades, func(c ledger.TradeCode) string { return string(c) }),
		SpecialOperationTrades:  mapEach(p.SpecialOperationTrades, func(c ledger.TradeCode) string { return string(c) }),
		Calendar: mapEach(p.Calendar, func(n ledger.Notice) NoticeView {
			return NoticeView{Year: n.Year, Source: textOf(n.SourceText()), DaysOff: append([][2]string{}, n.DaysOff...), Workdays: append([]string{}, n.Workdays...)}
		})}
	if a := p.AgeLimit; a != nil {
		out.AgeLimit = &AgeLimitView{Region: a.Region, From: a.From, Source: textOf(a.SourceText()), MinAge: a.MinAge, MaxAgeMale: a.MaxAgeMale,
			MaxAgeFemale: a.MaxAgeFemale, HazardousMale: a.HazardousMale, HazardousFemale: a.HazardousFem, HazardousTrades: mapEach(a.HazardousTrade, func(s string) string { return s })}
	}
	if m := p.MinimumWage; m != nil {
		out.MinimumWage = &MinimumWageView{Region: m.Region, From: m.From, Source: textOf(ledger.Verbatim(m.Source)), Monthly: m.Monthly}
	}
	return out
}

func policyValueOf(v ledger.Sourced) PolicyValue {
	out := PolicyValue{Key: string(v.Key), Kind: string(v.Kind), Value: v.Text, Origin: OriginNational, Source: textOf(v.Source)}
	if v.Region != "" {
		out.Origin, out.SetBy = OriginPolicyFile, &PolicyEntry{Region: v.Region, From: v.From}
	}
	return out
}
