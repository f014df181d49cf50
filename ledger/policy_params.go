package ledger

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// ParamKey names one value the law leaves to a region or a contract (a
// [param] of DOMAIN.md). Keys are dotted, grouped by what they govern.
type ParamKey string

// Every [param] of DOMAIN.md, with the rules that read it.
const (
	// Guarantee sizing (DOMAIN.md "Wage-guarantee size", 人社部发〔2021〕65号).
	GuaranteeBaseRate           ParamKey = "guarantee.base_rate"
	GuaranteeCap                ParamKey = "guarantee.cap"
	GuaranteeSeveralMinProjects ParamKey = "guarantee.several_projects.min_projects"
	GuaranteeSeveralCut         ParamKey = "guarantee.several_projects.cut"
	GuaranteeSeveralFloorRate   ParamKey = "guarantee.several_projects.floor_rate"
	GuaranteeCleanYears         ParamKey = "guarantee.clean_years"
	GuaranteeCleanCut           ParamKey = "guarantee.clean_years.cut"
	GuaranteeArrearsYears       ParamKey = "guarantee.arrears.lookback_years"
	GuaranteeArrearsRaise       ParamKey = "guarantee.arrears.raise"
	GuaranteeBlacklistRaise     ParamKey = "guarantee.blacklist.raise"
	GuaranteeExemptBelow        ParamKey = "guarantee.exemption.contract_below"
	GuaranteeExemptCleanYears   ParamKey = "guarantee.exemption.clean_years"
	GuaranteeDepositWorkingDays ParamKey = "guarantee.deposit_due.working_days"
	GuaranteeLetterMinMonths    ParamKey = "guarantee.letter.min_months"
	GuaranteeExpiringDays       ParamKey = "guarantee.expiring_within.days"
	GuaranteeDrawdownPayDays    ParamKey = "guarantee.drawdown.pay_working_days"
	GuaranteeTopUpWorkingDays   ParamKey = "guarantee.top_up.working_days"
	GuaranteeReleaseWaitingDays ParamKey = "guarantee.release.waiting_days"
	// RemovedAllocationCycleMonths was a policy value no rule ever read; the
	// labour-cost cycle in force is the region's labour_cost rule
	// (LabourCostRuleFor). A file that still sets it is refused saying so.
	RemovedAllocationCycleMonths ParamKey = "allocation.cycle_months"
	AllocationEscalateInARow     ParamKey = "allocation.escalate.consecutive_missed"
	AllocationEscalateCumulative ParamKey = "allocation.escalate.cumulative_missed"
	PaymentFailedGraceDays       ParamKey = "payment_failed.grace_days"
	ExitSettlementDays           ParamKey = "exit_settlement.days"
	BlacklistOneWorkerMonths     ParamKey = "blacklist.one_worker.months"
	BlacklistOneWorkerAmount     ParamKey = "blacklist.one_worker.amount"
	BlacklistManyWorkersCount    ParamKey = "blacklist.many_workers.count"
	BlacklistManyWorkersAmount   ParamKey = "blacklist.many_workers.amount"
	BlacklistReplyWorkingDays    ParamKey = "blacklist.reply.working_days"
	BlacklistListingYears        ParamKey = "blacklist.listing.years"
	BlacklistRemovalMonths       ParamKey = "blacklist.removal.months_since_correction"
	// The nightly rules' escalations and the full month of below_minimum_wage.
	WagesUnpaidCriticalDays       ParamKey = "wages_unpaid.critical_after_days"
	PayrollMissingHighDays        ParamKey = "payroll_missing.high_after_days"
	MinimumWageFullMonthCentidays ParamKey = "minimum_wage.full_month_centidays"
	// Work-injury insurance (injury_insurance_expiring).
	InjuryInsuranceExpiringDays ParamKey = "injury_insurance.expiring_within.days"
	// How far back days worked without cover are still found (monthly).
	SafetyDaysLookbackMonths ParamKey = "safety.days_worked.lookback_months"
	// Four-eyes on payrolls (CheckFourEyes).
	PayrollFourEyesExemptLines ParamKey = "payroll.four_eyes.exempt_lines"
	// The worker's payslip link and confirmation (REG Art. 31).
	PayslipValidDays        ParamKey = "payslip.token.valid_days"
	PayslipBlockUnconfirmed ParamKey = "payslip.unconfirmed.block_approval"
	// The deadline of an order to pay when the inspector names none.
	OrderDeadlineWorkingDays ParamKey = "order.deadline.working_days"
	// The latest deadline an inspector may give an order to pay.
	OrderDeadlineMaxWorkingDays ParamKey = "order.deadline.max_working_days"
)

