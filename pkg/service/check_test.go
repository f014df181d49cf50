package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// checkSite is a site whose two workers attended in June 2025 and are on an
// approved payroll for it, nothing paid yet; the pay day is 15 July.
type checkSite struct {
	*site
	clock *storetest.Clock
	ins   []store.Instruction
}

func newCheckSite(t *testing.T, db *store.DB, clock *storetest.Clock) *checkSite {
	s := &checkSite{site: newSite(t, db), clock: clock}
	s.attendJune(t, s.enrol(t, 2))
	pay := s.submit(t, "2025-06", line(0, "5000.00"), line(1, "6000.00"))
	if _, err := s.svc.ApprovePayroll(s.ctx, pay.ID); err != nil {
		t.Fatal(err)
	}
	_, _, ins, err := s.svc.PayrollInstructions(s.ctx, pay.ID)
	if err != nil || len(ins) != 2 {
		t.Fatalf("%d instructions, %v", len(ins), err)
	}
	s.ins = ins
	return s
}

// attendJune records 2 to 27 June 2025, eight hours a day, for enrs.
func (s *checkSite) attendJune(t *testing.T, enrs []string) {
	t.Helper()
	var rows []string
	for d := 2; d <= 27; d++ {
		for _, e := range enrs {
			rows = append(rows, fmt.Sprintf("%s,,2025-06-%02d,8", e, d))
		}
	}
	if _, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(rows...), "june.csv"), false); err != nil {
		t.Fatal(err)
	}
}

func (s *checkSite) pay(t *testing.T, i int, ref string, on ledger.Date) {
	t.Helper()
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
	res, err := s.svc.RecordConfirmations(bank, s.bank, []ledger.ConfirmationItem{{InstructionID: s.ins[i].ID, Status: ledger.ConfirmPaid,
		Amount: s.ins[i].Amount, BankRef: ref, SettledOn: on}})
	if err != nil || res[0].Result != ledger.Applied {
		t.Fatalf("confirmation: %+v, %v", res, err)
	}
}

// lodge has the bank lodge a guarantee of form for the site's project: cash
// when until is "", else a bank letter valid until then.
func (s *site) lodge(t *testing.T, ref, amount, from, until string) string {
	t.Helper()
	bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
	in := ledger.GuaranteeInput{ProjectID: s.project, Form: ledger.FormCash, Amount: ledger.MustMoney(amount), Reference: ref, ValidFrom: day(from)}
	if until != "" {
		u := day(until)
		in.Form, in.ValidUntil = ledger.FormBankLetter, &u
	}
	g, err := s.svc.LodgeGuarantee(bank, in)
	if err != nil {
		t.Fatal(err)
	}
	return g.Cover.Guarantee.ID
}

func (s *checkSite) run(t *testing.T, asOf string) *store.CheckRun {
	t.Helper()
	run, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day(asOf))
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != store.RunFinished || run.Projects != 1 {
		t.Fatalf("run: %+v", run)
	}
	return run
}

func (s *checkSite) alert(t *testing.T, rule ledger.Rule) ledger.Alert {
	t.Helper()
	alerts, err := store.ProjectAlerts(s.db.Reader(context.Background()), s.project)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alerts {
		if a.Key.Rule == rule {
			return a
		}
	}
	t.Fatalf("no %s alert among %+v", rule, alerts)
	return ledger.Alert{}
}

func counts(run *store.CheckRun, r ledger.Rule) ledger.RuleCounts {
	if c := run.Counts[r]; c != nil {
		return *c
	}
	return ledger.RuleCounts{}
}

// eachWithClock is storetest.Each with a clock of its own per database,
// starting at start, which the test moves.
func eachWithClock(t *testing.T, start time.Time, fn func(t *testing.T, db *store.DB, clock *storetest.Clock)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(start)
			fn(t, storetest.New(t, d, store.WithClock(clock.Now)), clock)
		})
	}
}

