package store

import (
	"reflect"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

func TestDBArgsWritesLedgerValuesAsTheDatabasesKeepThem(t *testing.T) {
	day := ledger.NewDate(2025, 3, 1)
	month := ledger.MustPeriod("2025-03")
	var noDay *ledger.Date
	args := []any{"x", day, ledger.Date{}, month, ledger.Period{}, &day, noDay, int64(7)}
	got := dbArgs(args)
	want := []any{"x", "2025-03-01", nil, "2025-03", "", "2025-03-01", nil, int64(7)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("dbArgs = %#v, want %#v", got, want)
	}
	if args[1] != day || args[3] != month {
		t.Fatalf("dbArgs changed the caller's slice: %#v", args)
	}
	plain := []any{"a", int64(1)}
	if out := dbArgs(plain); &out[0] != &plain[0] {
		t.Fatal("dbArgs copied arguments that needed no conversion")
	}
}
