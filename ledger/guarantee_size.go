package ledger

import (
	"fmt"
	"reflect"

	"github.com/shopspring/decimal"
)

// The wage guarantee's size (DOMAIN.md "Wage-guarantee size", 人社部发〔2021〕65号):
// contract amount × the region's rate, lowered for several projects in one
// area or for a clean record (never below the floor), raised after arrears,
// capped, raised for a place on the blacklist (only that raise may pass the
// cap), and nothing at all for a small contract of a contractor without
// arrears.

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
	// RuleExemptionWithheld: a small contract that is not exempt because the
	// record that would exempt it shows overdue wages or could not be checked.
	RuleExemptionWithheld SizingRule = "exemption_withheld"
	// RuleRecordUnavailable: a part of the contractor's record the books could
	// not check; it changes no amount and names what was not checked.
	RuleRecordUnavailable SizingRule = "record_unavailable"
)

// RecordPart names a part of a contractor's record that sizing reads.
type RecordPart string

const (
	// RecordArrearsHistory: the arrears found (and cleared) before signing,
	// which the nightly arrears alerts will keep; until then nobody knows them.
	RecordArrearsHistory RecordPart = "arrears_history"
	// RecordBlacklist: the serious-dishonesty list, when it could not be read.
	RecordBlacklist RecordPart = "blacklist"
)

// words says what is missing, in Chinese and in English.
func (p RecordPart) words() (zh, en string) {
	switch p {
	case RecordArrearsHistory:
		return "欠薪预警历史（签约前的拖欠记录）尚未建立", "there is no arrears-alert history yet, so arrears before signing are not known"
	case RecordBlacklist:
		return "失信联合惩戒名单无法读取", "the dishonesty list (blacklist) could not be read, so a listing is not known"
	}
	return string(p), string(p)
}

// ContractorRecord is what the general contractor's own history says, as
// far as sizing reads it. The zero value is a record that was read and holds
// nothing: no clean years claimed, no arrears, not blacklisted. What could
// not be read is named in Unchecked.
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
	// OverdueWages: wages are owed past their pay day on one of the
	// contractor's projects (what the books know of arrears now). It blocks
	// the exemption and the clean-record cut; it raises nothing, because
	// today's balances do not say the arrears were before signing.
	OverdueWages bool
	// Unchecked names the parts of the record nobody could check. The zero
	// value claims the whole record was read; a caller that could not read a
	// part must name it, and sizing then grants nothing that rests on it.
	Unchecked []RecordPart
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
	Value  Msg    // the policy value as written: "2%", "¥5000000.00", "3-year" (3 年)
	Source Msg    // Sourced.OriginMsg of the value, in the reader's language
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
	p        *Policy
	in       SizingInput
	rate     decimal.Decimal
	amount   Money
	isCapped bool // the cap set the amount
	out      RequiredGuarantee
}

func (s *sizing) param(k ParamKey) Sourced { return s.p.Param(k, s.in.Region, s.in.SignedOn) }

func (s *sizing) step(rule SizingRule, v Sourced, value Msg, zh, en string) {
	r := ""
	if rule == RuleBase || rule == RuleSeveralProjects || rule == RuleFloor || rule == RuleCleanRecord || rule == RuleArrearsRaise || (rule == RuleBlacklistRaise && !s.isCapped) {
		r = percent(s.rate)
	}
	s.out.Steps = append(s.out.Steps, SizingStep{Rule: rule, Param: v.Key, Value: value, Source: v.OriginMsg(), Rate: r, Amount: s.amount, Zh: zh, En: en})
}

// atRate is the contract amount at the running rate, 四舍五入 to the fen.
func (s *sizing) atRate() error {
	a, err := s.in.ContractAmount.MulRate(s.rate, RoundHalfUp)
	s.amount = a
	return err
}

