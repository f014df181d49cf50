package payrollfile

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

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

// maxTagBytes bounds one XML tag of any part: the attributes of a cell or
// of a row are a few dozen bytes, but a root tag declares namespaces
// (excelize's own styles.xml opens with 4.7 KB of them).
const maxTagBytes = 64 << 10

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
	cdata   bool  // within <![CDATA[ ... ]]>, whose bytes are text
	cdEnd   int   // how many of "]]>" the CDATA's last bytes match
	entity  int   // bytes of the current entity (&...;), 0 outside one
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
		case s.cdata:
			s.cdataByte(c)
		case s.inTag && c == '>':
			s.inTag = false
			s.closeTag()
		case s.inTag:
			if len(s.tag) < maxTagBytes {
				s.tag = append(s.tag, c)
			} else {
				s.tagLong = true
			}
			if len(s.tag) == len(cdataOpen) && string(s.tag) == cdataOpen {
				// A CDATA section's content is text, '<' and '>' included,
				// until "]]>" (it was counted as one long tag, never text).
				s.inTag, s.cdata, s.cdEnd = false, true, 0
			}
		case c == '<':
			s.inTag, s.tag, s.tagLong, s.entity = true, s.tag[:0], false, 0
		default:
			s.textByte(c)
		}
		if s.err != nil {
			return 0, s.err
		}
	}
	return len(p), nil
}

const cdataOpen = "![CDATA["

// maxEntityBytes bounds one entity: &#x1F600; is ten bytes, but XML lets
// a numeric one carry any number of leading zeros, and each was counted as
// one byte of text however long it was.
const maxEntityBytes = 12

// cdataByte counts one byte of a CDATA section as text, ending the section
// at "]]>".
func (s *cellScanner) cdataByte(c byte) {
	switch {
	case c == '>' && s.cdEnd == 2:
		s.cdata, s.cdEnd = false, 0
		return
	case c == ']':
		s.cdEnd = min(s.cdEnd+1, 2)
	default:
		s.cdEnd = 0
	}
	s.countText(c)
}

// textByte counts one byte of text (an entity as the one character it
// stands for), and keeps a <v>'s few digits.
func (s *cellScanner) textByte(c byte) {
	switch {
	case s.entity > 0:
		s.entity++
		if c == ';' {
			s.entity = 0
		} else if s.entity > maxEntityBytes {
			s.err = ledger.Errorf(ledger.ETooLarge, "the workbook's part %q holds an XML entity longer than %d {byte|bytes}: this is no spreadsheet's; save it again as .xlsx or CSV",
				clipPart(s.part), maxEntityBytes)
		}
		return
	case c == '&':
		s.entity = 1
	}
	s.countText(c)
}

// countText counts one byte of text, and keeps a <v>'s few digits.
func (s *cellScanner) countText(c byte) {
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
		s.err = ledger.Errorf(ledger.ETooLarge, "the workbook's part %q holds an XML tag longer than %d {byte|bytes}: this is no spreadsheet's; save it again as .xlsx or CSV",
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

// tagName splits a tag's bytes into its local name (a closing tag's with
// its '/') and the rest. The name's prefix goes: excelize, like
// encoding/xml, matches <x:si> and <x:c> by their local names.
func tagName(tag []byte) (string, []byte) {
	closing := len(tag) > 0 && tag[0] == '/'
	if closing {
		tag = tag[1:]
	}
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end < 0 {
		end = len(tag)
	}
	name := localName(tag[:end])
	if closing {
		name = "/" + name
	}
	return name, tag[end:]
}

// localName is a name without its namespace prefix.
func localName(name []byte) string {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name)
}

// attr is an attribute's value in a tag's attributes ("" when absent),
// found by its local name as encoding/xml finds it, whatever whitespace
// is before the name and around the '='.
func attr(attrs []byte, name string) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	skip := func(i int) int {
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		return i
	}
	for i := skip(0); i < len(attrs); i = skip(i) {
		start := i
		for i < len(attrs) && attrs[i] != '=' && !isSpace(attrs[i]) {
			i++
		}
		key := localName(attrs[start:i])
		if i = skip(i); i >= len(attrs) || attrs[i] != '=' {
			return "" // not an attribute list encoding/xml would accept
		}
		if i = skip(i + 1); i >= len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			return ""
		}
		q := attrs[i]
		j := bytes.IndexByte(attrs[i+1:], q)
		if j < 0 {
			return ""
		}
		if key == name {
			return string(attrs[i+1 : i+1+j])
		}
		i += j + 2
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

// sharedPart reports whether a part of the workbook is the one excelize
// reads as the shared strings: it turns '\\' into '/' and compares the
// name without case. Every other part is scanned as a sheet would be if it
// is XML (xmlSniffer): excelize finds sheets by the workbook's
// relationships, whatever their names (a sheet at xl/data.xml).
func sharedPart(name string) bool {
	return strings.EqualFold(strings.ReplaceAll(name, `\`, "/"), "xl/sharedStrings.xml")
}

// xmlSniffer passes a part to its scanner unless encoding/xml would refuse
// it before its first tag: the bytes before the first '<' are character
// data, and a control character or a byte that is not UTF-8 there (an
// image's, a VBA project's first bytes) fails the decoder, so excelize can
// read no cell from such a part and its bytes are no text. Any other part
// is scanned, whatever its name.
type xmlSniffer struct {
	scan    *cellScanner
	prefix  []byte
	decided bool
	isXML   bool
}

const sniffBytes = 512

func (x *xmlSniffer) Write(p []byte) (int, error) {
	if x.decided {
		if x.isXML {
			return x.scan.Write(p)
		}
		return len(p), nil
	}
	n := len(p)
	x.prefix = append(x.prefix, p...)
	lt := bytes.IndexByte(x.prefix, '<')
	if lt < 0 && len(x.prefix) < sniffBytes {
		return n, nil
	}
	text := x.prefix
	if lt >= 0 {
		text = x.prefix[:lt]
	} else {
		text = x.prefix[:sniffBytes]
		for k := 1; k <= utf8.UTFMax && k <= len(text); k++ { // a rune cut by the window
			if utf8.RuneStart(text[len(text)-k]) {
				if !utf8.FullRune(text[len(text)-k:]) {
					text = text[:len(text)-k]
				}
				break
			}
		}
	}
	x.decided, x.isXML = true, xmlText(text)
	if !x.isXML {
		return n, nil
	}
	if _, err := x.scan.Write(x.prefix); err != nil {
		return 0, err
	}
	return n, nil
}

// xmlText reports whether encoding/xml takes b as character data: UTF-8
// with no control character but tab, CR and LF.
func xmlText(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if (r == utf8.RuneError && size == 1) || (r < 0x20 && r != '\t' && r != '\r' && r != '\n') {
			return false
		}
		b = b[size:]
	}
	return true
}
