package service

import (
	"context"

	"github.com/wageguard/wageguard/ledger"
)

// PolicyInForce is the regional policy on one date, each value with where
// it came from: the built-in national default or a policy file's entry.
type PolicyInForce struct {
	Region string
	On     ledger.Date
	Values []ledger.Sourced
	// LabourCost is the labour-cost rule in force (the national one, with
	// a zero From, where no region has one).
	LabourCost  ledger.LabourCostRule
	AgeLimit    *ledger.AgeLimit
	MinimumWage *ledger.MinimumWage
	// JuvenileForbiddenTrades is national: a policy file may add to it, never remove from it.
	JuvenileForbiddenTrades []ledger.TradeCode
	// SpecialOperationTrades need an operation certificate; likewise national.
	SpecialOperationTrades []ledger.TradeCode
	// Calendar is every State Council holiday notice the working-day
	// calendar holds: built in, or added by the policy file.
	Calendar []ledger.Notice
}

// PolicyFor shows the policy in force in region on a date (today, in
// Shanghai, when onText is empty).
func (s *Service) PolicyFor(ctx context.Context, region, onText string) (*PolicyInForce, error) {
	var v ledger.Validation
	if err := ledger.CheckRegionCode(region); err != nil {
		v.Add("region", "invalid", "%s", ledger.ErrorMsg(err))
	}
	on := ledger.DateOf(s.DB.Now())
	if onText != "" {
		d, err := ledger.ParseDate(onText)
		if err != nil {
			v.Add("on", "format", "on must be a date written YYYY-MM-DD")
		}
		on = d
	}
	if err := v.Err("bad policy query"); err != nil {
		return nil, err
	}
	p := s.policy()
	out := &PolicyInForce{Region: region, On: on, Values: p.InForce(region, on), LabourCost: p.LabourCostRuleFor(region, on), JuvenileForbiddenTrades: p.JuvenileForbiddenTrades,
		SpecialOperationTrades: p.SpecialOperationTrades,
		Calendar:               p.CalendarNotices()}
	if a, ok := p.AgeLimitFor(region, on); ok {
		out.AgeLimit = &a
	}
	if m, ok := p.MinimumWageFor(region, on); ok {
		out.MinimumWage = &m
	}
	return out, nil
}
