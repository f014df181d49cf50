package evidence

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// An order to pay in the bundle names its status and the decisions after
// its lapse in words (Chinese, as the rest of the statement), not as the
// API's status and step values.
func TestOrdersInWords(t *testing.T) {
	st := sample()
	on, _ := ledger.ParseDate("2026-12-20")
	st.Orders = []Order{{ID: "ord_x", Status: ledger.OrderLapsed.Label(), IssuedOn: on, Deadline: on, Amount: 550000, Unpaid: 550000,
		Decisions: []ledger.Msg{ledger.M("%s on %s: %s (decision %s)", ledger.StepGuaranteeDrawdown.Label(), on, ledger.Money(550000), "朝人社决〔2026〕7号")}}}
	csv, err := renderCSV(st)
	if err != nil {
		t.Fatal(err)
	}
	var row string
	for _, l := range strings.Split(string(csv), "\n") {
		if strings.HasPrefix(l, "order,") {
			row = l
		}
	}
	for _, want := range []string{"逾期未付", "2026-12-20 决定动用工资保证金：5500.00 元（决定书 朝人社决〔2026〕7号）"} {
		if !strings.Contains(row, want) {
			t.Errorf("order row %q lacks %q", row, want)
		}
	}
	for _, raw := range []string{"lapsed", "guarantee_drawdown"} {
		if strings.Contains(row, raw) {
			t.Errorf("order row %q names %q", row, raw)
		}
	}
}
