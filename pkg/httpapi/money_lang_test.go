package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A payroll file's bad amounts — a third decimal, letters, thousands
// separators in the wrong place — are each a row error in Chinese that
// names the row and the column by the file's heading, whatever way the
// grammar found the fault.
func TestMoneyGrammarRowErrorsInChinese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		row := func(gross string) string {
			return w["name"].(string) + "," + w["id_number"].(string) + "," + w["bank_card"].(string) + ",22,\"" + gross + "\",0,6000,已签\n"
		}
		payroll := "姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,本人确认\n" + row("12.345") + row("abc") + row("8,80.00")
		r := s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", []byte(payroll),
			map[string]string{"period": "2026-10", "employer_id": s.gc}, "Accept-Language", "zh-CN")
		p := readProblem(t, r)
		if p.status != 422 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		for i, want := range []string{"应发金额：金额 \"12.345\" 超过两位小数", "应发金额：金额 \"abc\" 不是", "应发金额：金额 \"8,80.00\" 的千分位"} {
			if !strings.Contains(p.machine, " "+itoa(i+2)+":gross_pay:") {
				t.Errorf("row %d gross_pay is not named: %s", i+2, p.machine)
			}
			found := false
			for _, m := range p.messages {
				if strings.HasPrefix(m, want) && !asciiWord.MatchString(strings.ReplaceAll(m, "8,80.00", "")) {
					found = true
				}
			}
			if !found {
				t.Errorf("no Chinese row error %q…: %q", want, p.messages)
			}
		}
	})
}
