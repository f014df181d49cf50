package payrollfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/wageguard/wageguard/ledger"
)

// Format is a file format.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	JSON Format = "json"
	// XLS is old Excel (97–2003, an OLE2 compound file): recognised only to
	// tell the clerk to save it as .xlsx or CSV.
	XLS Format = "xls"
)

// ole2Signature starts every OLE2 compound file: .xls, .doc, .et of old
// Office and WPS.
var ole2Signature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Limits bound what a reader accepts, so that a hostile or mistaken upload
// is refused with a clear message instead of exhausting the server.
type Limits struct {
	MaxBytes int64 // default 256 MiB: a million-line payroll is about 100 MB
	MaxRows  int   // default 1,000,000
	// MaxUnzippedBytes bounds what an XLSX expands to, all its parts
	// together (default 512 MiB: a million-line payroll's sheet is about
	// 500 MB of XML). A workbook is read in memory, never unzipped to disk.
	MaxUnzippedBytes int64
	// MaxUnzipRatio bounds how much one part of an XLSX may expand, once it
	// is over 1 MiB (default 100): a payroll's sheet expands about ten
	// times; a zip bomb a thousand.
	MaxUnzipRatio int64
	// MaxCellBytes bounds the text of one XLSX cell or shared string
	// (default 128 KiB: a spreadsheet cell holds at most 32,767 characters).
	MaxCellBytes int64
}

// RowLimit is the most rows a file (or a JSON body's list) may hold.
func (l Limits) RowLimit() int { return l.withDefaults().MaxRows }

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 256 << 20
	}
	if l.MaxRows <= 0 {
		l.MaxRows = 1_000_000
	}
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = 512 << 20
	}
	if l.MaxUnzipRatio <= 0 {
		l.MaxUnzipRatio = 100
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = defaultMaxCellBytes
	}
	return l
}

// Record is one data row: values by field position, and its row number as a
// spreadsheet shows it (1-based, counting title and header rows).
type Record struct {
	Row    int
	Values []string
}

// Get returns the value of field i ("" when the column is absent).
func (r *Record) Get(i int) string {
	if i < 0 || i >= len(r.Values) {
		return ""
	}
	return r.Values[i]
}

// Reader yields the records of one file.
type Reader struct {
	schema  *Schema
	next    func() ([]string, int, error) // raw cells and row number
	columns []int                         // cell position → field position, -1 to ignore
	heading map[string]string             // field name → the heading the file gave its column
	limits  Limits
	rows    int
	// Encoding is what the file was read as: "utf-8" or "gbk".
	Encoding string
	// Warnings name the header's columns that were ignored or guessed
	// (ColumnUnknown, ColumnReadAs), on the header's row, and a JSON file's
	// keys that name no field, on the first row that has each: the file is
	// read anyway, and the clerk should know what was left out.
	Warnings []ledger.FieldError
	sink     *[]ledger.FieldError // WarnInto
	unknown  map[string]bool      // a JSON file's keys already warned of
	controls []ledger.FieldError  // cells refused for a control character
	close    func() error
}

// DetectFormat picks the format from the file name, the content type and the
// first bytes (an XLSX is a ZIP; JSON starts with [ or {).
func DetectFormat(name, contentType string, head []byte) Format {
	ln := strings.ToLower(name)
	switch {
	case bytes.HasPrefix(head, ole2Signature[:4]):
		// By content only: Windows sends CSV files as application/vnd.ms-excel,
		// and some systems name CSV or HTML exports .xls.
		return XLS
	case strings.HasSuffix(ln, ".xlsx") || strings.Contains(contentType, "spreadsheetml"):
		return XLSX
	case strings.HasSuffix(ln, ".json") || strings.Contains(contentType, "json"):
		return JSON
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return JSON
	}
	return CSV
}

// ErrTooLarge is returned (wrapped in a ledger error) when a file passes a limit.
var errTooLarge = errors.New("file too large")

type limitedReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errTooLarge
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.max {
		return n, errTooLarge
	}
	return n, err
}

