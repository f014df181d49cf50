package statsfile_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/statsfile"
)

// report is one table whose employer names itself a formula, one group
// hidden (a contractor's view) and one shown.
func report() *service.WorkforceStats {
	facts := []ledger.WorkforceFact{}
	for i := range 7 {
		employer, name := "org_a", "=HYPERLINK(\"http://x\")"
		if i >= 5 {
			employer, name = "org_b", "+乙公司"
		}
		facts = append(facts, ledger.WorkforceFact{ProjectID: "prj", EmployerID: employer, EmployerName: name, WorkerID: string(rune('a' + i)),
			Gender: "male", ContractKind: ledger.LabourContract, EnteredOn: ledger.NewDate(2026, 1, 1), Due: 100000})
	}
	r := ledger.BuildWorkforceReport(facts, ledger.WorkforceQuery{Period: ledger.Period{Year: 2026, Month: 10}, AsOf: ledger.NewDate(2026, 11, 1),
		Groupings: []ledger.StatsGrouping{ledger.GroupEmployer}, Suppress: true})
	return &service.WorkforceStats{WorkforceReport: r, RegionCode: "110111", Projects: 1}
}

func TestCellsAreNeverFormulas(t *testing.T) {
	r := report()
	var b bytes.Buffer
	if err := statsfile.WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\ufeff")) {
		t.Errorf("the CSV starts without a UTF-8 byte-order mark: %q", b.Bytes()[:min(8, b.Len())])
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Heading, org_a (5, hidden with its complement), org_b (2, hidden), total (7).
	if len(recs) != 4 || recs[1][1] != `'=HYPERLINK("http://x")` || recs[2][1] != "'+乙公司" || recs[1][3] != "*" || recs[3][3] != "7" {
		t.Errorf("csv: %q", recs)
	}
	b.Reset()
	if err := statsfile.WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if formula, _ := f.GetCellFormula("用工单位", "A2"); formula != "" {
		t.Errorf("a formula in a cell: %q", formula)
	}
	// A string cell: shown as written, no apostrophe, never evaluated.
	rows, _ := f.GetRows("用工单位")
	if len(rows) != 4 || rows[1][0] != `=HYPERLINK("http://x")` || rows[3][2] != "7" || rows[1][2] != "*" {
		t.Errorf("xlsx: %q", rows)
	}
	if typ, _ := f.GetCellType("用工单位", "A2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("the employer's name is a cell of type %v", typ)
	}
	summary, _ := f.GetRows("概况")
	if len(summary) < 6 || summary[2][1] != "110111 房山区" {
		t.Errorf("summary: %q", summary)
	}
}

func TestContractShare(t *testing.T) {
	for _, c := range []struct {
		lc, wa int
		hide   bool
		want   string
	}{{7, 1, false, "87.5%"}, {2, 1, false, "66.7%"}, {0, 0, false, ""}, {5, 0, false, "100.0%"}, {5, 5, true, ""}} {
		row := ledger.WorkforceRow{}
		row.Counts[ledger.CountLabourContracts], row.Counts[ledger.CountWrittenAgreements] = c.lc, c.wa
		row.Hidden[ledger.CountWrittenAgreements] = c.hide
		if got := statsfile.ContractShare(&row); got != c.want {
			t.Errorf("ContractShare(%d, %d, hidden %v) = %q, want %q", c.lc, c.wa, c.hide, got, c.want)
		}
	}
}

// Category 01 stays 01 in Excel: ="01" in the CSV, a string in the workbook.
func TestLeadingZeroCodesStayText(t *testing.T) {
	var facts []ledger.WorkforceFact
	for i := range 6 {
		facts = append(facts, ledger.WorkforceFact{ProjectID: "prj", Category: "01", EmployerID: "org", WorkerID: string(rune('a' + i)),
			Gender: "male", ContractKind: ledger.LabourContract, EnteredOn: ledger.NewDate(2026, 1, 1)})
	}
	r := &service.WorkforceStats{WorkforceReport: ledger.BuildWorkforceReport(facts, ledger.WorkforceQuery{Period: ledger.Period{Year: 2026, Month: 10},
		Groupings: []ledger.StatsGrouping{ledger.GroupCategory}})}
	recs, f := writeBoth(t, r)
	if len(recs) != 3 || recs[1][2] != `="01"` || recs[2][2] != "" {
		t.Errorf("csv: %q", recs)
	}
	if v, _ := f.GetCellValue("项目类别", "B2"); v != "01" {
		t.Errorf("xlsx code: %q", v)
	}
}

// writeBoth writes r as CSV (read back without its byte-order mark) and
// as a workbook (opened; closed when the test ends).
func writeBoth(t *testing.T, r *service.WorkforceStats) ([][]string, *excelize.File) {
	t.Helper()
	var b bytes.Buffer
	if err := statsfile.WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := statsfile.WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return recs, f
}
