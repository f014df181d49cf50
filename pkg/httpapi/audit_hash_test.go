package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The audit record of a worker's registration keeps a request hash that
// cannot be recomputed from the request's method, path and body: a guess at
// the phone number behind its mask, hashed the way the request was, is not
// what is stored (issue 16 #5: it was the bare SHA-256 of exactly that, and
// a phone number behind 139****8094 came back in 0.01 s).
func TestAuditRequestHashCannotBeRecomputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		body := workerBody(1, s.sub, s.bank)
		body["phone"] = "13912348094"
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		path := s.path("/workers")
		enr := s.must(201, "POST", path, s.subKey, raw).json(t)["id"].(string)
		var stored string
		for _, it := range s.must(200, "GET", "/api/v1/audit?chain="+s.project+"&subject="+enr, s.admin, nil).json(t)["items"].([]any) {
			if rec := it.(map[string]any); rec["action"] == "worker.enrol" {
				stored = rec["request_hash"].(string)
			}
		}
		bare := ledger.SHA256Hex(append([]byte("POST "+path+"\n"), raw...))
		if stored == "" || strings.Contains(stored, bare) || !strings.HasPrefix(stored, "v1:") {
			t.Fatalf("request hash %q; the bare SHA-256 of the request is %s", stored, bare)
		}
	})
}
