//go:build wageguard_testhooks

package main

// Test hooks, compiled only into the binary the process tests build with
// `go build -tags wageguard_testhooks` (nightproc_test.go). The binary that
// ships (make build, the container, go install) has none of this: a
// WAGEGUARD_TESTHOOK_* variable means nothing to it.
//
//	WAGEGUARD_TESTHOOK_CHECK_GATE=PATH  a run of the nightly check, before
//	    it starts its second batch of projects and each later one, says
//	    "testhook: run RUN waits for PATH before batch N" on stderr and
//	    waits until the file PATH exists: a test holds the run partway
//	    (its first batch committed, the others not begun) to SIGKILL it
//	    there or to start a second process beside it, then creates PATH
//	    to let it go on.

import (
	"fmt"
	"os"
	"time"

	"github.com/wageguard/wageguard/pkg/service"
)

func init() {
	testHooks = func(s *service.Service, getenv func(string) string) {
		gate := getenv("WAGEGUARD_TESTHOOK_CHECK_GATE")
		if gate == "" {
			return
		}
		s.BeforeCheckBatch = func(runID string, batch int) {
			fmt.Fprintf(os.Stderr, "testhook: run %s waits for %s before batch %d\n", runID, gate, batch)
			for {
				if _, err := os.Stat(gate); err == nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
}