func TestNightlyCheckOpensUpdatesAndResolves(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock) // approved on 10 July
		clock.Advance(12 * 24 * time.Hour)
		_, err := s.svc.RunCheck(s.ctx, day("2025-07-23"))
		wantCode(t, err, ledger.EInvalid, "")
		first := s.run(t, "2025-07-16")
		if c := counts(first, ledger.RuleWagesUnpaid); c.Opened != 1 || c.Found != 1 {
			t.Fatalf("first night: %+v", c)
		}
		a := s.alert(t, ledger.RuleWagesUnpaid)
		if a.AmountAtRisk != ledger.MustMoney("11000") || a.Headcount != 2 || a.Key.Subject != "employer:"+s.gc || a.Key.Period != "2025-06" ||
			a.Severity != ledger.SeverityHigh || a.FirstSeenOn != day("2025-07-16") {
			t.Fatalf("alert: %+v", a)
		}
		again := s.run(t, "2025-07-16")
		if c := counts(again, ledger.RuleWagesUnpaid); c.Opened+c.Updated+c.Resolved != 0 {
			t.Fatalf("the same night twice changed alerts: %+v", c)
		}
		if got := s.alert(t, ledger.RuleWagesUnpaid); fmt.Sprint(got) != fmt.Sprint(a) {
			t.Fatalf("the same night changed the alert:\n%+v\n%+v", a, got)
		}

		s.pay(t, 0, "BANK-1", day("2025-07-17"))
		later := s.run(t, "2025-07-18")
		if c := counts(later, ledger.RuleWagesUnpaid); c.Updated != 1 {
			t.Fatalf("a later night: %+v", c)
		}
		if got := s.alert(t, ledger.RuleWagesUnpaid); got.AmountAtRisk != ledger.MustMoney("6000") || got.Headcount != 1 ||
			got.LastSeenOn != day("2025-07-18") {
			t.Fatalf("updated alert: %+v", got)
		}

		s.pay(t, 1, "BANK-2", day("2025-07-19"))
		paid := s.run(t, "2025-07-20")
		if c := counts(paid, ledger.RuleWagesUnpaid); c.Resolved != 1 {
			t.Fatalf("paid: %+v", c)
		}
		got := s.alert(t, ledger.RuleWagesUnpaid)
		if got.Status != ledger.AlertResolved || got.ResolvedBy != ledger.ResolvedByCheck || !strings.Contains(got.ResolutionText().String(), "paid in full") {
			t.Fatalf("resolved alert: %+v", got)
		}
		history, err := store.AlertHistory(db.Reader(context.Background()), s.project, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range history {
			kinds = append(kinds, string(e.Kind))
		}
		if strings.Join(kinds, ",") != "opened,updated,resolved" {
			t.Fatalf("history %v", kinds)
		}
		s.wantAudit(t, "alerts.check", 3)
	})
}

// Two runs of one date at once: the second is refused by the run record,
// not by a lock in this process; a stale run is taken over.
func TestOneRunPerDateAtATime(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		asOf := day("2025-07-16")
		claim := func(id string) error {
			return db.WithTx(context.Background(), func(tx *store.Tx) error {
				return store.ClaimCheckRun(tx, id, asOf, "test", tx.Now.Add(-5*time.Minute))
			})
		}
		if err := claim("chk_1"); err != nil {
			t.Fatal(err)
		}
		svc := service.New(db, nil)
		_, err := svc.RunCheck(service.WithCaller(context.Background(), service.System), asOf)
		wantCode(t, err, ledger.EConflict, "")
		if err := claim("chk_2"); ledger.ErrorCode(err) != ledger.EConflict {
			t.Fatalf("a second claim: %v", err)
		}
		clock.Advance(6 * time.Minute)
		if err := claim("chk_3"); err != nil {
			t.Fatalf("taking over a stale run: %v", err)
		}
		old, err := store.GetCheckRun(db.Reader(context.Background()), "chk_1")
		if err != nil || old.Status != store.RunAbandoned {
			t.Fatalf("the stale run: %+v, %v", old, err)
		}
	})
}

