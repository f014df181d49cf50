package payrollfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
)

// openXLSX streams the first sheet's rows with excelize's row iterator,
// each cell read as stored, not as displayed (see storedValues).
func (rd *Reader) openXLSX(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := checkZip(data, rd.limits); err != nil {
		return err
	}
	// The workbook is unzipped in memory, within the bounds checkZip
	// enforced: excelize writes a part larger than UnzipXMLSizeLimit to the
	// temporary folder in clear (identity and card numbers), so the limit
	// for that is the limit for the whole.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: rd.limits.MaxUnzippedBytes, UnzipXMLSizeLimit: rd.limits.MaxUnzippedBytes})
	data = nil
	if err != nil {
		return ledger.Errorf(ledger.EInvalid, "the file is not a readable XLSX workbook: save it again as .xlsx (Excel 2007 or later) or CSV")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return ledger.Errorf(ledger.EInvalid, "the workbook has no sheet")
	}
	if err := storedValues(f); err != nil {
		f.Close()
		return ledger.Errorf(ledger.EInvalid, "the workbook's cell formats cannot be read: save it again as .xlsx or CSV")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return ledger.Errorf(ledger.EInvalid, "the first sheet of the workbook cannot be read")
	}
	row := 0
	rd.close = func() error { rows.Close(); return f.Close() }
	rd.next = func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, 0, err
			}
			return nil, 0, io.EOF
		}
		row++
		cells, err := rows.Columns()
		return cells, row, err
	}
	return nil
}

// ratioFloor is the size under which a zip part's expansion is not
// compared with its compressed size: small XML parts (styles, a short
// sheet) compress far more than a hundred times.
const ratioFloor = 1 << 20

// checkZip bounds what an XLSX expands to before excelize reads it (issue
// 16, item 2: a 1 MB workbook whose one cell expanded to 1 GiB took 6.8 GB
// of memory and 1 GiB of temporary files; 3.6 MB of shared strings took 70
// s). Every part's declared size in the central directory is checked
// against the total and the ratio; then every part is inflated once,
// counting, because a declared size can lie: a part that inflates to more
// (or less) than it declares is refused before anything trusts it.
func checkZip(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ledger.Errorf(ledger.EInvalid, "the file is not a readable XLSX workbook: save it again as .xlsx (Excel 2007 or later) or CSV")
	}
	var total uint64
	for _, f := range zr.File {
		if err := checkZipPart(f, &total, lim); err != nil {
			return err
		}
	}
	// The shared strings first, so that a sheet's cell showing one too
	// large is named.
	big, shown := map[int]bool{}, map[int]string{}
	sharedName := ""
	for _, pass := range []bool{true, false} {
		for _, f := range zr.File {
			shared := sharedPart(f.Name)
			if shared != pass {
				continue
			}
			if shared {
				sharedName = f.Name
			}
			w := &xmlSniffer{scan: newCellScanner(f.Name, lim.MaxCellBytes, shared, big, shown)}
			if err := inflateCounting(f, w, lim); err != nil {
				return err
			}
		}
	}
	if len(big) > 0 {
		return sharedTooLarge(sharedName, lim.MaxCellBytes, big, shown)
	}
	return nil
}

func checkZipPart(f *zip.File, total *uint64, lim Limits) error {
	size := f.UncompressedSize64
	*total += size
	if size > uint64(lim.MaxUnzippedBytes) || *total > uint64(lim.MaxUnzippedBytes) {
		return unzipTooLarge(lim)
	}
	if size > ratioFloor && size/max(f.CompressedSize64, 1) > uint64(lim.MaxUnzipRatio) {
		return ledger.Errorf(ledger.ETooLarge, "the workbook's part %q expands %d {time|times} (to %d MB): a workbook's data expands about ten times, so this is refused as a zip bomb; save it again as .xlsx or CSV",
			clipPart(f.Name), size/max(f.CompressedSize64, 1), size>>20)
	}
	return nil
}

