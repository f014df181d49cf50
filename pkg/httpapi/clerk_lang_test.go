package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A clerk who reads only Chinese uploads a payroll with two mistakes, reads
// in Chinese which row and which of the file's own columns are wrong and
// why, corrects just those cells, and the corrected file is stored (issue 12,
// "Done when").
func TestChineseClerkFixesThePayrollFromItsErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		file := func(days, net string) []byte {
			return []byte("姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,本人确认\n" +
				w["name"].(string) + "," + w["id_number"].(string) + "," + w["bank_card"].(string) + "," + days + ",6000,500," + net + ",已签\n")
		}
		send := func(b []byte) resp {
			return s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", b, map[string]string{"period": "2026-10", "employer_id": s.gc}, "Accept-Language", "zh-CN")
		}
		bad := send(file("四十", "5400"))
		p := bad.json(t)
		errs, _ := p["errors"].([]any)
		if bad.Status != 422 || len(errs) != 2 || !han.MatchString(p["detail"].(string)) {
			t.Fatalf("the bad file: %d %s", bad.Status, bad.Body)
		}
		columns := map[string]string{}
		for _, e := range errs {
			f := e.(map[string]any)
			msg, _ := f["message"].(string)
			if f["row"] != 2.0 || !han.MatchString(msg) || len(englishIn(msg, map[string]bool{})) > 0 {
				t.Errorf("a row error a Chinese reader cannot act on: %v", f)
			}
			columns[f["column"].(string)] = msg
		}
		if _, ok := columns["出勤天数"]; !ok {
			t.Errorf("the days are not named by the file's heading 出勤天数: %v", columns)
		}
		if m, ok := columns["实发金额"]; !ok || !strings.Contains(m, "5500") {
			t.Errorf("the net pay is not named by its heading 实发金额 with the amount it should be: %v", columns)
		}
		if good := send(file("22", "5500")); good.Status != 201 {
			t.Errorf("the corrected file: %d %s", good.Status, good.Body)
		}
	})
}