func day(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Nights missed while the server was down are checked in date order, from
// the one after the last finished run to the night before today; a second
// call has nothing left to do.
func TestRunNightlyCatchesUp(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		newSite(t, db) // a project started on 1 January 2025
		svc := service.New(db, nil)
		ctx := service.WithCaller(context.Background(), service.System)
		if _, err := svc.RunCheck(ctx, day("2025-07-16")); err != nil {
			t.Fatal(err)
		}
		runs, err := svc.RunNightly(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var nights []string
		for _, r := range runs {
			nights = append(nights, r.AsOf.String())
		}
		if strings.Join(nights, ",") != "2025-07-17,2025-07-18,2025-07-19" {
			t.Fatalf("caught up %v", nights)
		}
		if again, err := svc.RunNightly(ctx); err != nil || len(again) != 0 {
			t.Fatalf("a second call ran %d nights, %v", len(again), err)
		}
		clock.Advance(24 * time.Hour)
		if next, err := svc.RunNightly(ctx); err != nil || len(next) != 1 || next[0].AsOf != day("2025-07-20") {
			t.Fatalf("the next night: %+v, %v", next, err)
		}
		// A process dies checking 21 July. While its heartbeat is fresh the
		// catch-up waits at that night (later nights are not run past it);
		// once stale, the night is redone, then the next.
		clock.Advance(2 * 24 * time.Hour) // 23 July
		if err := db.WithTx(ctx, func(tx *store.Tx) error {
			return store.ClaimCheckRun(tx, "chk_dead", day("2025-07-21"), "a dead process", tx.Now.Add(-time.Hour))
		}); err != nil {
			t.Fatal(err)
		}
		if waiting, err := svc.RunNightly(ctx); err != nil || len(waiting) != 0 {
			t.Fatalf("ran past a night another process holds: %+v, %v", waiting, err)
		}
		clock.Advance(10 * time.Minute)
		redone, err := svc.RunNightly(ctx)
		if err != nil || len(redone) != 2 || redone[0].AsOf != day("2025-07-21") || redone[1].AsOf != day("2025-07-22") {
			t.Fatalf("after the dead run went stale: %+v, %v", redone, err)
		}
	})
}

// checkedOn is the service over a site (a project started on 1 January
// 2025) whose last finished check was night.
func checkedOn(t *testing.T, db *store.DB, night string) (*service.Service, context.Context) {
	t.Helper()
	newSite(t, db)
	svc := service.New(db, nil)
	ctx := service.WithCaller(context.Background(), service.System)
	if _, err := svc.RunCheck(ctx, day(night)); err != nil {
		t.Fatal(err)
	}
	return svc, ctx
}

// asOfs are the runs' nights, in order.
func asOfs(runs []*store.CheckRun) string {
	var got []string
	for _, r := range runs {
		got = append(got, r.AsOf.String()+" "+r.Status)
	}
	return strings.Join(got, ",")
}

// The catch-up starts after the last finished night: an old night checked
// by hand (which made the next RunNightly replay every night since it) is
// not a starting point. A night before the first project started, or more
// than a year back, is refused on request (422 naming as_of).
func TestRunNightlyStartsAfterTheLastFinishedNight(t *testing.T) {
	eachWithClock(t, time.Date(2025, 9, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		newSite(t, db) // started on 1 January 2025
		svc := service.New(db, nil)
		ctx := service.WithCaller(context.Background(), service.System)
		if runs, err := svc.RunNightly(ctx); err != nil || asOfs(runs) != "2025-09-19 finished" {
			t.Fatalf("the first nightly run: %s, %v", asOfs(runs), err)
		}
		_, err := svc.RunCheck(ctx, day("2024-09-20"))
		wantCode(t, err, ledger.EInvalid, "")
		if !strings.Contains(ledger.ErrorMessage(err), "as_of 2024-09-20 is before the first project started") {
			t.Fatalf("%v", err)
		}
		if _, err := svc.RunCheck(ctx, day("2025-01-20")); err != nil { // a stray old night, by hand
			t.Fatal(err)
		}
		if runs, err := svc.RunNightly(ctx); err != nil || len(runs) != 0 {
			t.Fatalf("after an old night checked by hand: %s, %v", asOfs(runs), err)
		}
		clock.Advance(3 * 24 * time.Hour)
		if runs, err := svc.RunNightly(ctx); err != nil || asOfs(runs) != "2025-09-20 finished,2025-09-21 finished,2025-09-22 finished" {
			t.Fatalf("three nights later: %s, %v", asOfs(runs), err)
		}
	})
}

