//go:build ignore

// spreadsheets.go writes the workbooks behind the LibreOffice fixtures of
// issue 11 (amounts and dates read as stored, not as displayed). It is run
// by make-libreoffice-fixtures.sh, which has LibreOffice save each again, so
// that the committed files are LibreOffice's own XLSX.
//
//	go run ./testdata/make/spreadsheets.go DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

type cell struct {
	v      any
	format string // a custom number format code, or "" for none
	id     int    // a built-in number format, when format is ""
}

func c(v any) cell                  { return cell{v: v} }
func fm(v any, format string) cell  { return cell{v: v, format: format} }
func builtin(v any, id int) cell    { return cell{v: v, id: id} }
func text(v string) cell            { return cell{v: v, id: 49} } // "@": typed into a Text column
func formula(f, format string) cell { return cell{v: "=" + f, format: format} }

func write(dir, name, title string, header []string, rows [][]cell) {
	f := excelize.NewFile()
	sh := "Sheet1"
	check(f.SetCellValue(sh, "A1", title))
	check(f.SetSheetRow(sh, "A3", &header))
	for r, row := range rows {
		for col, x := range row {
			ref, _ := excelize.CoordinatesToCellName(col+1, r+4)
			if s, ok := x.v.(string); ok && len(s) > 1 && s[0] == '=' {
				check(f.SetCellFormula(sh, ref, s[1:]))
			} else {
				check(f.SetCellValue(sh, ref, x.v))
			}
			var st int
			var err error
			switch {
			case x.format != "":
				st, err = f.NewStyle(&excelize.Style{CustomNumFmt: &x.format})
			case x.id != 0:
				st, err = f.NewStyle(&excelize.Style{NumFmt: x.id})
			}
			check(err)
			if st != 0 {
				check(f.SetCellStyle(sh, ref, ref, st))
			}
		}
	}
	check(f.SaveAs(filepath.Join(dir, name)))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	dir := os.Args[1]
	payroll := []string{"姓名", "身份证号", "银行卡号", "出勤天数", "应发工资", "扣款", "实发工资", "本人签字确认", "扣款比例", "发放日期"}
	const yuan = `"¥"#,##0.00`
	// Decimals hidden by "0" and "#,##0", a currency format, a percentage,
	// text-formatted numbers, a formula, and dates stored as day numbers.
	write(dir, "libreoffice-formats.xlsx", "2026年10月 工资支付表", payroll, [][]cell{
		{c("张伟"), text("110105198503120039"), text("6222021000000000017"), fm(22, "0"), fm(6000, yuan), c(500), formula("E4-F4", "0"), c("已签"), builtin(0.0833, 10), fm(46341, "yyyy-mm-dd")},
		{c("李娜"), text("440524199001010026"), text("6222021000000000025"), fm(21.5, "0"), fm(5800.5, yuan), builtin(0, 9), fm(5800.5, "0"), c("已签"), builtin(0, 10), builtin(46341, 14)},
		{c("阿卜杜拉·买买提"), text("650102198808080011"), text("6222021000000000033"), text("20"), fm(1234.56, "0"), c(0), fm(1234.56, "#,##0"), c("已签"), builtin(0, 9), fm(46341, `yyyy"年"m"月"d"日"`)},
		{c("合计"), c(""), c(""), c(""), formula("SUM(E4:E6)", yuan), formula("SUM(F4:F6)", "0"), formula("SUM(G4:G6)", "0")},
	})
	// A third decimal place stored, hidden by "0.00": refused, never rounded.
	write(dir, "libreoffice-third-decimal.xlsx", "2026年10月 工资支付表", payroll, [][]cell{
		{c("张伟"), text("110105198503120039"), text("6222021000000000017"), fm(22, "0"), fm(6000, yuan), c(500), fm(5500, "0.00"), c("已签")},
		{c("李娜"), text("440524199001010026"), text("6222021000000000025"), fm(21.5, "0"), fm(1234.567, "0.00"), c(0), fm(1234.567, "0.00"), c("已签")},
	})
	// REG Art. 15's items under the headings clerks write, amounts hidden by
	// "0" and "#,##0" and a currency format, gross pay and deductions as SUMs
	// of their items (issue 11, item 9).
	items := []string{"姓名", "身份证号", "银行卡号", "出勤天数", "总工时", "基本工资", "加班工资", "高温夜班津贴", "津贴", "应发工资", "社保", "公积金", "个税", "扣款", "实发工资", "本人签字确认"}
	write(dir, "libreoffice-payroll-items.xlsx", "2026年10月 工资支付表", items, [][]cell{
		{c("张伟"), text("110105198503120039"), text("6222021000000000017"), fm(22, "0"), c(176), fm(5000, yuan), fm(600.5, "0"), c(300), c(100),
			formula("SUM(F4:I4)", yuan), fm(300.25, "0"), c(200), c(0), formula("SUM(K4:M4)", "0"), formula("J4-N4", yuan), c("已签")},
		{c("李娜"), text("440524199001010026"), text("6222021000000000025"), fm(21.5, "0"), fm(172.5, "0"), fm(5800.5, yuan), c(""), c(""), c(""),
			formula("SUM(F5:I5)", yuan), c(""), c(""), c(""), c(0), formula("J5-N5", yuan), c("已签")},
		{c("阿卜杜拉·买买提"), text("650102198808080011"), text("6222021000000000033"), text("20"), c(""), c(1000), fm(234.56, "#,##0"), c(0), c(0),
			formula("SUM(F6:I6)", yuan), c(0), c(0), c(0), formula("SUM(K6:M6)", "0"), formula("J6-N6", yuan), c("已签")},
	})
	// Dates stored as day numbers under several display formats, and one
	// typed as text; the phone number stored as a number.
	roster := []string{"姓名", "身份证号", "手机号", "班组", "工种", "银行卡号", "开户行", "合同类型", "合同签订日期", "进场日期"}
	const bank = "中国工商银行北京分行"
	write(dir, "libreoffice-roster-dates.xlsx", "花名册", roster, [][]cell{
		{c("张伟"), text("110105198503120039"), fm(13800138001, "0"), c("钢筋班"), c("钢筋工"), text("6222021000000000017"), c(bank), c("劳动合同"), fm(46082, "yyyy-mm-dd"), builtin(46083, 14)},
		{c("李娜"), text("440524199001010026"), c(13800138002), c("木工班"), c("木工"), text("6222021000000000025"), c(bank), c("劳动合同"), fm(46082, `yyyy"年"m"月"d"日"`), builtin(46084, 15)},
		{c("阿卜杜拉·买买提"), text("650102198808080011"), c(13800138003), c("钢筋班"), c("钢筋工"), text("6222021000000000033"), c(bank), c("书面协议"), fm(46086.375, "yyyy-mm-dd hh:mm"), text("2026-03-05")},
	})
}
