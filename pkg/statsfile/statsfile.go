// Package statsfile writes the workforce statistics as a workbook (one
// sheet per grouping, Chinese headings, a totals row) and as CSV, the form a
// statistics bureau takes as it is. An employer named "=…" stays text: in
// the CSV every text cell is neutralised against formula injection (a
// leading apostrophe); in the workbook text is written as string cells
// (t="s", a shared string), which spreadsheets never evaluate, so no
// apostrophe is added there (it would show). Counts and amounts are written
// as numbers from their exact decimal text, never through a float. A count
// hidden from an employer is written as HiddenMark. The CSV starts with a
// UTF-8 byte-order mark (Excel on a Chinese Windows reads it as UTF-8, not
// GBK), and a code with a leading zero (category 01) is written ="01", a
// constant Excel shows as the text 01 rather than the number 1.
package statsfile

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
)

// HiddenMark stands for a count or amount an employer may not see.
const HiddenMark = "*"

// SheetNames are the sheets' names, one per grouping.
var SheetNames = map[ledger.StatsGrouping]string{
	ledger.GroupAgeBand: "年龄段", ledger.GroupSex: "性别", ledger.GroupOriginProvince: "籍贯省份",
	ledger.GroupOriginPrefecture: "籍贯地市", ledger.GroupTrade: "工种", ledger.GroupEmployer: "用工单位",
	ledger.GroupProject: "项目", ledger.GroupCategory: "项目类别",
}

// SummarySheet is the first sheet: what the report covers, the totals and
// the wages by month.
const SummarySheet = "概况"

// column is one column of a grouping's sheet.
type column struct {
	heading string
	value   func(r *ledger.WorkforceRow) (string, bool) // the text and whether it is a number
}

func count(m ledger.StatsCount) func(r *ledger.WorkforceRow) (string, bool) {
	return func(r *ledger.WorkforceRow) (string, bool) {
		if r.Hidden[m] {
			return HiddenMark, false
		}
		return strconv.Itoa(r.Counts[m]), true
	}
}

func amount(get func(ledger.WorkforceMoney) ledger.Money) func(r *ledger.WorkforceRow) (string, bool) {
	return func(r *ledger.WorkforceRow) (string, bool) {
		if r.MoneyHidden {
			return HiddenMark, false
		}
		return get(r.Money).String(), true
	}
}

// ContractShare is the labour contracts' share of the registered people,
// as a percentage with one decimal ("87.5%"), integer arithmetic; "" when
// nobody is registered or either count is hidden.
func ContractShare(r *ledger.WorkforceRow) string {
	lc, all := r.Counts[ledger.CountLabourContracts], r.Counts[ledger.CountLabourContracts]+r.Counts[ledger.CountWrittenAgreements]
	if all == 0 || r.Hidden[ledger.CountLabourContracts] || r.Hidden[ledger.CountWrittenAgreements] {
		return ""
	}
	permille := (lc*1000 + all/2) / all
	return fmt.Sprintf("%d.%d%%", permille/10, permille%10)
}

// columns are the sheet's columns; the injury-insurance count is there once
// the report knows it (issue 18 item 3).
func columns(r *service.WorkforceStats) []column {
	cols := []column{
		{"登记人数", count(ledger.CountRegistered)}, {"在岗人数（当月有考勤）", count(ledger.CountOnSite)},
		{"发放工资人数", count(ledger.CountPaid)}, {"当月进场", count(ledger.CountEntries)}, {"当月退场", count(ledger.CountExits)},
		{"签订劳动合同", count(ledger.CountLabourContracts)}, {"签订简易书面协议", count(ledger.CountWrittenAgreements)},
		{"劳动合同占比", func(row *ledger.WorkforceRow) (string, bool) { return ContractShare(row), false }},
	}
	if r.InjuryInsuranceKnown {
		cols = append(cols, column{"工伤保险覆盖人数", count(ledger.CountInjuryInsured)})
	}
	return append(cols,
		column{"应发工资（元）", amount(func(m ledger.WorkforceMoney) ledger.Money { return m.Due })},
		column{"已发工资（元）", amount(func(m ledger.WorkforceMoney) ledger.Money { return m.Paid })},
		column{"欠发工资（元）", amount(func(m ledger.WorkforceMoney) ledger.Money { return m.Owed })},
		column{"逾期欠薪（元）", amount(func(m ledger.WorkforceMoney) ledger.Money { return m.Overdue })},
	)
}

