package service

import (
	"context"
	"errors"
	"strings"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// StatsMonths is how many months of wages due and owed the statistics
// show, ending with the month asked for.
const StatsMonths = 6

// WorkforceStatsQuery asks for one month's workforce statistics.
type WorkforceStatsQuery struct {
	RegionCode string // narrows the caller's scope; "" is all of it
	Period     ledger.Period
	Groupings  []ledger.StatsGrouping
}

// WorkforceStats is a month's statistics with the wages of the months
// before it (paid vs owed by month).
type WorkforceStats struct {
	*ledger.WorkforceReport
	RegionCode string
	Projects   int
	Months     []store.WorkforceMonth
	// MonthsHidden: the monthly wages are hidden, as the month's total is
	// (an employer's view of fewer than five workers).
	MonthsHidden bool
}

// WorkforceStats counts the workforce of the projects in the caller's scope
// (an inspector's region, a general contractor's projects), narrowed to
// q.RegionCode. A general contractor's view hides small counts. The reads
// are set-based (a handful of statements, whatever the number of workers)
// and take no write lock: a report never holds up the writers (on SQLite a
// transaction would), at the price of figures read a moment apart. The
// month's count groups in memory (store.DB.ReadGrouped).
func (s *Service) WorkforceStats(ctx context.Context, q WorkforceStatsQuery) (*WorkforceStats, error) {
	caller := CallerFrom(ctx)
	if err := statsAllowed(caller, q.RegionCode); err != nil {
		return nil, err
	}
	if q.RegionCode != "" {
		if err := ledger.CheckRegionCode(q.RegionCode); err != nil {
			return nil, ledger.Errorf(ledger.EInvalid, "region: %s", ledger.ErrorMsg(err))
		}
	}
	f := store.WorkforceFilter{Scope: caller.Scope(), RegionCode: q.RegionCode, Period: q.Period}
	out := &WorkforceStats{RegionCode: q.RegionCode}
	asOf := ledger.DateOf(s.DB.Now())
	var projects []store.StatsProject
	if err := s.DB.ReadAcrossShards(ctx, func(r store.Querier) (err error) {
		projects, err = store.StatsProjects(r, f)
		return err
	}); err != nil {
		return nil, err
	}
	from := q.Period
	for range StatsMonths - 1 {
		from = from.First().AddDays(-1).Period()
	}
	// The months' wages are read beside the month's facts (a reader is a
	// pool of connections). On Citus these reads and the month's each hold
	// one connection a worker (store.DB.ReadAcrossShards).
	months := make(chan error, 1)
	go func() {
		months <- s.DB.ReadAcrossShards(ctx, func(r store.Querier) (err error) {
			out.Months, err = store.WorkforceMonths(r, f, store.StatsProjectIDs(projects), from, q.Period)
			return err
		})
	}()
	var cells ledger.WorkforceCells
	err := s.DB.ReadGrouped(ctx, func(q store.Querier) (err error) {
		cells, err = s.workforceCells(q, f, projects, asOf)
		return err
	})
	if err := errors.Join(err, <-months); err != nil {
		return nil, err
	}
	out.Projects = len(projects)
	out.WorkforceReport = ledger.BuildWorkforceReportFrom(cells, ledger.WorkforceQuery{Period: q.Period, AsOf: asOf,
		Groupings: q.Groupings, Suppress: caller.Role == ledger.RoleContractor, InjuryInsuranceKnown: true})
	out.MonthsHidden = out.Suppressed && out.Total.MoneyHidden
	return out, nil
}

// statsAllowed: administrators, inspectors (in their region) and
// contractors (their own projects) read statistics; banks do not.
func statsAllowed(c Caller, region string) error {
	switch c.Role {
	case ledger.RoleAdmin:
		return nil
	case ledger.RoleContractor:
		// A contractor's figures cover all of its projects: a narrower
		// region, subtracted from the whole, would tell a group hidden in
		// both (the small-count suppression holds within one answer only).
		if region != "" {
			return ledger.Errorf(ledger.EInvalid, "region: %s", ledger.M("a general contractor's statistics cover all of its projects; leave region out"))
		}
		return nil
	case ledger.RoleInspector:
		if region != "" && !strings.HasPrefix(ledger.RegionPrefix(region), ledger.RegionPrefix(c.RegionCode)) {
			return ledger.Errorf(ledger.EForbidden, "region %s is outside the inspector's region %s", region, c.RegionCode)
		}
		return nil
	}
	return ledger.Errorf(ledger.EForbidden, "this %s key may not %s", c.Role.Label(),
		ledger.M("read workforce statistics: only inspectors, administrators and general contractors may"))
}

// workforceCells counts the month in the database (store.WorkforceCells)
// with what it does not hold of the projects: whether the month's wages
// fell due before asOf there (the pay day moved to the working day before
// a rest day) and the days their work-injury policies cover
// (ledger.InjuryCoverage.CoveredSpans); then gives each project's cells
// its label and category.
func (s *Service) workforceCells(r store.Querier, f store.WorkforceFilter, projects []store.StatsProject, asOf ledger.Date) (ledger.WorkforceCells, error) {
	cover, err := store.InjuryCoverage(r, store.StatsProjectIDs(projects), f.Period)
	if err != nil {
		return ledger.WorkforceCells{}, err
	}
	cal := s.calendar()
	facts := make([]store.StatsProjectFacts, len(projects))
	byID := make(map[string]*store.StatsProject, len(projects))
	for i := range projects {
		p := &projects[i]
		byID[p.ID] = p
		payDay := cal.PayDay(f.Period, (&ledger.Project{PayDay: p.PayDay, PayMonth: p.PayMonth}).PayRuleOf())
		facts[i] = store.StatsProjectFacts{ID: p.ID, Overdue: !payDay.IsZero() && payDay.Before(asOf), Covered: cover[p.ID].CoveredSpans()}
	}
	cells, err := store.WorkforceCells(r, f, facts)
	if err != nil {
		return cells, err
	}
	for i := range cells.Enrolments {
		c := &cells.Enrolments[i].Of
		if p := byID[c.ProjectID]; p != nil {
			c.ProjectLabel, c.Category = p.Code+" "+p.Name, p.Category
		}
	}
	return cells, nil
}
