package demo

import (
	"context"
	"fmt"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// orderToPay plays the planted order to pay: the district inspector orders
// the employer to pay its oldest unpaid month within 10 days, on the alert
// the check raised about it. The order lapses with the workers unpaid, so
// once the arrears reach the criminal threshold the check proposes the
// employer for the blacklist (blacklist_candidate). Without such an alert
// yet (a demo that checks only some nights) there is nothing to order.
func (s *sim) orderToPay(ctx context.Context, p *project, d ledger.Date) error {
	alerts, err := store.ProjectAlerts(s.svc.DB.Reader(ctx), p.p.ID)
	if err != nil {
		return err
	}
	subject := ledger.Subject{Kind: ledger.SubjectEmployer, ID: s.orgs[p.plan.order].id}.String()
	var oldest *ledger.Alert
	for i, a := range alerts {
		if a.Key.Rule == ledger.RuleWagesUnpaid && a.Key.Subject == subject && a.Status != ledger.AlertResolved &&
			(oldest == nil || a.Key.Period < oldest.Key.Period) {
			oldest = &alerts[i]
		}
	}
	if oldest == nil {
		return nil
	}
	_, err = s.svc.ActOnAlert(s.orgs["district"].as, oldest.ID, ledger.AlertActionInput{Action: ledger.ActionOrderRectification,
		Note: fmt.Sprintf("限期支付 %s 工资", oldest.Key.Period), Deadline: d.AddDays(10)})
	return err
}
