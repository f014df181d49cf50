package httpapi_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func TestOrganizationValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		good := map[string]any{"name": "福建建工", "uscc": "91350100M000100Y43", "kind": "general_contractor", "region_code": "350100"}
		r := e.must(201, "POST", "/api/v1/organizations", e.admin, good)
		if r.str(t, "uscc") != "91350100M000100Y43" || !strings.HasPrefix(r.str(t, "id"), "org_") {
			t.Fatalf("created: %s", r.Body)
		}
		cases := []struct {
			uscc, message string
		}{
			{"91110000600037341M", `the check character is "M" but should be "L"`},
			{"9111000060003734IL", `character 17, 'I', is not used in credit codes`},
			{"91110000600037341", "18 characters, this one has 17"},
			{"91110000600037341LL", "this one has 19"},
		}
		for _, c := range cases {
			body := map[string]any{"name": "x", "uscc": c.uscc, "kind": "bank", "region_code": "110000"}
			r := e.must(422, "POST", "/api/v1/organizations", e.admin, body)
			errs := r.json(t)["errors"].([]any)
			first := errs[0].(map[string]any)
			if len(errs) != 1 || first["field"] != "uscc" || !strings.Contains(first["message"].(string), c.message) {
				t.Errorf("%s: %s", c.uscc, r.Body)
			}
		}
		// Every bad field is named at once.
		r = e.must(422, "POST", "/api/v1/organizations", e.admin, map[string]any{"name": " ", "uscc": "x", "kind": "builder", "region_code": "99"})
		var fields []string
		for _, it := range r.json(t)["errors"].([]any) {
			fields = append(fields, it.(map[string]any)["field"].(string))
		}
		if strings.Join(fields, ",") != "name,uscc,kind,region_code" {
			t.Errorf("fields named: %v", fields)
		}
		r = e.must(409, "POST", "/api/v1/organizations", e.admin, map[string]any{"name": "other", "uscc": "91350100m000100y43", "kind": "bank", "region_code": "350100"})
		if !strings.Contains(r.str(t, "detail"), "already exists") {
			t.Errorf("duplicate: %s", r.Body)
		}
		if n := e.count("organizations"); n != 1 {
			t.Errorf("%d organisations stored, want 1", n)
		}
	})
}

func TestProjectValidationNamesEveryField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		owner := e.org(ledger.OrgOwner, "110105")
		gc := e.org(ledger.OrgGeneralContractor, "110105")
		bank := e.org(ledger.OrgBank, "110105")
		body := projectBody("BAD-1", "110105", owner, gc, bank)
		body["pay_day"] = 32
		body["labour_cost_cycle_days"] = 31
		body["planned_completion_on"] = "2026-01-01"
		r := e.must(422, "POST", "/api/v1/projects", e.admin, body)
		for _, f := range []string{"pay_day", "labour_cost_cycle_days", "planned_completion_on"} {
			if !strings.Contains(string(r.Body), `"field":"`+f+`"`) {
				t.Errorf("%s not named: %s", f, r.Body)
			}
		}
		// Parties of the wrong kind: an owner that is a contractor, a wage account at a contractor.
		body = projectBody("BAD-2", "110105", gc, gc, gc)
		r = e.must(422, "POST", "/api/v1/projects", e.admin, body)
		for _, want := range []string{`"field":"owner_id"`, "is a general_contractor, not a owner", `"field":"wage_account.bank_id"`, "not a bank"} {
			if !strings.Contains(string(r.Body), want) {
				t.Errorf("wrong kinds: %s lacks %s", r.Body, want)
			}
		}
		body = projectBody("BAD-3", "110105", owner, gc, bank)
		body["pay_day"] = 0
		e.must(422, "POST", "/api/v1/projects", e.admin, body)
		if n := e.count("projects"); n != 0 {
			t.Fatalf("%d projects stored", n)
		}
		// Its own code and, on the shared database, a district of its own
		// city (rg), which the region's list below holds alone.
		code := "OK-" + itoa(nextSeq())
		p := e.must(201, "POST", "/api/v1/projects", e.admin, projectBody(code, e.rg("110105"), owner, gc, bank)).json(t)
		if p["contract_amount"] != "12000000.00" || p["status"] != "active" || p["pay_day"].(float64) != 15 {
			t.Errorf("project: %v", p)
		}
		id := p["id"].(string)
		dup := projectBody(code, e.rg("110105"), owner, gc, bank)
		e.must(409, "POST", "/api/v1/projects", e.admin, dup)
		e.must(422, "POST", "/api/v1/projects/"+id+"/complete", e.admin, map[string]string{"completed_on": "2026-01-01"})
		e.must(422, "POST", "/api/v1/projects/"+id+"/subcontractors", e.admin, map[string]string{"organization_id": bank})
		e.must(422, "POST", "/api/v1/projects/"+id+"/subcontractors", e.admin, map[string]string{"organization_id": gc})
		sub := e.org(ledger.OrgSubcontractor, "110105")
		e.must(200, "POST", "/api/v1/projects/"+id+"/subcontractors", e.admin, map[string]string{"organization_id": sub})
		e.must(409, "POST", "/api/v1/projects/"+id+"/subcontractors", e.admin, map[string]string{"organization_id": sub})
		got := e.must(200, "GET", "/api/v1/projects/"+id, e.admin, nil).json(t)
		if subs := got["subcontractor_ids"].([]any); len(subs) != 1 || subs[0] != sub {
			t.Errorf("subcontractors: %v", subs)
		}
		list := e.must(200, "GET", "/api/v1/projects?region_code="+e.rg("110000")+"&status=active", e.admin, nil).json(t)
		if len(list["items"].([]any)) != 1 {
			t.Errorf("filtered list: %v", list)
		}
		e.must(422, "GET", "/api/v1/projects?status=paused", e.admin, nil)
		e.must(422, "GET", "/api/v1/projects?limit=5000", e.admin, nil)
	})
}

