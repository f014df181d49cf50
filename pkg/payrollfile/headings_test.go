package payrollfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// A header's near misses are read as their field with a warning, unknown
// columns are named in a warning, ambiguous ones get suggestions; the rows
// are read either way.
func TestHeaderNearMissesAndUnknownColumns(t *testing.T) {
	for _, c := range []struct {
		header string
		field  string // the field the first column is read as
		code   ledger.Refusal
		says   string
	}{
		{"本人确认", "confirmed", ColumnReadAs, `column 1 "本人确认" is read as confirmed (本人签字确认)`},
		{"Ｃｏｎｆｉｒｍｅｄ", "confirmed", "", ""}, // full-width: an exact match
		{"CONFIRMED ", "confirmed", "", ""},
		{"签 字 确 认", "confirmed", "", ""},
		{"本人签名确认", "confirmed", ColumnReadAs, "is read as confirmed"},
		{"备注", "", ColumnUnknown, `column 1 "备注" is not a column of the payroll file and was ignored`},
		{"金额", "", ColumnUnknown, `column 1 "金额" is not a column of the payroll file and was ignored`},
	} {
		file := c.header + ",姓名,身份证号码,银行卡号,出勤天数,应发金额,实发金额\nx,张三,110105198503120039,6222021000000000017,22,100,100\n"
		rd, err := NewReader(strings.NewReader(file), CSV, &Payroll, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", c.header, err)
		}
		rec, err := rd.Next()
		if err != nil {
			t.Fatalf("%s: %v", c.header, err)
		}
		got := ""
		if c.field != "" {
			got = rec.Get(Payroll.FieldIndex(c.field))
		}
		if c.field != "" && got != "x" {
			t.Errorf("%s: %s = %q, want the column read as it", c.header, c.field, got)
		}
		if rec.Get(Payroll.FieldIndex("net_pay")) != "100" {
			t.Errorf("%s: 实发金额 not read as net_pay", c.header)
		}
		switch {
		case c.code == "" && len(rd.Warnings) != 0:
			t.Errorf("%s: unexpected warnings %v", c.header, rd.Warnings)
		case c.code != "" && (len(rd.Warnings) != 1 || rd.Warnings[0].Code != string(c.code) || rd.Warnings[0].Row != 1 ||
			rd.Warnings[0].Field != c.header || !strings.Contains(rd.Warnings[0].Message, c.says)):
			t.Errorf("%s: warnings %+v, want %s saying %q", c.header, rd.Warnings, c.code, c.says)
		}
	}
	// Two fields a heading is close to are suggested; a required field that
	// is missing names the columns that may be it.
	rd, err := NewReader(strings.NewReader("金额,姓名,身份证号码,银行卡号,出勤天数\n"), CSV, &Payroll, Limits{})
	if err == nil || !strings.Contains(err.Error(), `lacks required columns: gross_pay (应发工资) (is it column 1 "金额"?), net_pay (实发工资) (is it column 1 "金额"?)`) {
		t.Errorf("missing gross_pay and net_pay: %v", err)
	}
	// With one of them there, the other is the near miss.
	rd, err = NewReader(strings.NewReader("金额,姓名,身份证号码,银行卡号,出勤天数,实发金额\n"), CSV, &Payroll, Limits{})
	if err != nil || len(rd.Warnings) != 1 || rd.Warnings[0].Code != string(ColumnReadAs) || !strings.Contains(rd.Warnings[0].Message, "read as gross_pay") {
		t.Errorf("金额 beside 实发金额: %v %+v", err, rd.Warnings)
	}
	rd, err = NewReader(strings.NewReader("金额,姓名,身份证号码,银行卡号,出勤天数,应发,实发\n"), CSV, &Payroll, Limits{})
	if err != nil || len(rd.Warnings) != 1 || !strings.Contains(rd.Warnings[0].Message, "was ignored") {
		t.Errorf("金额 beside 应发 and 实发: %v %+v", err, rd.Warnings)
	}
	rd, err = NewReader(strings.NewReader("工资金额,姓名,身份证号码,银行卡号,出勤天数,应发,实发\n"), CSV, &Payroll, Limits{})
	if err != nil || len(rd.Warnings) != 1 || !strings.Contains(rd.Warnings[0].Message, "ignored") {
		t.Errorf("工资金额: %v %+v", err, rd.Warnings)
	}
	// A near miss of a field another column already is stays unknown.
	file := "身份证,身份证号码,姓名,银行卡号,出勤天数,应发金额,实发金额\n"
	rd, err = NewReader(strings.NewReader(file), CSV, &Payroll, Limits{})
	if err != nil || len(rd.Warnings) != 1 || rd.Warnings[0].Code != string(ColumnUnknown) {
		t.Errorf("taken field: %v %+v", err, rd.Warnings)
	}
}

