package service_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A project over two months, through the service and both databases: an
// owner who stops allocating, a card that fails and is never re-issued, a
// ghost paid without attendance, a card shared by two workers, a worker who
// leaves unpaid; a work-injury policy that runs out on 10 July, and two
// welders who attend in July, one without an operation certificate, one
// whose certificate expired on 15 July. Each night's alerts are compared
// with what the rules say they must be, so every fact reader of the check is
// exercised.
func TestCheckScenario(t *testing.T) {
	eachWithClock(t, time.Date(2025, 5, 5, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newSite(t, db)
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		inflow := func(ref string, on ledger.Date) {
			t.Helper()
			if _, err := s.svc.RecordInflow(bank, s.bank, ledger.InflowInput{AccountNo: "110012345678", Amount: ledger.MustMoney("100000"),
				ReceivedOn: on, BankRef: ref}); err != nil {
				t.Fatal(err)
			}
		}
		inflow("IN-MAY", day("2025-05-05"))
		s.lodge(t, "CASH-1", "1000000.00", "2025-01-02", "") // the required 1% of the contract, lodged in time
		enrs := s.enrol(t, 4)
		shared := s.worker(4)
		shared.BankCard = workerCard(0) // worker 4 is paid into worker 0's card
		if _, err := s.svc.RegisterWorker(s.ctx, s.project, shared); err != nil {
			t.Fatal(err)
		}
		label := map[string]string{"employer:" + s.gc: "gc", "project:" + s.project: "project"}
		for i, e := range enrs {
			label["enrolment:"+e] = fmt.Sprintf("worker%d", i)
		}
		welders := safetyScenario(t, s, label)
		clock.Advance(27 * 24 * time.Hour) // 1 June: May's attendance arrives
		var rows []string
		for d := 1; d <= 30; d++ {
			if wd := ledger.NewDate(2025, 5, d).Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			for _, e := range enrs[:3] { // worker 3 never comes: a ghost
				rows = append(rows, fmt.Sprintf("%s,,2025-05-%02d,8", e, d))
			}
		}
		if _, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(rows...), "may.csv"), false); err != nil {
			t.Fatal(err)
		}
		clock.Advance(4 * 24 * time.Hour) // 5 June
		pay := s.submit(t, "2025-05", line(0, "5000.00"), line(1, "5000.00"), line(2, "5000.00"), line(3, "5000.00"))
		if _, err := s.svc.ApprovePayroll(s.ctx, pay.ID); err != nil {
			t.Fatal(err)
		}
		_, _, ins, err := s.svc.PayrollInstructions(s.ctx, pay.ID)
		if err != nil || len(ins) != 4 {
			t.Fatalf("%d instructions, %v", len(ins), err)
		}
		clock.Advance(5 * 24 * time.Hour) // 10 June: the bank pays, but worker 1's card is closed
		var items []ledger.ConfirmationItem
		for i, in := range ins {
			it := ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: in.Amount, BankRef: fmt.Sprintf("B-%d", i), SettledOn: day("2025-06-10")}
			if i == 1 {
				it.Status, it.Amount, it.Reason = ledger.ConfirmFailed, 0, "card closed"
			}
			items = append(items, it)
		}
		if _, err := s.svc.RecordConfirmations(bank, s.bank, items); err != nil {
			t.Fatal(err)
		}
		clock.Advance(10 * 24 * time.Hour) // 20 June: worker 1 leaves, unpaid
		if _, err := s.svc.ExitWorker(s.ctx, s.project, enrs[1], day("2025-06-20")); err != nil {
			t.Fatal(err)
		}
		clock.Advance(40 * 24 * time.Hour) // 30 July: the welders' July attendance arrives
		var july []string
		for d := 1; d <= 18; d++ {
			for _, e := range welders {
				july = append(july, fmt.Sprintf("%s,,2025-07-%02d,8", e, d))
			}
		}
		if _, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(july...), "july.csv"), false); err != nil {
			t.Fatal(err)
		}

		nights := []struct{ on, want string }{
			// The pay day is Sunday 15 June, moved to Friday 13 June.
			// The first allocation came on 5 May, four months after the
			// start: three cycles missed over the project make it critical.
			// The work-injury policy ends on 10 July, within 30 days; the
			// three workers of May are on site (attendance last month).
			{"2025-06-12", `
allocation_overdue project - critical 0.00 0 open
injury_insurance_expiring project - medium 0.00 3 open
paid_not_attended worker3 2025-05 medium 5000.00 1 open
shared_bank_card card - medium 0.00 2 open`},
			{"2025-06-16", `
allocation_overdue project - critical 0.00 0 open
funds_idle project - critical 5000.00 1 open
injury_insurance_expiring project - medium 0.00 3 open
paid_not_attended worker3 2025-05 medium 5000.00 1 open
shared_bank_card card - medium 0.00 2 open
wages_unpaid gc 2025-05 high 5000.00 1 open`},
			// Five working days after the failure on 10 June.
			{"2025-06-18", `
allocation_overdue project - critical 0.00 0 open
funds_idle project - critical 5000.00 1 open
injury_insurance_expiring project - medium 0.00 3 open
paid_not_attended worker3 2025-05 medium 5000.00 1 open
payment_failed gc 2025-05 high 5000.00 1 open
shared_bank_card card - medium 0.00 2 open
wages_unpaid gc 2025-05 high 5000.00 1 open`},
			// A month after the pay day; 30 days after worker 1 left. The
			// policy ended on 10 July with the welders on site; one welder
			// has no certificate, the other's expired on 15 July: each
			// standing, and July's days worked without cover.
			{"2025-07-21", `
allocation_overdue project - critical 0.00 0 open
certificate_expired welder-expired - high 0.00 1 open
certificate_missing welder-uncertified - high 0.00 1 open
exit_unsettled worker1 - high 5000.00 1 open
funds_idle project - critical 5000.00 1 open
injury_insurance_missing project - high 0.00 2 open
paid_not_attended worker3 2025-05 medium 5000.00 1 open
payment_failed gc 2025-05 high 5000.00 1 open
shared_bank_card card - medium 0.00 2 open
wages_unpaid gc 2025-05 critical 5000.00 1 open`},
		}
		for _, n := range nights {
			if _, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day(n.on)); err != nil {
				t.Fatal(err)
			}
			alerts, err := store.ProjectAlerts(db.Reader(context.Background()), s.project)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range alerts {
				if a.Status == ledger.AlertResolved || a.LastSeenOn != day(n.on) {
					continue
				}
				who := label[a.Key.Subject]
				if strings.HasPrefix(a.Key.Subject, "card:") {
					who = "card"
				}
				period := a.Key.Period
				if period == "" {
					period = "-"
				}
				got = append(got, fmt.Sprintf("%s %s %s %s %s %d %s", a.Key.Rule, who, period, a.Severity, a.AmountAtRisk, a.Headcount, a.Status))
			}
			sort.Strings(got)
			if want := strings.TrimSpace(n.want); strings.Join(got, "\n") != want {
				t.Errorf("night %s:\n%s\nwant:\n%s", n.on, strings.Join(got, "\n"), want)
			}
		}
		// The owner allocates again: the next night resolves the alert,
		// naming the allocation; the workers' alerts stay open.
		inflow("IN-JUL", day("2025-07-25"))
		run, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-26"))
		if err != nil {
			t.Fatal(err)
		}
		if c := run.Counts[ledger.RuleAllocationOverdue]; c == nil || c.Resolved != 1 || run.Counts[ledger.RuleWagesUnpaid].Resolved != 0 {
			t.Fatalf("after the allocation: %+v", run.Counts)
		}
		alerts, err := store.ProjectAlerts(db.Reader(context.Background()), s.project)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range alerts {
			if a.Key.Rule == ledger.RuleAllocationOverdue && (a.Status != ledger.AlertResolved || !strings.Contains(a.ResolutionText().String(), "2025-07-25")) {
				t.Errorf("allocation alert: %+v", a)
			}
		}
		safetyRecorded(t, s, db, welders, clock)
	})
}

