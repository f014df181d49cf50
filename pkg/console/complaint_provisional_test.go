package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// A complaint received on 28 December 2026 is to be accepted by a day of
// 2027, whose State Council notice the calendar lacks: the queue and the
// complaint's page mark the deadline provisional, in Chinese and English.
func TestComplaintDeadlineProvisionalPage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		// The calendar as it stood in 2026, whatever notices the default
		// calendar holds by now: the test keeps its meaning and runs.
		f.svc.Calendar = ledger.CalendarBefore(2027)
		early := f.fileComplaint(t, "inspA", f.projectA, "王五") // 1 March: within 2026
		f.clock.Advance(time.Date(2026, 12, 28, 2, 0, 0, 0, time.UTC).Sub(built))
		late := f.fileComplaint(t, "inspA", f.projectA, "赵六")
		b := f.signIn("inspA")
		q := b.get("/console/complaints")
		if strings.Count(q.body, `class="muted small provisional"`) != 1 || !strings.Contains(q.body, "暂定") {
			t.Fatalf("the queue marks %d deadlines provisional, want 1:\n%s", strings.Count(q.body, `class="muted small provisional"`), q.body)
		}
		if p := b.get("/console/complaints/" + late); !strings.Contains(p.body, `id="complaint-provisional"`) || !strings.Contains(p.body, "未计调休") {
			t.Errorf("the complaint's page:\n%s", p.body)
		}
		if p := b.get("/console/complaints/" + early); strings.Contains(p.body, `id="complaint-provisional"`) {
			t.Errorf("a deadline within 2026 reads provisional")
		}
		b.get("/console/lang?to=en&back=/console/")
		if p := b.get("/console/complaints/" + late); !strings.Contains(p.body, "make-up working days are not") || !strings.Contains(p.body, "provisional") {
			t.Errorf("the complaint's page in English:\n%s", p.body)
		}
	})
}
