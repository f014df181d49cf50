package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// day is one project's business on day d, in the order a site's month runs:
// the owner's allocation on the 3rd, attendance uploaded every Monday and
// on the 1st, payrolls submitted on the 5th and approved on the 7th, the
// bank paying on the value date, and what the planted problems add.
func (s *sim) day(ctx context.Context, p *project, d ledger.Date) error {
	m := s.month(d)
	steps := []struct {
		when bool
		do   func() error
	}{
		{d == s.start.AddDays(2) || (m > 0 && d.Time().Day() == 3), func() error { return s.allocate(p, d, m) }},
		{p.plan.lodgeAt == 0 && d == s.start.AddDays(7), func() error { return s.lodge(p, s.start) }},
		{p.plan.lodgeAt > 0 && m == p.plan.lodgeAt && d.Time().Day() == 10, func() error { return s.lodge(p, d) }},
		{d.Time().Weekday() == time.Monday || d.Time().Day() == 1, func() error { return s.attendance(p, d) }},
		{p.plan.leaver != "" && m == p.plan.leaverAt && d.Time().Day() == 10, func() error { return s.exit(p, d) }},
		{m > 0 && d.Time().Day() == 5, func() error { return s.submitPayrolls(p, d) }},
		{m > 0 && d.Time().Day() == 7, func() error { return s.approvePayrolls(p, d) }},
		{true, func() error { return s.pay(p, d) }},
		{p.plan.drawdown != "" && (m == p.plan.drawdownAt || m == p.plan.drawdownAt+1), func() error { return s.drawdownDay(ctx, p, d, m) }},
		{p.plan.order != "" && m == p.plan.orderAt && d.Time().Day() == 17, func() error { return s.orderToPay(ctx, p, d) }},
	}
	for _, st := range steps {
		if st.when {
			if err := st.do(); err != nil {
				return err
			}
		}
	}
	return nil
}

// month is d's month counted from the first simulated one (0).
func (s *sim) month(d ledger.Date) int {
	a, b := s.start.Time(), d.Time()
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
}

// allocate has the bank report the owner's monthly labour-cost allocation:
// enough for every worker on every site day of a month. A late owner stops.
func (s *sim) allocate(p *project, d ledger.Date, m int) error {
	if p.plan.ownerStopsAt > 0 && m >= p.plan.ownerStopsAt {
		return nil
	}
	var amount ledger.Money
	for _, w := range p.workers {
		amount += w.rate * 27
	}
	share, err := ledger.ParseShare("22")
	if err != nil {
		return err
	}
	bank := s.orgs[p.plan.bank]
	_, err = s.svc.RecordInflow(bank.as, bank.id, ledger.InflowInput{AccountNo: p.plan.account, Amount: amount, ReceivedOn: d,
		BankRef: fmt.Sprintf("%s-ALLOC-%s", p.plan.key, d), Payer: s.orgs[p.plan.owner].plan.name, AllocatedOn: d.AddDays(-1), LabourCostShare: share})
	if err == nil {
		p.balance += amount
		s.res.Figures.Allocated += amount
	}
	return err
}

// lodge has the bank lodge the general contractor's guarantee at the size
// the policy requires, valid from from: a cash deposit, or a bank letter
// that expires soon.
func (s *sim) lodge(p *project, from ledger.Date) error {
	cov, err := s.svc.ProjectGuarantee(s.admin, p.p.ID)
	if err != nil {
		return err
	}
	if cov.Required.Exempt || cov.Required.Amount <= 0 {
		return nil
	}
	in := ledger.GuaranteeInput{ProjectID: p.p.ID, Form: ledger.FormCash, Amount: cov.Required.Amount, Reference: p.plan.key + "-DEPOSIT", ValidFrom: from}
	if n := p.plan.letterDaysLeft; n > 0 {
		until := s.opt.AsOf.AddDays(n)
		in.Form, in.Reference, in.ValidFrom, in.ValidUntil = ledger.FormBankLetter, p.plan.key+"-LETTER", until.AddDays(-400), &until
	}
	bank := s.orgs[p.plan.bank]
	g, err := s.svc.LodgeGuarantee(bank.as, in)
	if err != nil {
		return err
	}
	p.guarantee = g.Cover.Guarantee.ID
	s.res.Labels["guarantee:"+p.guarantee] = in.Reference
	return nil
}

// attendance has the general contractor upload the site's attendance of
// every day not uploaded yet, up to the day before d.
func (s *sim) attendance(p *project, d ledger.Date) error {
	var b bytes.Buffer
	b.WriteString("enrolment_id,id_number,date,hours\n")
	rows := 0
	for day := p.uploaded; day.Before(d); day = day.AddDays(1) {
		for _, w := range p.workers {
			if s.present(w, day) {
				fmt.Fprintf(&b, "%s,,%s,8\n", w.enrolment, day)
				rows++
			}
		}
	}
	p.uploaded = d
	if rows == 0 {
		return nil
	}
	_, _, err := s.svc.RecordAttendance(s.orgs[p.plan.gc].as, p.p.ID, upload(b.Bytes(), fmt.Sprintf("attendance-%s.csv", d)), false)
	s.res.Figures.AttendanceDays += rows
	return err
}

// present says whether w worked on day: a ghost never comes, a leaver not
// after leaving.
func (s *sim) present(w *worker, day ledger.Date) bool {
	if w.ghost || (!w.exitedOn.IsZero() && !day.Before(w.exitedOn)) {
		return false
	}
	return s.g.attends(s.cal, w.n, day)
}

// exit records that the planted leaver left the site on d.
func (s *sim) exit(p *project, d ledger.Date) error {
	for _, w := range p.workers {
		if w.leaves {
			if _, err := s.svc.ExitWorker(s.orgs[w.employer].as, p.p.ID, w.enrolment, d); err != nil {
				return err
			}
			w.exitedOn = d
		}
	}
	return nil
}