// RequiredGuarantee sizes a project's guarantee under the policy in force
// in its region on the signing date. The rate is settled first (base, cuts,
// floor, arrears raise) and multiplies the contract amount once, rounded
// half up to the fen (四舍五入); only the blacklist raise multiplies an
// amount already capped, so it is the one raise that may pass the cap.
func (p *Policy) RequiredGuarantee(in SizingInput) (RequiredGuarantee, error) {
	if in.ContractAmount <= 0 {
		return RequiredGuarantee{}, Errorf(EInvalid, "a guarantee is sized on a contract amount above zero, got %s", in.ContractAmount)
	}
	s := &sizing{p: p, in: in}
	for _, f := range []func() error{s.base, s.recordGaps, s.severalProjects, s.cleanRecord, s.floor, s.arrearsRaise, s.capped, s.blacklistRaise, s.exemption} {
		if err := f(); err != nil {
			return RequiredGuarantee{}, err
		}
	}
	s.out.Amount = s.amount
	return s.out, nil
}

// SizingTurnsOnOverdueWages reports whether in's guarantee, sized under p,
// depends on whether its contractor owes wages past their pay day
// (Record.OverdueWages, whatever in says of it): sized both ways, the
// answers differ. Today's wages owed only withhold the exemption and the
// clean-record cut, so a large contract of a contractor without a long
// clean record is sized the same either way, and the nightly check reads
// the wages a contractor owes only for a project whose size turns on them.
func (p *Policy) SizingTurnsOnOverdueWages(in SizingInput) bool {
	in.Record.OverdueWages = false
	without, errWithout := p.RequiredGuarantee(in)
	in.Record.OverdueWages = true
	with, errWith := p.RequiredGuarantee(in)
	return (errWithout == nil) != (errWith == nil) || !reflect.DeepEqual(without, with)
}

func (s *sizing) base() error {
	v := s.param(GuaranteeBaseRate)
	s.rate = v.Rate()
	if err := s.atRate(); err != nil {
		return err
	}
	c := s.in.ContractAmount
	s.step(RuleBase, v, Verbatim(percent(s.rate)),
		fmt.Sprintf("合同金额 ¥%s × 基础存储比例 %s = ¥%s（四舍五入到分）。", c, percent(s.rate), s.amount),
		fmt.Sprintf("Contract amount ¥%s × base rate %s = ¥%s (rounded half up to the fen).", c, percent(s.rate), s.amount))
	return nil
}

// severalProjects lowers the rate for a contractor with several projects in
// the area (65号 第七条); the floor is applied after every cut (floor).
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
	s.step(RuleSeveralProjects, cut, Verbatim(percent(cut.Rate())),
		fmt.Sprintf("总承包单位在本地区有 %d 个在建项目（不少于 %d 个），比例下浮 %s，为 %s：¥%s。", n, minimum.Count(), percent(cut.Rate()), percent(s.rate), s.amount),
		fmt.Sprintf("The contractor has %d projects under construction in the area (at least %d): the rate is lowered by %s to %s: ¥%s.", n, minimum.Count(), percent(cut.Rate()), percent(s.rate), s.amount))
	return nil
}

// cleanRecord cuts the rate after consecutive years without arrears (65号 第八条).
func (s *sizing) cleanRecord() error {
	years, cut := s.param(GuaranteeCleanYears), s.param(GuaranteeCleanCut)
	r := s.in.Record
	if r.CleanYears < years.Count() || r.ArrearsInLookback || r.Blacklisted || r.OverdueWages {
		return nil
	}
	s.rate = s.rate.Mul(decimal.NewFromInt(1).Sub(cut.Rate()))
	if err := s.atRate(); err != nil {
		return err
	}
	s.step(RuleCleanRecord, cut, Verbatim(percent(cut.Rate())),
		fmt.Sprintf("连续 %d 年无拖欠（不少于 %d 年），比例下浮 %s，为 %s：¥%s。", r.CleanYears, years.Count(), percent(cut.Rate()), percent(s.rate), s.amount),
		fmt.Sprintf("%d consecutive years without arrears (at least %d): the rate is cut by %s to %s: ¥%s.", r.CleanYears, years.Count(), percent(cut.Rate()), percent(s.rate), s.amount))
	return nil
}