// inflateCounting inflates one part into w (nowhere, or a cellScanner),
// refusing it as soon as it passes its declared size.
func inflateCounting(f *zip.File, w io.Writer, lim Limits) error {
	rc, err := f.Open()
	if err != nil {
		return ledger.Errorf(ledger.EInvalid, "the workbook's part %q cannot be read: save it again as .xlsx or CSV", clipPart(f.Name))
	}
	defer rc.Close()
	n, err := io.Copy(w, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	if x, ok := w.(*xmlSniffer); ok && x.scan.err != nil {
		return x.scan.err
	}
	if n > int64(f.UncompressedSize64) || n > lim.MaxUnzippedBytes {
		return unzipTooLarge(lim)
	}
	if err != nil || n != int64(f.UncompressedSize64) {
		return ledger.Errorf(ledger.EInvalid, "the workbook's part %q does not hold what its zip directory declares: save it again as .xlsx or CSV", clipPart(f.Name))
	}
	return nil
}

func unzipTooLarge(lim Limits) error {
	return ledger.Errorf(ledger.ETooLarge, "the workbook expands to more than %d MB: split it into smaller files", lim.MaxUnzippedBytes>>20)
}

func clipPart(name string) string {
	if len(name) > 64 {
		return fmt.Sprintf("%s…", name[:64])
	}
	return name
}

// noFormat is a number format ID that is neither built in nor defined in a
// workbook: excelize then gives a number cell's stored value, written out in
// full (to Excel's 15 significant digits, beyond which a spreadsheet holds
// no digits: 1234.5600000000001 is 1234.56).
const noFormat = 1 << 30

// storedValues makes the workbook read as stored: a cell formatted "0"
// that holds 1234.56 is read 1234.56, not 1235 (a payroll must never be
// rounded by its display), a percentage 0.035 is read 0.035, a currency
// ¥1,234.56 is read 1234.56. Dates, which a spreadsheet stores as day
// numbers, are read as yyyy-mm-dd whatever their display format. Text cells
// are read as they are. It rewrites, in memory, every cell style's number
// format: date formats to ISO dates, all others to none.
func storedValues(f *excelize.File) error {
	if _, err := f.GetStyle(0); err != nil && f.Styles == nil {
		return err // loads the style sheet; a workbook without one has nothing to rewrite
	}
	if f.Styles == nil || f.Styles.CellXfs == nil || len(f.Styles.CellXfs.Xf) == 0 {
		return nil
	}
	iso := "yyyy-mm-dd"
	isoStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &iso})
	if err != nil {
		return err
	}
	isoFormat := *f.Styles.CellXfs.Xf[isoStyle].NumFmtID
	custom := map[int]string{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			custom[nf.NumFmtID] = nf.FormatCode
		}
	}
	for i := range f.Styles.CellXfs.Xf {
		xf := &f.Styles.CellXfs.Xf[i]
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		code, isCustom := custom[id]
		format := noFormat
		if (isCustom && isDateFormat(code)) || (!isCustom && builtInDateFormats[id]) {
			format = isoFormat
		}
		xf.NumFmtID = &format
	}
	return nil
}

// builtInDateFormats are the built-in number formats that show a date
// (ECMA-376 §18.8.30 and the East Asian and Thai ones), not a time alone.
var builtInDateFormats = map[int]bool{14: true, 15: true, 16: true, 17: true, 22: true,
	27: true, 28: true, 29: true, 30: true, 31: true, 36: true, 50: true, 51: true, 52: true, 53: true, 54: true, 57: true, 58: true,
	71: true, 72: true, 73: true, 74: true, 77: true, 81: true}

// isDateFormat reports whether a format code shows a date: it has a year
// or day part outside quoted text, escapes and [bracketed] modifiers (a
// colour, a locale, an elapsed-time [h]). "yyyy-mm-dd", "m/d/yy",
// `yyyy"年"m"月"d"日"` and "[$-804]d-mmm-yy" are dates; "0.00", "#,##0",
// `"¥"#,##0.00`, "0%" and "h:mm" are not.
func isDateFormat(code string) bool {
	for _, section := range strings.Split(code, ";") {
		in, bracket := byte(0), false
		for i := 0; i < len(section); i++ {
			c := section[i]
			switch {
			case in != 0:
				if c == in {
					in = 0
				}
			case bracket:
				bracket = c != ']'
			case c == '"':
				in = '"'
			case c == '[':
				bracket = true
			case c == '\\' || c == '_' || c == '*':
				i++ // the next character is literal (or padding)
			case c == 'y' || c == 'Y' || c == 'd' || c == 'D':
				return true
			}
		}
	}
	return false
}
