package httpapi_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// GET /formats lists every kind of file with its columns; each kind's
// templates download with Chinese headings, and upload back as a valid file.
func TestFormatsAndTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		f := s.must(200, "GET", "/api/v1/formats", s.subKey, nil).json(t)
		kinds := map[string]map[string]any{}
		for _, k := range f["kinds"].([]any) {
			kinds[k.(map[string]any)["kind"].(string)] = k.(map[string]any)
		}
		if len(kinds) != 4 || kinds["payroll"] == nil || kinds["bank_results"] == nil || !strings.Contains(f["amounts"].(string), "8,800.00") {
			t.Fatalf("formats: %v", f)
		}
		var idNumber map[string]any
		for _, c := range kinds["payroll"]["columns"].([]any) {
			if c.(map[string]any)["name"] == "id_number" {
				idNumber = c.(map[string]any)
			}
		}
		if idNumber["heading"] != "身份证号" || idNumber["value"] != "digits" || idNumber["required"] != true {
			t.Errorf("payroll id_number column: %v", idNumber)
		}
		x := s.must(200, "GET", kinds["payroll"]["template_xlsx"].(string), s.subKey, nil)
		if !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") || !strings.Contains(x.Header.Get("Content-Disposition"), "payroll-template.xlsx") {
			t.Errorf("xlsx template headers: %v", x.Header)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := wb.GetRows(wb.GetSheetName(0)); len(rows) != 1 || rows[0][0] != "姓名" || rows[0][1] != "身份证号" {
			t.Errorf("xlsx template rows: %v", rows)
		}
		c := s.must(200, "GET", "/api/v1/formats/workers/template.csv", s.gcKey, nil)
		if !bytes.HasPrefix(c.Body, []byte("\xef\xbb\xbf姓名,身份证号,")) || !strings.HasPrefix(c.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("csv template: %q %v", c.Body, c.Header)
		}
		s.must(404, "GET", "/api/v1/formats/payslips/template.csv", s.gcKey, nil)
		s.must(401, "GET", "/api/v1/formats", "", nil)
		// The empty template is a payroll file with no lines: read, then refused as empty.
		r := s.uploadForm(s.path("/payrolls"), s.gcKey, "模板.xlsx", x.Body, map[string]string{"period": "2026-10", "employer_id": s.gc})
		if r.Status != 422 || strings.Contains(string(r.Body), "header") {
			t.Errorf("empty template uploaded: %d %s", r.Status, r.Body)
		}
	})
}

// An upload names the columns it ignored or guessed; an .xls is told to be
// saved as .xlsx or CSV.
func TestUploadColumnWarningsAndOldExcel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		enr := s.enrol(s.project, s.gcKey, workerBody(nextSeq(), s.gc, s.bank))
		v, _ := enrolled.Load(enr)
		w := v.(map[string]any)
		file := "序号,姓名,身份证号码,银行卡号,出勤天数,应发金额,实发金额,本人确认\n1," + w["name"].(string) + "," + w["id_number"].(string) + "," +
			w["bank_card"].(string) + ",22,6000,6000,已签\n"
		r := s.uploadForm(s.path("/payrolls"), s.gcKey, "十月.csv", []byte(file), map[string]string{"period": "2026-10", "employer_id": s.gc})
		if r.Status != 201 {
			t.Fatalf("payroll: %d %s", r.Status, r.Body)
		}
		got := r.json(t)["column_warnings"].([]any)
		if len(got) != 2 || got[0].(map[string]any)["field"] != "序号" || got[0].(map[string]any)["code"] != "unknown_column" ||
			got[1].(map[string]any)["field"] != "本人确认" || got[1].(map[string]any)["code"] != "column_read_as" || got[1].(map[string]any)["row"] != 1.0 {
			t.Errorf("column warnings: %s", r.Body)
		}
		lines := s.must(200, "GET", "/api/v1/payrolls/"+r.str(t, "id"), s.gcKey, nil).json(t)["lines"].([]any)
		if lines[0].(map[string]any)["confirmed"] != true {
			t.Errorf("本人确认 not read as confirmed: %v", lines[0])
		}
		// A JSON file's unknown key is named too.
		js := `[{"name":"` + w["name"].(string) + `","id_number":"` + w["id_number"].(string) + `","bank_card":"` + w["bank_card"].(string) +
			`","days_worked":"22","gross_pay":"6000","net_pay":"6000","备注":"x"}]`
		r = s.uploadForm(s.path("/payrolls")+"?dry_run=true", s.gcKey, "十月.json", []byte(js), map[string]string{"period": "2026-09", "employer_id": s.gc})
		if r.Status != 200 {
			t.Fatalf("JSON file: %d %s", r.Status, r.Body)
		}
		if cw := r.json(t)["column_warnings"].([]any); len(cw) != 1 || cw[0].(map[string]any)["field"] != "备注" || cw[0].(map[string]any)["row"] != 1.0 {
			t.Errorf("JSON file: %s", r.Body)
		}
		xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 600)...)
		for _, path := range []string{s.path("/payrolls"), s.path("/workers/import"), s.path("/attendance")} {
			r = s.uploadForm(path, s.gcKey, "工资.xls", xls, map[string]string{"period": "2026-09", "employer_id": s.gc})
			if r.Status != 422 || !strings.Contains(string(r.Body), "save it as .xlsx") || strings.Contains(string(r.Body), "no header row") {
				t.Errorf("%s .xls: %d %s", path, r.Status, r.Body)
			}
		}
		bankKey := s.key(s.bank, ledger.RoleBank)
		r = s.uploadForm("/api/v1/bank/confirmations", bankKey, "结果.csv", []byte("指令编号,银行流水号,状态,入账日期,柜员\n"), nil)
		if got := r.json(t)["column_warnings"]; r.Status != 200 || got == nil || !strings.Contains(string(r.Body), `"柜员\" is not a column of the bank result file`) {
			t.Errorf("bank result column warnings: %d %s", r.Status, r.Body)
		}
	})
}
