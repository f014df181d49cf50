package payrollfile

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Every kind's templates read back as a valid, empty file of that kind, with
// Chinese headings, digits columns formatted as text and (CSV) a BOM.
func TestTemplatesReadBack(t *testing.T) {
	for _, s := range Schemas {
		var x, c bytes.Buffer
		if err := s.WriteTemplateXLSX(&x); err != nil {
			t.Fatalf("%s xlsx: %v", s.Key, err)
		}
		if err := s.WriteTemplateCSV(&c); err != nil {
			t.Fatalf("%s csv: %v", s.Key, err)
		}
		if !bytes.HasPrefix(c.Bytes(), []byte("\xef\xbb\xbf")) || !strings.Contains(c.String(), s.Fields[0].Heading()) {
			t.Errorf("%s csv: %q", s.Key, c.String())
		}
		for name, data := range map[string][]byte{"t.xlsx": x.Bytes(), "t.csv": c.Bytes()} {
			rd, err := NewReader(bytes.NewReader(data), DetectFormat(name, "", data), s, Limits{})
			if err != nil {
				t.Fatalf("%s %s: %v", s.Key, name, err)
			}
			if _, err := rd.Next(); err != io.EOF || len(rd.Warnings) != 0 {
				t.Errorf("%s %s: %v %v", s.Key, name, err, rd.Warnings)
			}
			rd.Close()
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		for i, fd := range s.Fields {
			col, _ := excelize.ColumnNumberToName(i + 1)
			style, _ := f.GetCellStyle(sheet, col+"2") // a data cell takes its column's style
			st, _ := f.GetStyle(style)
			if isText := st != nil && st.NumFmt == textFormat; isText != (fd.Value == ValueDigits) {
				t.Errorf("%s column %s (%s): text format %v", s.Key, col, fd.Name, isText)
			}
		}
		f.Close()
	}
}

// An XLSX string cell is never a formula: a heading starting with = + - @
// is written as it is (the apostrophe a CSV needs showed in the cell) and
// kept text on editing by Excel's quotePrefix style; other headings carry
// neither, and the column styles (text for digits) gain no quotePrefix.
func TestTemplateXLSXHeadingsShowNoQuote(t *testing.T) {
	s := &Schema{Kind: "test", Key: "test", Fields: []Field{
		{Name: "name", Aliases: []string{"姓名"}, Required: true},
		{Name: "minus", Aliases: []string{"-扣款"}},
		{Name: "formula", Aliases: []string{"=SUM(1+1)"}, Required: true},
		{Name: "at", Aliases: []string{"＠备注"}},
		{Name: "card", Aliases: []string{"银行卡号"}, Value: ValueDigits},
	}}
	var x bytes.Buffer
	if err := s.WriteTemplateXLSX(&x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	quoted := func(cell string) bool {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		xf := f.Styles.CellXfs.Xf[id]
		return xf.QuotePrefix != nil && *xf.QuotePrefix
	}
	for i, fd := range s.Fields {
		col, _ := excelize.ColumnNumberToName(i + 1)
		got, err := f.GetCellValue(sheet, col+"1")
		if err != nil || got != fd.Heading() {
			t.Errorf("%s1 reads %q, want %q as it is", col, got, fd.Heading())
		}
		dangerous := strings.ContainsAny(fd.Heading()[:1], "=+-@") || strings.HasPrefix(fd.Heading(), "＠")
		if quoted(col+"1") != dangerous {
			t.Errorf("%s1 %q: quotePrefix %v, want %v", col, fd.Heading(), quoted(col+"1"), dangerous)
		}
		if bold := func() bool {
			id, _ := f.GetCellStyle(sheet, col+"1")
			st, _ := f.GetStyle(id)
			return st != nil && st.Font != nil && st.Font.Bold
		}(); bold != fd.Required {
			t.Errorf("%s1 %q: bold %v, want %v", col, fd.Heading(), bold, fd.Required)
		}
		if quoted(col + "2") {
			t.Errorf("column %s's data cells carry quotePrefix", col)
		}
	}
}
