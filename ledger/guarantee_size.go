package ledger

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// The wage guarantee's size (DOMAIN.md "Wage-guarantee size", 人社部发〔2021〕65号):
// contract amount × the region's rate, lowered for several projects in one
// area (never below the floor) or for a clean record, capped, raised after
// arrears or a place on the blacklist (the raise may pass the cap), and
// nothing at all for a small contract of a contractor without arrears.

// SizingRule names one step of the sizing.
type SizingRule string

const (
	RuleBase            SizingRule = "base"             // contract × base rate
	RuleSeveralProjects SizingRule = "several_projects" // rate lowered for several projects in the area
	RuleFloor           SizingRule = "floor"            // … but never below the floor rate
	RuleCleanRecord     SizingRule = "clean_record"     // rate cut after clean years
	RuleCap             SizingRule = "cap"              // amount capped per contract
	RuleArrearsRaise    SizingRule = "arrears_raise"    // amount raised after recent arrears
	RuleBlacklistRaise  SizingRule = "blacklist_raise"  // amount raised for a blacklisted contractor
	RuleExemption       SizingRule = "exemption"        // nothing required
)

// ContractorRecord is what the general contractor's own history says, as
// far as sizing reads it. The zero value is "no record": no clean years
// claimed, no arrears, not blacklisted.
type ContractorRecord struct {
	// ProjectsInArea counts the contractor's active projects in the same
	// area, this one included.
	ProjectsInArea int
	// CleanYears is how many consecutive years before signing the
	// contractor had no arrears.
	CleanYears int
	// CompliantYears is how many of those it also kept real-name
	// registration and the wage account in order.
	CompliantYears int
	// ArrearsInLookback: arrears within the policy's lookback years before signing.
	ArrearsInLookback bool
	// ArrearsYearBefore: arrears in the year before signing (no exemption).
	ArrearsYearBefore bool
	// Blacklisted: on the serious-dishonesty list when the contract was signed.
	Blacklisted bool
}

// SizingInput is what the sizing of one project's guarantee depends on.
type SizingInput struct {
	ContractAmount Money
	Region         string
	SignedOn       Date // the policy in force on this date applies
	Record         ContractorRecord
}

// SizingStep is one step of the explanation, as data: the rule, the policy
// value it used and where that came from, the amount after it, and a
// sentence in Chinese and in English that a clerk can check by hand.
type SizingStep struct {
	Rule   SizingRule
	Param  ParamKey
	Value  string // the policy value as written: "2%", "¥5000000.00", "2 years"
	Source string // Sourced.Origin of the value
	Rate   string // the rate in force after the step, "" once amounts are fixed
	Amount Money  // the required amount after the step
	Zh, En string
}

// RequiredGuarantee is the sized guarantee with its explanation.
type RequiredGuarantee struct {
	Amount Money
	Exempt bool
	Steps  []SizingStep
}

// sizing carries the running state while the steps are added.
type sizing struct {
	p      *Policy
	in     SizingInput
	rate   decimal.Decimal
	amount Money
	out    RequiredGuarantee
}

func (s *sizing) param(k ParamKey) Sourced { return s.p.Param(k, s.in.Region, s.in.SignedOn) }

func (s *sizing) step(rule SizingRule, v Sourced, value string, zh, en string) {
	r := ""
	if rule == RuleBase || rule == RuleSeveralProjects || rule == RuleFloor || rule == RuleCleanRecord {
		r = percent(s.rate)
	}
	s.out.Steps = append(s.out.Steps, SizingStep{Rule: rule, Param: v.Key, Value: value, Source: v.Origin(), Rate: r, Amount: s.amount, Zh: zh, En: en})
}

// atRate is the contract amount at the running rate, 四舍五入 to the fen.
func (s *sizing) atRate() error {
	a, err := s.in.ContractAmount.MulRate(s.rate, RoundHalfUp)
	s.amount = a
	return err
}

