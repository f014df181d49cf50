package payrollfile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/wageguard/wageguard/ledger"
)

// Issue 16: files built to hurt the server. Each test states the figure it
// measured before the fix and bounds it after.

const rosterHeader = "姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同类型,合同签订日期,进场日期\n"
const rosterRow = "张伟,110105198503120039,13800138001,钢筋班,钢筋工,6222021000000000017,中国工商银行北京分行,劳动合同,2026-03-01,2026-03-02\n"

// xlsxParts are the parts of a minimal workbook with one sheet; sheet and
// shared strings are given by the test.
func xlsxParts(sheet, shared []byte) map[string][]byte {
	parts := map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`),
		"_rels/.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		"xl/workbook.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml": sheet,
	}
	if shared != nil {
		parts["xl/sharedStrings.xml"] = shared
	}
	return parts
}

func zipOf(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sheetXML(rows ...string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		strings.Join(rows, "") + `</sheetData></worksheet>`)
}

func inlineRow(r int, cells ...string) string {
	var b strings.Builder
	b.WriteString(`<row r="` + strconv.Itoa(r) + `">`)
	for i, c := range cells {
		b.WriteString(`<c r="` + string(rune('A'+i)) + strconv.Itoa(r) + `" t="inlineStr"><is><t>` + c + `</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// measure runs fn and returns the bytes it allocated and how long it took.
func measure(fn func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

func openErr(data []byte, name string, schema *Schema) error {
	return openErrWith(data, name, schema, Limits{})
}

// openErrWith reads a file whole under lim and returns the first error.
func openErrWith(data []byte, name string, schema *Schema, lim Limits) error {
	rd, err := NewReader(bytes.NewReader(data), DetectFormat(name, "", data), schema, lim)
	if err != nil {
		return err
	}
	defer rd.Close()
	for {
		if _, err := rd.Next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// A 64 MiB cell in 64 KB of workbook, and 64 MiB of shared strings: before
// the fix the cell bomb allocated about 0.4 GB and took about 0.8 s (the
// issue's 1 GiB cell took 6.8 GB); now both are refused with 413 from the
// zip directory, allocating under 8 MiB.
func TestXLSXZipBombsRefused(t *testing.T) {
	header := inlineRow(1, strings.Split(strings.TrimSpace(rosterHeader), ",")...)
	row := strings.Split(strings.TrimSpace(rosterRow), ",")
	bomb := strings.Repeat("A", 64<<20)
	cell := zipOf(t, xlsxParts(sheetXML(header, inlineRow(2, append([]string{bomb}, row[1:]...)...)), nil))
	shared := zipOf(t, xlsxParts(sheetXML(header, `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`),
		[]byte(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`+bomb+`</t></si></sst>`)))
	bomb = ""
	for name, data := range map[string][]byte{"cell": cell, "shared strings": shared} {
		var err error
		alloc, took := measure(func() { err = openErr(data, "bomb.xlsx", &Workers) })
		t.Logf("%s bomb (%d KB): allocated %d MB in %v: %v", name, len(data)>>10, alloc>>20, took, err)
		if ledger.ErrorCode(err) != ledger.ETooLarge {
			t.Errorf("%s bomb: %v, want too_large", name, err)
		}
		if alloc > 8<<20 {
			t.Errorf("%s bomb: allocated %d MB refusing it, want under 8", name, alloc>>20)
		}
	}
}

// A part whose zip directory declares 1 KB but which inflates to 8 MiB:
// archive/zip stops at the declared size and excelize ignored that error,
// reading a truncated sheet as if whole. It is refused, naming the part.
func TestXLSXLyingSizeRefused(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	parts := xlsxParts(nil, nil)
	for name, data := range parts {
		if name == "xl/worksheets/sheet1.xml" {
			continue
		}
		w, _ := zw.Create(name)
		w.Write(data)
	}
	rows := []string{inlineRow(1, strings.Split(strings.TrimSpace(rosterHeader), ",")...)}
	for i := 2; len(rows) < 20000; i++ {
		rows = append(rows, inlineRow(i, strings.Split(strings.TrimSpace(rosterRow), ",")...))
	}
	real := sheetXML(rows...)
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestSpeed)
	fw.Write(real)
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(real[:1024]),
		CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1024})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed.Bytes())
	zw.Close()
	err = openErr(b.Bytes(), "lying.xlsx", &Workers)
	if ledger.ErrorCode(err) != ledger.EInvalid || !strings.Contains(ledger.ErrorMessage(err), "declares") {
		t.Errorf("a part larger than it declares: %v, want refused as not holding what it declares", err)
	}
}

// Every way a workbook is refused leaves the temporary folder as it was.
// Before the fix a 60 KB workbook without a header row, whose sheet is 20
// MB of XML, left a 20 MB excelize-* file behind at each upload (the issue's
// three 42 KB uploads left 120 MB).
func TestXLSXFailuresLeaveNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	var rows []string
	for i := 1; i <= 200000; i++ {
		rows = append(rows, inlineRow(i, "x", strconv.Itoa(i)))
	}
	cases := map[string][]byte{
		"no header, large sheet":    zipOf(t, xlsxParts(sheetXML(rows...), nil)),
		"no header, small sheet":    zipOf(t, xlsxParts(sheetXML(inlineRow(1, "x"), inlineRow(2, "y")), nil)),
		"a required column missing": zipOf(t, xlsxParts(sheetXML(inlineRow(1, "姓名", "手机号"), inlineRow(2, "张伟", "13800138001")), nil)),
		"not a zip":                 []byte("PK\x03\x04 this is not a workbook"),
		"a bomb":                    zipOf(t, xlsxParts(sheetXML(inlineRow(1, strings.Repeat("A", 16<<20))), nil)),
	}
	for name, data := range cases {
		err := openErr(data, "f.xlsx", &Workers)
		left, _ := os.ReadDir(dir)
		var size int64
		for _, e := range left {
			if fi, err := e.Info(); err == nil {
				size += fi.Size()
			}
			os.Remove(dir + "/" + e.Name())
		}
		t.Logf("%s (%d KB): %v; %d temporary files (%d MB) left", name, len(data)>>10, err, len(left), size>>20)
		if err == nil {
			t.Errorf("%s: read without error", name)
		}
		if len(left) > 0 {
			t.Errorf("%s: left %d temporary files, %d MB", name, len(left), size>>20)
		}
	}
}

// A CSV that is UTF-8 for 70 KB and GBK after it was read as UTF-8 with
// mojibake from there on (stored on SQLite, a 500 on PostgreSQL); it is
// refused naming the row where the encoding breaks. A file GBK throughout
// is still read.
func TestCSVEncodingIsWholeOrRefused(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(rosterHeader)
	row := 2
	for b.Len() < 70<<10 {
		b.WriteString(rosterRow)
		row++
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(rosterRow)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(gbk)
	err = openErr(b.Bytes(), "mixed.csv", &Workers)
	fields := ledger.ErrorFields(err)
	if len(fields) != 1 || fields[0].Row != row || fields[0].Field != "encoding" {
		t.Fatalf("UTF-8 then GBK from row %d: %v (%+v), want refused at row %d", row, err, fields, row)
	}
	whole, _ := simplifiedchinese.GBK.NewEncoder().String(rosterHeader + strings.Repeat(rosterRow, 1000))
	if err := openErr([]byte(whole), "gbk.csv", &Workers); err != nil {
		t.Errorf("a GBK file: %v", err)
	}
	// GBK first, then bytes GB18030 cannot read.
	broken := append([]byte(whole), 0x81, 0x20, '\n')
	fields = ledger.ErrorFields(openErr(broken, "broken.csv", &Workers))
	if len(fields) != 1 || fields[0].Row != 1002 {
		t.Errorf("GBK broken at row 1002: %+v", fields)
	}
}

// A NUL, an escape or a right-to-left override in any cell refuses the
// file, naming every such cell's row and field; before the fix they were
// read as they were (and a NUL failed PostgreSQL with a 500).
func TestCellsWithControlCharactersRefused(t *testing.T) {
	csv := rosterHeader + rosterRow +
		strings.Replace(rosterRow, "张伟", "张\x00伟", 1) +
		strings.Replace(rosterRow, "钢筋班", "钢筋\u202e班", 1) +
		strings.Replace(rosterRow, "钢筋工", "\x1b[2J", 1)
	fields := ledger.ErrorFields(openErr([]byte(csv), "roster.csv", &Workers))
	var got []string
	for _, f := range fields {
		got = append(got, strconv.Itoa(f.Row)+":"+f.Field+":"+f.Code)
	}
	want := "3:name:control_character 4:team:control_character 5:trade:control_character"
	if strings.Join(got, " ") != want {
		t.Errorf("control characters: %v, want %s", got, want)
	}
	js := `[{"name":"张\u0000伟","id_number":"110105198503120039"}]`
	fields = ledger.ErrorFields(openErr([]byte(js), "w.json", &Workers))
	if len(fields) != 1 || fields[0].Field != "name" || fields[0].Row != 1 {
		t.Errorf("JSON file with a NUL: %+v", fields)
	}
}

// A JSON file's row that gives a key twice was read with the last value
// winning; it is refused naming the row and the key.
func TestJSONRowWithDuplicateKeyRefused(t *testing.T) {
	js := `[{"name":"张伟","id_number":"110105198503120039"},{"name":"张伟","name":"李娜"}]`
	fields := ledger.ErrorFields(openErr([]byte(js), "w.json", &Workers))
	if len(fields) != 1 || fields[0].Row != 2 || fields[0].Field != "name" || fields[0].Code != "duplicate" {
		t.Errorf("a key given twice: %+v", fields)
	}
}

// One cell of text far within the workbook's bounds (a few MB that compress
// no better than text does, so no ratio refuses them) was read whole, more
// than once: the part, the parsed string, the row. A cell or shared string
// past a spreadsheet's own limit (32,767 characters) is refused while its
// part is checked, with 413 naming the cell by row and column (or the
// shared string no cell shows), allocating about the upload itself.
func TestXLSXHugeCellRefused(t *testing.T) {
	header := inlineRow(1, strings.Split(strings.TrimSpace(rosterHeader), ",")...)
	row := strings.Split(strings.TrimSpace(rosterRow), ",")
	noise := func(n int) string { // text that deflates about as a payroll's does
		var b strings.Builder
		x := uint32(2463534242)
		for b.Len() < n {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b.WriteByte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"[x%64])
		}
		return b.String()
	}
	sst := func(items ...string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			strings.Join(items, "") + `</sst>`)
	}
	big := noise(6 << 20)
	inline := zipOf(t, xlsxParts(sheetXML(header, inlineRow(2, append([]string{row[0], big}, row[2:]...)...)), nil))
	var err error
	alloc, took := measure(func() { err = openErr(inline, "cell.xlsx", &Workers) })
	t.Logf("a 6 MB cell in %d KB of workbook: allocated %d MB in %v: %v", len(inline)>>10, alloc>>20, took, err)
	if ledger.ErrorCode(err) != ledger.ETooLarge || !strings.Contains(err.Error(), "cell B2 (row 2, column B)") {
		t.Errorf("a 6 MB cell: %v, want too_large naming B2", err)
	}
	if f := ledger.ErrorFields(err); len(f) != 1 || f[0].Row != 2 || f[0].Field != "column B" {
		t.Errorf("a 6 MB cell's fields: %+v, want row 2, column B", f)
	}
	if budget := uint64(3*len(inline)) + 4<<20; alloc > budget {
		t.Errorf("a 6 MB cell: allocated %d MB refusing it, want under %d", alloc>>20, budget>>20)
	}

	// Forms the scanner did not see: a CDATA section (counted as one long
	// tag), prefixed elements (<x:si>, whose runs each stayed under the
	// bound), and parts excelize reads under names that were not scanned (a
	// backslash, a sheet where the workbook's relationship says). Numeric
	// entities with leading zeros (each counted as one byte, however long)
	// are below, with the small bound.
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	runs := func(text string) string { // rich-text runs of 100 KB, each under the bound
		var b strings.Builder
		for len(text) > 0 {
			n := min(len(text), 100<<10)
			b.WriteString(`<x:r><x:t>` + text[:n] + `</x:t></x:r>`)
			text = text[n:]
		}
		return b.String()
	}
	showC2 := `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>`
	prefixed := []byte(`<?xml version="1.0" encoding="UTF-8"?><x:sst ` + ns + `><x:si><x:t>张伟</x:t></x:si><x:si>` + runs(big) + `</x:si></x:sst>`)
	backslash := xlsxParts(sheetXML(header, showC2), nil)
	backslash[`xl\sharedStrings.xml`] = sst(`<si><t>张伟</t></si>`, `<si><t>`+big+`</t></si>`)
	elsewhere := xlsxParts(nil, nil)
	delete(elsewhere, "xl/worksheets/sheet1.xml")
	elsewhere["xl/data.xml"] = sheetXML(header, inlineRow(2, append([]string{row[0], big}, row[2:]...)...))
	elsewhere["xl/_rels/workbook.xml.rels"] = []byte(strings.Replace(string(elsewhere["xl/_rels/workbook.xml.rels"]), "worksheets/sheet1.xml", "data.xml", 1))
	for _, c := range []struct {
		name string
		data []byte
		says string
	}{
		{"a CDATA section", zipOf(t, xlsxParts(sheetXML(header, inlineRow(2, append([]string{row[0], "<![CDATA[" + big + "]]>"}, row[2:]...)...)), nil)),
			"cell B2 (row 2, column B)"},
		{"prefixed shared strings", zipOf(t, xlsxParts(sheetXML(header, showC2), prefixed)), "cell C2 (row 2, column C)"},
		{`shared strings at xl\sharedStrings.xml`, zipOf(t, backslash), "cell C2 (row 2, column C)"},
		{"a sheet at xl/data.xml", zipOf(t, elsewhere), "cell B2 (row 2, column B)"},
	} {
		var err error
		alloc, took := measure(func() { err = openErr(c.data, "cell.xlsx", &Workers) })
		t.Logf("%s in %d KB of workbook: allocated %d MB in %v: %v", c.name, len(c.data)>>10, alloc>>20, took, err)
		if ledger.ErrorCode(err) != ledger.ETooLarge || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want too_large saying %q", c.name, err, c.says)
		}
		if budget := uint64(3*len(c.data)) + 4<<20; alloc > budget {
			t.Errorf("%s: allocated %d MB refusing it, want under %d", c.name, alloc>>20, budget>>20)
		}
	}

	lim := Limits{MaxCellBytes: 1000}
	open := func(data []byte) error { return openErrWith(data, "cells.xlsx", &Workers, lim) }
	sharedRow := func(r int, idx string) string {
		return `<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `" t="s"><v>0</v></c><c r="C` + strconv.Itoa(r) + `" t="s"><v>` + idx + `</v></c></row>`
	}
	for _, c := range []struct {
		name string
		data []byte
		says string // "" when the workbook passes
	}{
		{"a shared string shown by C3", zipOf(t, xlsxParts(sheetXML(header, sharedRow(3, "1")), sst(`<si><t>张伟</t></si>`, `<si><t>`+noise(1001)+`</t></si>`))),
			"cell C3 (row 3, column C)"},
		{"rich text runs adding up", zipOf(t, xlsxParts(sheetXML(header, sharedRow(4, "1")), sst(`<si><t>张伟</t></si>`,
			`<si><r><t>`+noise(600)+`</t></r><r><rPr><b/></rPr><t xml:space="preserve">`+noise(600)+`</t></r></si>`))), "cell C4 (row 4, column C)"},
		{"a shared string no cell shows", zipOf(t, xlsxParts(sheetXML(header), sst(`<si><t>张伟</t></si>`, `<si><t>`+noise(1001)+`</t></si>`))),
			"shared string 2 "},
		{"an inline string", zipOf(t, xlsxParts(sheetXML(header, inlineRow(5, noise(1001))), nil)), "cell A5 (row 5, column A)"},
		{"a value", zipOf(t, xlsxParts(sheetXML(header, `<row r="6"><c r="D6"><v>`+strings.Repeat("9", 1001)+`</v></c></row>`), nil)),
			"cell D6 (row 6, column D)"},
		{"text outside any cell", zipOf(t, xlsxParts([]byte(strings.Replace(string(sheetXML(header)), "</sheetData>",
			"</sheetData><headerFooter><oddHeader>"+noise(1001)+"</oddHeader></headerFooter>", 1)), nil)), `part "xl/worksheets/sheet1.xml" holds a text of more than`},
		{"1,000 bytes in a cell", zipOf(t, xlsxParts(sheetXML(header, inlineRow(7, noise(1000))), nil)), ""},
		{"entities count as what they stand for", zipOf(t, xlsxParts(sheetXML(header, inlineRow(8, strings.Repeat("&amp;", 900))), nil)), ""},
		{"t = 's' spaced, after a tab", zipOf(t, xlsxParts(sheetXML(header, "<row r=\"10\"><c\tr = \"C10\"  t = 's' ><v>1</v></c></row>"),
			sst(`<si><t>张伟</t></si>`, `<si><t>`+noise(1001)+`</t></si>`))), "cell C10 (row 10, column C)"},
		{"a CDATA section of 1,000 bytes holding '<' and ']]'", zipOf(t, xlsxParts(sheetXML(header, inlineRow(11, "<![CDATA[<a>]]"+noise(990)+"]]>")), nil)), ""},
		{"a comment in a cell", zipOf(t, xlsxParts(sheetXML(header, inlineRow(12, noise(600)+"<!-- a note -->"+noise(600))), nil)), "cell A12 (row 12, column A)"},
		{"an image's bytes", zipOf(t, func() map[string][]byte {
			p := xlsxParts(sheetXML(header), nil)
			p["xl/media/image1.png"] = []byte("\x89PNG\r\n\x1a\n" + noise(300<<10))
			return p
		}()), ""},
		// 60,000 such entities are 6 MB that the zip-bomb ratio refuses
		// already; the one entity is refused on its own.
		{"an entity with leading zeros", zipOf(t, xlsxParts(sheetXML(header, inlineRow(13, "&#"+strings.Repeat("0", 94)+"65;")), nil)),
			"an XML entity longer than 12 bytes"},
		{"entities of 12 bytes", zipOf(t, xlsxParts(sheetXML(header, inlineRow(14, strings.Repeat("&#x00004F60;", 80))), nil)), ""},
		{"a long tag", zipOf(t, xlsxParts(sheetXML(header, `<row r="9" x="`+noise(70000)+`"></row>`), nil)), "an XML tag longer than 65536 bytes"},
	} {
		err := open(c.data)
		if c.says == "" {
			if ledger.ErrorCode(err) == ledger.ETooLarge {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if ledger.ErrorCode(err) != ledger.ETooLarge || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want too_large saying %q", c.name, err, c.says)
		}
	}
}
