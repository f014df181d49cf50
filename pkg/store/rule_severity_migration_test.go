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

// Alerts and history written at 0026, while a complaint raised them, read
// to a contractor at the rules' severity once migrated: the alert a live
// complaint raises, the entries of the days a complaint was being handled
// (a concluded one's too), and nothing else; the entries of the nights
// the raise came and went are not updates to the contractor (0034).
func TestRuleSeverityBackfill(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedBefore(t, dialect, "alert_rule_severity")
			must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
				('org_o', 'o', 'u1', 'owner', '310115', '2026-01-01 00:00:00'), ('org_g', 'g', 'u2', 'general_contractor', '310115', '2026-01-01 00:00:00'),
				('org_b', 'b', 'u3', 'bank', '310115', '2026-01-01 00:00:00')`))
			must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
				planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
				VALUES ('prj_1', 'p1', 'n', '310115', 'org_o', 'org_g', 100, '2026-01-01', '2027-01-01', 15, 30, 'org_b', '110000000001', 'active', '2026-01-01 00:00:00')`))
			must(t, db.ExecRaw(ctx, `INSERT INTO complaints (project_id, id, source, enrolment_id, consent, summary, periods, workers, amount_claimed, status,
				received_on, accept_by, decided_on, concluded_on, created_by, created_at, updated_at) VALUES
				('prj_1', 'cmp_1', 'worker', 'enr_a', 0, 's', '2026-09,2026-10', 1, 0, 'accepted', '2026-11-18', '2026-11-25', '2026-11-19', NULL, 'w', '2026-11-18 00:00:00', '2026-11-18 00:00:00'),
				('prj_1', 'cmp_2', 'inspector', '', 1, 's', '2026-08', 3, 0, 'concluded', '2026-11-05', '2026-11-12', '2026-11-06', '2026-11-15', 'i', '2026-11-05 00:00:00', '2026-11-05 00:00:00')`))
			alert := func(id, period, sev, evidence string) {
				must(t, db.ExecRaw(ctx, `INSERT INTO alerts (project_id, id, rule, subject, period, stream, severity, status, amount_at_risk, headcount, evidence,
					reason, first_seen_on, last_seen_on, created_at, updated_at) VALUES ('prj_1', '`+id+`', 'wages_unpaid', 'employer:org_s', '`+period+`',
					'arrears', '`+sev+`', 'open', 550000, 1, '`+evidence+`', 'r', '2026-11-01', '2026-11-20', '2026-11-01 00:00:00', '2026-11-20 00:00:00')`))
			}
			event := func(id string, seq int, on, kind, sev string) {
				must(t, db.ExecRaw(ctx, fmt.Sprintf(`INSERT INTO alert_events (project_id, alert_id, seq, on_date, kind, actor, note, severity, amount, created_at)
					VALUES ('prj_1', '%s', %d, '%s', '%s', 'check', 'n', '%s', 550000, '2026-11-20 00:00:00')`, id, seq, on, kind, sev)))
			}
			// Raised now by cmp_1 (about enr_a's October).
			alert("alr_1", "2026-10", "critical", `[{"kind":"account","ref":"wages_payable/enr_a@2026-10"},{"kind":"complaint","ref":"cmp_1"}]`)
			event("alr_1", 1, "2026-11-17", "opened", "high")
			event("alr_1", 2, "2026-11-18", "updated", "critical")
			event("alr_1", 3, "2026-11-19", "order_rectification", "critical")
			// cmp_1's month, but another worker: never raised.
			alert("alr_2", "2026-09", "high", `[{"kind":"account","ref":"wages_payable/enr_z@2026-09"}]`)
			event("alr_2", 1, "2026-11-18", "opened", "high")
			// Raised by cmp_2 from 2026-11-05 until it was concluded on 2026-11-15.
			alert("alr_3", "2026-08", "medium", `[{"kind":"account","ref":"wages_payable/enr_q@2026-08"}]`)
			event("alr_3", 1, "2026-11-01", "opened", "medium")
			event("alr_3", 2, "2026-11-05", "updated", "high")
			event("alr_3", 3, "2026-11-15", "updated", "medium")
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string]string{
				"alr_1": "high: opened high, order_rectification high",
				"alr_2": "high: opened high",
				"alr_3": "medium: opened medium",
			} {
				a, err := store.GetAlert(db.Reader(ctx), id)
				if err != nil {
					t.Fatal(err)
				}
				h, err := store.AlertHistory(db.Reader(ctx), "prj_1", id)
				if err != nil {
					t.Fatal(err)
				}
				seen, hist := ledger.ForContractor(*a, h)
				var got []string
				for _, e := range hist {
					got = append(got, string(e.Kind)+" "+string(e.Severity))
				}
				if s := string(seen.Severity) + ": " + strings.Join(got, ", "); s != want {
					t.Errorf("%s: the contractor reads %s, want %s", id, s, want)
				}
			}
			if a, _ := store.GetAlert(db.Reader(ctx), "alr_1"); a.Severity != ledger.SeverityCritical {
				t.Errorf("the inspector reads %s", a.Severity)
			}
		})
	}
}
