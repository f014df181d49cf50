package httpapi_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// useExamplePolicy puts the shipped example policy file in force.
func (e *env) useExamplePolicy() {
	e.t.Helper()
	b, err := os.ReadFile("../../examples/policy.json")
	if err != nil {
		e.t.Fatal(err)
	}
	if e.svc.Policy, err = ledger.ParsePolicy(b); err != nil {
		e.t.Fatal(err)
	}
}

func TestPolicyShowsEachValueWithItsSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.useExamplePolicy()
		bank := e.key(e.org(ledger.OrgBank, "130100"), ledger.RoleBank)
		r := e.must(200, "GET", "/api/v1/policy?region=130102&on=2026-01-01", bank, nil).json(t)
		if r["region"] != "130102" || r["on"] != "2026-01-01" || r["minimum_wage"] != nil {
			t.Errorf("policy: %v", r)
		}
		values := map[string]map[string]any{}
		for _, v := range r["values"].([]any) {
			values[v.(map[string]any)["key"].(string)] = v.(map[string]any)
		}
		rate := values["guarantee.base_rate"]
		if rate["value"] != "0.02" || rate["origin"] != "policy_file" || rate["set_by"].(map[string]any)["region"] != "130000" {
			t.Errorf("Hebei's rate: %v", rate)
		}
		if v := values["guarantee.release.waiting_days"]; v["value"] != "30" || v["origin"] != "national_default" || v["set_by"] != nil {
			t.Errorf("waiting days: %v", v)
		}
		if v := r["juvenile_forbidden_trades"].([]any); len(v) != 8 { // the seven DOMAIN names and the curtain-wall installer (210)
			t.Errorf("juvenile trades: %v", v)
		}
		if len(values) != len(ledger.ParamSpecs()) {
			t.Errorf("%d values, want %d", len(values), len(ledger.ParamSpecs()))
		}
		// Beijing's minimum wage from the file; before it took effect, none.
		bj := e.must(200, "GET", "/api/v1/policy?region=110105&on=2026-01-01", bank, nil).json(t)
		if mw, _ := bj["minimum_wage"].(map[string]any); mw["monthly"] != "2540.00" {
			t.Errorf("Beijing minimum wage: %v", bj["minimum_wage"])
		}
		// The labour-cost cycle in force, with where it came from: Beijing's
		// built-in rule (monthly, the allocation date and share required);
		// Hebei has none, so the law's month applies.
		lc, _ := bj["labour_cost"].(map[string]any)
		if req, _ := lc["require"].(map[string]any); lc["region"] != "110000" || lc["from"] != "2020-05-01" || lc["origin"] != "policy" || lc["cycle"] != "monthly" ||
			!strings.HasPrefix(lc["source"].(string), "Beijing: ") || req["allocated_on"] != true || req["labour_cost_share"] != true {
			t.Errorf("Beijing labour cost: %v", bj["labour_cost"])
		}
		if lc := r["labour_cost"].(map[string]any); lc["origin"] != "national_default" || lc["from"] != nil || lc["cycle"] != "monthly" ||
			lc["source"] != "the Regulations on Ensuring the Payment of Wages to Migrant Workers (保障农民工工资支付条例) Art. 24" || lc["require"].(map[string]any)["allocated_on"] != false {
			t.Errorf("Hebei labour cost: %v", lc)
		}
		if _, ok := values["allocation.cycle_months"]; ok {
			t.Error("allocation.cycle_months is shown, but no rule reads it")
		}
		if got := errorsOf(t, e.must(422, "GET", "/api/v1/policy?region=13010&on=2026-13-01", bank, nil)); len(got) != 2 {
			t.Errorf("bad query: %v", got)
		}
		e.must(200, "GET", "/api/v1/policy?region=310115", bank, nil)
	})
}

// TestPolicyFileExtendsTheCalendar: a year's State Council notice added in
// the policy file's calendar section is shown by GET /policy beside the
// built-in ones, and the service's calendar counts it.
func TestPolicyFileExtendsTheCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		p, err := ledger.ParsePolicy([]byte(`{"calendar":[{"year":2027,"source":"2027 notice (operator)",
			"days_off":[["2027-01-01","2027-01-03"],["2027-02-06","2027-02-13"]],"workdays":["2027-02-14"]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		e.svc.Policy = p
		bank := e.key(e.org(ledger.OrgBank, "130100"), ledger.RoleBank)
		r := e.must(200, "GET", "/api/v1/policy?region=130102", bank, nil).json(t)
		notices := r["calendar"].([]any)
		if len(notices) != 3 {
			t.Fatalf("calendar: %v", notices)
		}
		last := notices[2].(map[string]any)
		if last["year"] != float64(2027) || last["source"] != "2027 notice (operator)" || len(last["days_off"].([]any)) != 2 || last["workdays"].([]any)[0] != "2027-02-14" {
			t.Errorf("the file's notice: %v", last)
		}
		if first := notices[0].(map[string]any); first["year"] != float64(2025) || !strings.HasSuffix(first["source"].(string), "(built in)") {
			t.Errorf("the built-in notice: %v", first)
		}
		// On 1 December 2026 (Shanghai) the service's calendar holds 2027's
		// notice from the file: /readyz no longer warns that it is missing.
		if r := e.must(200, "GET", "/readyz", "", nil); strings.Contains(string(r.Body), "2027") {
			t.Errorf("readyz still misses the file's notice: %s", r.Body)
		}
	}, store.WithClock(storetest.NewClock(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)).Now))
}
