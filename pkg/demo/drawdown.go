package demo

import (
	"context"
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// drawdownDay plays the planted drawdown: on the 20th the district
// inspector draws on the guarantee to pay the employer's workers their
// oldest unpaid month; on the 23rd the bank reports those payments; on the
// 20th of the next month, past the 10 working days the contractor had, the
// deposit is topped up again (topup_overdue opens, and the top-up closes it).
func (s *sim) drawdownDay(ctx context.Context, p *project, d ledger.Date, m int) error {
	switch day := d.Time().Day(); {
	case m == p.plan.drawdownAt && day == 20:
		return s.draw(p, d)
	case m == p.plan.drawdownAt && day == 23:
		return s.payDrawdown(p, d)
	case m == p.plan.drawdownAt+1 && day == 20:
		if p.drawn == 0 {
			return nil
		}
		bank := s.orgs[p.plan.bank]
		_, err := s.svc.TopUpGuarantee(bank.as, p.guarantee, ledger.TopUpInput{Amount: p.drawn, Reference: p.plan.key + "-TOPUP", On: d})
		return err
	}
	return nil
}

func (s *sim) draw(p *project, d ledger.Date) error {
	var owed *payroll
	for _, pay := range p.payrolls {
		if pay.employer == p.plan.drawdown && pay.unpaid {
			owed = pay
			break
		}
	}
	if owed == nil || p.guarantee == "" {
		return nil
	}
	in := ledger.DrawdownInput{DecisionRef: fmt.Sprintf("京房人社监令〔%d〕%s号", d.Time().Year(), p.plan.key)}
	for _, w := range p.workers { // in the roster's order
		if net, ok := owed.net[w.enrolment]; ok {
			in.Payees = append(in.Payees, ledger.DrawdownPayee{EnrolmentID: w.enrolment, Amount: net})
			in.Amount += net
		}
	}
	res, err := s.svc.DrawGuarantee(s.orgs["district"].as, p.guarantee, in)
	if err != nil {
		return fmt.Errorf("drawdown for %s's %s: %w", owed.employer, owed.period, err)
	}
	p.drawn, p.drawnIns = in.Amount, res.Instructions
	return nil
}

// payDrawdown is the bank reporting the drawdown's payments as paid.
func (s *sim) payDrawdown(p *project, d ledger.Date) error {
	if len(p.drawnIns) == 0 {
		return nil
	}
	var items []ledger.ConfirmationItem
	for _, in := range p.drawnIns {
		items = append(items, ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: in.Amount,
			BankRef: fmt.Sprintf("%s-DRAW-%03d", p.plan.key, in.LineNo), SettledOn: d})
		s.res.Figures.Paid++
		s.res.Figures.NetPaid += in.Amount
	}
	bank := s.orgs[p.plan.bank]
	return s.confirm(bank, items)
}
