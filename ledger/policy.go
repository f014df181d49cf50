package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	// Params are the dated, regional values of a policy file (rates, caps,
	// days, thresholds); Param resolves each key on its own and falls back to
	// the built-in national default of paramSpecs.
	Params       []ParamSet    `json:"params"`
	AgeLimits    []AgeLimit    `json:"age_limits"`
	MinimumWages []MinimumWage `json:"minimum_wages"`
	// JuvenileForbiddenTrades are the trades nobody aged 16–17 may be
	// enrolled in (Labour Law Art. 64; 1994 juvenile-worker rules Art. 3):
	// work at height, blasting, lifting, welding fumes. The national list
	// (nationalJuvenileForbidden) is a minimum: a policy file's list must
	// hold every trade of it, and may add others.
	JuvenileForbiddenTrades []TradeCode `json:"juvenile_forbidden_trades"`
	// SpecialOperationTrades are the trades that need an operation
	// certificate (特种作业操作证, certificate.go); nil is the national list.
	// A policy file's list must hold every national trade, and may add others.
	SpecialOperationTrades []TradeCode `json:"special_operation_trades"`
	// LabourCost are the regions' labour-cost rules (LabourCostRuleFor);
	// elsewhere NationalLabourCost applies.
	LabourCost []LabourCostRule `json:"labour_cost"`
	// Notices are State Council holiday notices a policy file adds to the
	// built-in ones (calendar.go), for years published since the release.
	Notices []Notice `json:"calendar"`
}

// AgeLimit is a region's site age rule, in force from a date.
type AgeLimit struct {
	Region        string `json:"region"` // a division code; its sub-divisions inherit it
	From          Date   `json:"from"`
	Source        string `json:"source"`
	source        Msg    // a built-in rule's source, a catalogue message
	MinAge        int    `json:"min_age"`
	MaxAgeMale    int    `json:"max_age_male"`
	MaxAgeFemale  int    `json:"max_age_female"`
	HazardousMale int    `json:"hazardous_max_age_male"`
	HazardousFem  int    `json:"hazardous_max_age_female"`
	// HazardousTrade names the hazardous trades by dictionary code ("030")
	// or by a word of the trade as written ("高处作业"), for work the
	// dictionary has no code for.
	HazardousTrade []string `json:"hazardous_trades"`
}

// SourceText is where the rule comes from, for a reader: a built-in rule's
// in the reader's language, a policy file's as the operator wrote it.
func (a AgeLimit) SourceText() Msg { return builtInOr(a.source, a.Source) }

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
			Region: "310000", From: NewDate(2019, 1, 1), Source: "沪建质安联〔2019〕346号", source: Verbatim("沪建质安联〔2019〕346号"),
			MinAge: 18, MaxAgeMale: 60, MaxAgeFemale: 50, HazardousMale: 55, HazardousFem: 45,
			HazardousTrade: []string{string(TradeScaffolder), string(TradeBlaster), string(TradePlatformInstall), "架子工", "高处作业", "登高架设", "地下作业", "隧道", "高温作业", "爆破工", "scaffolder", "work at height", "underground", "tunnelling"},
		}, {
			Region: "440300", From: NewDate(2021, 1, 1), Source: "深圳市 超龄人员管理", source: M("Shenzhen: management of over-age workers on construction sites"),
			MaxAgeMale: 60, MaxAgeFemale: 50,
		}},
		JuvenileForbiddenTrades: append([]TradeCode(nil), nationalJuvenileForbidden...),
		SpecialOperationTrades:  NationalSpecialOperations(),
		LabourCost: []LabourCostRule{{
			Region: "110000", From: NewDate(2020, 5, 1), Source: "北京市: 人工费用拨付须载明拨付日期及进度款中的人工费用比例 (DOMAIN.md)",
			source: M("Beijing: a labour-cost allocation states the date it was allocated and the labour-cost share of the progress payment (DOMAIN.md)"),
			Cycle:  CycleMonthly, Require: AllocationNeeds{AllocatedOn: true, LabourCostShare: true},
		}},
	}
}

