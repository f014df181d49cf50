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

// Payroll and worker workbooks are read as stored, not as displayed (issue
// 11, item 1): testdata/make-libreoffice-fixtures.sh has LibreOffice write
// them with formats that hide decimals, currency and percentage formats,
// text-formatted numbers and dates stored as day numbers.
func TestSpreadsheetAmountsAsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		bankName := s.namedBank()
		// The roster's dates are day numbers shown as 2026-03-01, 3/2/2026,
		// 2026年3月1日, 3-Mar-26 and 2026-03-05 09:00.
		roster, err := os.ReadFile("../../testdata/workers/libreoffice-roster-dates.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r := s.uploadForm(s.path("/workers/import"), s.subKey, "花名册.xlsx", renameBank(t, roster, bankName), nil)
		if r.Status != 201 {
			t.Fatalf("roster: %d %s", r.Status, r.Body)
		}
		var entered []string
		for _, it := range s.must(200, "GET", s.path("/workers?limit=10"), s.subKey, nil).json(t)["items"].([]any) {
			w := it.(map[string]any)
			entered = append(entered, fmt.Sprint(w["name"], ":", w["contract_signed_on"], ":", w["entered_on"]))
		}
		want := "张伟:2026-03-01:2026-03-02 李娜:2026-03-01:2026-03-03 阿卜杜拉·买买提:2026-03-05:2026-03-05"
		if got := strings.Join(sortedStrings(entered), " "); got != strings.Join(sortedStrings(strings.Fields(want)), " ") {
			t.Errorf("enrolled %s, want %s", got, want)
		}
		// A third decimal place stored under "0.00" (shown 1234.57) is refused, naming row and field.
		third, err := os.ReadFile("../../testdata/payroll/libreoffice-third-decimal.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r = s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.xlsx", third, map[string]string{"period": "2026-10"})
		if got := strings.Join(errorsOf(t, r), " "); r.Status != 422 || !strings.Contains(got, "5:gross_pay:") || !strings.Contains(got, "5:net_pay:") ||
			!strings.Contains(string(r.Body), "1234.567") {
			t.Errorf("third decimal: %d %s", r.Status, r.Body)
		}
		// Hidden decimals arrive as stored: 21.5 days stay 21.5, 1234.56 in a "0" cell is 123456 fen.
		formats, err := os.ReadFile("../../testdata/payroll/libreoffice-formats.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		r = s.uploadForm(s.path("/payrolls"), s.subKey, "十月工资.xlsx", formats, map[string]string{"period": "2026-10", "line_count": "3", "net_total": "12535.06"})
		if r.Status != 201 {
			t.Fatalf("formats workbook: %d %s", r.Status, r.Body)
		}
		id := r.str(t, "id")
		var lines []string
		for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+id, s.subKey, nil).json(t)["lines"].([]any) {
			l := it.(map[string]any)
			lines = append(lines, fmt.Sprint(l["name"], ":", l["days_worked"], ":", l["gross_pay"], ":", l["deductions"], ":", l["net_pay"]))
		}
		want = "张伟:22.00:6000.00:500.00:5500.00 李娜:21.50:5800.50:0.00:5800.50 阿卜杜拉·买买提:20.00:1234.56:0.00:1234.56"
		if got := strings.Join(sortedStrings(lines), " "); got != strings.Join(sortedStrings(strings.Fields(want)), " ") {
			t.Errorf("stored lines %s, want %s", got, want)
		}
		// The exact fen in the database.
		var fen []int64
		if err := db.Reader(context.Background()).Select(&fen, "SELECT net FROM payroll_lines WHERE project_id = ? ORDER BY net", s.project); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(fen) != "[123456 550000 580050]" {
			t.Errorf("net pay in fen: %v", fen)
		}
	})
}
