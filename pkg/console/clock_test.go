package console

import (
	"testing"
	"time"
)

// Times are shown as they read in China: the 01:00 nightly run is stored as
// 17:00 UTC the day before.
func TestClockIsShanghaiTime(t *testing.T) {
	clock := funcs["clock"].(func(time.Time) string)
	if got := clock(time.Date(2026, 11, 29, 17, 0, 0, 0, time.UTC)); got != "2026-11-30 01:00" {
		t.Errorf("clock = %q, want 2026-11-30 01:00", got)
	}
}
