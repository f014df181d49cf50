package httpapi_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A wage sheet with the items REG Art. 15 lists, under the headings clerks
// write (基本工资, 加班工资, 津贴, 社保, 公积金, 个税, 总工时): a row whose items
// do not add up is refused naming its row and field; the items are kept and
// shown, and the minimum wage is compared with pay without overtime
// (issue 11, item 9; main ignored the columns and warned on nothing).
func TestPayrollItemsAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		a := s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		b := s.enrol(s.project, s.subKey, workerBody(2, s.sub, s.bank))
		row := func(enr, rest string) string {
			l := payLine(enr, "0", "0", "0")
			return l["name"] + "," + l["id_number"] + "," + l["bank_card"] + "," + rest + "\n"
		}
		const head = "姓名,身份证号,银行卡号,出勤天数,总工时,应发工资,基本工资,加班工资,高温夜班津贴,津贴,社保,公积金,个税,扣款合计,实发工资,本人签字\n"
		bad := head + row(a, "22,176,6000.00,5000.00,600.00,300.00,100.00,300.00,200.00,0,500.00,5500.00,是") +
			row(b, "22,180,3000.00,2000.00,900.00,,100.00,,,,0,3000.00,是") + // gross items: 3000 ✓
			row(b, "22,180,3000.00,2000.00,1000.00,,100.00,,,,0,3000.00,是") // gross items: 3100 ✗
		r := s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.csv", []byte(bad), map[string]string{"period": "2026-10"})
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || !strings.Contains(got, "4:gross_pay:arithmetic") || strings.Contains(got, "2:") {
			t.Fatalf("a row whose items do not add up: %d %s", r.Status, r.Body)
		}
		good := head + row(a, "22,176,6000.00,5000.00,600.00,300.00,100.00,300.00,200.00,0,500.00,5500.00,是") +
			row(b, "22,180,3000.00,2000.00,900.00,,100.00,,,,0,3000.00,是")
		r = s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.csv", []byte(good), map[string]string{"period": "2026-10"})
		if r.Status != 201 {
			t.Fatalf("itemised payroll: %d %s", r.Status, r.Body)
		}
		if w := string(r.Body); strings.Count(w, "minimum wage") != 1 ||
			!strings.Contains(w, `{"row":3,"field":"line","code":"warning","message":"a full month's pay without overtime and special allowances (2100.00) is below the local minimum wage of 2540.00"}`) {
			t.Errorf("the minimum-wage warning should name row 3 only: %s", w)
		}
		d := s.must(200, "GET", "/api/v1/payrolls/"+r.str(t, "id"), s.subKey, nil)
		for _, want := range []string{`"work_hours":"176.00","base_pay":"5000.00","overtime_pay":"600.00","special_allowances":"300.00","other_allowances":"100.00",` +
			`"social_insurance":"300.00","housing_fund":"200.00","income_tax":"0.00"}`, `"work_hours":"180.00","base_pay":"2000.00","overtime_pay":"900.00","other_allowances":"100.00"}`} {
			if !strings.Contains(string(d.Body), want) {
				t.Errorf("payroll lines lack %s:\n%s", want, d.Body)
			}
		}
		// The same items as JSON, in a supplementary payroll's dry run.
		l := payLine(a, "800.00", "", "700.00")
		delete(l, "deductions")
		l["overtime_pay"], l["special_allowances"], l["income_tax"], l["other_deductions"], l["work_hours"] = "500.00", "300.00", "60.00", "40.00", "16"
		dry := s.must(200, "POST", s.path("/payrolls?dry_run=true"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-10", "kind": "supplementary",
			"lines": []map[string]string{l}})
		if !strings.Contains(string(dry.Body), `"deductions":"100.00"`) {
			t.Errorf("deductions left out are the sum of their items: %s", dry.Body)
		}
		if strings.Contains(string(d.Body), "other_deductions") {
			t.Errorf("an item the file did not give is shown: %s", d.Body)
		}
	})
}

