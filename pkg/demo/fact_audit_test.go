package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// factTables are the tables the nightly check reads a project's facts
// from whose changes only the project's audit chain tells a re-run of a
// night about (store.ChangeMarks). Complaints, orders to pay, work-injury
// policies, certificates and listings are digested row by row
// (store.RecordMarks, store.ListingMarks), alerts by their versions.
var factTables = []string{"enrolments", "attendance", "attendance_months", "payrolls", "payroll_lines", "payment_instructions",
	"instruction_states", "bank_confirmations", "bank_inflows", "guarantees", "guarantee_drawdowns", "guarantee_topups"}

// The re-run of a night skips a project only when its change mark did not
// move, and the mark moves only with an audit record on the project's
// chain. So every transaction that writes a project's facts must queue
// such a record (any action but the check's own, alerts.check), in that
// same transaction. Triggers note, per transaction, the projects whose
// facts it wrote and the chains it audited; the six-month scenario, which
// drives every kind of fact through the service (roster, attendance,
// payrolls, the bank's files, allocations, guarantees, drawdowns,
// top-ups), then must leave no write unaudited.
func TestEveryFactWriteMovesTheProjectsChangeMark(t *testing.T) {
	t.Parallel()
	clock := demo.NewClock(time.Now())
	db := storetest.New(t, store.Postgres.Name, store.WithClock(clock.Now))
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if err := db.ExecRaw(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	exec(`CREATE TABLE test_fact_writes (tx BIGINT NOT NULL, tbl TEXT NOT NULL, project_id TEXT NOT NULL)`)
	exec(`CREATE TABLE test_audits (tx BIGINT NOT NULL, chain TEXT NOT NULL, action TEXT NOT NULL)`)
	exec(`CREATE FUNCTION test_note_fact() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP = 'DELETE' THEN
				INSERT INTO test_fact_writes VALUES (txid_current(), TG_TABLE_NAME, OLD.project_id);
			ELSE
				INSERT INTO test_fact_writes VALUES (txid_current(), TG_TABLE_NAME, NEW.project_id);
			END IF;
			RETURN NULL;
		END $$`)
	exec(`CREATE FUNCTION test_note_audit() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO test_audits VALUES (txid_current(), NEW.chain, NEW.action);
			RETURN NULL;
		END $$`)
	for _, table := range factTables {
		exec(fmt.Sprintf(`CREATE TRIGGER test_note_fact AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION test_note_fact()`, table))
	}
	exec(`CREATE TRIGGER test_note_audit AFTER INSERT ON audit_queue FOR EACH ROW EXECUTE FUNCTION test_note_audit()`)

	keys, err := identity.Generate()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, nil)
	svc.Identity, svc.Policy = keys, demoPolicy(t)
	opt := scenario
	if _, err := demo.Load(ctx, svc, clock, opt); err != nil {
		t.Fatal(err)
	}

	var written []struct {
		Table string `db:"tbl"`
		N     int    `db:"n"`
	}
	if err := db.Select(ctx, &written, `SELECT tbl, COUNT(*) AS n FROM test_fact_writes GROUP BY tbl ORDER BY tbl`); err != nil {
		t.Fatal(err)
	}
	t.Logf("fact rows written: %+v", written)
	var missing []struct {
		Table     string `db:"tbl"`
		ProjectID string `db:"project_id"`
		Tx        int64  `db:"tx"`
		Audited   string `db:"audited"`
	}
	if err := db.Select(ctx, &missing, `SELECT w.tbl, w.project_id, w.tx,
			COALESCE((SELECT string_agg(DISTINCT a.chain || ':' || a.action, ', ') FROM test_audits a WHERE a.tx = w.tx), '') AS audited
		FROM (SELECT DISTINCT tx, tbl, project_id FROM test_fact_writes) w
		WHERE NOT EXISTS (SELECT 1 FROM test_audits a WHERE a.tx = w.tx AND a.chain = w.project_id AND a.action <> ?)
		ORDER BY w.tx, w.tbl LIMIT 50`, store.CheckAuditAction); err != nil {
		t.Fatal(err)
	}
	if len(written) < len(factTables)-3 {
		t.Errorf("the scenario wrote only %d of the %d kinds of fact: %+v", len(written), len(factTables), written)
	}
	if len(missing) > 0 {
		var b strings.Builder
		for _, m := range missing {
			fmt.Fprintf(&b, "  tx %d wrote %s of %s, audited only %q\n", m.Tx, m.Table, m.ProjectID, m.Audited)
		}
		t.Fatalf("facts written with no audit record on the project's chain in the same transaction (a re-run would skip on stale facts):\n%s", b.String())
	}
}