// meta is the summary's heading lines.
func meta(r *service.WorkforceStats) [][2]string {
	region := r.RegionCode
	if n := ledger.RegionName(region); n != "" {
		region += " " + n
	}
	if region == "" {
		region = "全部（权限范围内）"
	}
	out := [][2]string{{"统计月份", r.Period.String()}, {"行政区划", region}, {"统计日期", r.AsOf.String()},
		{"项目数", strconv.Itoa(r.Projects)}}
	if r.Suppressed {
		out = append(out, [2]string{"说明", HiddenMark + " 表示少于5人的组（及为防推算而一并隐藏的组）不显示"})
	}
	if !r.InjuryInsuranceKnown {
		out = append(out, [2]string{"工伤保险", "尚无项目参保记录，未统计"})
	}
	return out
}

// WriteCSV writes every grouping one under the other: the grouping, the
// group, its code and the columns; each grouping ends with its total.
func WriteCSV(w io.Writer, r *service.WorkforceStats) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cols := columns(r)
	head := []string{"分组方式", "组别", "代码"}
	for _, c := range cols {
		head = append(head, c.heading)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, t := range r.Tables {
		rows := append(append([]ledger.WorkforceRow{}, t.Rows...), t.Total)
		for i := range rows {
			line := []string{SheetNames[t.Grouping], rows[i].Label, rows[i].Key}
			for _, c := range cols {
				v, _ := c.value(&rows[i])
				line = append(line, v)
			}
			line = ledger.NeutraliseCells(line)
			line[2] = textCode(rows[i].Key, line[2])
			if err := cw.Write(line); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// utf8BOM starts the CSV.
const utf8BOM = "\ufeff"

// textCode is the CSV cell of a group's code: ="01" for digits with a
// leading zero (only digits: nothing a reader wrote gets into the formula),
// else the neutralised cell.
func textCode(key, neutralised string) string {
	if len(key) < 2 || key[0] != '0' || strings.Trim(key, "0123456789") != "" {
		return neutralised
	}
	return `="` + key + `"`
}

// WriteXLSX writes the summary sheet and one sheet per grouping.
func WriteXLSX(w io.Writer, r *service.WorkforceStats) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SummarySheet); err != nil {
		return err
	}
	if err := writeSummary(f, r); err != nil {
		return err
	}
	cols := columns(r)
	for _, t := range r.Tables {
		if err := writeTable(f, t, cols); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("statsfile: unable to write the workbook: %w", err)
	}
	return nil
}

// sheet writes rows of cells from the first row; numeric cells are numbers.
type sheet struct {
	f    *excelize.File
	name string
	row  int
}

func (s *sheet) put(cells ...cell) error {
	s.row++
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, s.row)
		if err != nil {
			return err
		}
		if c.number {
			err = s.f.SetCellDefault(s.name, ref, c.text)
		} else {
			err = s.f.SetCellStr(s.name, ref, c.text) // a string cell: never a formula
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type cell struct {
	text   string
	number bool
}

func text(s string) cell { return cell{text: s} }

func rowCells(label, key string, row *ledger.WorkforceRow, cols []column) []cell {
	out := []cell{text(label), text(key)}
	for _, c := range cols {
		v, num := c.value(row)
		out = append(out, cell{v, num})
	}
	return out
}

func writeTable(f *excelize.File, t ledger.WorkforceTable, cols []column) error {
	name := SheetNames[t.Grouping]
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	s := &sheet{f: f, name: name}
	head := []cell{text(name), text("代码")}
	for _, c := range cols {
		head = append(head, text(c.heading))
	}
	if err := s.put(head...); err != nil {
		return err
	}
	for i := range t.Rows {
		if err := s.put(rowCells(t.Rows[i].Label, t.Rows[i].Key, &t.Rows[i], cols)...); err != nil {
			return err
		}
	}
	if err := s.put(rowCells("合计", "", &t.Total, cols)...); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(head))
	return f.SetColWidth(name, "A", last, 14)
}

func writeSummary(f *excelize.File, r *service.WorkforceStats) error {
	s := &sheet{f: f, name: SummarySheet}
	if err := s.put(text("农民工用工情况统计表")); err != nil {
		return err
	}
	for _, m := range meta(r) {
		if err := s.put(text(m[0]), text(m[1])); err != nil {
			return err
		}
	}
	s.row++
	cols := columns(r)
	head := []cell{text("合计"), text("")}
	for _, c := range cols {
		head = append(head, text(c.heading))
	}
	if err := s.put(head...); err != nil {
		return err
	}
	if err := s.put(rowCells("全部", "", &r.Total, cols)...); err != nil {
		return err
	}
	s.row++
	if err := s.put(text("月份"), text("应发工资（元）"), text("欠发工资（元）")); err != nil {
		return err
	}
	for _, m := range r.Months {
		due, owed := cell{m.Due.String(), true}, cell{m.Owed.String(), true}
		if r.MonthsHidden {
			due, owed = text(HiddenMark), text(HiddenMark)
		}
		if err := s.put(text(m.Period.String()), due, owed); err != nil {
			return err
		}
	}
	return f.SetColWidth(SummarySheet, "A", "B", 18)
}
