package ledger

import "testing"

// A completed project's records are closed to every change; an active
// project's are open.
func TestCheckRecordsOpen(t *testing.T) {
	done := MustDate("2026-06-30")
	for _, c := range []struct {
		p    Project
		want string // the refusal's message, "" when open
	}{
		{Project{Code: "P1", Status: ProjectActive}, ""},
		{Project{Code: "P2", Status: ProjectCompleted, CompletedOn: &done}, "project P2 was completed on 2026-06-30: its records are closed"},
	} {
		err := CheckRecordsOpen(&c.p)
		e, _ := err.(*Error)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v, want open", c.p.Status, err)
		case c.want != "" && (e == nil || e.Code != EConflict || e.Message != c.want):
			t.Errorf("%s: %v, want a conflict %q", c.p.Status, err, c.want)
		}
	}
}
