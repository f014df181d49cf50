package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An inspector enters a complaint taken by phone or at the counter from the
// queue's form: without the worker's consent it is refused (422, the form
// kept as sent, said in Chinese); with it, the complaint is entered and its
// page shows it. Another district's project is not the inspector's; a
// contractor neither sees the form nor posts it. The form speaks English
// once asked to.
func TestComplaintEntryForm(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		q := b.get("/console/complaints")
		if q.status != http.StatusOK || !strings.Contains(q.body, `id="complaint-entry"`) || !strings.Contains(q.body, `name="consent"`) || !strings.Contains(q.body, f.projectA) {
			t.Fatalf("the queue has no entry form: %d\n%s", q.status, q.body)
		}
		form := url.Values{"project_id": {f.projectA}, "complainant_name": {"孙七"}, "summary": {"二月工资未发，电话投诉"}, "periods": {"2026-02"},
			"workers": {"3"}, "amount_claimed": {"9000.00"}}
		if p := b.act("/console/complaints", "/console/complaints", form); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, "consent") && !strings.Contains(p.body, "同意") || !strings.Contains(p.body, "二月工资未发，电话投诉") {
			t.Fatalf("without consent: %d\n%s", p.status, p.body)
		}
		other := url.Values{}
		for k, v := range form {
			other[k] = v
		}
		other.Set("consent", "1")
		other.Set("project_id", f.projectB)
		if p := b.act("/console/complaints", "/console/complaints", other); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("on another district's project: %d", p.status)
		}
		form.Set("consent", "1")
		p := b.act("/console/complaints", "/console/complaints", form)
		if p.status != http.StatusOK || !strings.HasPrefix(p.url, "/console/complaints/cmp_") || !strings.Contains(p.body, "投诉已登记。") ||
			!strings.Contains(p.body, "孙七") || !strings.Contains(p.body, "9,000.00") && !strings.Contains(p.body, "9000.00") {
			t.Fatalf("entered: %d at %s\n%s", p.status, p.url, p.body)
		}
		if q := b.get("/console/complaints"); strings.Count(q.body, `class="complaint-link"`) != 1 {
			t.Errorf("the queue after the entry:\n%s", q.body)
		}
		gc := f.signIn("gcA")
		if g := gc.get("/console/complaints"); g.status != http.StatusForbidden || strings.Contains(g.body, "complaint-entry") {
			t.Errorf("a contractor opens the queue: %d", g.status)
		}
		if g := gc.act("/console/", "/console/complaints", form); g.status != http.StatusForbidden {
			t.Errorf("a contractor posts a complaint: %d", g.status)
		}
		b.get("/console/lang?to=en&back=/console/")
		if en := b.get("/console/complaints"); !strings.Contains(en.body, "Enter a complaint for a worker") || !strings.Contains(en.body, "The worker agrees") {
			t.Errorf("the form in English:\n%s", en.body)
		}
	})
}