// The site age limits, minimum wages and the trades juveniles may not work
// in are [param]s too; they are kept in their own shapes (Policy.AgeLimits,
// MinimumWages, JuvenileForbiddenTrades) and shown by GET /policy with these.

// ParamKind is the type of a parameter's value.
type ParamKind string

const (
	KindRate  ParamKind = "rate"  // a decimal fraction: "0.02" is 2%
	KindMoney ParamKind = "money" // yuan, a decimal string; "none" allowed where optional
	KindCount ParamKind = "count" // a whole number of days, months, years or workers
)

// ParamSpec is one parameter: its kind, its national default with the rule
// that sets it, and the range the law allows a region to choose from.
type ParamSpec struct {
	Key      ParamKey
	Kind     ParamKind
	Optional bool   // a money value that may be "none" (no cap)
	Default  string // canonical text; "" with Optional is none
	Source   Msg    // where the national default comes from, a catalogue message
	min, max string // the law's range, inclusive; "" is unbounded
}

// The documents the sources cite. A document number (人社部发〔2021〕65号)
// or a law's Chinese title is how a clerk looks the document up, so it is
// the same in every language; an English sentence names a law in English
// with its Chinese title beside it.
const (
	src65    = "人社部发〔2021〕65号"
	srcCrime = "法释〔2013〕3号"
	srcBL    = "人社部令第45号"
	srcDays  = "劳社部发〔2008〕3号"
)

var (
	docREG  = M("the Regulations on Ensuring the Payment of Wages to Migrant Workers (保障农民工工资支付条例)")
	docLSIR = M("the Labour Security Inspection Regulations (劳动保障监察条例)")
	docArb  = M("the Labour Dispute Mediation and Arbitration Law (劳动争议调解仲裁法)")
)

