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
