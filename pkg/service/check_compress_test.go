package service_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The check's alerts are compressed with lz4 where the PostgreSQL server
// has it (store.Dialect.compressCheaply: pglz was most of what writing a
// first night's alerts cost).
func TestAlertEvidenceIsCompressedCheaply(t *testing.T) {
	db := storetest.New(t, "postgres")
	s := newSite(t, db)
	var want string
	if err := db.Get(context.Background(), &want, `SELECT CASE WHEN 'lz4' = ANY (enumvals) THEN 'lz4' ELSE 'pglz' END
		FROM pg_settings WHERE name = 'default_toast_compression'`); err != nil {
		t.Fatal(err)
	}
	a := ledger.Alert{ID: ledger.NewID(ledger.PrefixAlert), ProjectID: s.project, Status: ledger.AlertOpen, Severity: ledger.SeverityHigh,
		Key:         ledger.AlertKey{Rule: ledger.RuleInjuryInsuranceMissing, Subject: "project:" + s.project, Period: "2026-05"},
		FirstSeenOn: ledger.NewDate(2026, 7, 20), LastSeenOn: ledger.NewDate(2026, 7, 20)}
	for w := range 100 { // a hundred workers' attendance: 5 kB, long enough to be compressed
		a.Evidence = append(a.Evidence, ledger.Evidence{Kind: ledger.EvidenceAttendance, Ref: fmt.Sprintf("enr_p0001w%03d@2026-05", w)})
	}
	if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
		return store.WriteAlertPlan(tx, &ledger.AlertPlan{Insert: []ledger.Alert{a}})
	}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.Get(context.Background(), &got, `SELECT COALESCE(pg_column_compression(evidence), 'none') FROM alerts WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("the evidence is compressed with %s, want %s", got, want)
	}
}
