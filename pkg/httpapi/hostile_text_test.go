package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 16, item 8: a NUL in any text field was a 500 on PostgreSQL and
// stored on SQLite; a bidi override or an escape was stored on both. Every
// text field of every JSON body, and every path and query parameter, is
// refused with 422 naming the field; nothing is stored.
func TestControlCharactersRefusedAtTheWire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPaidSite(t, db, 1)
		refused := func(what, field string, r resp) {
			t.Helper()
			if r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "0:"+field+":control_character" {
				t.Errorf("%s: %d %s, want 422 naming %s", what, r.Status, r.Body, field)
			}
		}
		orgs := s.count("organizations")
		refused("organisation name", "name", s.do("POST", "/api/v1/organizations", s.admin,
			map[string]any{"name": "Bad\x00Org", "uscc": uscc(t, nextSeq()), "kind": ledger.OrgSubcontractor, "region_code": "110105"}))
		if n := s.count("organizations"); n != orgs {
			t.Errorf("an organisation with a NUL was stored: %d organisations, had %d", n, orgs)
		}
		w := workerBody(nextSeq(), s.gc, s.bank)
		w["team"] = "钢筋\u202e班"
		refused("worker team", "team", s.do("POST", s.path("/workers"), s.gcKey, w))
		w["team"], w["trade"] = "钢筋班", "钢筋\x1b工"
		refused("worker trade", "trade", s.do("POST", s.path("/workers"), s.gcKey, w))
		line := payLine(s.enrs[0], "6000.00", "0", "6000.00")
		line["name"] = "工\x00人"
		refused("payroll line name", "lines[0].name", s.do("POST", s.path("/payrolls"), s.gcKey,
			map[string]any{"employer_id": s.gc, "period": "2026-11", "lines": []any{line}}))
		refused("rejection reason", "reason", s.do("POST", "/api/v1/payrolls/"+s.payroll+"/reject", s.gcKey, map[string]any{"reason": "no\x00"}))
		refused("bank reference", "items[0].bank_ref", s.do("POST", "/api/v1/bank/confirmations", s.bankKey,
			map[string]any{"items": []any{item(s.ins[0], "paid", "", "B\x00-1")}}))
		refused("a key", "items[0].bank\x00ref", s.do("POST", "/api/v1/bank/confirmations", s.bankKey,
			`{"items":[{"instruction_id":"`+s.ins[0]+`","bank\u0000ref":"x"}]}`))
		refused("path parameter", "id", s.do("GET", "/api/v1/payrolls/pay_%00x", s.gcKey, nil))
		refused("query parameter", "status", s.do("GET", "/api/v1/bank/instructions?status=%00", s.bankKey, nil))
		refused("form field", "period", s.uploadForm(s.path("/payrolls"), s.gcKey, "p.csv", []byte("姓名,身份证号\n"),
			map[string]string{"employer_id": s.gc, "period": "2026-11\x00"}))
		enrolments := s.count("enrolments")
		csv := "姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同类型,合同签订日期,进场日期\n" +
			"张\x00伟,110105198503120039,13800138001,钢筋班,钢筋工,6222021000000000017,中国工商银行北京分行,劳动合同,2026-03-01,2026-03-02\n"
		if r := s.upload(s.path("/workers/import"), s.gcKey, "w.csv", []byte(csv)); r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "2:name:control_character" {
			t.Errorf("a file's cell: %d %s", r.Status, r.Body)
		}
		if n := s.count("enrolments"); n != enrolments {
			t.Errorf("a worker with a NUL in a file was stored: %d enrolments, had %d", n, enrolments)
		}
		if got := s.count("bank_confirmations"); got != 0 {
			t.Errorf("%d confirmations stored", got)
		}
	})
}

// Issue 16, item 15: a key given twice in one object was accepted, the last
// one winning; it is refused, naming the key.
func TestDuplicateJSONKeysRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.do("POST", "/api/v1/organizations", e.admin,
			`{"name":"Org A","name":"Org B","uscc":"`+uscc(t, nextSeq())+`","kind":"subcontractor","region_code":"110105"}`)
		if r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "0:name:duplicate" {
			t.Errorf("duplicate key: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", "/api/v1/bank/confirmations", e.admin, `{"items":[{"status":"paid","status":"failed"}]}`)
		if r.Status != 403 && (r.Status != 422 || strings.Join(errorsOf(t, r), " ") != "0:items[0].status:duplicate") {
			t.Errorf("duplicate nested key: %d %s", r.Status, r.Body)
		}
	})
}
