package payrollfile

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wageguard/wageguard/ledger"
)

// A spreadsheet cell holds at most 32,767 characters (Excel's limit, which
// WPS and LibreOffice keep too): at four bytes a character that is 128 KiB.
// A workbook's parts are bounded as a whole (MaxUnzippedBytes), but within
// that bound one cell of 400 MB was read whole into memory, more than once
// (the part, the parsed strings, the row): a cell past this bound is
// refused while the part is checked, before anything parses it, so memory
// stays bounded by a row, not by a cell.
const defaultMaxCellBytes = 128 << 10

// maxTagBytes bounds one XML tag of a sheet or of the shared strings: the
// attributes of a cell or of a row are a few dozen bytes.
const maxTagBytes = 4096

// cellScanner reads a worksheet or the shared strings part as it inflates,
// counting the text of each cell (a sheet's <c>, which holds an inline
// string or a value) or of each shared string (<si>, whose rich-text runs
// add up): the text between tags, an entity (&amp;) counted as one byte. It
// keeps nothing but the current tag.
type cellScanner struct {
	part    string
	limit   int64
	shared  bool           // the shared strings part
	big     map[int]bool   // shared strings over the limit, by index
	tooBig  map[int]string // of those, the first cell of the sheet that shows each
	tag     []byte
	inTag   bool
	tagLong bool
	entity  bool
	text    int64 // text of the current cell or shared string, or run outside them
	inItem  bool  // within a cell (<c>) or a shared string (<si>)
	si      int   // index of the current shared string
	cell    string
	sstCell bool // the current cell's value is a shared string's index
	inV     bool
	v       []byte
	err     error
}

func newCellScanner(part string, limit int64, shared bool, big map[int]bool, tooBig map[int]string) *cellScanner {
	return &cellScanner{part: part, limit: limit, shared: shared, big: big, tooBig: tooBig, si: -1}
}

func (s *cellScanner) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	for _, c := range p {
		switch {
		case s.inTag && c == '>':
			s.inTag = false
			s.closeTag()
		case s.inTag:
			if len(s.tag) < maxTagBytes {
				s.tag = append(s.tag, c)
			} else {
				s.tagLong = true
			}
		case c == '<':
			s.inTag, s.tag, s.tagLong, s.entity = true, s.tag[:0], false, false
		default:
			s.textByte(c)
		}
		if s.err != nil {
			return 0, s.err
		}
	}
	return len(p), nil
}

// textByte counts one byte of text, and keeps a <v>'s few digits.
func (s *cellScanner) textByte(c byte) {
	switch {
	case s.entity:
		s.entity = c != ';'
		return
	case c == '&':
		s.entity = true
	}
	s.text++
	if s.inV && len(s.v) < 16 {
		s.v = append(s.v, c)
	}
	if s.text > s.limit {
		if s.shared && s.inItem {
			s.big[s.si] = true
			s.text = -1 << 62 // counted once
			return
		}
		s.err = s.cellTooLarge(s.cell)
	}
}

// closeTag acts on the tag just read: a cell, a shared string or a value
// opens or closes.
func (s *cellScanner) closeTag() {
	if s.tagLong {
		s.err = ledger.Errorf(ledger.ETooLarge, "the workbook's part %q holds an XML tag longer than %d bytes: this is no spreadsheet's; save it again as .xlsx or CSV",
			clipPart(s.part), maxTagBytes)
		return
	}
	name, attrs := tagName(s.tag)
	selfClosing := bytes.HasSuffix(s.tag, []byte("/"))
	if !s.inItem {
		s.text, s.cell = 0, ""
	}
	switch {
	case s.shared && name == "si":
		s.si++
		s.text, s.inItem = 0, !selfClosing
	case !s.shared && name == "c":
		s.cell, s.sstCell, s.text, s.inItem = attr(attrs, "r"), attr(attrs, "t") == "s", 0, !selfClosing
	case (s.shared && name == "/si") || (!s.shared && name == "/c"):
		s.text, s.inItem = 0, false
	case !s.shared && name == "v":
		s.inV, s.v = !selfClosing, s.v[:0]
	case !s.shared && name == "/v":
		s.inV = false
		if n, err := strconv.Atoi(string(s.v)); err == nil && s.sstCell && s.big[n] {
			if _, seen := s.tooBig[n]; !seen {
				s.tooBig[n] = s.cell
			}
		}
	}
}

// tagName splits a tag's bytes into its name and the rest.
func tagName(tag []byte) (string, []byte) {
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end == 0 && len(tag) > 0 && tag[0] == '/' {
		end = bytes.IndexAny(tag[1:], " \t\r\n")
		if end >= 0 {
			end++
		}
	}
	if end < 0 {
		return string(tag), nil
	}
	return string(tag[:end]), tag[end:]
}

// attr is an attribute's value in a tag's attributes ("" when absent).
func attr(attrs []byte, name string) string {
	for _, q := range []string{`"`, `'`} {
		key := []byte(" " + name + "=" + q)
		i := bytes.Index(attrs, key)
		if i < 0 {
			continue
		}
		v := attrs[i+len(key):]
		if j := bytes.Index(v, []byte(q)); j >= 0 {
			return string(v[:j])
		}
	}
	return ""
}

// cellTooLarge names the cell (B7: row 7, column B) that holds too much.
func (s *cellScanner) cellTooLarge(cell string) error {
	col, row, err := excelize.CellNameToCoordinates(cell)
	name, _ := excelize.ColumnNumberToName(col)
	if err != nil {
		return ledger.Errorf(ledger.ETooLarge, "the workbook's part %q holds a text of more than %d KB, more than a spreadsheet cell can (32,767 characters): "+
			"save the file again as .xlsx or CSV", clipPart(s.part), s.limit>>10)
	}
	e := ledger.Errorf(ledger.ETooLarge, "cell %s (row %d, column %s) holds more than %d KB of text, more than a spreadsheet cell can (32,767 characters): "+
		"shorten it, or save the file again as .xlsx or CSV", cell, row, name, s.limit>>10)
	e.Fields = []ledger.FieldError{ledger.FieldErrorf(row, "column "+name, "cell_too_large", "cell %s holds more than %d KB of text", cell, s.limit>>10)}
	return e
}

// sharedTooLarge refuses a workbook whose shared strings hold one past the
// limit, naming the first cell that shows one (or the first such string,
// if no sheet shows any).
func sharedTooLarge(part string, limit int64, big map[int]bool, shown map[int]string) error {
	first, cell := -1, ""
	for n := range big {
		c, ok := shown[n]
		switch {
		case first < 0, ok && cell == "", ok == (cell != "") && n < first:
			first, cell = n, c
		}
	}
	if cell != "" {
		return (&cellScanner{part: part, limit: limit}).cellTooLarge(cell)
	}
	return ledger.Errorf(ledger.ETooLarge, "shared string %d of the workbook holds more than %d KB of text, more than a spreadsheet cell can (32,767 characters): "+
		"save the file again as .xlsx or CSV", first+1, limit>>10)
}

// scannedPart reports whether a part of the workbook holds cells' text.
func scannedPart(name string) (scanned, shared bool) {
	n := strings.ToLower(name)
	switch {
	case n == "xl/sharedstrings.xml":
		return true, true
	case strings.HasPrefix(n, "xl/worksheets/") && strings.HasSuffix(n, ".xml"):
		return true, false
	}
	return false, false
}