// floor: however the rate was lowered — for several projects, for a clean
// record, or both — it is never below the floor (65号 第七条, DOMAIN.md
// "never below 0.5%"). Art. 12's "cut by ≥ 50% on new projects" sets no
// floor of its own, and the reference (regulations.md §2) names no rate
// under 0.5% anywhere (Fujian's two clean years give exactly 0.5%): the
// floor is read as the lowest rate the law allows at all, so it binds after
// the clean-record cut too. A guarantee sized too small leaves workers
// unpaid; one sized too large only holds the contractor's money longer.
func (s *sizing) floor() error {
	floor := s.param(GuaranteeSeveralFloorRate)
	if !s.rate.LessThan(floor.Rate()) {
		return nil
	}
	s.rate = floor.Rate()
	if err := s.atRate(); err != nil {
		return err
	}
	s.step(RuleFloor, floor, Verbatim(percent(s.rate)),
		fmt.Sprintf("下浮后不得低于 %s：按 %s 计，¥%s。", percent(s.rate), percent(s.rate), s.amount),
		fmt.Sprintf("The lowered rate may not fall below %s: %s applies, ¥%s.", percent(s.rate), percent(s.rate), s.amount))
	return nil
}

// arrearsRaise raises the rate after arrears in the lookback years (65号
// 第八条), before the cap: only the blacklist raise may pass it. A
// blacklisted contractor gets the blacklist raise instead.
func (s *sizing) arrearsRaise() error {
	r := s.in.Record
	if r.Blacklisted || !r.ArrearsInLookback {
		return nil
	}
	v, years := s.param(GuaranteeArrearsRaise), s.param(GuaranteeArrearsYears).Count()
	before := s.rate
	s.rate = s.rate.Mul(decimal.NewFromInt(1).Add(v.Rate()))
	if err := s.atRate(); err != nil {
		return err
	}
	c := s.in.ContractAmount
	s.step(RuleArrearsRaise, v, Verbatim(percent(v.Rate())),
		fmt.Sprintf("签约前 %d 年内有拖欠，比例上浮 %s：%s × %s = %s；¥%s × %s = ¥%s（四舍五入到分）。", years, percent(v.Rate()), percent(before), percent(decimal.NewFromInt(1).Add(v.Rate())), percent(s.rate), c, percent(s.rate), s.amount),
		fmt.Sprintf("Arrears in the %d years before signing: the rate is raised by %s, %s × %s = %s; ¥%s × %s = ¥%s (rounded half up to the fen).", years, percent(v.Rate()), percent(before), percent(decimal.NewFromInt(1).Add(v.Rate())), percent(s.rate), c, percent(s.rate), s.amount))
	return nil
}

// capped applies the cap per contract, when the region has one.
func (s *sizing) capped() error {
	c := s.param(GuaranteeCap)
	if c.None() || s.amount <= c.Money() {
		return nil
	}
	before := s.amount
	s.amount, s.isCapped = c.Money(), true
	s.step(RuleCap, c, Verbatim("¥"+c.Money().String()),
		fmt.Sprintf("¥%s 超过单个合同上限 ¥%s，按上限计：¥%s。", before, c.Money(), s.amount),
		fmt.Sprintf("¥%s is above the cap per contract of ¥%s: the cap applies, ¥%s.", before, c.Money(), s.amount))
	return nil
}

// blacklistRaise raises the amount for a contractor on the
// serious-dishonesty list; this raise alone may pass the cap (65号 第八条).
// Uncapped, it raises the rate and multiplies the contract once; capped, it
// multiplies the cap, an amount in whole fen.
func (s *sizing) blacklistRaise() error {
	if !s.in.Record.Blacklisted {
		return nil
	}
	v := s.param(GuaranteeBlacklistRaise)
	factor := decimal.NewFromInt(1).Add(v.Rate())
	before, base := s.amount, "¥"+s.in.ContractAmount.String()+" × "+percent(s.rate.Mul(factor))
	var err error
	if s.isCapped {
		s.amount, err = before.MulRate(factor, RoundHalfUp)
		base = "¥" + before.String() + " × " + percent(factor)
	} else {
		s.rate = s.rate.Mul(factor)
		err = s.atRate()
	}
	if err != nil {
		return err
	}
	s.step(RuleBlacklistRaise, v, Verbatim(percent(v.Rate())),
		fmt.Sprintf("列入拖欠农民工工资失信联合惩戒对象名单，上浮 %s：%s = ¥%s（可超过上限）。", percent(v.Rate()), base, s.amount),
		fmt.Sprintf("On the list of seriously dishonest employers: raised by %s, %s = ¥%s (the raise may pass the cap).", percent(v.Rate()), base, s.amount))
	return nil
}