// policyFile is a policy file as written: each entry is kept raw until it
// is decoded on its own, so that a bad value is refused naming its entry.
type policyFile struct {
	Params                  []json.RawMessage `json:"params"`
	AgeLimits               []json.RawMessage `json:"age_limits"`
	MinimumWages            []json.RawMessage `json:"minimum_wages"`
	JuvenileForbiddenTrades []TradeCode       `json:"juvenile_forbidden_trades"`
	SpecialOperationTrades  []TradeCode       `json:"special_operation_trades"`
	LabourCost              []json.RawMessage `json:"labour_cost"`
	Calendar                []json.RawMessage `json:"calendar"`
}

// ParsePolicy reads a policy file (JSON). Its rules are added to the
// defaults; a rule for the same region and date replaces the default one. A
// bad value is refused naming its entry, its key and why, and so is a policy
// whose values contradict each other once merged (checkWhole), so that a
// server never starts on a policy it misread.
func ParsePolicy(data []byte) (*Policy, error) {
	var f policyFile
	if err := decodeStrict(data, &f); err != nil {
		return nil, Errorf(EInvalid, "the policy file is not valid: %s", JSONDecodeMsg(err))
	}
	base := DefaultPolicy()
	seen := map[string]int{}
	for i, raw := range f.Params {
		where := fmt.Sprintf("params[%d]", i)
		var ps ParamSet
		if err := decodeStrict(raw, &ps); err != nil {
			return nil, entryError(where, err)
		}
		if err := ps.check(where); err != nil {
			return nil, err
		}
		key := ps.Region + " " + ps.From.String()
		if j, dup := seen[key]; dup {
			return nil, &Error{Code: EInvalid, Message: "policy file is not valid", Fields: []FieldError{FieldErrorf(0, where, "duplicate",
				"params[%d] is already the entry for %s from %s: put its values in one entry", j, ps.Region, ps.From)}}
		}
		seen[key], ps.entry = i, where
		base.Params = append(base.Params, ps)
	}
	var v Validation
	base.AgeLimits = decodeDated(&v, "age_limits", f.AgeLimits, base.AgeLimits, checkAgeLimit, func(x AgeLimit) (string, Date) { return x.Region, x.From })
	base.MinimumWages = decodeDated(&v, "minimum_wages", f.MinimumWages, base.MinimumWages, checkMinimumWage, func(x MinimumWage) (string, Date) { return x.Region, x.From })
	if f.JuvenileForbiddenTrades != nil {
		for i, c := range f.JuvenileForbiddenTrades {
			if !IsTradeCode(c) {
				v.Add(fmt.Sprintf("juvenile_forbidden_trades[%d]", i), "unknown", "%q is not a trade code", clip(string(c)))
			}
		}
		if missing := missingTrades(nationalJuvenileForbidden, f.JuvenileForbiddenTrades); len(missing) > 0 {
			v.Add("juvenile_forbidden_trades", "minimum", "juvenile_forbidden_trades leaves out %s: the national list is the least the law forbids under 18; a policy may add trades, never remove them",
				strings.Join(missing, ", "))
		}
		base.JuvenileForbiddenTrades = f.JuvenileForbiddenTrades
	}
	if f.SpecialOperationTrades != nil {
		base.SpecialOperationTrades = checkTradeList(&v, "special_operation_trades", f.SpecialOperationTrades, nationalSpecialOperations,
			"special_operation_trades leaves out %s: the national list is the least that needs an operation certificate; a policy may add trades, never remove them")
	}
	base.LabourCost = decodeDated(&v, "labour_cost", f.LabourCost, base.LabourCost, checkLabourCost, func(x LabourCostRule) (string, Date) { return x.Region, x.From })
	base.Notices = decodeNotices(&v, f.Calendar)
	if err := v.Err("policy file is not valid"); err != nil {
		return nil, err
	}
	if err := base.checkWhole(); err != nil {
		return nil, err
	}
	return base, nil
}

// decodeStrict decodes one JSON value with no unknown field and nothing
// after it.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return &JSONTruncated{Offset: int64(len(data))}
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Errorf(EInvalid, "unexpected content after the JSON value: a policy file is one JSON object")
	}
	return nil
}

// entryError names the entry, and the key when the decoder knows it, of a
// value that could not be read (a date not written YYYY-MM-DD, a number as
// text).
func entryError(where string, err error) error {
	field := where
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		field = where + "." + te.Field
	}
	return &Error{Code: EInvalid, Message: "policy file is not valid", Fields: []FieldError{FieldErrorf(0, field, "format", "%s", JSONDecodeMsg(err))}}
}