// RequiredGuarantee sizes a project's guarantee under the policy in force
// in its region on the signing date. Every amount is rounded half up to the
// fen (四舍五入) where a rate multiplies it, and only there.
func (p *Policy) RequiredGuarantee(in SizingInput) (RequiredGuarantee, error) {
	if in.ContractAmount <= 0 {
		return RequiredGuarantee{}, Errorf(EInvalid, "a guarantee is sized on a contract amount above zero, got %s", in.ContractAmount)
	}
	s := &sizing{p: p, in: in}
	for _, f := range []func() error{s.base, s.severalProjects, s.cleanRecord, s.capped, s.raised, s.exemption} {
		if err := f(); err != nil {
			return RequiredGuarantee{}, err
		}
	}
	s.out.Amount = s.amount
	return s.out, nil
}

func (s *sizing) base() error {
	v := s.param(GuaranteeBaseRate)
	s.rate = v.Rate()
	if err := s.atRate(); err != nil {
		return err
	}
	c := s.in.ContractAmount
	s.step(RuleBase, v, percent(s.rate),
		fmt.Sprintf("合同金额 ¥%s × 基础存储比例 %s = ¥%s（四舍五入到分）。", c, percent(s.rate), s.amount),
		fmt.Sprintf("Contract amount ¥%s × base rate %s = ¥%s (rounded half up to the fen).", c, percent(s.rate), s.amount))
	return nil
}

// severalProjects lowers the rate for a contractor with several projects in
// the area, never below the floor (65号 第七条).
func (s *sizing) severalProjects() error {
	minimum, cut := s.param(GuaranteeSeveralMinProjects), s.param(GuaranteeSeveralCut)
	n := s.in.Record.ProjectsInArea
	if n < minimum.Count() || cut.Rate().IsZero() {
		return nil
	}
	s.rate = s.rate.Mul(decimal.NewFromInt(1).Sub(cut.Rate()))
	if err := s.atRate(); err != nil {
		return err
	}
	s.step(RuleSeveralProjects, cut, percent(cut.Rate()),
		fmt.Sprintf("总承包单位在本地区有 %d 个在建项目（不少于 %d 个），比例下浮 %s，为 %s：¥%s。", n, minimum.Count(), percent(cut.Rate()), percent(s.rate), s.amount),
		fmt.Sprintf("The contractor has %d projects under construction in the area (at least %d): the rate is lowered by %s to %s: ¥%s.", n, minimum.Count(), percent(cut.Rate()), percent(s.rate), s.amount))
	floor := s.param(GuaranteeSeveralFloorRate)
	if !s.rate.LessThan(floor.Rate()) {
		return nil
	}
	s.rate = floor.Rate()
	if err := s.atRate(); err != nil {
		return err
	}
	s.step(RuleFloor, floor, percent(s.rate),
		fmt.Sprintf("下浮后不得低于 %s：按 %s 计，¥%s。", percent(s.rate), percent(s.rate), s.amount),
		fmt.Sprintf("The lowered rate may not fall below %s: %s applies, ¥%s.", percent(s.rate), percent(s.rate), s.amount))
	return nil
}

// cleanRecord cuts the rate after consecutive years without arrears (65号 第八条).
func (s *sizing) cleanRecord() error {
	years, cut := s.param(GuaranteeCleanYears), s.param(GuaranteeCleanCut)
	r := s.in.Record
	if r.CleanYears < years.Count() || r.ArrearsInLookback || r.Blacklisted {
		return nil
	}
	s.rate = s.rate.Mul(decimal.NewFromInt(1).Sub(cut.Rate()))
	if err := s.atRate(); err != nil {
		return err
	}
	s.step(RuleCleanRecord, cut, percent(cut.Rate()),
		fmt.Sprintf("连续 %d 年无拖欠（不少于 %d 年），比例下浮 %s，为 %s：¥%s。", r.CleanYears, years.Count(), percent(cut.Rate()), percent(s.rate), s.amount),
		fmt.Sprintf("%d consecutive years without arrears (at least %d): the rate is cut by %s to %s: ¥%s.", r.CleanYears, years.Count(), percent(cut.Rate()), percent(s.rate), s.amount))
	return nil
}

