package payrollfile

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// A LibreOffice workbook whose number formats hide decimals ("0", "#,##0"),
// show currency and percentages, and whose text column holds a number: every
// amount is read as stored (issue 11, item 1). Read as displayed, 21.5 days
// was 22 and 1234.56 was 1235.
func TestXLSXReadsStoredValues(t *testing.T) {
	data, err := os.ReadFile("../../testdata/payroll/libreoffice-formats.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	p := parseAll(t, data, "formats.xlsx", &Payroll, Limits{})
	var got []string
	for i, r := range p.Records {
		got = append(got, strings.Join(append([]string{strconv.Itoa(p.Rows[i])}, r[3:7]...), "|"))
	}
	// row | days_worked | gross_pay | deductions | net_pay (the totals row 合计 is skipped)
	want := "4|22|6000|500|5500 5|21.5|5800.5|0|5800.5 6|20|1234.56|0|1234.56"
	if p.Error != "" || strings.Join(got, " ") != want {
		t.Errorf("read %v %q, want %s", got, p.Error, want)
	}
	// A third decimal place stored under "0.00" comes through, for the
	// payroll's check to refuse it as it refuses it in a CSV.
	data, err = os.ReadFile("../../testdata/payroll/libreoffice-third-decimal.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	p = parseAll(t, data, "third.xlsx", &Payroll, Limits{})
	if len(p.Records) != 2 || p.Records[1][4] != "1234.567" || p.Records[1][6] != "1234.567" {
		t.Errorf("third decimal: %q", p.Records)
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, `yyyy\-mm\-dd`: true, "m/d/yyyy": true, `yyyy"年"m"月"d"日"`: true, `yyyy\年m\月d\日`: true,
		"[$-804]d-mmm-yy": true, "yyyy-mm-dd hh:mm": true, "dd/mm/yy;@": true,
		"General": false, "0": false, "0.00": false, "#,##0": false, `"¥"#,##0.00`: false, `\¥#,##0.00`: false, "0%": false,
		"0.00%": false, "@": false, "h:mm": false, "[h]:mm:ss": false, `0.0" days"`: false, "[Red]0.00;[Blue]-0.00": false,
		`#,##0_);[Red]\(#,##0\)`: false, "0.00E+00": false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func FuzzIsDateFormat(f *testing.F) {
	for _, s := range []string{"yyyy-mm-dd", `"¥"#,##0.00`, `\`, `"`, "[", `yyyy\年m\月d\日`, "0;[Red]-0;@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		isDateFormat(code)
	})
}