// paramSpecs is every parameter. Defaults are national: where the law gives
// a range, the default is the end that asks least of the contractor unless
// a region says otherwise, and says so. Each source is a catalogue message
// (pkg/i18n catalogue_policy_sources.go): a format with a literal % writes
// it %%, and so takes an argument, or the catalogue would print it doubled.
var paramSpecs = []ParamSpec{
	{Key: GuaranteeBaseRate, Kind: KindRate, Default: "0.01", Source: M("%s Art. 5: 1%%–3%% of the contract amount; the national default is the floor of the range", src65), min: "0.01", max: "0.03"},
	{Key: GuaranteeCap, Kind: KindMoney, Optional: true, Source: M("%s Art. 5: a province may cap the deposit per contract; no cap nationally", src65), min: "0.01"},
	{Key: GuaranteeSeveralMinProjects, Kind: KindCount, Default: "2", Source: M("%s Art. 7: several projects under construction in the same area", src65), min: "2"},
	{Key: GuaranteeSeveralCut, Kind: KindRate, Default: "0", Source: M("%s Art. 7: the rate may be lowered for several projects in one area; no cut nationally", src65), min: "0", max: "0.99"},
	{Key: GuaranteeSeveralFloorRate, Kind: KindRate, Default: "0.005", Source: M("%s Art. 7: never below 0.5%% of the contract amount, after every cut (several projects and a clean record)", src65), min: "0.005", max: "0.03"},
	{Key: GuaranteeCleanYears, Kind: KindCount, Default: "2", Source: M("%s Art. 8: 2 consecutive years without arrears", src65), min: "1"},
	{Key: GuaranteeCleanCut, Kind: KindRate, Default: "0.5", Source: M("%s Art. 8: the rate is cut by at least 50%%", src65), min: "0.5", max: "1"},
	{Key: GuaranteeArrearsYears, Kind: KindCount, Default: "2", Source: M("%s Art. 8: arrears in the 2 years before", src65), min: "1"},
	{Key: GuaranteeArrearsRaise, Kind: KindRate, Default: "0.5", Source: M("%s Art. 8: the amount is raised by at least 50%%", src65), min: "0.5", max: "10"},
	{Key: GuaranteeBlacklistRaise, Kind: KindRate, Default: "1", Source: M("%s Art. 8: on the serious-dishonesty list, raised by at least 100%%", src65), min: "1", max: "10"},
	{Key: GuaranteeExemptBelow, Kind: KindMoney, Default: "3000000.00", Source: M("%s Art. 6: contracts below ¥3,000,000 without arrears in the year before signing are exempt", src65), min: "0.00"},
	{Key: GuaranteeExemptCleanYears, Kind: KindCount, Default: "0", Source: M("%s Art. 8: 3 clean years with full compliance may be exempt; 0: not offered nationally", src65), min: "0"},
	{Key: GuaranteeDepositWorkingDays, Kind: KindCount, Default: "20", Source: M("%s Art. 9: lodged within 20 working days of the permit", src65), min: "1"},
	{Key: GuaranteeLetterMinMonths, Kind: KindCount, Default: "12", Source: M("%s Art. 10: a letter is valid at least one year and not shorter than the contract", src65), min: "12"},
	{Key: GuaranteeExpiringDays, Kind: KindCount, Default: "30", Source: M("%s Art. 10: reminded one month before the letter expires", src65), min: "1"},
	{Key: GuaranteeDrawdownPayDays, Kind: KindCount, Default: "5", Source: M("%s Art. 13: the bank pays within 5 working days", src65), min: "1", max: "5"},
	{Key: GuaranteeTopUpWorkingDays, Kind: KindCount, Default: "10", Source: M("%s Art. 14: topped up within 10 working days", src65), min: "1", max: "10"},
	{Key: GuaranteeReleaseWaitingDays, Kind: KindCount, Default: "30", Source: M("%s Art. 15: 30 days of public notice after completion", src65), min: "30"},
	{Key: AllocationEscalateInARow, Kind: KindCount, Default: "2", Source: M("DOMAIN.md allocation_overdue: critical at 2 consecutive missed cycles"), min: "1"},
	{Key: AllocationEscalateCumulative, Kind: KindCount, Default: "3", Source: M("DOMAIN.md allocation_overdue: critical at 3 cumulative missed cycles"), min: "1"},
	{Key: PaymentFailedGraceDays, Kind: KindCount, Default: "5", Source: M("DOMAIN.md payment_failed: a failed payment repaid within N days raises nothing; N as the drawdown's 5 days"), min: "1", max: "30"},
	{Key: ExitSettlementDays, Kind: KindCount, Default: "30", Source: M("DOMAIN.md exit_unsettled: days worked paid within 30 days of leaving"), min: "1"},
	{Key: BlacklistOneWorkerMonths, Kind: KindCount, Default: "3", Source: M("%s Art. 3: one worker owed 3 months or more", srcCrime), min: "1"},
	{Key: BlacklistOneWorkerAmount, Kind: KindMoney, Default: "5000.00", Source: M("%s Art. 3: ¥5,000–20,000 by province; the national default is the floor", srcCrime), min: "5000.00", max: "20000.00"},
	{Key: BlacklistManyWorkersCount, Kind: KindCount, Default: "10", Source: M("%s Art. 3: 10 workers or more", srcCrime), min: "1"},
	{Key: WagesUnpaidCriticalDays, Kind: KindCount, Default: "30", Source: M("DOMAIN.md wages_unpaid: high; critical after 30 days"), min: "1"},
	{Key: PayrollMissingHighDays, Kind: KindCount, Default: "30", Source: M("DOMAIN.md payroll_missing: medium; high after 30 more days"), min: "1"},
	{Key: InjuryInsuranceExpiringDays, Kind: KindCount, Default: "30", Source: M("DOMAIN.md injury_insurance_expiring: a project's work-injury policy ending within 30 days, as a guarantee letter is reminded one month ahead"), min: "1", max: "366"},
	{Key: SafetyDaysLookbackMonths, Kind: KindCount, Default: "24", Source: M("%s Art. 20: a violation the labour inspectorate has not found, and nobody reported or complained of, within 2 years is no longer pursued; days worked without work-injury insurance or an operation certificate are found per month for the months that ended within this many months before the check's month", docLSIR), min: "1", max: "120"},
	{Key: MinimumWageFullMonthCentidays, Kind: KindCount, Default: "2175", Source: M("DOMAIN.md below_minimum_wage: a full month's pay; 21.75 days (in hundredths of a day) is the national monthly standard of working days (%s)", srcDays), min: "100", max: "3100"},
	{Key: PayrollFourEyesExemptLines, Kind: KindCount, Default: "0", Source: M("wageguard four-eyes control (DOMAIN.md, payroll: the employer submits, the GC wage officer reviews and approves): neither the API key that submitted a payroll nor another key of the organisation that submitted it approves it (the GC's own payroll: another GC key); a region may let a small contractor, whose payroll pays at most this many workers, approve its own; 0: never"), min: "0", max: "50"},
	{Key: PayslipValidDays, Kind: KindCount, Default: "365", Source: M("payslip links stay valid a year after issue, the limitation period of a wage claim in arbitration (%s Art. 27)", docArb), min: "1", max: "1100"},
	{Key: PayslipBlockUnconfirmed, Kind: KindCount, Default: "0", Source: M("%s Art. 31: the worker confirms the payroll; 0 warns of lines not confirmed at approval, 1 refuses the approval until every line is confirmed", docREG), min: "0", max: "1"},
	{Key: OrderDeadlineWorkingDays, Kind: KindCount, Default: "10", Source: M("%s Art. 26: the inspector orders payment within a deadline; the default when the order names no date is 10 working days", docLSIR), min: "1", max: "60"},
	{Key: BlacklistReplyWorkingDays, Kind: KindCount, Default: "5", Source: M("%s: prior written notice with a period to state and defend; the reference quotes no figure, 5 working days is the period commonly applied", srcBL), min: "1", max: "30"},
	{Key: BlacklistListingYears, Kind: KindCount, Default: "3", Source: M("%s: listed for 3 years, a national rule a policy file cannot change", srcBL), min: "3", max: "3"},
	{Key: BlacklistRemovalMonths, Kind: KindCount, Default: "6", Source: M("%s: removed early after the wages are paid, 6 months since the correction and an integrity pledge", srcBL), min: "6", max: "36"},
	{Key: OrderDeadlineMaxWorkingDays, Kind: KindCount, Default: "60", Source: M("%s Art. 26 leaves the deadline of an order to pay to the inspector; wageguard bounds it so that a mistyped date cannot put the lapse, and the steps after it, years away: at most this many working days from the order", docLSIR), min: "1", max: "250"},
	{Key: BlacklistManyWorkersAmount, Kind: KindMoney, Default: "30000.00", Source: M("%s Art. 3: ¥30,000–100,000 by province; the national default is the floor", srcCrime), min: "30000.00", max: "100000.00"},
}

