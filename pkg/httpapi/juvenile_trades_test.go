package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Issue 11, item 10: a juvenile worker (16–17) is refused in the trades the
// law forbids them and warned about health checks in any other; trades are
// found in the dictionary by code, name or alias, and kept as written.
func TestJuvenileWorkersAndTheTradeDictionary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		juvenile := workerBody(1, s.sub, s.bank)
		juvenile["id_number"] = ledger.CompleteResidentID("11010520090601001") // 16 on the entry day, 2026-03-02
		for _, trade := range []string{"焊工", "架子工", "塔吊司机", "信号司索工", "施工升降机司机", "爆破工", "高处作业吊篮安装工", "270"} {
			juvenile["trade"] = trade
			r := s.must(422, "POST", s.path("/workers"), s.subKey, juvenile)
			if got := strings.Join(errorsOf(t, r), " "); got != "0:trade:juvenile_trade" || !strings.Contains(string(r.Body), "the worker is 16") {
				t.Errorf("a juvenile %s: %s", trade, r.Body)
			}
		}
		if n := s.count("enrolments"); n != 0 {
			t.Fatalf("%d enrolments after refusals", n)
		}
		juvenile["trade"] = "钢筋工"
		e := s.must(201, "POST", s.path("/workers"), s.subKey, juvenile).json(t)
		if e["trade"] != "钢筋工" || e["trade_code"] != "020" || !strings.Contains(string(jsonOfAny(e["warnings"])), "health check") {
			t.Errorf("a juvenile rebar worker: %v", e)
		}
		adult := workerBody(2, s.sub, s.bank)
		// With a valid operation certificate: a welder without one is warned (TestOperationCertificates).
		adult["trade"], adult["certificate_number"], adult["certificate_kind"], adult["certificate_valid_until"] = " Welder ", "T-2", "熔化焊接与热切割作业", "2040-01-01"
		e = s.must(201, "POST", s.path("/workers"), s.subKey, adult).json(t)
		if e["trade"] != "Welder" || e["trade_code"] != "270" || e["warnings"] != nil {
			t.Errorf("an adult welder: %v", e)
		}
		adult = workerBody(3, s.sub, s.bank)
		adult["trade"] = "钢筋班长"
		e = s.must(201, "POST", s.path("/workers"), s.subKey, adult).json(t)
		if e["trade"] != "钢筋班长" || e["trade_code"] != "" || !strings.Contains(string(jsonOfAny(e["warnings"])), "not in the trade dictionary") {
			t.Errorf("an unknown trade: %v", e)
		}
		// A worker file: the juvenile welder's row is refused, and nothing of the file is stored.
		bankName := s.must(200, "GET", "/api/v1/organizations/"+s.bank, s.admin, nil).str(t, "name")
		row := strings.Replace(rosterRow(4, bankName), ",钢筋工,", ",电焊工,", 1)
		row = strings.Replace(row, ledger.CompleteResidentID("11010519900101004"), ledger.CompleteResidentID("11010520090601004"), 1)
		r := s.upload(s.path("/workers/import"), s.subKey, "roster.csv", []byte(rosterHeader+rosterRow(5, bankName)+row))
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || got != "3:trade:juvenile_trade" {
			t.Errorf("a juvenile welder in a file: %d %s", r.Status, r.Body)
		}
		if n := s.count("enrolments"); n != 3 {
			t.Errorf("%d enrolments, want the 3 registered", n)
		}
	})
}