// decodeDated decodes a section of dated, regional rules, checks each, and
// merges them over the defaults; every problem is added to v, naming its
// entry and key.
func decodeDated[T any](v *Validation, section string, raws []json.RawMessage, list []T, check func(*Validation, string, T), key func(T) (string, Date)) []T {
	seen := map[string]int{}
	for i, raw := range raws {
		where := fmt.Sprintf("%s[%d]", section, i)
		var x T
		if err := decodeStrict(raw, &x); err != nil {
			fe := entryError(where, err).(*Error).Fields[0]
			v.Fields = append(v.Fields, fe)
			continue
		}
		check(v, where, x)
		r, d := key(x)
		if j, dup := seen[r+" "+d.String()]; dup {
			v.Add(where, "duplicate", "%s[%d] is already the entry for %s from %s", section, j, r, d)
			continue
		}
		seen[r+" "+d.String()] = i
		list = replaceDated(list, x, key)
	}
	return list
}

// requireDatedSource: every dated rule says from when and on whose authority.
func requireDatedSource(v *Validation, where, region string, from Date, source string) {
	if err := CheckRegionCode(region); err != nil {
		v.Add(where+".region", "invalid", "%s", ErrorMsg(err))
	}
	if from.IsZero() {
		v.Add(where+".from", "required", "the date the rule takes effect is required (YYYY-MM-DD)")
	}
	if strings.TrimSpace(source) == "" {
		v.Add(where+".source", "required", "say where the rule comes from (the notice's number): GET /policy shows it")
	}
}

// maxSiteAge bounds the age limits a file may set: an age above it is a typo.
const maxSiteAge = 80

// checkAgeLimit: a region's site ages may be stricter than the law, never
// looser: nobody under 16 may be employed at all (ChildLabourAge).
func checkAgeLimit(v *Validation, where string, a AgeLimit) {
	requireDatedSource(v, where, a.Region, a.From, a.Source)
	if a.MinAge != 0 && (a.MinAge < ChildLabourAge || a.MinAge > maxSiteAge) {
		v.Add(where+".min_age", "out_of_range", "min_age %d: a region may raise the minimum age from %d (劳动法 Art. 15) up to %d, or leave it out", a.MinAge, ChildLabourAge, maxSiteAge)
	}
	for _, m := range []struct {
		key      string
		age, max int
	}{{"max_age_male", a.MaxAgeMale, 0}, {"max_age_female", a.MaxAgeFemale, 0}, {"hazardous_max_age_male", a.HazardousMale, a.MaxAgeMale}, {"hazardous_max_age_female", a.HazardousFem, a.MaxAgeFemale}} {
		switch {
		case m.age == 0:
		case m.age <= max(a.MinAge, ChildLabourAge) || m.age > maxSiteAge:
			v.Add(where+"."+m.key, "out_of_range", "%s %d must be above the minimum age (%d) and at most %d, or left out", m.key, m.age, max(a.MinAge, ChildLabourAge), maxSiteAge)
		case m.max > 0 && m.age > m.max:
			v.Add(where+"."+m.key, "out_of_range", "%s %d is above the general limit %d: the limit for hazardous work is the stricter one", m.key, m.age, m.max)
		}
	}
}

// checkLabourCost names the entry of a labour-cost rule checkRule refuses.
func checkLabourCost(v *Validation, where string, r LabourCostRule) {
	if err := r.checkRule(); err != nil {
		v.Add(where, "invalid", "%s", ErrorMsg(err))
	}
}

// lowestMinimumWage bounds a monthly minimum wage from below: no region's
// is near it, so a smaller figure was written in the wrong unit.
var lowestMinimumWage = MustMoney("1000.00")