// NewReader opens r as a file of format for schema, finds the header row
// and maps its columns. A missing required column is an error naming it.
func NewReader(r io.Reader, format Format, schema *Schema, lim Limits) (*Reader, error) {
	lim = lim.withDefaults()
	lr := &limitedReader{r: r, max: lim.MaxBytes}
	rd := &Reader{schema: schema, limits: lim, Encoding: "utf-8"}
	var err error
	switch format {
	case CSV:
		err = rd.openCSV(lr)
	case XLSX:
		err = rd.openXLSX(lr)
	case JSON:
		err = rd.openJSON(lr)
	case XLS:
		err = ledger.Errorf(ledger.EInvalid, "this is an old Excel file (.xls, Excel 97–2003), which cannot be read: open it in Excel or WPS and save it as .xlsx (Excel workbook) or CSV (UTF-8), then upload that file")
	default:
		err = ledger.Errorf(ledger.EInvalid, "file format %q is not supported: send CSV, XLSX or JSON", format)
	}
	if err != nil {
		rd.Close()
		return nil, tooLarge(err, lim)
	}
	if format != JSON {
		if err := rd.findHeader(); err != nil {
			// Every way out closes what was opened: an XLSX without a
			// header row left its unzipped sheet in the temporary folder
			// (issue 16, item 3).
			rd.Close()
			return nil, tooLarge(err, lim)
		}
	}
	return rd, nil
}

func tooLarge(err error, lim Limits) error {
	if errors.Is(err, errTooLarge) {
		return ledger.Errorf(ledger.ETooLarge, "the file is larger than the limit of %d MB: split it into smaller files", lim.MaxBytes>>20)
	}
	return err
}

// Close releases the reader's resources (an open workbook); it may be
// called more than once.
func (rd *Reader) Close() error {
	if rd.close != nil {
		c := rd.close
		rd.close = nil
		return c()
	}
	return nil
}

// openCSV reads UTF-8 (BOM or not) or GBK: the first 64 KB are sniffed, and
// if they are not valid UTF-8 the file is decoded as GB18030, GBK's superset.
func (rd *Reader) openCSV(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	var src io.Reader = newStrictUTF8(br)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
	case !validUTF8Prefix(head):
		rd.Encoding = "gbk"
		src = &strictGB18030{r: transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), line: 1}
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	rd.next = func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}
	return nil
}

// validUTF8Prefix is utf8.Valid allowing a rune cut off at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// openJSON reads an array of objects, or {"items": [...]}, one object at a
// time; the objects' keys are the headings.
func (rd *Reader) openJSON(r io.Reader) error {
	dec := json.NewDecoder(newStrictUTF8(r))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return ledger.Errorf(ledger.EInvalid, "the file is not valid JSON")
	}
	if d, ok := tok.(json.Delim); ok && d == '{' {
		// {"items": [...]}, {"workers": [...]}: the first array-valued key.
		for {
			k, err := dec.Token()
			if err != nil {
				return ledger.Errorf(ledger.EInvalid, "the JSON file has no list of rows")
			}
			if _, ok := k.(string); !ok {
				return ledger.Errorf(ledger.EInvalid, "the JSON file has no list of rows")
			}
			t, err := dec.Token()
			if err != nil {
				return ledger.Errorf(ledger.EInvalid, "the JSON file is not valid")
			}
			if d, ok := t.(json.Delim); ok && d == '[' {
				break
			}
			if d, ok := t.(json.Delim); ok && d == '{' {
				if err := skipObject(dec); err != nil {
					return ledger.Errorf(ledger.EInvalid, "the JSON file is not valid")
				}
			}
		}
	} else if !ok || d != '[' {
		return ledger.Errorf(ledger.EInvalid, "a JSON upload is a list of objects, one per row")
	}
	row := 0
	rd.next = func() ([]string, int, error) {
		if !dec.More() {
			return nil, 0, io.EOF
		}
		row++
		var raw json.RawMessage
		var obj map[string]any
		if err := dec.Decode(&raw); err != nil || decodeNumbers(raw, &obj) != nil {
			return nil, row, ledger.Errorf(ledger.EInvalid, "JSON row %d is not an object of fields", row)
		}
		if key, dup := duplicateKey(raw); dup {
			return nil, row, &ledger.Error{Code: ledger.EInvalid, Message: "the file is not valid", Fields: []ledger.FieldError{
				ledger.RefuseDuplicate.Atf(row, key, "JSON row %d gives %q twice: give each field once", row, key)}}
		}
		cells := make([]string, len(rd.schema.Fields))
		for k, v := range obj {
			if f := ledger.CheckText(row, "key", k); f != nil {
				return nil, row, &ledger.Error{Code: ledger.EInvalid, Message: "the file holds control characters; nothing was stored", Fields: []ledger.FieldError{*f}}
			}
			i := rd.schema.index(k)
			if i < 0 {
				rd.unknownKey(k, row)
				continue
			}
			switch x := v.(type) {
			case nil:
			case string:
				cells[i] = x
			case json.Number:
				cells[i] = x.String()
			case bool:
				cells[i] = fmt.Sprint(x)
			default:
				cells[i] = "?"
			}
		}
		return cells, row, nil
	}
	rd.columns = make([]int, len(rd.schema.Fields))
	for i := range rd.columns {
		rd.columns[i] = i
	}
	return nil
}

