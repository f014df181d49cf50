package ledger

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ChildLabourAge is the national floor: nobody under 16 may be employed
// (劳动法 Art. 15). It is law, not a regional parameter, so it is refused
// outright rather than warned about.
const ChildLabourAge = 16

// Policy holds the rules the law leaves to a region: dated, per-region
// parameters with built-in national defaults that a file can override
// (DESIGN.md principle 7). Code asks the policy; it never hard-codes them.
type Policy struct {
	AgeLimits    []AgeLimit    `json:"age_limits"`
	MinimumWages []MinimumWage `json:"minimum_wages"`
	// LabourCost are the regions' labour-cost rules (LabourCostRuleFor);
	// elsewhere NationalLabourCost applies.
	LabourCost []LabourCostRule `json:"labour_cost"`
}

// AgeLimit is a region's site age rule, in force from a date.
type AgeLimit struct {
	Region         string   `json:"region"` // a division code; its sub-divisions inherit it
	From           Date     `json:"from"`
	Source         string   `json:"source"`
	MinAge         int      `json:"min_age"`
	MaxAgeMale     int      `json:"max_age_male"`
	MaxAgeFemale   int      `json:"max_age_female"`
	HazardousMale  int      `json:"hazardous_max_age_male"`
	HazardousFem   int      `json:"hazardous_max_age_female"`
	HazardousTrade []string `json:"hazardous_trades"`
}

// MinimumWage is a region's monthly minimum wage from a date.
type MinimumWage struct {
	Region  string `json:"region"`
	From    Date   `json:"from"`
	Source  string `json:"source"`
	Monthly Money  `json:"monthly"`
}

// DefaultPolicy is the built-in policy: the rules found in the sources of
// DOMAIN.md. Where a region has no rule, none applies.
func DefaultPolicy() *Policy {
	return &Policy{
		AgeLimits: []AgeLimit{{
			Region: "310000", From: NewDate(2019, 1, 1), Source: "沪建质安联〔2019〕346号",
			MinAge: 18, MaxAgeMale: 60, MaxAgeFemale: 50, HazardousMale: 55, HazardousFem: 45,
			HazardousTrade: []string{"架子工", "高处作业", "登高架设", "地下作业", "隧道", "高温作业", "爆破工", "scaffolder", "work at height", "underground", "tunnelling"},
		}, {
			Region: "440300", From: NewDate(2021, 1, 1), Source: "深圳市 超龄人员管理",
			MaxAgeMale: 60, MaxAgeFemale: 50,
		}},
		LabourCost: []LabourCostRule{{
			Region: "110000", From: NewDate(2020, 5, 1), Source: "北京市: 人工费用拨付须载明拨付日期及进度款中的人工费用比例 (DOMAIN.md)",
			Cycle: CycleMonthly, Require: AllocationNeeds{AllocatedOn: true, LabourCostShare: true},
		}},
	}
}

// ParsePolicy reads a policy file (JSON). Its rules are added to the
// defaults; a rule for the same region and date replaces the default one.
func ParsePolicy(data []byte) (*Policy, error) {
	var p Policy
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("policy file: %w", err)
	}
	base := DefaultPolicy()
	for _, a := range p.AgeLimits {
		if err := CheckRegionCode(a.Region); err != nil {
			return nil, fmt.Errorf("policy file: age limit: %w", err)
		}
		base.AgeLimits = replaceDated(base.AgeLimits, a, func(x AgeLimit) (string, Date) { return x.Region, x.From })
	}
	for _, m := range p.MinimumWages {
		if err := CheckRegionCode(m.Region); err != nil {
			return nil, fmt.Errorf("policy file: minimum wage: %w", err)
		}
		if m.Monthly <= 0 {
			return nil, fmt.Errorf("policy file: minimum wage for %s must be more than zero", m.Region)
		}
		base.MinimumWages = replaceDated(base.MinimumWages, m, func(x MinimumWage) (string, Date) { return x.Region, x.From })
	}
	for _, r := range p.LabourCost {
		if err := r.checkRule(); err != nil {
			return nil, fmt.Errorf("policy file: %w", err)
		}
		base.LabourCost = replaceDated(base.LabourCost, r, func(x LabourCostRule) (string, Date) { return x.Region, x.From })
	}
	return base, nil
}

func replaceDated[T any](list []T, v T, key func(T) (string, Date)) []T {
	r, d := key(v)
	for i, x := range list {
		if xr, xd := key(x); xr == r && xd == d {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// pickDated returns the rule for region on date: the most specific region
// (district over city over province) whose rule is in force, the latest one.
func pickDated[T any](list []T, region string, on Date, key func(T) (string, Date)) (T, bool) {
	var best T
	found, bestLen := false, -1
	var bestFrom Date
	for _, x := range list {
		r, from := key(x)
		prefix := RegionPrefix(r)
		if !strings.HasPrefix(region, prefix) || from.After(on) {
			continue
		}
		if len(prefix) > bestLen || (len(prefix) == bestLen && from.After(bestFrom)) {
			best, found, bestLen, bestFrom = x, true, len(prefix), from
		}
	}
	return best, found
}

// AgeLimitFor returns the age rule in force in region on date, if any.
func (p *Policy) AgeLimitFor(region string, on Date) (AgeLimit, bool) {
	return pickDated(p.AgeLimits, region, on, func(a AgeLimit) (string, Date) { return a.Region, a.From })
}

// MinimumWageFor returns the monthly minimum wage in region on date, if known.
func (p *Policy) MinimumWageFor(region string, on Date) (MinimumWage, bool) {
	return pickDated(p.MinimumWages, region, on, func(m MinimumWage) (string, Date) { return m.Region, m.From })
}

// AgeWarnings explains each site age rule a worker breaks on a date. They are
// warnings, not refusals: the rules are local, and a clerk may have a reason.
func (p *Policy) AgeWarnings(id ResidentID, trade, region string, on Date) []string {
	rule, ok := p.AgeLimitFor(region, on)
	if !ok {
		return nil
	}
	age := id.AgeOn(on)
	var out []string
	if rule.MinAge > 0 && age < rule.MinAge {
		out = append(out, fmt.Sprintf("the worker is %d; %s allows nobody under %d on site (%s)", age, region, rule.MinAge, rule.Source))
	}
	max, what := rule.MaxAgeFemale, "women"
	if id.Male {
		max, what = rule.MaxAgeMale, "men"
	}
	if max > 0 && age > max {
		out = append(out, fmt.Sprintf("the worker is %d; %s allows no %s over %d on site (%s)", age, region, what, max, rule.Source))
	}
	hmax := rule.HazardousFem
	if id.Male {
		hmax = rule.HazardousMale
	}
	if hmax > 0 && age > hmax && isHazardous(trade, rule.HazardousTrade) && (max == 0 || age <= max) {
		out = append(out, fmt.Sprintf("the worker is %d; %s allows no %s over %d in hazardous work such as %s (%s)", age, region, what, hmax, trade, rule.Source))
	}
	sort.Strings(out)
	return out
}

func isHazardous(trade string, list []string) bool {
	t := strings.ToLower(strings.TrimSpace(trade))
	for _, h := range list {
		if t != "" && strings.Contains(t, strings.ToLower(h)) {
			return true
		}
	}
	return false
}
