package ledger

import "testing"

func TestEntryBatchIDs(t *testing.T) {
	b := NewEntryBatch()
	if !HasPrefix(string(b), PrefixEntry) {
		t.Fatalf("batch %q is not an entry ID prefix", b)
	}
	for _, tc := range []struct {
		i    int
		want string
	}{{0, "_00000"}, {7, "_00007"}, {12345, "_12345"}, {123456, "_123456"}} {
		if got := b.ID(tc.i); got != string(b)+tc.want {
			t.Errorf("ID(%d) = %q, want suffix %q", tc.i, got, tc.want)
		}
	}
	if b.ID(1) <= b.ID(0) || b.ID(99999) <= b.ID(10) {
		t.Error("IDs of a batch do not sort in their order")
	}
	if NewEntryBatch() == b {
		t.Error("two batches share a prefix")
	}
}
