package demo

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
)

// payroll is one employer's payroll for a month, as the simulation follows it.
type payroll struct {
	employer  string
	period    ledger.Period
	id        string
	approved  bool
	valueDate ledger.Date
	net       map[string]ledger.Money // enrolment → net pay
	ins       []store.Instruction
	settled   bool   // the bank has answered for it (or never will: no funds)
	unpaid    bool   // the wage account could not cover it
	ref       string // what the bank's references add for it ("-S" for a supplementary payroll)
}

// submitPayrolls has each employer submit last month's payroll: a line per
// worker who attended, days × day rate; the ghost is paid for days nobody
// saw. An employer that stopped paying submits nothing.
func (s *sim) submitPayrolls(p *project, d ledger.Date) error {
	period := d.AddDays(-d.Time().Day()).Period()
	for _, e := range p.plan.employers {
		if p.plan.stopsPaying == e.org && s.month(d)-1 >= p.plan.stopsPayingAt {
			continue
		}
		pay := &payroll{employer: e.org, period: period, net: map[string]ledger.Money{}}
		var lines []ledger.PayrollLineInput
		for _, w := range p.workers {
			days := s.daysWorked(w, period)
			if w.employer != e.org || days == 0 || (w.leftOff && s.month(period.First()) == p.plan.leftOffAt) {
				continue
			}
			rate := w.rate
			if w.lowPaid && s.month(period.First()) == p.plan.lowPaidAt {
				rate = s.lowRate(p, period, days)
			}
			lines = append(lines, pay.line(w, days, rate))
		}
		if len(lines) == 0 {
			continue
		}
		res, _, err := s.svc.SubmitPayroll(s.orgs[e.org].as, p.p.ID, service.PayrollSubmission{Period: period.String()},
			fmt.Sprintf("demo-%s-%s-%s", p.plan.key, e.org, period), "json", &service.SliceLines{Lines: lines})
		if err != nil {
			return fmt.Errorf("payroll of %s for %s: %w", e.org, period, err)
		}
		pay.id = res.ID
		p.payrolls = append(p.payrolls, pay)
		s.res.Figures.Payrolls++
	}
	if p.plan.leftOff != "" && s.month(period.First()) == p.plan.leftOffAt+1 {
		return s.supplement(p, period.First().AddDays(-1).Period())
	}
	return nil
}

// lowRate is the day rate of the worker planted as paid below the minimum
// wage: ¥100, or less when days at ¥100 would reach 95% of the region's
// monthly minimum wage for period. July 2026, 26 days at ¥100, paid ¥2,600,
// above Beijing's ¥2,540, so a fixed rate planted the problem only in
// months with few working days.
func (s *sim) lowRate(p *project, period ledger.Period, days int) ledger.Money {
	rate, policy := ledger.MustMoney("100"), s.svc.Policy
	if policy == nil {
		policy = ledger.DefaultPolicy()
	}
	if wage, ok := policy.MinimumWageFor(p.p.RegionCode, period.Last()); ok {
		rate = min(rate, wage.Monthly*95/100/ledger.Money(days))
	}
	return rate
}

// supplement is the employer that left a worker off its payroll for period
// paying them by a supplementary payroll a month late.
func (s *sim) supplement(p *project, period ledger.Period) error {
	pay := &payroll{employer: p.plan.leftOff, period: period, net: map[string]ledger.Money{}, ref: "-S"}
	var lines []ledger.PayrollLineInput
	for _, w := range p.workers {
		if !w.leftOff {
			continue
		}
		lines = append(lines, pay.line(w, s.daysWorked(w, period), w.rate))
	}
	if len(lines) == 0 {
		return nil
	}
	res, _, err := s.svc.SubmitPayroll(s.orgs[pay.employer].as, p.p.ID, service.PayrollSubmission{Period: period.String(), Kind: "supplementary"},
		fmt.Sprintf("demo-%s-%s-%s-supplement", p.plan.key, pay.employer, period), "json", &service.SliceLines{Lines: lines})
	if err != nil {
		return fmt.Errorf("supplementary payroll of %s for %s: %w", pay.employer, period, err)
	}
	pay.id = res.ID
	p.payrolls = append(p.payrolls, pay)
	s.res.Figures.Payrolls++
	return nil
}

