package console_test

import (
	"net/http"
	"strings"
	"testing"
)

// The orders to pay: an order that lapsed shows on the list of the
// region's inspector, flagged, with what is still unpaid, and on the list
// of the contractor it names (the general contractor's projects too);
// another district's inspector does not see it; the status filter keeps
// the lapsed one; in English.
func TestOrdersPage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		b := f.signIn("inspA")
		if p := b.get("/console/orders"); p.status != http.StatusOK || !strings.Contains(p.body, "没有限期支付令") || !strings.Contains(p.body, `href="/console/orders"`) {
			t.Fatalf("no orders yet: %d\n%s", p.status, p.body)
		}
		f.lapsedOrder(t, f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"]))
		b = f.signIn("inspA")
		p := b.get("/console/orders")
		if p.status != http.StatusOK || strings.Count(p.body, `class="row-critical lapsed"`) != 1 || !strings.Contains(p.body, "已逾期") ||
			!strings.Contains(p.body, "长阳镇安置房二期") || !strings.Contains(p.body, f.orgs["subA"]) {
			t.Fatalf("the inspector's list: %d\n%s", p.status, p.body)
		}
		if l := b.get("/console/orders?status=lapsed"); strings.Count(l.body, `id="order-`) != 1 {
			t.Errorf("lapsed only:\n%s", l.body)
		}
		if c := b.get("/console/orders?status=complied"); strings.Contains(c.body, `id="order-`) {
			t.Errorf("complied only lists the lapsed order")
		}
		for _, role := range []string{"subA", "gcA"} {
			if g := f.signIn(role).get("/console/orders"); g.status != http.StatusOK || strings.Count(g.body, `id="order-`) != 1 {
				t.Errorf("%s's list: %d\n%s", role, g.status, g.body)
			}
		}
		if o := f.signIn("inspB").get("/console/orders"); strings.Contains(o.body, `id="order-`) {
			t.Errorf("another district's inspector reads the order")
		}
		b.get("/console/lang?to=en&back=/console/")
		if en := b.get("/console/orders"); !strings.Contains(en.body, "Orders to pay") || !strings.Contains(en.body, "Still unpaid") || !strings.Contains(en.body, "lapsed") {
			t.Errorf("in English:\n%s", en.body)
		}
	})
}