// recordGaps states, right after the base, each part of the contractor's record
// the books could not check, so that no later step reads as a clean record
// that was never looked at.
func (s *sizing) recordGaps() error {
	for _, part := range s.in.Record.Unchecked {
		zh, en := part.words()
		s.out.Steps = append(s.out.Steps, SizingStep{Rule: RuleRecordUnavailable, Value: Verbatim(string(part)), Source: M("wageguard's own records"), Amount: s.amount,
			Zh: "记录不可用：" + zh + "，相关的下浮、免除未予适用。", En: "Record unavailable: " + en + "; no cut or exemption that depends on it is applied."})
	}
	return nil
}

// exemption: a small contract of a contractor without arrears in the year
// before signing, or a long compliant record where the region offers it,
// needs no guarantee (65号 第六条, 第八条). A blacklisted contractor is never
// exempt, nor one with wages overdue today. An exemption rests on a record
// that was checked: with any part of it unavailable, a small contract is not
// exempt, and a step says why (the conservative choice: a missing guarantee
// leaves workers without cover; a contractor with a clean record can still
// show it to the authority, which can exempt it by decision).
func (s *sizing) exemption() error {
	r := s.in.Record
	below, years := s.param(GuaranteeExemptBelow), s.param(GuaranteeExemptCleanYears)
	small := s.in.ContractAmount < below.Money() && !r.ArrearsYearBefore
	var zh, en string
	var v Sourced
	switch {
	case r.Blacklisted && s.in.ContractAmount < below.Money():
		s.step(RuleExemptionWithheld, below, Verbatim("¥"+below.Money().String()),
			fmt.Sprintf("合同金额 ¥%s 低于 ¥%s，但该总承包单位签约时在拖欠农民工工资失信联合惩戒对象名单上：不予免除，¥%s。", s.in.ContractAmount, below.Money(), s.amount),
			fmt.Sprintf("The contract amount ¥%s is below ¥%s, but the contractor was on the dishonesty list (blacklist) when it signed: not exempt, ¥%s.", s.in.ContractAmount, below.Money(), s.amount))
		return nil
	case r.Blacklisted:
		return nil
	case small && r.OverdueWages:
		s.step(RuleExemptionWithheld, below, Verbatim("¥"+below.Money().String()),
			fmt.Sprintf("合同金额 ¥%s 低于 ¥%s，但该总承包单位的项目有逾期未付工资：不予免除，¥%s。", s.in.ContractAmount, below.Money(), s.amount),
			fmt.Sprintf("The contract amount ¥%s is below ¥%s, but wages are owed past their pay day on the contractor's projects: not exempt, ¥%s.", s.in.ContractAmount, below.Money(), s.amount))
		return nil
	case small && len(r.Unchecked) > 0:
		s.step(RuleExemptionWithheld, below, Verbatim("¥"+below.Money().String()),
			fmt.Sprintf("合同金额 ¥%s 低于 ¥%s，但签约前一年无拖欠无法核实（记录不完整）：不予免除，¥%s。", s.in.ContractAmount, below.Money(), s.amount),
			fmt.Sprintf("The contract amount ¥%s is below ¥%s, but no arrears in the year before signing cannot be checked (the record is incomplete): not exempt, ¥%s.", s.in.ContractAmount, below.Money(), s.amount))
		return nil
	case r.OverdueWages || len(r.Unchecked) > 0:
		return nil
	case small:
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
	value := Verbatim("¥" + v.Money().String())
	if v.Key == GuaranteeExemptCleanYears {
		value = M("%d-year", v.Count())
	}
	s.step(RuleExemption, v, value, zh, en)
	return nil
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