// capped applies the cap per contract, when the region has one.
func (s *sizing) capped() error {
	c := s.param(GuaranteeCap)
	if c.None() || s.amount <= c.Money() {
		return nil
	}
	before := s.amount
	s.amount = c.Money()
	s.step(RuleCap, c, "¥"+c.Money().String(),
		fmt.Sprintf("¥%s 超过单个合同上限 ¥%s，按上限计：¥%s。", before, c.Money(), s.amount),
		fmt.Sprintf("¥%s is above the cap per contract of ¥%s: the cap applies, ¥%s.", before, c.Money(), s.amount))
	return nil
}

// raised raises the amount after arrears, or more for a blacklisted
// contractor; the raise may pass the cap (65号 第八条).
func (s *sizing) raised() error {
	r := s.in.Record
	rule, v := RuleArrearsRaise, s.param(GuaranteeArrearsRaise)
	zh, en := fmt.Sprintf("签约前 %d 年内有拖欠", s.param(GuaranteeArrearsYears).Count()), fmt.Sprintf("arrears in the %d years before signing", s.param(GuaranteeArrearsYears).Count())
	switch {
	case r.Blacklisted:
		rule, v = RuleBlacklistRaise, s.param(GuaranteeBlacklistRaise)
		zh, en = "列入拖欠农民工工资失信联合惩戒对象名单", "on the list of seriously dishonest employers"
	case !r.ArrearsInLookback:
		return nil
	}
	before := s.amount
	a, err := before.MulRate(decimal.NewFromInt(1).Add(v.Rate()), RoundHalfUp)
	if err != nil {
		return err
	}
	s.amount = a
	s.step(rule, v, percent(v.Rate()),
		fmt.Sprintf("%s，上浮 %s：¥%s × %s = ¥%s（可超过上限）。", zh, percent(v.Rate()), before, percent(decimal.NewFromInt(1).Add(v.Rate())), s.amount),
		fmt.Sprintf("%s: raised by %s, ¥%s × %s = ¥%s (the raise may pass the cap).", capitalise(en), percent(v.Rate()), before, percent(decimal.NewFromInt(1).Add(v.Rate())), s.amount))
	return nil
}

// exemption: a small contract of a contractor without arrears in the year
// before signing, or a long compliant record where the region offers it,
// needs no guarantee (65号 第六条, 第八条). A blacklisted contractor is never exempt.
func (s *sizing) exemption() error {
	r := s.in.Record
	if r.Blacklisted {
		return nil
	}
	below, years := s.param(GuaranteeExemptBelow), s.param(GuaranteeExemptCleanYears)
	var zh, en string
	var v Sourced
	switch {
	case s.in.ContractAmount < below.Money() && !r.ArrearsYearBefore:
		v = below
		zh = fmt.Sprintf("合同金额 ¥%s 低于 ¥%s，且签约前一年内无拖欠：免于存储，¥0.00。", s.in.ContractAmount, below.Money())
		en = fmt.Sprintf("The contract amount ¥%s is below ¥%s and there were no arrears in the year before signing: exempt, ¥0.00.", s.in.ContractAmount, below.Money())
	case years.Count() > 0 && r.CompliantYears >= years.Count() && !r.ArrearsInLookback:
		v = years
		zh = fmt.Sprintf("连续 %d 年无拖欠且实名制、专用账户管理规范（不少于 %d 年）：免于存储，¥0.00。", r.CompliantYears, years.Count())
		en = fmt.Sprintf("%d consecutive compliant years without arrears (at least %d): exempt, ¥0.00.", r.CompliantYears, years.Count())
	default:
		return nil
	}
	s.amount, s.out.Exempt = 0, true
	value := "¥" + v.Money().String()
	if v.Key == GuaranteeExemptCleanYears {
		value = fmt.Sprintf("%d years", v.Count())
	}
	s.step(RuleExemption, v, value, zh, en)
	return nil
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// GuaranteeArea is the prefix of the region codes that count as one area for
// the several-projects rule: the city (prefecture) level, at which deposits
// are managed where the project is (属地管理).
func GuaranteeArea(region string) string {
	if len(region) < 4 {
		return region
	}
	return region[:4]
}