// A server down longer than the catch-up window checks the last
// MaxCatchUpNights nights, in date order, and records the nights before
// them as skipped: a failed run naming the range, listed by GET /checks.
func TestRunNightlyRecordsTheNightsItSkips(t *testing.T) {
	eachWithClock(t, time.Date(2025, 9, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		svc, ctx := checkedOn(t, db, "2025-07-16")
		runs, err := svc.RunNightly(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for d := day("2025-08-20"); !d.After(day("2025-09-19")); d = d.AddDays(1) {
			want = append(want, d.String()+" finished")
		}
		if len(want) != ledger.MaxCatchUpNights || asOfs(runs) != strings.Join(want, ",") {
			t.Fatalf("caught up %s", asOfs(runs))
		}
		all, err := svc.ListCheckRuns(ctx, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var skipped []*store.CheckRun
		for _, r := range all {
			if r.Status == store.RunFailed {
				skipped = append(skipped, r)
			}
		}
		if len(skipped) != 1 || skipped[0].AsOf != day("2025-07-17") ||
			!strings.Contains(skipped[0].ErrorText().String(), "nights 2025-07-17 to 2025-08-19 were not checked") ||
			!strings.Contains(i18n.Of(i18n.ZH, skipped[0].ErrorText()), "2025-07-17 至 2025-08-19 的夜间检查未执行") {
			t.Fatalf("the skipped nights: %+v", skipped)
		}
		if again, err := svc.RunNightly(ctx); err != nil || len(again) != 0 {
			t.Fatalf("a second call ran %s, %v", asOfs(again), err)
		}
	})
}

// A night that fails is recorded as failed, with its error, in GET /checks,
// and the nights after it still run; the next tick does not start over
// from it.
func TestRunNightlyGoesOnAfterAFailedNight(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		svc, ctx := checkedOn(t, db, "2025-07-15")
		service.FailNight(svc, func(d ledger.Date) error {
			if d == day("2025-07-17") {
				return ledger.Errorf(ledger.EUnavailable, "the database went away")
			}
			return nil
		})
		runs, err := svc.RunNightly(ctx)
		if err == nil || !strings.Contains(err.Error(), "2025-07-17") {
			t.Fatalf("the failure is not told: %v", err)
		}
		if asOfs(runs) != "2025-07-16 finished,2025-07-17 failed,2025-07-18 finished,2025-07-19 finished" {
			t.Fatalf("nights: %s", asOfs(runs))
		}
		got, err := svc.GetCheckRun(ctx, runs[1].ID)
		if err != nil || got.Status != store.RunFailed || !strings.Contains(got.Error, "the database went away") {
			t.Fatalf("GET /checks/{id} of the failed night: %+v, %v", got, err)
		}
		if again, err := svc.RunNightly(ctx); err != nil || len(again) != 0 {
			t.Fatalf("the next tick: %s, %v", asOfs(again), err)
		}
	})
}

// An inspector's action and the check on one alert cannot overwrite each
// other: a write over a stale version is a concurrent change, which the
// writer's transaction redoes from fresh state.
func TestAlertWritesNameTheVersionTheyRead(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		clock.Advance(7 * 24 * time.Hour)
		s.run(t, "2025-07-16")
		stale := s.alert(t, ledger.RuleWagesUnpaid)
		inspector := service.WithCaller(context.Background(), service.Caller{KeyID: "key_insp", Role: ledger.RoleInspector, RegionCode: "110105"})
		if _, err := s.svc.ActOnAlert(inspector, stale.ID, ledger.AlertActionInput{Action: ledger.ActionAcknowledge}); err != nil {
			t.Fatal(err)
		}
		var got error
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			got = store.UpdateAlert(tx, &stale)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(got, store.ErrConcurrentChange) {
			t.Fatalf("a write over a stale alert: %v", got)
		}
		// The night's plan writes its updates together: one stale alert
		// among them is a concurrent change too, and nothing is written.
		stale.Severity = ledger.SeverityCritical
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			got = store.WriteAlertPlan(tx, &ledger.AlertPlan{Update: []ledger.Alert{stale}})
			return got
		}); !errors.Is(got, store.ErrConcurrentChange) {
			t.Fatalf("a plan over a stale alert: %v (%v)", got, err)
		}
		if a := s.alert(t, ledger.RuleWagesUnpaid); a.Status != ledger.AlertAcknowledged || a.Severity == ledger.SeverityCritical {
			t.Fatalf("a plan over a stale alert wrote it: %+v", a)
		}
		s.run(t, "2025-07-17")
		if a := s.alert(t, ledger.RuleWagesUnpaid); a.Status != ledger.AlertAcknowledged || a.LastSeenOn != day("2025-07-17") {
			t.Fatalf("the next night lost the inspector's acknowledgement: %+v", a)
		}
	})
}

