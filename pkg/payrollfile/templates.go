package payrollfile

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
)

// utf8BOM starts every CSV wageguard writes for people: Excel on a Chinese
// Windows reads a CSV without it as GBK and shows the headings garbled.
const utf8BOM = "\ufeff"

// Heading is the Chinese heading a template writes for a field: its first
// alias, which the reader knows.
func (f Field) Heading() string {
	if len(f.Aliases) > 0 {
		return f.Aliases[0]
	}
	return f.Name
}

// WriteTemplateCSV writes the kind's header row, Chinese headings, as UTF-8
// CSV with a BOM.
func (s *Schema) WriteTemplateCSV(w io.Writer) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	header := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		header[i] = ledger.NeutraliseCell(f.Heading())
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// textFormat is Excel's built-in number format 49, "@": the cell is text,
// so an identity or card number typed into it keeps every digit instead of
// becoming 1.10105E+17.
const textFormat = 49

// WriteTemplateXLSX writes a workbook whose first sheet has the kind's
// header row (Chinese headings, required ones bold) and formats the columns
// of identity, card and phone numbers as text.
func (s *Schema) WriteTemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: textFormat})
	if err != nil {
		return err
	}
	for i, fd := range s.Fields {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if fd.Value == ValueDigits {
			if err := f.SetColStyle(sheet, col, text); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(sheet, col, col, 16); err != nil {
			return err
		}
		if err := setHeading(f, sheet, col+"1", fd, bold); err != nil {
			return err
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("payrollfile: unable to write the %s template: %w", s.Key, err)
	}
	return nil
}

// setHeading writes a field's heading into cell, bold when the field is
// required. An XLSX string cell is never a formula, so it is written as it
// is: the apostrophe NeutraliseCell puts before = + - @ in a CSV would show
// in the cell. A heading a spreadsheet would read as a formula once someone
// edits the cell gets the quotePrefix style instead (Excel's own "'"), which
// keeps it text and shows nothing.
func setHeading(f *excelize.File, sheet, cell string, fd Field, bold int) error {
	heading := fd.Heading()
	if err := f.SetCellStr(sheet, cell, heading); err != nil {
		return err
	}
	if ledger.NeutraliseCell(heading) == heading {
		if fd.Required {
			return f.SetCellStyle(sheet, cell, cell, bold)
		}
		return nil
	}
	// Its own style: NewStyle hands back an equal style it already made,
	// and quotePrefix is not among what it compares, so the style asks for
	// the (default) locked protection that the column styles do not.
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: fd.Required}, NumFmt: textFormat,
		Protection: &excelize.Protection{Locked: true}})
	if err != nil {
		return err
	}
	quoted := true
	f.Styles.CellXfs.Xf[style].QuotePrefix = &quoted
	return f.SetCellStyle(sheet, cell, cell, style)
}
