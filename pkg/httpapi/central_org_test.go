package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A central enterprise registered with the State Administration for Market
// Regulation carries the division code 100000 in its credit code: it is
// registered like any other organisation (issue 11, item 11).
func TestCentralLevelOrganization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const code = "91100000MA00123458" // GB 32100 check character computed, region 100000
		r := e.must(201, "POST", "/api/v1/organizations", e.admin, map[string]any{"name": "中央建筑集团", "uscc": code, "kind": "general_contractor", "region_code": "110000"})
		if r.str(t, "uscc") != code {
			t.Fatalf("created: %s", r.Body)
		}
		e.must(200, "GET", "/api/v1/organizations/"+r.str(t, "id"), e.admin, nil)
	})
}