// An old .xls (OLE2) is told to be saved as .xlsx or CSV, whatever its name.
func TestOldExcelIsRefusedWithAdvice(t *testing.T) {
	head := append(append([]byte{}, ole2Signature...), bytes.Repeat([]byte{0}, 504)...)
	for _, name := range []string{"工资表.xls", "payroll.csv", ""} {
		if f := DetectFormat(name, "application/vnd.ms-excel", head); f != XLS {
			t.Errorf("%q detected as %s", name, f)
		}
		_, err := NewReader(bytes.NewReader(head), DetectFormat(name, "", head), &Payroll, Limits{})
		if err == nil || !strings.Contains(err.Error(), "save it as .xlsx") || strings.Contains(err.Error(), "no header row") {
			t.Errorf("%q: %v", name, err)
		}
	}
	// A CSV that Windows sends as application/vnd.ms-excel is still a CSV.
	if f := DetectFormat("工资.csv", "application/vnd.ms-excel", []byte("姓名,身份证号\n")); f != CSV {
		t.Errorf("csv sent as ms-excel detected as %s", f)
	}
}

// A JSON file's keys that name no field are warned about once each, on the
// first row that has them, and reach a sink given before the rows are read.
func TestJSONUnknownKeys(t *testing.T) {
	file := `[{"name":"张三","id_number":"1","memo":"x"},{"name":"李四","memo":"y","team_leader":"z"}]`
	rd, err := NewReader(strings.NewReader(file), JSON, &Payroll, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var sink []ledger.FieldError
	rd.WarnInto(&sink)
	for {
		if _, err := rd.Next(); err != nil {
			break
		}
	}
	got := ""
	for _, w := range sink {
		got += fmt.Sprintf("%d:%s:%s ", w.Row, w.Field, w.Code)
	}
	if got != "1:memo:unknown_column 2:team_leader:unknown_column " {
		t.Errorf("warnings: %q", got)
	}
}

// A JSON file of many distinct unknown keys names the first fifty and says
// that more were left out: it made one warning a key, each found by a
// search of all before it (40,000 keys took 14 s), and sent them all back.
func TestJSONUnknownKeysAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{"name":"张三"`)
	for i := range 20000 {
		fmt.Fprintf(&b, `,"k%d":"x"`, i)
	}
	b.WriteString(`}]`)
	rd, err := NewReader(strings.NewReader(b.String()), JSON, &Payroll, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var sink []ledger.FieldError
	rd.WarnInto(&sink)
	for {
		if _, err := rd.Next(); err != nil {
			break
		}
	}
	if len(sink) != maxUnknownKeys+1 || !strings.Contains(sink[maxUnknownKeys].Message, "no more are listed") {
		t.Errorf("%d warnings for 20,000 unknown keys, want %d with the last saying more were left out", len(sink), maxUnknownKeys+1)
	}
}

// A key holding a control character is refused, not echoed in a warning.
func TestJSONKeyWithControlCharacterRefused(t *testing.T) {
	rd, err := NewReader(strings.NewReader(`[{"name":"张三","a\u202eb":"x"}]`), JSON, &Payroll, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rd.Next()
	if f := ledger.ErrorFields(err); len(f) != 1 || f[0].Code != string(ledger.RefuseControl) {
		t.Errorf("a key with U+202E: %v", err)
	}
}

// An unknown column — 备注2 beside the columns a kind needs — is ignored with
// a warning that names it, in every kind a clerk uploads, and in Chinese.
func TestUnknownColumnNamedInEveryKind(t *testing.T) {
	for _, c := range []struct {
		schema *Schema
		csv    string
	}{
		{&Payroll, "姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,备注2\n张三,1,2,3,4,5,6,x\n"},
		{&Attendance, "姓名,身份证号,日期,工时,备注2\n张三,1,2026-10-01,8,x\n"},
		{&Workers, "姓名,身份证号,工种,银行卡号,合同签订日期,进场日期,备注2\n张三,1,木工,2,2026-10-01,2026-10-02,x\n"},
	} {
		rd, err := NewReader(strings.NewReader(c.csv), CSV, c.schema, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", c.schema.Key, err)
		}
		var warned []ledger.FieldError
		rd.WarnInto(&warned)
		for {
			if r, err := rd.Next(); r == nil || err != nil {
				break
			}
		}
		rd.Close()
		if len(warned) != 1 || warned[0].Code != string(ColumnUnknown) || warned[0].Field != "备注2" || warned[0].Row != 1 ||
			!strings.Contains(i18n.Of(i18n.ZH, warned[0].Msg()), "备注2") {
			t.Errorf("%s: warnings %+v", c.schema.Key, warned)
		}
	}
}
