package httpapi_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A file payroll's warning count counts the warnings about its columns
// (an unknown column ignored) with its lines' warnings: the count matches
// the warnings listed, in the answer and when the payroll is read again.
func TestPayrollWarningsCountColumnWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		payroll := "姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,本人确认,班组长签字,车牌号\n" +
			w["name"].(string) + "," + w["id_number"].(string) + "," + w["bank_card"].(string) + ",22,6000,500,5500,已签,王,京A\n"
		r := s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", []byte(payroll), map[string]string{"period": "2026-10", "employer_id": s.gc})
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		out := r.json(t)
		listed := len(out["column_warnings"].([]any))
		if lw, ok := out["line_warnings"].([]any); ok {
			listed += len(lw)
		}
		if listed < 2 {
			t.Fatalf("the two unknown columns are not warned of: %s", r.Body)
		}
		pay := out // the payroll's fields, beside its line and column warnings
		if got := int(pay["warnings"].(float64)); got != listed {
			t.Errorf("warnings %d in the answer, %d listed: %s", got, listed, r.Body)
		}
		again := s.must(200, "GET", "/api/v1/payrolls/"+pay["id"].(string), s.gcKey, nil).json(t)
		if got := int(again["warnings"].(float64)); got != listed {
			t.Errorf("warnings %d when read again, %d listed", got, listed)
		}
	})
}