// A back-test replays nights under a proposed policy and reports what it
// would open, on the same facts, writing nothing.
func TestBackTest(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		clock.Advance(10 * 24 * time.Hour)
		proposed, err := ledger.ParsePolicy([]byte(`{"minimum_wages":[{"region":"110000","from":"2025-01-01","source":"proposed","monthly":"5500.00"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.svc.BackTest(s.ctx, day("2025-07-09"), day("2025-07-11"), proposed)
		wantCode(t, err, ledger.EInvalid, "") // no night checked: nothing to compare with
		for _, d := range []string{"2025-07-09", "2025-07-10", "2025-07-11"} {
			s.run(t, d)
		}
		alerts := s.count(t, "alerts")
		nights, err := s.svc.BackTest(s.ctx, day("2025-07-09"), day("2025-07-11"), proposed)
		if err != nil {
			t.Fatal(err)
		}
		// The payroll was approved on 10 July: from that night, worker 0's
		// full June at 5,100.00 gross is below the proposed minimum. The
		// alert would open on the 10th, and is told once.
		var got []string
		for _, n := range nights {
			for _, k := range n.Diff.Opens {
				got = append(got, n.Night.String()+" "+string(k.Rule)+" "+k.Period)
			}
			if len(n.Diff.Closes) != 0 {
				t.Errorf("closes %+v", n.Diff.Closes)
			}
		}
		if strings.Join(got, ",") != "2025-07-10 below_minimum_wage 2025-06" {
			t.Fatalf("back-test: %v", got)
		}
		if n := s.count(t, "alerts"); n != alerts {
			t.Fatalf("a back-test wrote alerts: %d, then %d", alerts, n)
		}
		_, err = s.svc.BackTest(s.ctx, day("2025-07-11"), day("2025-07-09"), proposed)
		wantCode(t, err, ledger.EInvalid, "")
		// Before the first checked night nothing was recorded to compare with.
		_, err = s.svc.BackTest(s.ctx, day("2025-07-08"), day("2025-07-09"), proposed)
		wantCode(t, err, ledger.EInvalid, "")
	})
}

// A back-test compares the proposed policy with the policy in force, both
// replayed over the same nights: the policy in force against itself gives
// no difference, even with an inspector's resolution in the range (which
// compared with the record read as the policy's doing); a policy that would
// not raise an alert the one in force raised closes it, told once.
func TestBackTestSamePolicyIsEmpty(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		inForce, err := ledger.ParsePolicy([]byte(`{"minimum_wages":[{"region":"110000","from":"2025-01-01","source":"then","monthly":"5500.00"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		s.svc.Policy = inForce
		s.run(t, "2025-07-10")
		low := s.alert(t, ledger.RuleBelowMinimumWage)
		clock.Advance(24 * time.Hour)
		inspector := service.WithCaller(context.Background(), service.Caller{KeyID: "key_insp", Role: ledger.RoleInspector, RegionCode: "110105"})
		if _, err := s.svc.ActOnAlert(inspector, low.ID, ledger.AlertActionInput{Action: ledger.ActionResolve, Note: "a short month"}); err != nil {
			t.Fatal(err)
		}
		s.run(t, "2025-07-11")
		clock.Advance(2 * 24 * time.Hour)
		s.run(t, "2025-07-12")
		same, err := s.svc.BackTest(s.ctx, day("2025-07-10"), day("2025-07-12"), inForce)
		if err != nil || len(same) != 0 {
			t.Fatalf("the policy in force against itself: %+v, %v", same, err)
		}
		now, err := s.svc.BackTest(s.ctx, day("2025-07-10"), day("2025-07-12"), ledger.DefaultPolicy())
		if err != nil {
			t.Fatal(err)
		}
		if len(now) != 1 || now[0].Night != day("2025-07-10") || len(now[0].Diff.Opens) != 0 || len(now[0].Diff.Closes) != 1 ||
			now[0].Diff.Closes[0].Rule != ledger.RuleBelowMinimumWage {
			t.Fatalf("the built-in policy against it: %+v", now)
		}
	})
}
