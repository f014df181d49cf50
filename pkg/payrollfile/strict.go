package payrollfile

import (
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/wageguard/wageguard/ledger"
)

// encodingError is a file that is not wholly the encoding it was read as:
// the line (as a spreadsheet counts rows of a CSV) where it breaks.
type encodingError struct {
	line     int
	encoding string
}

func (e *encodingError) Error() string { return "encoding breaks" }

func (e *encodingError) ledgerError() error {
	return &ledger.Error{Code: ledger.EInvalid, Message: "the file is not wholly one encoding", Fields: []ledger.FieldError{
		ledger.RefuseFormat.At(e.line, "encoding", "row "+itoa(e.line)+" is not "+e.encoding+" although the rows before it are: save the whole file in one encoding (UTF-8 is best) and upload it again")}}
}

func itoa(n int) string {
	return string(appendInt(nil, n))
}

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// strictUTF8 passes its source through while checking that it is UTF-8 from
// the first byte to the last (issue 16, item 10: the encoding was sniffed
// from the first 64 KB, and a file that turned GBK after 70 KB was stored as
// mojibake on SQLite and failed with 500 on PostgreSQL).
type strictUTF8 struct {
	r    io.Reader
	line int    // 1-based line of the next byte
	tail []byte // an incomplete rune carried from the last read
	err  error
}

func newStrictUTF8(r io.Reader) *strictUTF8 { return &strictUTF8{r: r, line: 1} }

func (s *strictUTF8) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	buf := p[:n]
	if len(s.tail) > 0 {
		buf = append(append([]byte{}, s.tail...), buf...)
	}
	good, rest := validUTF8Upto(buf)
	s.line += bytes.Count(buf[:good], []byte{'\n'})
	incomplete := len(rest) > 0 && len(rest) < utf8.UTFMax && !utf8.FullRune(rest)
	if len(rest) > 0 && (!incomplete || err == io.EOF) {
		s.err = &encodingError{line: s.line, encoding: "UTF-8"}
		return 0, s.err
	}
	s.tail = append(s.tail[:0], rest...)
	// Hand on what was checked; bytes carried in the tail were handed on
	// with the read that brought them (p holds them already).
	_ = good
	if err != nil {
		s.err = err
	}
	return n, err
}

// validUTF8Upto returns how many leading bytes of b are whole valid runes,
// and what follows them.
func validUTF8Upto(b []byte) (int, []byte) {
	i := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, b[i:]
		}
		i += size
	}
	return i, nil
}

// strictGB18030 checks GB18030 text as its decoder gives it: the decoder
// replaces a byte sequence it cannot read with U+FFFD, which is then refused
// with its line rather than stored as a question mark.
type strictGB18030 struct {
	r    io.Reader
	line int
	err  error
}

func (s *strictGB18030) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	if i := bytes.IndexRune(p[:n], utf8.RuneError); i >= 0 {
		s.line += bytes.Count(p[:i], []byte{'\n'})
		s.err = &encodingError{line: s.line, encoding: "GBK (GB18030)"}
		return 0, s.err
	}
	s.line += bytes.Count(p[:n], []byte{'\n'})
	if err != nil {
		s.err = err
	}
	return n, err
}
