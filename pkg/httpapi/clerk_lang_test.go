package httpapi_test

import (
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/identity"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A clerk who reads only Chinese uploads a payroll with two mistakes and a
// worker never registered, reads in Chinese which row and which of the
// file's own columns are wrong and why (the stranger named by the masked
// identity number; no full number or card anywhere in the answer), corrects
// just those cells, and the corrected file is stored (issue 12, "Done when").
func TestChineseClerkFixesThePayrollFromItsErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		// A worker who was never registered, on the bad file's third row.
		stranger := workerBody(nextSeq(), s.gc, s.bank)
		row := func(p map[string]any, days, net string) string {
			return p["name"].(string) + "," + p["id_number"].(string) + "," + p["bank_card"].(string) + "," + days + ",6000,500," + net + ",已签\n"
		}
		const heading = "姓名,身份证号码,银行卡号,出勤天数,应发金额,扣款,实发金额,本人确认\n"
		file := func(days, net string) []byte { return []byte(heading + row(w, days, net)) }
		send := func(b []byte) resp {
			return s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", b, map[string]string{"period": "2026-10", "employer_id": s.gc}, "Accept-Language", "zh-CN")
		}
		bad := send(append(file("四十", "5400"), row(stranger, "22", "5500")...))
		p := bad.json(t)
		errs, _ := p["errors"].([]any)
		detail, _ := p["detail"].(string)
		if bad.Status != 422 || len(errs) != 3 || !han.MatchString(detail) || len(englishIn(detail, map[string]bool{})) > 0 {
			t.Fatalf("the bad file: %d %s", bad.Status, bad.Body)
		}
		for _, secret := range []string{w["id_number"].(string), w["bank_card"].(string), stranger["id_number"].(string), stranger["bank_card"].(string)} {
			if strings.Contains(string(bad.Body), secret) {
				t.Errorf("the answer shows a full identity number or card %s: %s", secret, bad.Body)
			}
		}
		columns := map[string]string{}
		for _, e := range errs {
			f := e.(map[string]any)
			msg, _ := f["message"].(string)
			if !han.MatchString(msg) || len(englishIn(msg, map[string]bool{})) > 0 {
				t.Errorf("a row error a Chinese reader cannot act on: %v", f)
			}
			if f["row"] == 3.0 {
				// The stranger is named by the masked identity number.
				if !strings.Contains(msg, identity.MaskID(stranger["id_number"].(string))) {
					t.Errorf("the unregistered worker is not named by the masked identity number %s: %v", identity.MaskID(stranger["id_number"].(string)), f)
				}
				continue
			}
			if f["row"] != 2.0 {
				t.Errorf("an error on no row of the file: %v", f)
			}
			column, _ := f["column"].(string)
			columns[column] = msg
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