// safetyScenario records the project's work-injury policy, to 10 July 2025,
// and enrols two welders (worker 5 without an operation certificate, worker
// 6 with one that expires on 15 July), labelled for the nights.
func safetyScenario(t *testing.T, s *site, label map[string]string) []string {
	t.Helper()
	if _, err := s.svc.RecordInjuryPolicy(s.ctx, ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "朝阳区社会保险事业管理中心", PolicyNo: "GS-2025-1",
		ValidFrom: day("2025-01-01"), ValidUntil: day("2025-07-10"), Basis: ledger.BasisHeadcount, Headcount: 10}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, cert := range []ledger.CertificateInput{{}, {Number: "T" + workerID(6), Kind: "熔化焊接与热切割作业", ValidFrom: "2022-07-16", ValidUntil: "2025-07-15"}} {
		w := s.worker(5 + i)
		w.Trade, w.Certificate = "电焊工", cert
		e, err := s.svc.RegisterWorker(s.ctx, s.project, w)
		if err != nil {
			t.Fatal(err)
		}
		warned := strings.Contains(fmt.Sprint(e.Warnings), "特种作业操作证")
		if warned != (i == 0) {
			t.Fatalf("welder %d warnings: %v", i, e.Warnings)
		}
		ids = append(ids, e.ID)
	}
	label["enrolment:"+ids[0]], label["enrolment:"+ids[1]] = "welder-uncertified", "welder-expired"
	return ids
}

