package console_test

import (
	"net/http"
	"strings"
	"testing"
)

// A first look: an inspector signs in and sees its district's alerts.
func TestInspectorSeesTheQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		p := b.get("/console/alerts")
		if p.status != http.StatusOK || !strings.Contains(p.body, "长阳镇安置房二期") {
			t.Fatalf("queue: %d\n%s", p.status, p.body)
		}
	})
}
