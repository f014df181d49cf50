package httpapi_test

import (
	"net/url"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestLookupsPinnedToTheirShardFindWhatUnpinnedOnesDo reads every resource
// found by its own ID, a payslip link's token or a complaint's receipt code
// through two servers on one database: one whose store holds each such read
// to the shards of the project the ID, token or code names (as on a Citus
// cluster, store.DB.WithIDPins(true)), one whose store finds them by the ID
// alone (as on one server). On SQLite and PostgreSQL the first runs the
// pinned SQL, on the cluster the second runs the reads on every shard: a
// pin that named the wrong project would find nothing, a 404, where the
// other finds the row. Each answer must be the same, and found.
func TestLookupsPinnedToTheirShardFindWhatUnpinnedOnesDo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 2)
		if _, ok := ledger.ProjectOfID(s.payroll); !ok {
			t.Fatalf("payroll %s names no project", s.payroll)
		}
		inspector := s.key(s.org(ledger.OrgAuthority, "110105"), ledger.RoleInspector)
		s.confirm(item(s.ins[1], "failed", "", "PIN-FAILED"))
		s.runCheck(s.admin)
		alert := s.alertOf(s.project, ledger.RuleWagesUnpaid)
		order := s.settledOrder(alert)
		s.lapsedOrder(alert)
		s.must(200, "POST", "/api/v1/alerts/"+alert+"/actions", inspector, map[string]string{"action": "escalate", "note": "PIN"})
		proposal := s.must(201, "POST", "/api/v1/blacklist/proposals", inspector, map[string]any{"project_id": s.project, "alert_id": alert, "reason": "PIN"}).str(t, "id")
		var token string
		for _, it := range s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/payslips", s.gcKey, nil).json(t)["items"].([]any) {
			if m := it.(map[string]any); m["enrolment_id"] == s.enrs[0] {
				token = tokenOf(t, m["url"].(string))
			}
		}
		complaint := s.must(201, "POST", "/api/v1/complaints", inspector, map[string]any{"project_id": s.project, "consent": true,
			"complainant_name": "张三", "summary": "PIN", "periods": []string{"2026-10"}, "workers": 1}).str(t, "id")
		code := s.must(200, "POST", "/api/v1/complaints/"+complaint+"/receipt", inspector, map[string]string{"note": "PIN"}).Header.Get("Complaint-Receipt")
		norm, _ := ledger.NormalReceiptCode(code)
		if _, ok := ledger.ReceiptProjectPrefix(norm); !ok {
			t.Fatalf("receipt code %q names no project", code)
		}
		reads := []struct{ path, key string }{
			{"/api/v1/payrolls/" + s.payroll, s.gcKey},
			{"/api/v1/payrolls/" + s.payroll + "/instructions", s.bankKey},
			{"/api/v1/payrolls/" + s.payroll + "/payslips", s.gcKey},
			{"/api/v1/workers/" + s.enrs[0] + "/statement", s.gcKey},
			{"/api/v1/alerts/" + alert, inspector},
			{"/api/v1/orders/" + order, inspector},
			{"/api/v1/blacklist/proposals/" + proposal, inspector},
			{"/api/v1/complaints/" + complaint, inspector},
			{"/api/v1/payslips/" + token, ""},
			{"/w/" + token, ""},
			{"/api/v1/complaints/receipts/" + url.PathEscape(code), ""},
			{"/w/receipts/" + url.PathEscape(code), ""},
		}
		pinned, plain := s.env.withDB(db.WithIDPins(true)), s.env.withDB(db.WithIDPins(false))
		for _, r := range reads {
			a, b := pinned.do("GET", r.path, r.key, nil), plain.do("GET", r.path, r.key, nil)
			if a.Status != 200 || b.Status != 200 || withoutNonce(string(a.Body)) != withoutNonce(string(b.Body)) {
				t.Errorf("GET %s: pinned %d %.300s; unpinned %d %.300s", r.path, a.Status, a.Body, b.Status, b.Body)
			}
		}
	})
}

// withDB is e on another view of its database (store.DB.WithIDPins): a
// server of its own, with e's keys, policy and logs.
func (e *env) withDB(db *store.DB) *env {
	svc := service.New(db, e.svc.Log)
	svc.Identity, svc.Policy, svc.Calendar = e.svc.Identity, e.svc.Policy, e.svc.Calendar
	out := *e
	out.db, out.svc = db, svc
	out.api = httpapi.New(svc, httpapi.Options{MaxBodyBytes: 64 << 10, PayslipLimits: unlimitedPayslips})
	return &out
}
