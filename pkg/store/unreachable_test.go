package store

import (
	"fmt"
	"io"
	"testing"

	"github.com/lib/pq"
)

// A protocol violation (08P01) is the statement's own fault: answering it
// as an outage told clients to send a request again that would fail again.
func TestUnreachableLeavesStatementFaults(t *testing.T) {
	for code, want := range map[pq.ErrorCode]bool{"08006": true, "08001": true, "57P01": true, "53300": true, "08P01": false, "23505": false} {
		if got := unreachable(&pq.Error{Code: code}); got != want {
			t.Errorf("unreachable(%s) = %v, want %v", code, got, want)
		}
	}
	// A reader's end is not an outage: lib/pq's bare io.EOF from a
	// connection's start is a lost connection by the time it gets here
	// (startupConnector; TestConnectionCutBeforeStartupIsUnavailable).
	if unreachable(io.EOF) || unreachable(fmt.Errorf("store: reading a file: %w", io.EOF)) {
		t.Error("io.EOF taken for an outage")
	}
}
