package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A juvenile curtain-wall installer is refused (DOMAIN names the trade; main
// mapped it to 210 and let it through), and a trade written with a bracketed
// qualifier is its trade, kept as written (issue 11, item 10).
func TestJuvenileTradesWithQualifiersAndCurtainWalls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		juvenile := workerBody(nextSeq(), s.sub, s.bank)
		juvenile["id_number"] = ledger.CompleteResidentID("11010520090601001") // 16 on the entry day
		for _, trade := range []string{"幕墙安装工", "curtain wall installer", "电焊工(二级)", "架子工（外架）"} {
			juvenile["trade"] = trade
			r := s.must(422, "POST", s.path("/workers"), s.subKey, juvenile)
			if got := strings.Join(errorsOf(t, r), " "); got != "0:trade:juvenile_trade" {
				t.Errorf("a juvenile %s: %s", trade, r.Body)
			}
		}
		adult := workerBody(nextSeq(), s.sub, s.bank)
		adult["trade"] = "电焊工(二级)"
		e := s.must(201, "POST", s.path("/workers"), s.subKey, adult).json(t)
		if e["trade"] != "电焊工(二级)" || e["trade_code"] != "270" {
			t.Errorf("an adult welder with a grade: %v", e)
		}
	})
}