// unknownKey warns, once per key, that a JSON file's key names no field.
func (rd *Reader) unknownKey(key string, row int) {
	if rd.unknown[key] || len(rd.unknown) > maxUnknownKeys {
		return
	}
	if rd.unknown == nil {
		rd.unknown = map[string]bool{}
	}
	rd.unknown[key] = true
	if len(rd.unknown) > maxUnknownKeys {
		// A file of a million distinct keys must not make a million
		// warnings (nor a search of them per key).
		rd.warn(ColumnUnknown.Atf(row, "", "more than %d {key|keys} name no field of the %s file: they are ignored, and no more are listed", maxUnknownKeys, ledger.M(rd.schema.Kind)))
		return
	}
	rd.warn(ColumnUnknown.Atf(row, key, "key %q is not a field of the %s file and was ignored", key, ledger.M(rd.schema.Kind)))
}

// maxUnknownKeys is how many of a JSON file's unknown keys are named.
const maxUnknownKeys = 50

func (rd *Reader) warn(w ledger.FieldError) {
	rd.Warnings = append(rd.Warnings, w)
	if rd.sink != nil {
		*rd.sink = append(*rd.sink, w)
	}
}

// WarnInto sends the reader's warnings to sink as well: those of the header
// now, a JSON file's unknown keys as its rows are read.
func (rd *Reader) WarnInto(sink *[]ledger.FieldError) {
	*sink = append(*sink, rd.Warnings...)
	rd.sink = sink
}

// decodeNumbers decodes raw into v keeping numbers as written (json.Number).
func decodeNumbers(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

// duplicateKey returns a key that an object gives twice (encoding/json
// keeps the last one silently; issue 16, item 15).
func duplicateKey(obj []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		k, _ := t.(string)
		if seen[k] {
			return k, true
		}
		seen[k] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return "", false
		}
	}
	return "", false
}

func skipObject(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
	}
	return nil
}

// findHeader scans the first rows for the header: the first row in which at
// least two cells name fields of the schema. Title rows above it (merged
// cells with the project name, a date) are skipped.
func (rd *Reader) findHeader() error {
	for i := 0; i < 20; i++ {
		cells, row, err := rd.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rd.readError(err, row)
		}
		matched := 0
		for _, cell := range cells {
			if rd.schema.index(cell) >= 0 {
				matched++
			}
		}
		if matched < 2 {
			continue // a title row above the header
		}
		cols, seen, warnings, err := rd.schema.mapHeader(cells, row)
		if err != nil {
			return err
		}
		var missing ledger.Msg
		for fi, f := range rd.schema.Fields {
			if _, ok := seen[fi]; !ok && f.Required && !(f.Or != "" && seenField(seen, rd.schema.FieldIndex(f.Or))) {
				if hint := rd.schema.missingHint(fi, cells, cols); missing.Key == "" {
					missing = hint
				} else {
					missing = ledger.M("%s, %s", missing, hint)
				}
			}
		}
		if missing.Key != "" {
			return ledger.Errorf(ledger.EInvalid, "the header on row %d lacks required columns: %s", row, missing)
		}
		rd.columns, rd.Warnings = cols, warnings
		rd.heading = map[string]string{}
		for c, fi := range cols {
			if fi >= 0 {
				rd.heading[rd.schema.Fields[fi].Name] = strings.TrimSpace(cells[c])
			}
		}
		return nil
	}
	var want []string
	for _, f := range rd.schema.Fields {
		if f.Required {
			want = append(want, headingHint(f))
		}
	}
	return ledger.Errorf(ledger.EInvalid, "no header row found in the first 20 rows: the %s file needs columns %s", ledger.M(rd.schema.Kind), strings.Join(want, ", "))
}

