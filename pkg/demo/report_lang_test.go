package demo_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/demo"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// The demo's summary names each rule of its open alerts, and each key's
// role, in the reader's language: Chinese by default, English with en;
// never a rule's code.
func TestSummaryNamesRulesInTheReadersLanguage(t *testing.T) {
	r := &demo.Result{Seed: 1, OpenAlerts: map[ledger.Rule]int{ledger.RuleWagesUnpaid: 3, ledger.RulePayrollMissing: 1},
		Keys: []demo.SignIn{{Role: ledger.RoleInspector, As: "district inspector", Org: "房山区劳动监察大队（演示）", Key: "wg_x"}}}
	if got, want := r.AlertLine(i18n.ZH), "未报送工资表 1、工资未足额支付 3"; got != want {
		t.Errorf("in Chinese: %q, want %q", got, want)
	}
	if got, want := r.AlertLine(i18n.EN), "Payroll missing 1, Wages unpaid 3"; got != want {
		t.Errorf("in English: %q, want %q", got, want)
	}
	var zh bytes.Buffer
	r.Print(&zh, "http://127.0.0.1:8080/console/", i18n.ZH)
	for _, english := range []string{"wages_unpaid", "payroll_missing", "inspector "} {
		if strings.Contains(zh.String(), english) {
			t.Errorf("the Chinese summary says %q:\n%s", english, zh.String())
		}
	}
	if !strings.Contains(zh.String(), "监察员") {
		t.Errorf("the Chinese summary does not name the key's role:\n%s", zh.String())
	}
}
