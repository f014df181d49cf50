package console_test

import (
	"net/http"
	"strings"
	"testing"
)

// The orders to pay: an order that lapsed shows on the list of the
// region's inspector, flagged, with what is still unpaid and the
// employer by name, and on the list
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
			!strings.Contains(p.body, "长阳镇安置房二期") || !strings.Contains(p.body, "良乡劳务有限公司") || strings.Contains(p.body, ">"+f.orgs["subA"]+"<") {
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

// An order's page: the employer by name, the workers' lines, the amounts,
// the deadline and status; the decisions taken, for every reader of the
// order; the next steps the law allows for the region's inspectors alone.
// The employer and the general contractor read it without the next steps;
// another district's inspector and a bank are told it does not exist; in
// English too.
func TestOrderDetailPage(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		f.lapsedOrder(t, f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"]))
		b := f.signIn("inspA")
		list := b.get("/console/orders")
		i := strings.Index(list.body, `href="/console/orders/`)
		if i < 0 {
			t.Fatalf("the list links no order:\n%s", list.body)
		}
		href := list.body[i+len(`href="`):]
		href = href[:strings.Index(href, `"`)]
		p := b.get(href)
		if p.status != http.StatusOK || !strings.Contains(p.body, `id="order-employer">良乡劳务有限公司<`) || !strings.Contains(p.body, "已逾期") ||
			!strings.Contains(p.body, `id="order-deadline"`) || !strings.Contains(p.body, `class="order-line"`) || !strings.Contains(p.body, `id="order-steps"`) ||
			!strings.Contains(p.body, "step-guarantee_drawdown") || !strings.Contains(p.body, `id="order-no-decisions"`) {
			t.Fatalf("the inspector's page: %d\n%s", p.status, p.body)
		}
		for _, role := range []string{"subA", "gcA"} {
			g := f.signIn(role).get(href)
			if g.status != http.StatusOK || !strings.Contains(g.body, `class="order-line"`) || strings.Contains(g.body, `id="order-steps"`) {
				t.Errorf("%s's page: %d\n%s", role, g.status, g.body)
			}
		}
		for _, role := range []string{"inspB", "bank"} {
			if o := f.signIn(role).get(href); o.status != http.StatusNotFound {
				t.Errorf("%s reads the order: %d", role, o.status)
			}
		}
		b.get("/console/lang?to=en&back=/console/")
		if en := b.get(href); !strings.Contains(en.body, "Next steps the law allows") || !strings.Contains(en.body, "Wages ordered paid") {
			t.Errorf("in English:\n%s", en.body)
		}
	})
}