func headingHint(f Field) string {
	if len(f.Aliases) > 0 {
		return f.Name + " (" + f.Aliases[0] + ")"
	}
	return f.Name
}

func (rd *Reader) readError(err error, row int) error {
	var le *ledger.Error
	var enc *encodingError
	switch {
	case errors.As(err, &le):
		return err
	case errors.Is(err, errTooLarge):
		return tooLarge(err, rd.limits)
	case errors.As(err, &enc):
		return enc.ledgerError()
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ledger.Errorf(ledger.EInvalid, "row %d cannot be read as CSV: %v", pe.Line, pe.Err)
	}
	return ledger.Errorf(ledger.EInvalid, "the file cannot be read after row %d", row)
}

// Next returns the next data row, skipping empty rows and totals rows
// (合计, 总计, 小计, Total). It returns io.EOF at the end.
func (rd *Reader) Next() (*Record, error) {
	for {
		cells, row, err := rd.next()
		if err == io.EOF {
			return nil, rd.controlError()
		}
		if err != nil {
			return nil, rd.readError(err, row)
		}
		rec := &Record{Row: row, Values: make([]string, len(rd.schema.Fields))}
		empty := true
		for c, cell := range cells {
			if c >= len(rd.columns) || rd.columns[c] < 0 {
				continue
			}
			v := strings.TrimSpace(strings.Trim(cell, "\u00a0\u3000\ufeff"))
			if f := ledger.CheckText(row, rd.schema.Fields[rd.columns[c]].Name, v); f != nil {
				rd.control(*f)
				v = "" // never handed on: PostgreSQL cannot store a NUL
			}
			rec.Values[rd.columns[c]] = v
			if v != "" {
				empty = false
			}
		}
		if empty || isTotalsRow(cells) {
			continue
		}
		rd.rows++
		if rd.rows > rd.limits.MaxRows {
			return nil, ledger.Errorf(ledger.ETooLarge, "the file has more than %d {row|rows}: split it into smaller files", rd.limits.MaxRows)
		}
		return rec, nil
	}
}

// maxControlErrors bounds the control characters a file's answer lists.
const maxControlErrors = 1000

// control keeps a cell refused for a control character; the file is
// refused at its end with every such cell named (issue 16, item 8), after
// the rows were read so that the refusal lists them all.
func (rd *Reader) control(f ledger.FieldError) {
	if len(rd.controls) < maxControlErrors {
		rd.controls = append(rd.controls, f)
	}
}

// controlError is the end of a file: io.EOF, or the refusal of its cells
// that hold control characters.
func (rd *Reader) controlError() error {
	if len(rd.controls) == 0 {
		return io.EOF
	}
	return &ledger.Error{Code: ledger.EInvalid, Message: "the file holds control characters; nothing was stored", Fields: rd.controls}
}

func isTotalsRow(cells []string) bool {
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		switch strings.ToLower(strings.ReplaceAll(c, " ", "")) {
		case "合计", "总计", "小计", "合计：", "总计：", "total", "totals", "sum":
			return true
		}
		return false
	}
	return false
}

// seenField says the header holds field fi.
func seenField(seen map[int]int, fi int) bool {
	_, ok := seen[fi]
	return ok
}

// Heading is the heading the file gave the column of field (by its name):
// a row error names the column as the clerk's spreadsheet does. A JSON file
// has none: its keys are the fields' names.
func (rd *Reader) Heading(field string) (string, bool) {
	h, ok := rd.heading[field]
	return h, ok
}
