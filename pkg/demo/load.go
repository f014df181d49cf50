// Package demo builds wageguard's demonstration: a district's projects with
// their owners, contractors, bank and workers, simulated day by day over six
// months through the same service methods real traffic uses (no SQL), with
// problems planted for the nightly check to find, and that check run every
// night so the alerts have a history. The same seed and as-of date always
// give the same people, money and alerts. The scenario tests
// (testdata/scenarios) run a smaller demo with fixed dates.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// Options say which demo to build.
type Options struct {
	Seed int64
	// AsOf is the demo's "today": the simulation starts on the first day of
	// the month six months before, and its last night is the day before AsOf.
	AsOf ledger.Date
	// Workers is about how many workers the projects employ (300 when 0).
	Workers int
	// EveryNight checks every night of the six months, as the command
	// line does by default; otherwise every night of the last eight weeks
	// and one night a week before them (replaying every night costs the
	// most: about 1.5 times the bounded load).
	EveryNight bool
	// Journal, when set, records each night's alert changes.
	Journal *Journal
}

// SignIn is one printed key: the role a person signs in as, their
// organisation, and the key.
type SignIn struct {
	Role ledger.Role
	As   string // administrator, general contractor, subcontractor, bank, district inspector, city inspector
	Org  string // the organisation's name; "" for the administrator
	Key  string
}

// Result is what a demo made.
type Result struct {
	Seed           int64
	From, AsOf     ledger.Date
	Figures        Figures
	OpenAlerts     map[ledger.Rule]int // alerts not resolved after the last night, per rule
	Keys           []SignIn
	ProjectIDs     map[string]string // plan key (P1…) → project ID
	Labels         map[string]string // alert subject → a stable, readable name
	Took, NightsIn time.Duration     // the whole load, and the part spent in nightly checks
}

// Figures count what the simulation did.
type Figures struct {
	Projects, Workers, AttendanceDays, Payrolls, Paid, Failed, Nights int
	NetPaid, Allocated                                                ledger.Money
}

// Load builds the demo into the empty database behind svc, whose store must
// have been opened with store.WithClock(clock.Now): the simulation moves the
// clock day by day. It refuses a database that holds organisations already.
func Load(ctx context.Context, svc *service.Service, clock *Clock, opt Options) (*Result, error) {
	began := time.Now()
	if opt.AsOf.IsZero() {
		return nil, fmt.Errorf("demo: an as-of date is required")
	}
	if opt.Workers <= 0 {
		opt.Workers = 300
	}
	admin := service.WithCaller(ctx, service.CLI)
	if orgs, err := svc.ListOrganizations(admin, "", "", 1); err != nil {
		return nil, err
	} else if len(orgs) > 0 {
		return nil, fmt.Errorf("demo: the database already holds organisations; the demo loads only into an empty one")
	}
	t := opt.AsOf.Time()
	s := &sim{svc: svc, clock: clock, opt: opt, g: newPeople(opt.Seed), admin: admin, cal: ledger.DefaultPolicy().Calendar(),
		start: ledger.NewDate(t.Year(), t.Month()-6, 1), orgs: map[string]*org{},
		res: &Result{Seed: opt.Seed, AsOf: opt.AsOf, ProjectIDs: map[string]string{}, Labels: map[string]string{}}}
	s.res.From = s.start
	clock.at(s.start, 9)
	if svc.DB.Now().Before(clock.Now().Add(-time.Second)) || svc.DB.Now().After(clock.Now().Add(time.Second)) {
		return nil, fmt.Errorf("demo: the database is not opened with the demo's clock (store.WithClock)")
	}
	if err := s.setUp(ctx); err != nil {
		return nil, err
	}
	if err := s.run(ctx); err != nil {
		return nil, err
	}
	if err := s.summarise(ctx); err != nil {
		return nil, err
	}
	s.res.Took = time.Since(began)
	return s.res, nil
}

// run simulates every day from the start to the day before the as-of date:
// at 01:00 the previous night's check, at 10:00 the day's business.
func (s *sim) run(ctx context.Context) error {
	for d := s.start; d.Before(s.opt.AsOf); d = d.AddDays(1) {
		if d.After(s.start) {
			if err := s.night(ctx, d.AddDays(-1)); err != nil {
				return err
			}
		}
		if d.Time().Day() == 1 || d == s.start.AddDays(7) {
			// A database this young plans on an empty one's statistics
			// until autovacuum catches up (store.DB.Analyze).
			if err := s.svc.DB.Analyze(ctx); err != nil {
				return err
			}
		}
		s.clock.at(d, 10)
		for _, p := range s.projects {
			if err := s.day(ctx, p, d); err != nil {
				return fmt.Errorf("demo: %s on %s: %w", p.plan.key, d, err)
			}
		}
	}
	return s.night(ctx, s.opt.AsOf.AddDays(-1))
}

// night runs the nightly check for night n at 01:00 the next morning.
func (s *sim) night(ctx context.Context, n ledger.Date) error {
	if !s.opt.EveryNight && n.Before(s.opt.AsOf.AddDays(-56)) && s.opt.AsOf.Time().Sub(n.Time())/(24*time.Hour)%7 != 1 {
		return nil
	}
	s.clock.at(n.AddDays(1), 1)
	began := time.Now()
	if _, err := s.svc.RunCheck(service.WithCaller(ctx, service.System), n); err != nil {
		return fmt.Errorf("demo: the check of %s: %w", n, err)
	}
	s.res.NightsIn += time.Since(began)
	s.res.Figures.Nights++
	if s.opt.Journal != nil {
		alerts, err := s.Alerts(ctx)
		if err != nil {
			return err
		}
		s.opt.Journal.night(n, alerts, s.res.Labels)
	}
	return nil
}
