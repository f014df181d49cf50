package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A complaint's orders to pay are read whole: a project with more orders
// than a page (1000) still gives the one for the complaint's month that
// sorts last, and none for another month or project.
func TestOrdersForMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
			('org_o', 'o', 'u1', 'owner', '310115', '2026-01-01 00:00:00'), ('org_g', 'g', 'u2', 'general_contractor', '310115', '2026-01-01 00:00:00'),
			('org_b', 'b', 'u3', 'bank', '310115', '2026-01-01 00:00:00')`))
		for _, p := range []string{"prj_1", "prj_2"} {
			must(t, db.ExecRaw(ctx, `INSERT INTO project_keys (project_id, code, wage_bank_id, wage_account_no)
				VALUES ('`+p+`', '`+p+`', 'org_b', '11000000000`+p[4:]+`')`))
			must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
				planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
				VALUES ('`+p+`', '`+p+`', 'n', '310115', 'org_o', 'org_g', 100, '2026-01-01', '2027-01-01', 15, 30, 'org_b', '11000000000`+p[4:]+`', 'active', '2026-01-01 00:00:00')`))
			must(t, db.ExecRaw(ctx, `INSERT INTO alerts (project_id, id, rule, subject, period, stream, severity, status, amount_at_risk, headcount,
				first_seen_on, last_seen_on, created_at, updated_at) VALUES ('`+p+`', 'alr_1', 'wages_unpaid', 'employer:org_g', '2026-09', 'arrears', 'high',
				'resolved', 100, 1, '2026-10-01', '2026-10-01', '2026-10-01 00:00:00', '2026-10-01 00:00:00')`))
		}
		must(t, db.ExecRaw(ctx, `INSERT INTO worker_identities (id, id_number_index, id_number_enc, id_number_masked, name, gender, created_at)
			VALUES ('wkr_1', 'i', 'k:e', 'm', 'n', 'M', '2026-01-01 00:00:00')`))
		for _, p := range []string{"prj_1", "prj_2"} {
			must(t, db.ExecRaw(ctx, `INSERT INTO enrolments (project_id, id, worker_id, name, id_number_masked, employer_id, trade, contract_kind,
				contract_signed_on, entered_on, bank_card_enc, bank_card_index, bank_card_masked, bank_id, created_at, updated_at)
				VALUES ('`+p+`', 'enr_a', 'wkr_1', 'n', 'm', 'org_g', 't', 'labour_contract', '2026-01-01', '2026-01-01', 'k:e', 'i', 'm', 'org_b',
				'2026-01-01 00:00:00', '2026-01-01 00:00:00')`))
		}
		var orders, lines []string
		add := func(p, id, period string) {
			orders = append(orders, fmt.Sprintf(`('%s', '%s', 'alr_1', 'org_g', 'settled', '2026-10-01', '2026-10-15', 100, 0, 'i', '2026-10-01 00:00:00', '2026-10-01 00:00:00')`, p, id))
			lines = append(lines, fmt.Sprintf(`('%s', '%s', 'enr_a', '%s', 'n', 100, 0)`, p, id, period))
		}
		for i := range 1001 {
			add("prj_1", fmt.Sprintf("ord_%04d", i), "2026-08")
		}
		add("prj_1", "ord_9999", "2026-09") // the complaint's month, sorting after the first 1000
		add("prj_2", "ord_9998", "2026-09") // another project
		must(t, db.ExecRaw(ctx, `INSERT INTO pay_orders (project_id, id, alert_id, employer_id, status, issued_on, deadline, amount, unpaid, issued_by,
			created_at, updated_at) VALUES `+strings.Join(orders, ", ")))
		must(t, db.ExecRaw(ctx, `INSERT INTO pay_order_lines (project_id, order_id, enrolment_id, period, name, amount, unpaid) VALUES `+strings.Join(lines, ", ")))
		got, err := store.OrdersForMonths(db.Reader(ctx), "prj_1", []ledger.Period{ledger.MustPeriod("2026-09"), ledger.MustPeriod("2026-10")})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != "ord_9999" || len(got[0].Lines) != 1 {
			t.Fatalf("orders for the complaint's months: %+v", got)
		}
		// The page the service read before dropped it.
		page, err := store.ListPayOrders(db.Reader(ctx), store.PayOrderFilter{Scope: store.Scope{Role: ledger.RoleAdmin}, ProjectID: "prj_1", Limit: 1000})
		if err != nil || len(page) != 1000 || page[len(page)-1].ID == "ord_9999" {
			t.Fatalf("the first page: %d %v", len(page), err)
		}
	})
}