func checkMinimumWage(v *Validation, where string, m MinimumWage) {
	requireDatedSource(v, where, m.Region, m.From, m.Source)
	if m.Monthly < lowestMinimumWage {
		v.Add(where+".monthly", "out_of_range", "a monthly minimum wage of ¥%s is below ¥%s, lower than any region's: write yuan a month, like \"2540.00\"", m.Monthly, lowestMinimumWage)
	}
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
func (p *Policy) AgeWarnings(id ResidentID, trade string, code TradeCode, region string, on Date) []Msg {
	rule, ok := p.AgeLimitFor(region, on)
	if !ok {
		return nil
	}
	age := id.AgeOn(on)
	var out []Msg
	if rule.MinAge > 0 && age < rule.MinAge {
		out = append(out, M("the worker is %d; %s allows nobody under %d on site (%s)", age, region, rule.MinAge, rule.SourceText()))
	}
	max, what := rule.MaxAgeFemale, M("policy.max_age.women")
	if id.Male {
		max, what = rule.MaxAgeMale, M("policy.max_age.men")
	}
	if max > 0 && age > max {
		out = append(out, M("the worker is %d; %s allows no %s over %d on site (%s)", age, region, what, max, rule.SourceText()))
	}
	hmax := rule.HazardousFem
	if id.Male {
		hmax = rule.HazardousMale
	}
	if hmax > 0 && age > hmax && isHazardous(trade, code, rule.HazardousTrade) && (max == 0 || age <= max) {
		out = append(out, M("the worker is %d; %s allows no %s over %d in hazardous work such as %s (%s)", age, region, what, hmax, trade, rule.SourceText()))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// isHazardous reports whether a trade is on a hazardous list: by its
// dictionary code, or by a word of it as written.
func isHazardous(trade string, code TradeCode, list []string) bool {
	t := strings.ToLower(strings.TrimSpace(trade))
	for _, h := range list {
		if (code != "" && TradeCode(h) == code) || (t != "" && strings.Contains(t, strings.ToLower(h))) {
			return true
		}
	}
	return false
}

// JuvenileAge is the age below which a worker of 16 or more is a juvenile
// worker (未成年工), whom the law keeps out of the heaviest and most
// dangerous work.
const JuvenileAge = 18

// RefuseJuvenileTrade refuses a juvenile worker's enrolment in a trade the
// law forbids to them.
const RefuseJuvenileTrade Refusal = "juvenile_trade"

// JuvenileCheck decides a juvenile worker's trade on the entry date: a
// forbidden trade is refused; any other comes with a warning that their
// periodic health checks are due (1994 juvenile-worker rules Art. 6). Both
// are nil for an adult.
func (p *Policy) JuvenileCheck(id ResidentID, trade string, code TradeCode, on Date) (refusal *FieldError, warning Msg) {
	age := id.AgeOn(on)
	if age < ChildLabourAge || age >= JuvenileAge {
		return nil, Msg{}
	}
	for _, c := range p.JuvenileForbiddenTrades {
		if code != "" && c == code {
			f := RefuseJuvenileTrade.Atf(0, "trade", "the worker is %d: a juvenile worker may not work as %s (%s), work the law forbids under 18", age, TradeName(code), trade)
			return &f, Msg{}
		}
	}
	return nil, M("the worker is %d, a juvenile worker: a health check is due before they start and periodically while they work (未成年工定期健康检查)", age)
}

// nationalJuvenileForbidden are the trades the law forbids to every worker
// under 18 (DOMAIN: "refusing, at least"): scaffolder, tower-crane driver
// and signaller, hoist driver, blaster, curtain-wall installer (national
// code 210, 建筑门窗幕墙安装工) and the installer of suspended platforms at
// height, welder.
var nationalJuvenileForbidden = []TradeCode{TradeScaffolder, TradeTowerCraneDriver, TradeCraneSignaller, TradeHoistDriver,
	TradeBlaster, TradeCurtainWall, TradePlatformInstall, TradeWelder}

// missingTrades are the trades of want that list lacks, each "code (name)".
func missingTrades(want, list []TradeCode) []string {
	var out []string
	for _, w := range want {
		found := false
		for _, c := range list {
			found = found || c == w
		}
		if !found {
			out = append(out, string(w)+" ("+TradeName(w)+")")
		}
	}
	return out
}

// checkTradeList checks a policy file's list of trade codes: each a code of
// the dictionary, and every trade of the national minimum kept (minimum is
// the message naming those left out).
func checkTradeList(v *Validation, field string, list, national []TradeCode, minimum string) []TradeCode {
	for i, c := range list {
		if !IsTradeCode(c) {
			v.Add(fmt.Sprintf("%s[%d]", field, i), "unknown", "%q is not a trade code", clip(string(c)))
		}
	}
	if missing := missingTrades(national, list); len(missing) > 0 {
		v.Add(field, "minimum", minimum, strings.Join(missing, ", "))
	}
	return list
}