// Through the API: the general contractor's advance for its subcontractor's
// worker names the GC as payer and its line as new work, and the
// reconciliation keeps what it paid apart (issue 11, item 5).
func TestAdvanceThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		a := s.enrol(s.project, s.subKey, workerBody(1, s.sub, s.bank))
		body := map[string]any{"employer_id": s.sub, "period": "2026-10", "kind": "advance", "lines": []map[string]string{payLine(a, "6000.00", "0", "6000.00")}}
		s.must(403, "POST", s.path("/payrolls"), s.subKey, body)
		r := s.must(201, "POST", s.path("/payrolls"), s.gcKey, body)
		if r.str(t, "payer_id") != s.gc || r.str(t, "employer_id") != s.sub || r.str(t, "kind") != "advance" {
			t.Errorf("advance: %s", r.Body)
		}
		id := r.str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+id+"/approve", s.officer, nil)
		if d := s.must(200, "GET", "/api/v1/payrolls/"+id, s.subKey, nil); !strings.Contains(string(d.Body), `"advance_of":"new_work"`) {
			t.Errorf("the subcontractor sees the advance for its workers: %s", d.Body)
		}
		rec := s.must(200, "GET", s.path("/reconciliation?period=2026-10"), s.gcKey, nil)
		if !strings.Contains(string(rec.Body), `"owed":"6000.00"`) || !strings.Contains(string(rec.Body), `"advanced":"0.00"`) {
			t.Errorf("reconciliation before the bank pays: %s", rec.Body)
		}
	})
}

// A LibreOffice workbook with REG Art. 15's items under Chinese headings,
// decimals hidden by its formats and totals as SUMs of the items
// (testdata/make-libreoffice-fixtures.sh): the items are stored to the fen
// as the cells hold them (issue 11, item 9).
func TestPayrollItemsWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		s.must(201, "POST", "/api/v1/organizations", s.admin, map[string]any{"name": "中国工商银行北京分行", "uscc": uscc(t, nextSeq()), "kind": "bank", "region_code": "110000"})
		roster, err := os.ReadFile("../../testdata/workers/libreoffice-roster-dates.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if r := s.uploadForm(s.path("/workers/import"), s.subKey, "花名册.xlsx", roster, nil); r.Status != 201 {
			t.Fatalf("roster: %d %s", r.Status, r.Body)
		}
		book, err := os.ReadFile("../../testdata/payroll/libreoffice-payroll-items.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r := s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.xlsx", book, map[string]string{"period": "2026-10", "line_count": "3", "net_total": "12535.31"})
		if r.Status != 201 {
			t.Fatalf("items workbook: %d %s", r.Status, r.Body)
		}
		var rows []struct {
			Name       string `db:"name"`
			Centidays  int64  `db:"centidays"`
			Centihours *int64 `db:"centihours"`
			Gross      int64  `db:"gross"`
			Deductions int64  `db:"deductions"`
			Net        int64  `db:"net"`
			Base       *int64 `db:"base_pay"`
			Overtime   *int64 `db:"overtime_pay"`
			Special    *int64 `db:"special_allowances"`
			Other      *int64 `db:"other_allowances"`
			Social     *int64 `db:"social_insurance"`
			Housing    *int64 `db:"housing_fund"`
			Tax        *int64 `db:"income_tax"`
			OtherDed   *int64 `db:"other_deductions"`
		}
		if err := db.Reader(context.Background()).Select(&rows, `SELECT name, centidays, centihours, gross, deductions, net, base_pay, overtime_pay,
			special_allowances, other_allowances, social_insurance, housing_fund, income_tax, other_deductions
			FROM payroll_lines WHERE project_id = ? ORDER BY net`, s.project); err != nil {
			t.Fatal(err)
		}
		n := func(p *int64) string {
			if p == nil {
				return "-"
			}
			return fmt.Sprint(*p)
		}
		var got []string
		for _, l := range rows {
			got = append(got, fmt.Sprintf("%s %d %s | %d = %s+%s+%s+%s | %d = %s+%s+%s+%s | %d", l.Name, l.Centidays, n(l.Centihours),
				l.Gross, n(l.Base), n(l.Overtime), n(l.Special), n(l.Other), l.Deductions, n(l.Social), n(l.Housing), n(l.Tax), n(l.OtherDed), l.Net))
		}
		want := []string{
			"阿卜杜拉·买买提 2000 - | 123456 = 100000+23456+0+0 | 0 = 0+0+0+- | 123456",
			"张伟 2200 17600 | 600050 = 500000+60050+30000+10000 | 50025 = 30025+20000+0+- | 550025",
			"李娜 2150 17250 | 580050 = 580050+-+-+- | 0 = -+-+-+- | 580050",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("stored lines (fen):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
