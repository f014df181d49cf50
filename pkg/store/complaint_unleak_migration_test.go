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

// What a build before 0027 stored while a complaint raised an alert reads
// to the contractor, once migrated, as the twin alert that no one
// complained about (LSIR Art. 9): a wages_unpaid alert the rules had made
// critical stays critical (0028 read it as high), and the entries of the
// nights the raise came and went are not updates to the contractor.
func TestMigratedComplaintRaiseReadsAsNoComplaint(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := migratedBefore(t, dialect, "alert_rule_severity")
			must(t, db.ExecRaw(ctx, `INSERT INTO organizations (id, name, uscc, kind, region_code, created_at) VALUES
				('org_o', 'o', 'u1', 'owner', '310115', '2026-01-01 00:00:00'), ('org_g', 'g', 'u2', 'general_contractor', '310115', '2026-01-01 00:00:00'),
				('org_b', 'b', 'u3', 'bank', '310115', '2026-01-01 00:00:00')`))
			for _, p := range []string{"prj_c", "prj_n"} {
				must(t, db.ExecRaw(ctx, `INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
					planned_completion_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status, created_at)
					VALUES ('`+p+`', '`+p+`', 'n', '310115', 'org_o', 'org_g', 100, '2026-01-01', '2027-01-01', 15, 30, 'org_b', '`+p+`', 'active', '2026-01-01 00:00:00')`))
			}
			// One worker of prj_c complained on 2026-11-10 about August and
			// September; the complaint was concluded on 2026-11-25.
			must(t, db.ExecRaw(ctx, `INSERT INTO complaints (project_id, id, source, enrolment_id, consent, summary, periods, workers, amount_claimed, status,
				received_on, accept_by, decided_on, concluded_on, created_by, created_at, updated_at) VALUES
				('prj_c', 'cmp_1', 'worker', 'enr_a', 0, 's', '2026-08,2026-09', 1, 0, 'concluded', '2026-11-10', '2026-11-17', '2026-11-11', '2026-11-25', 'w', '2026-11-10 00:00:00', '2026-11-10 00:00:00')`))
			reason := func(period, due, asOf string) string {
				return fmt.Sprintf(`{"key":"%%d worker''s wages for %%s, due %%s, are not confirmed paid in full as of %%s","args":[1,"%s","%s","%s"]}`, period, due, asOf)
			}
			alert := func(prj, id, period, due, sev, evidence string) {
				must(t, db.ExecRaw(ctx, `INSERT INTO alerts (project_id, id, rule, subject, period, stream, severity, status, amount_at_risk, headcount, evidence,
					reason, first_seen_on, last_seen_on, created_at, updated_at) VALUES ('`+prj+`', '`+id+`', 'wages_unpaid', 'employer:org_s', '`+period+`',
					'arrears', '`+sev+`', 'open', 550000, 1, '`+evidence+`', '`+reason(period, due, "2026-11-20")+`', '2026-10-01', '2026-11-20', '2026-10-01 00:00:00', '2026-11-20 00:00:00')`))
			}
			event := func(prj, id string, seq int, on, kind, sev string) {
				must(t, db.ExecRaw(ctx, fmt.Sprintf(`INSERT INTO alert_events (project_id, alert_id, seq, on_date, kind, actor, note, severity, amount, created_at)
					VALUES ('%s', '%s', %d, '%s', '%s', 'check', 'n', '%s', 550000, '2026-11-20 00:00:00')`, prj, id, seq, on, kind, sev)))
			}
			// August, due 2026-09-15: critical by the rules from 2026-10-16.
			// The complaint raised nothing the rules had not made critical,
			// and the build wrote nothing on its nights.
			alert("prj_c", "alr_c8", "2026-08", "2026-09-15", "critical", `[{"kind":"account","ref":"wages_payable/enr_a@2026-08"},{"kind":"complaint","ref":"cmp_1"}]`)
			alert("prj_n", "alr_n8", "2026-08", "2026-09-15", "critical", `[{"kind":"account","ref":"wages_payable/enr_b@2026-08"}]`)
			for _, p := range [][2]string{{"prj_c", "alr_c8"}, {"prj_n", "alr_n8"}} {
				event(p[0], p[1], 1, "2026-10-01", "opened", "high")
				event(p[0], p[1], 2, "2026-10-16", "updated", "critical")
				event(p[0], p[1], 3, "2026-11-12", "order_rectification", "critical")
			}
			// September, due 2026-10-15: high by the rules until 2026-11-15,
			// critical after. The complaint raised it on 2026-11-10; the
			// rules' own escalation on 2026-11-15 wrote nothing under the
			// raise.
			alert("prj_c", "alr_c9", "2026-09", "2026-10-15", "critical", `[{"kind":"account","ref":"wages_payable/enr_a@2026-09"},{"kind":"complaint","ref":"cmp_1"}]`)
			alert("prj_n", "alr_n9", "2026-09", "2026-10-15", "critical", `[{"kind":"account","ref":"wages_payable/enr_b@2026-09"}]`)
			event("prj_c", "alr_c9", 1, "2026-10-20", "opened", "high")
			event("prj_c", "alr_c9", 2, "2026-11-10", "updated", "critical")
			event("prj_c", "alr_c9", 3, "2026-11-12", "order_rectification", "critical")
			event("prj_n", "alr_n9", 1, "2026-10-20", "opened", "high")
			event("prj_n", "alr_n9", 2, "2026-11-12", "order_rectification", "high")
			event("prj_n", "alr_n9", 3, "2026-11-16", "updated", "critical")
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			read := func(prj, id string) string {
				a, err := store.GetAlert(db.Reader(ctx), id)
				if err != nil {
					t.Fatal(err)
				}
				h, err := store.AlertHistory(db.Reader(ctx), prj, id)
				if err != nil {
					t.Fatal(err)
				}
				seen, hist := ledger.ForContractor(*a, h)
				var got []string
				for _, e := range hist {
					got = append(got, e.On.String()+" "+string(e.Kind)+" "+string(e.Severity))
				}
				return string(seen.Severity) + ": " + strings.Join(got, ", ")
			}
			if c, n := read("prj_c", "alr_c8"), read("prj_n", "alr_n8"); c != n {
				t.Errorf("August: the contractor reads\n%s\nwith the complaint and\n%s\nwithout", c, n)
			}
			// September's history differs by the escalation the raise hid
			// (no night wrote it), but never by a word of the complaint.
			if c, want := read("prj_c", "alr_c9"), "critical: 2026-10-20 opened high, 2026-11-12 order_rectification high"; c != want {
				t.Errorf("September: the contractor reads\n%s\nwant\n%s", c, want)
			}
			for _, id := range []string{"alr_c8", "alr_c9"} {
				if a, _ := store.GetAlert(db.Reader(ctx), id); a.Severity != ledger.SeverityCritical || len(a.Evidence) != 2 {
					t.Errorf("%s: the inspector reads %s, %v", id, a.Severity, a.Evidence)
				}
			}
		})
	}
}
