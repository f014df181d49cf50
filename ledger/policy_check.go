package ledger

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Each value of a policy file is checked on its own (ParamSpec's range);
// some rules tie two values together, and a region's values come from
// several entries (its own, its province's, the national defaults), so
// these are checked on the policy as a whole, after the entries are merged.

// crossRule: low may not be above high wherever both are in force.
type crossRule struct {
	low, high ParamKey
	why       string
}

var crossRules = []crossRule{
	{GuaranteeSeveralFloorRate, GuaranteeBaseRate,
		"the floor under a lowered rate may not be above the rate it lowers, or the reduction for several projects or a clean record would raise the guarantee"},
	{AllocationEscalateInARow, AllocationEscalateCumulative,
		"missed cycles in a row are also cumulative: the cumulative threshold is at least the consecutive one"},
}

// checkWhole refuses a policy whose values contradict each other in some
// region on some date, naming the file entry and key that brought the
// contradiction in. The values in force change only at a file entry's region
// and date, so checking each entry's region on every date an entry over it
// takes effect checks every combination there is.
func (p *Policy) checkWhole() error {
	for _, e := range p.Params {
		region, _ := paramSetKey(e)
		for _, f := range p.Params {
			fr, from := paramSetKey(f)
			if !strings.HasPrefix(region, RegionPrefix(fr)) {
				continue
			}
			for _, r := range crossRules {
				if err := p.checkCross(r, region, from); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (p *Policy) checkCross(r crossRule, region string, on Date) error {
	low, high := p.Param(r.low, region, on), p.Param(r.high, region, on)
	if !decimal.RequireFromString(low.Text).GreaterThan(decimal.RequireFromString(high.Text)) {
		return nil
	}
	blamed := low
	if blamed.Region == "" {
		blamed = high
	}
	where, whereMsg := "national", M("policy.region.national")
	if region != "" {
		where, whereMsg = region, Verbatim(region)
	}
	msg := M("in %s from %s, %s %s (%s) is above %s %s (%s): %s", whereMsg, on,
		string(r.low), low.shown(), low.OriginMsg(), string(r.high), high.shown(), high.OriginMsg(), M(r.why))
	return &Error{Code: EInvalid, Message: "policy file is not valid", Fields: []FieldError{{
		Field: p.entryOf(blamed) + ".values." + string(blamed.Key), Code: "contradicts",
		Message: fmt.Sprintf("in %s from %s, %s %s (%s) is above %s %s (%s): %s", where, on,
			r.low, low.shown(), low.Origin(), r.high, high.shown(), high.Origin(), r.why),
		Text: &msg}}}
}

// entryOf is where in the file the entry that set v is.
func (p *Policy) entryOf(v Sourced) string {
	for _, ps := range p.Params {
		if r, from := paramSetKey(ps); from == v.From && (r == v.Region || (r == "" && v.Region == NationalRegion)) {
			if _, ok := ps.values[v.Key]; ok {
				return ps.entry
			}
		}
	}
	return "params"
}

// shown is a value as people write it.
func (s Sourced) shown() string {
	if s.Kind == KindRate {
		return percent(s.Rate())
	}
	return s.Text
}