func TestKeysAndAuthentication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bank := e.org(ledger.OrgBank, "110105")
		r := e.must(201, "POST", "/api/v1/organizations/"+bank+"/keys", e.admin, map[string]string{"role": "bank", "label": "ICBC integration"})
		k := r.json(t)
		key, keyID := k["key"].(string), k["id"].(string)
		if !strings.HasPrefix(key, "wg_") || k["role"] != "bank" || k["secret_hash"] != nil {
			t.Fatalf("key response: %s", r.Body)
		}
		// The key is stored only as a hash.
		var stored string
		if err := db.Get(context.Background(), &stored, "SELECT secret_hash FROM api_keys WHERE id = ?", keyID); err != nil || strings.Contains(key, stored) || len(stored) != 64 {
			t.Fatalf("stored hash %q: %v", stored, err)
		}
		e.must(200, "GET", "/api/v1/organizations/"+bank, key, nil)
		e.must(422, "POST", "/api/v1/organizations/"+bank+"/keys", e.admin, map[string]string{"role": "inspector"})
		e.must(422, "POST", "/api/v1/organizations/"+bank+"/keys", e.admin, map[string]string{"role": "root"})

		wrongSecret := key[:len(key)-4] + "aaaa"
		for name, hdr := range map[string]string{
			"unknown key":  "Bearer wg_0000000000000000_abcdefghijklmnopqrstuvwxyzabcdef",
			"wrong secret": "Bearer " + wrongSecret, "no scheme": key, "basic": "Basic " + key,
			"not ours": "Bearer sk_live_123", "two tokens": "Bearer " + key + " extra",
		} {
			r := e.do("GET", "/api/v1/projects", "", nil, "Authorization", hdr)
			if r.Status != 401 || r.Header.Get("Content-Type") != "application/problem+json" || r.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), key) {
				t.Errorf("%s: the key is echoed", name)
			}
		}
		e.must(200, "POST", "/api/v1/organizations/"+bank+"/keys/"+keyID+"/revoke", e.admin, nil)
		r = e.must(401, "GET", "/api/v1/projects", key, nil)
		if !strings.Contains(r.str(t, "detail"), "revoked") {
			t.Errorf("revoked key: %s", r.Body)
		}
		// Revoking again changes nothing and writes no second record.
		e.must(200, "POST", "/api/v1/organizations/"+bank+"/keys/"+keyID+"/revoke", e.admin, nil)
		other := e.org(ledger.OrgBank, "110105")
		e.must(404, "POST", "/api/v1/organizations/"+other+"/keys/"+keyID+"/revoke", e.admin, nil)

		// Every create and revocation wrote one audit record.
		recs := e.must(200, "GET", "/api/v1/audit?chain=org&limit=1000", e.admin, nil).json(t)["items"].([]any)
		if db.Dialect.IsCitus() {
			// The shared database's org chain holds every test's records:
			// this test's are those of its organisations and keys, in the
			// chain's order.
			recs = nil
			for _, subj := range slices.Concat(e.mine.orgs, e.mine.actors) {
				recs = append(recs, e.must(200, "GET", "/api/v1/audit?chain=org&subject="+subj, e.admin, nil).json(t)["items"].([]any)...)
			}
			sort.Slice(recs, func(i, j int) bool {
				return recs[i].(map[string]any)["seq"].(float64) < recs[j].(map[string]any)["seq"].(float64)
			})
		}
		var actions []string
		for _, it := range recs {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		want := "api_key.create,organization.create,api_key.create,api_key.revoke,organization.create"
		if strings.Join(actions, ",") != want {
			t.Errorf("audit actions %v, want %s", actions, want)
		}
		if logs := e.logs.String(); strings.Contains(logs, key) || strings.Contains(logs, wrongSecret) {
			t.Error("an API key reached the log")
		}
	})
}