// ParamSpecs lists every parameter in key order.
func ParamSpecs() []ParamSpec {
	out := append([]ParamSpec(nil), paramSpecs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func specOf(k ParamKey) (ParamSpec, bool) {
	for _, s := range paramSpecs {
		if s.Key == k {
			return s, true
		}
	}
	return ParamSpec{}, false
}

// NoValue is how an optional value (a cap) says there is none.
const NoValue = "none"

// canonical checks raw (a JSON value from a policy file) against the spec and
// returns its canonical text, or why it is refused, in words a clerk reads.
func (s ParamSpec) canonical(raw json.RawMessage) (string, error) {
	switch s.Kind {
	case KindCount:
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", Errorf(EInvalid, "must be a whole number, got %s", clip(string(raw)))
		}
		return s.inRange(strconv.Itoa(n), decimal.NewFromInt(int64(n)), func(d decimal.Decimal) string { return d.String() })
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return "", Errorf(EInvalid, "must be a string like %q, got %s", s.example(), clip(string(raw)))
	}
	text = strings.TrimSpace(text)
	if s.Optional && text == NoValue {
		return NoValue, nil
	}
	if s.Kind == KindMoney {
		m, err := ParseMoney(text)
		if err != nil {
			return "", err
		}
		return s.inRange(m.String(), decimal.New(int64(m), -2), func(d decimal.Decimal) string { return "¥" + d.StringFixed(2) })
	}
	d, err := decimal.NewFromString(text)
	if err != nil || strings.ContainsAny(text, "eE%") {
		return "", Errorf(EInvalid, "%q is not a decimal fraction: write 2%% as \"0.02\"", clip(text))
	}
	return s.inRange(d.String(), d, percent)
}

func (s ParamSpec) example() string {
	switch {
	case s.Kind == KindMoney && s.Optional:
		return "5000000.00\" or \"none"
	case s.Kind == KindMoney:
		return "5000.00"
	}
	return "0.02"
}

// inRange refuses a value outside the law's range, naming the range.
func (s ParamSpec) inRange(text string, v decimal.Decimal, show func(decimal.Decimal) string) (string, error) {
	if s.min != "" && v.LessThan(decimal.RequireFromString(s.min)) {
		return "", Errorf(EInvalid, "%s is below %s, the lowest the law allows (%s)", show(v), show(decimal.RequireFromString(s.min)), s.Source)
	}
	if s.max != "" && v.GreaterThan(decimal.RequireFromString(s.max)) {
		return "", Errorf(EInvalid, "%s is above %s, the highest the law allows (%s)", show(v), show(decimal.RequireFromString(s.max)), s.Source)
	}
	return text, nil
}

// percent shows a rate as people write it: 0.015 is "1.5%".
func percent(d decimal.Decimal) string {
	return d.Shift(2).String() + "%"
}

// ParamSet is a dated, regional set of values from a policy file: from its
// date, its region and every region under it take these values, each key on
// its own (a district that sets only the cap keeps its province's rate).
type ParamSet struct {
	Region string                       `json:"region"` // a division code, or "national"
	From   Date                         `json:"from"`
	Source string                       `json:"source"`
	Values map[ParamKey]json.RawMessage `json:"values"`
	values map[ParamKey]string          // canonical, after checking
	entry  string                       // where it is in the file, "params[2]"
}

// NationalRegion is the region of a file entry that changes a national default.
const NationalRegion = "national"

// check validates a file entry, naming the entry and each bad key and why.
func (ps *ParamSet) check(where string) error {
	var v Validation
	if ps.Region != NationalRegion {
		if err := CheckRegionCode(ps.Region); err != nil {
			v.Add(where+".region", "invalid", "%s (or \"national\")", ErrorMsg(err))
		}
	}
	if ps.From.IsZero() {
		v.Add(where+".from", "required", "the date the values take effect is required (YYYY-MM-DD)")
	}
	if strings.TrimSpace(ps.Source) == "" {
		v.Add(where+".source", "required", "say where the values come from (the notice's number): GET /policy shows it")
	}
	if len(ps.Values) == 0 {
		v.Add(where+".values", "required", "an entry sets at least one value")
	}
	ps.values = map[ParamKey]string{}
	keys := make([]string, 0, len(ps.Values))
	for k := range ps.Values {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	for _, k := range keys {
		spec, ok := specOf(ParamKey(k))
		if ParamKey(k) == RemovedAllocationCycleMonths {
			v.Add(where+".values."+k, "removed_key", "%q is no longer a policy value (it was never applied): the labour-cost allocation cycle is the region's labour_cost rule, with cycle monthly, or days and cycle_days; GET /policy shows the one in force", k)
			continue
		}
		if !ok {
			v.Add(where+".values."+k, "unknown_key", "%q is not a policy value; known values are listed by GET /policy", clip(k))
			continue
		}
		text, err := spec.canonical(ps.Values[ParamKey(k)])
		if err != nil {
			v.Add(where+".values."+k, "out_of_range", "%s", err)
			continue
		}
		ps.values[spec.Key] = text
	}
	return v.Err("policy file is not valid")
}

// Sourced is a value in force with where it came from.
type Sourced struct {
	Key  ParamKey
	Kind ParamKind
	Text string // canonical: "0.02", "5000000.00", "none", "20"
	// Source is the rule the built-in default cites (a catalogue message),
	// or the file entry's source as the operator wrote it (Verbatim).
	Source Msg
	Region string // the file entry's region; "" for the built-in national default
	From   Date   // the file entry's date; zero for the built-in default
}

// Origin says in a few words where the value came from, in English.
func (s Sourced) Origin() string { return s.OriginMsg().String() }

// OriginMsg is Origin as a message, in the reader's language.
func (s Sourced) OriginMsg() Msg {
	if s.Region == "" {
		return M("national default (%s)", s.Source)
	}
	return M("policy file, %s from %s (%s)", s.Region, s.From, s.Source)
}

// None reports whether an optional value is absent (no cap).
func (s Sourced) None() bool { return s.Text == NoValue || s.Text == "" }

// Rate is the value of a rate parameter.
func (s Sourced) Rate() decimal.Decimal { return decimal.RequireFromString(s.Text) }

// Money is the value of a money parameter (0 when none).
func (s Sourced) Money() Money {
	if s.None() {
		return 0
	}
	return MustMoney(s.Text)
}

// Count is the value of a count parameter.
func (s Sourced) Count() int { n, _ := strconv.Atoi(s.Text); return n }

// Param returns the value of key in force in region on date: the most
// specific file entry that sets it (district 110111 over city 110100 over
// province 110000 over a file's national entry), the latest one in force, or
// else the built-in national default.
func (p *Policy) Param(key ParamKey, region string, on Date) Sourced {
	spec, ok := specOf(key)
	if !ok {
		panic("ledger: unknown policy parameter " + string(key))
	}
	var setting []ParamSet
	for _, ps := range p.Params {
		if _, ok := ps.values[key]; ok {
			setting = append(setting, ps)
		}
	}
	if ps, found := pickDated(setting, region, on, paramSetKey); found {
		return Sourced{Key: key, Kind: spec.Kind, Text: ps.values[key], Source: Verbatim(ps.Source), Region: ps.Region, From: ps.From}
	}
	text := spec.Default
	if spec.Optional && text == "" {
		text = NoValue
	}
	return Sourced{Key: key, Kind: spec.Kind, Text: text, Source: spec.Source}
}

// paramSetKey is a file entry's region and date for pickDated; "national"
// is the prefix every code shares.
func paramSetKey(ps ParamSet) (string, Date) {
	if ps.Region == NationalRegion {
		return "", ps.From
	}
	return ps.Region, ps.From
}

// InForce is every parameter in force in region on date, in key order.
func (p *Policy) InForce(region string, on Date) []Sourced {
	out := make([]Sourced, 0, len(paramSpecs))
	for _, s := range ParamSpecs() {
		out = append(out, p.Param(s.Key, region, on))
	}
	return out
}
