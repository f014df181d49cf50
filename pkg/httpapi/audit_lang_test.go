package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// An audit record's detail reads in the reader's language: kept as a
// message when written, rendered when the trail is read; a record an older
// build wrote in English still reads as it was written.
func TestAuditDetailsInTheReadersLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		pay := s.must(201, "POST", s.path("/payrolls"), s.gcKey, payrollBody(s.gc, "2026-10", s.project, s.env, enr)).str(t, "id")
		if err := db.WithTx(context.Background(), func(tx *store.Tx) error {
			_, err := store.AppendAudit(tx, store.AuditInput{Chain: s.project, Action: "payroll.supersede", Subject: "pay_old", Detail: "replaced by pay_new"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		details := func(lang string) map[string]string {
			out := map[string]string{}
			for _, it := range s.must(200, "GET", "/api/v1/audit?chain="+s.project, s.admin, nil, "Accept-Language", lang).json(t)["items"].([]any) {
				rec := it.(map[string]any)
				d, _ := rec["detail"].(string)
				out[rec["action"].(string)+" "+rec["subject"].(string)] = d
			}
			return out
		}
		zh, en := details("zh-CN"), details("en")
		if got := zh["payroll.submit "+pay]; !strings.HasPrefix(got, "常规工资表 "+s.gc+" 2026-10：1 行，实发合计 ") {
			t.Errorf("payroll.submit in Chinese: %q", got)
		}
		if got := en["payroll.submit "+pay]; !strings.HasPrefix(got, "regular "+s.gc+" 2026-10: 1 line, net ") {
			t.Errorf("payroll.submit in English: %q", got)
		}
		if zh["payroll.supersede pay_old"] != "replaced by pay_new" || en["payroll.supersede pay_old"] != "replaced by pay_new" {
			t.Errorf("an older record: %q / %q", zh["payroll.supersede pay_old"], en["payroll.supersede pay_old"])
		}
		for k, d := range zh {
			if strings.Contains(d, `{"key"`) || (k != "payroll.supersede pay_old" && len(englishIn(d, map[string]bool{})) > 0) {
				t.Errorf("%s in Chinese: %q", k, d)
			}
		}
	})
}