// line is w's line on the payroll, days at rate, net as gross, confirmed.
func (pay *payroll) line(w *worker, days int, rate ledger.Money) ledger.PayrollLineInput {
	net := rate * ledger.Money(days)
	pay.net[w.enrolment] = net
	return ledger.PayrollLineInput{IDNumber: w.id, Name: w.name, DaysWorked: fmt.Sprint(days), GrossPay: net.String(),
		Deductions: "0.00", NetPay: net.String(), BankCard: w.card, Confirmed: "是"}
}

// daysWorked is how many days w attended in period; a ghost's payroll
// claims 24.
func (s *sim) daysWorked(w *worker, period ledger.Period) int {
	if w.ghost {
		return 24
	}
	n := 0
	for d := period.First(); !d.After(period.Last()); d = d.AddDays(1) {
		if s.present(w, d) {
			n++
		}
	}
	return n
}

// approvePayrolls is the general contractor's wage officer approving the
// month's payrolls; the bank will pay them on their value date.
func (s *sim) approvePayrolls(p *project, d ledger.Date) error {
	gc := s.orgs[p.plan.gc].approver
	for _, pay := range p.payrolls {
		if pay.approved {
			continue
		}
		if _, err := s.svc.ApprovePayroll(gc, pay.id); err != nil {
			return err
		}
		_, _, ins, err := s.svc.PayrollInstructions(gc, pay.id)
		if err != nil {
			return err
		}
		pay.approved, pay.ins = true, ins
		pay.valueDate = s.cal.ValueDate(pay.period, p.p.PayRuleOf(), d)
	}
	return nil
}

// pay is the bank paying the payrolls due on d from the wage account and
// reporting each payment: paid, or failed for the planted frozen card
// (never re-issued). A payroll the account cannot cover is not paid at all.
func (s *sim) pay(p *project, d ledger.Date) error {
	bank := s.orgs[p.plan.bank]
	for _, pay := range p.payrolls {
		if !pay.approved || pay.settled || pay.valueDate != d {
			continue
		}
		pay.settled = true
		var items []ledger.ConfirmationItem
		var total ledger.Money
		for _, in := range pay.ins {
			it := ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: in.Amount,
				BankRef: fmt.Sprintf("%s-%s-%s%s-%03d", p.plan.key, pay.employer, pay.period, pay.ref, in.LineNo), SettledOn: d}
			if w := p.worker(in.EnrolmentID); w != nil && w.failsIn >= 0 && s.month(pay.period.First()) == w.failsIn {
				it.Status, it.Amount, it.Reason = ledger.ConfirmFailed, 0, "收款账户已冻结"
			} else if w != nil && w.partPaid && s.month(pay.period.First()) == p.plan.partPaidAt {
				it.Amount = in.Amount / 2 // the bank pays half; the rest stays with it, never paid
			}
			total += it.Amount
			items = append(items, it)
		}
		if total > p.balance {
			pay.unpaid = true // the owner's money has run out: the bank pays nothing
			continue
		}
		if err := s.confirm(bank, items); err != nil {
			return err
		}
		p.balance -= total
		for _, it := range items {
			if it.Status == ledger.ConfirmPaid {
				s.res.Figures.Paid++
				s.res.Figures.NetPaid += it.Amount
			} else {
				s.res.Figures.Failed++
			}
		}
	}
	return nil
}

func (p *project) worker(enrolment string) *worker {
	for _, w := range p.workers {
		if w.enrolment == enrolment {
			return w
		}
	}
	return nil
}

// confirm is the bank reporting payments; every one must apply.
func (s *sim) confirm(bank *org, items []ledger.ConfirmationItem) error {
	res, err := s.svc.RecordConfirmations(bank.as, bank.id, items)
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Result != ledger.Applied || r.Exception != "" {
			return fmt.Errorf("the bank's report of %s was not applied: %s %s %v", r.InstructionID, r.Result, r.Exception, r.Errors)
		}
	}
	return nil
}
