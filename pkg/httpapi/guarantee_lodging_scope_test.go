package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestAnyIssuerLodgesAndLearnsNoMore: any bank may issue a letter for a
// project, not only the bank of its wage account, so a bank's lodging may
// name a project it has no other relation to. It is told whether the
// (unguessable) project ID exists and whether the project is completed,
// and nothing else of it: not its code, not its dates.
func TestAnyIssuerLodgesAndLearnsNoMore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h := newHebei(t, db)
		letter := func(project, ref string) map[string]any {
			return map[string]any{"project_id": project, "form": "bank_letter", "amount": "1000.00", "reference": ref,
				"valid_from": "2026-03-01", "valid_until": "2027-06-30"}
		}
		// Another bank than the wage account's lodges its letter.
		h.must(201, "POST", "/api/v1/guarantees", h.otherBankKey, letter(h.project, "BG-OTHER"))
		project := h.must(200, "GET", "/api/v1/projects/"+h.project, h.admin, nil).json(t)
		h.must(200, "POST", "/api/v1/projects/"+h.project+"/complete", h.gcKey, map[string]string{"completed_on": "2026-10-10"})
		for _, c := range []struct{ project, want string }{{"prj_nope", "0:project_id:not_found"}, {h.project, "0:project_id:completed"}} {
			r := h.must(422, "POST", "/api/v1/guarantees", h.otherBankKey, letter(c.project, "BG-X"))
			if got := errorsOf(t, r); strings.Join(got, " ") != c.want {
				t.Errorf("%s: %v, want %s", c.project, got, c.want)
			}
			for _, secret := range []string{project["code"].(string), "2026-10-10", project["name"].(string)} {
				if strings.Contains(string(r.Body), secret) {
					t.Errorf("%s: the refusal tells an issuer %q: %s", c.project, secret, r.Body)
				}
			}
		}
	}, store.WithClock(storetest.NewClock(guaranteeToday).Now))
}