// safetyRecorded: a renewal of the policy from the day after the last one
// ended, a certificate valid from 10 July for the uncertified welder and one
// valid from 16 July for the other clear the standing alerts the next
// night, the check naming the night, and the policy's and the second
// certificate's July days; the first welder's days before 10 July stay a
// finding of July (a certificate recorded later covers only its own days).
func safetyRecorded(t *testing.T, s *site, db *store.DB, welders []string, clock *storetest.Clock) {
	t.Helper()
	if _, err := s.svc.RecordInjuryPolicy(s.ctx, ledger.InjuryPolicyInput{ProjectID: s.project, Insurer: "朝阳区社会保险事业管理中心", PolicyNo: "GS-2025-2",
		ValidFrom: day("2025-07-11"), ValidUntil: day("2026-07-10"), Basis: ledger.BasisHeadcount, Headcount: 10}); err != nil {
		t.Fatal(err)
	}
	for i, e := range welders {
		from := []string{"2025-07-10", "2025-07-16"}[i]
		if _, err := s.svc.RecordCertificate(s.ctx, s.project, e, ledger.CertificateInput{Number: "T-" + e, Kind: "熔化焊接与热切割作业", ValidFrom: from, ValidUntil: "2031-07-01"}); err != nil {
			t.Fatal(err)
		}
	}
	run, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day("2025-07-27"))
	if err != nil {
		t.Fatal(err)
	}
	// July is still running: its days are the standing alerts' alone.
	for r, want := range map[ledger.Rule]ledger.RuleCounts{ledger.RuleInjuryInsuranceMissing: {Resolved: 1}, ledger.RuleCertificateExpired: {Resolved: 1},
		ledger.RuleCertificateMissing: {Resolved: 1}} {
		if c := run.Counts[r]; c == nil || *c != want {
			t.Errorf("%s after the paperwork: %+v, want %+v", r, c, want)
		}
	}
	// Once July has ended, its days before the certificate are found.
	clock.Advance(2 * 24 * time.Hour)
	if _, err := s.svc.RunCheck(service.WithCaller(context.Background(), service.System), day("2025-08-01")); err != nil {
		t.Fatal(err)
	}
	july := 0
	alerts, err := store.ProjectAlerts(db.Reader(context.Background()), s.project)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alerts {
		if a.Key.Rule != ledger.RuleCertificateMissing {
			continue
		}
		if a.Key.Period == "" && (a.Status != ledger.AlertResolved || !strings.Contains(a.Resolution, "2025-07-27")) {
			t.Errorf("certificate alert: %+v", a)
		}
		if a.Key.Period == "2025-07" {
			july++
			if a.Status != ledger.AlertOpen || !strings.Contains(a.ReasonText().String(), "(2025-07-01 to 2025-07-09)") {
				t.Errorf("the days before the certificate: %+v", a)
			}
		}
	}
	if july != 1 {
		t.Errorf("%d July findings of the days before the certificate, want 1", july)
	}
}
