package payrollfile

// Fuzz targets for every file reader (issue 16, item 21): each format, for
// each kind of file (the first byte picks the schema). None may panic, and
// reading one input may not allocate more than its memory bound. The seed
// corpora are the project's sample files, each kind's templates, and the
// files under testdata/fuzz. `make soak` runs each target longer.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// fuzzLimits are the limits the targets read under: small, so that the
// bound below is a real one.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxRows: 10_000}

// fuzzMemoryBound is what reading one input may allocate in all: the bytes
// it may read, many times over, never the 1 GiB a decompression bomb asks.
const fuzzMemoryBound = 256 << 20

// fuzzTimeBound is how long reading one input may take.
const fuzzTimeBound = 10 * time.Second

func clipBytes(b []byte) []byte {
	if len(b) > 512 {
		return b[:512]
	}
	return b
}

// readWithin reads data as format for the kind byte picks and fails if it
// panics (the fuzzer reports that itself) or allocates past the bound.
func readWithin(t *testing.T, kind byte, data []byte, format Format) {
	schema := Schemas[int(kind)%len(Schemas)]
	// A reader that does not finish is as bad as one that panics: the
	// fuzzer has no time limit of its own, so crash the worker, which
	// records the input.
	watchdog := time.AfterFunc(fuzzTimeBound, func() {
		panic(fmt.Sprintf("reading %d bytes as %s %s took more than %s: %q", len(data), schema.Key, format, fuzzTimeBound, clipBytes(data)))
	})
	defer watchdog.Stop()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rd, err := NewReader(bytes.NewReader(data), format, schema, fuzzLimits)
	if err == nil {
		rd.WarnInto(new([]ledger.FieldError))
		for n := 0; ; n++ {
			rec, err := rd.Next()
			if err != nil {
				break
			}
			if rec.Row <= 0 {
				t.Fatalf("record %d has row %d", n, rec.Row)
			}
			if n > fuzzLimits.MaxRows {
				t.Fatalf("read %d records past the limit of %d", n, fuzzLimits.MaxRows)
			}
		}
		if err := rd.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
	}
	runtime.ReadMemStats(&after)
	if used := after.TotalAlloc - before.TotalAlloc; used > fuzzMemoryBound {
		t.Fatalf("reading %d bytes as %s %s allocated %d MB (bound %d MB)", len(data), schema.Key, format, used>>20, fuzzMemoryBound>>20)
	}
}

// seedFiles adds every file of the sample directories whose name ends in
// one of exts, once per kind.
func seedFiles(f *testing.F, exts ...string) {
	var files []string
	for _, dir := range []string{"../../testdata/workers", "../../testdata/payroll", "../../testdata/bank"} {
		for _, ext := range exts {
			m, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
			files = append(files, m...)
		}
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for k := range Schemas {
			f.Add(byte(k), data)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	seedFiles(f, ".csv")
	for k, s := range Schemas {
		var b bytes.Buffer
		if err := s.WriteTemplateCSV(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(byte(k), b.Bytes())
		f.Add(byte(k), append(b.Bytes(), []byte("\"unterminated,\xff\xfe,=1+1\r\n,,,\n")...))
	}
	for _, s := range []string{"name,id_number\n张三,1\n", "\xef\xbb\xbf姓名,身份证号,工种\n\"a\"\"b\",c,d\n", "x\n\xb9\xa4\n", "合计\n"} {
		f.Add(byte(0), []byte(s))
		f.Add(byte(1), []byte(s))
	}
	f.Add(byte(2), []byte("\xef\xbb\xbf姓名,身份证号,应发工资\n张三,110105194912310029,1\n"))
	f.Add(byte(0), []byte("\xd0\xd5\xc3\xfb,\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5\n\xd5\xc5\xc8\xfd,1\n")) // GBK headings
	f.Fuzz(func(t *testing.T, kind byte, data []byte) { readWithin(t, kind, data, CSV) })
}

func FuzzReadXLSX(f *testing.F) {
	seedFiles(f, ".xlsx")
	for k, s := range Schemas {
		var b bytes.Buffer
		if err := s.WriteTemplateXLSX(&b); err != nil {
			f.Fatal(err)
		}
		f.Add(byte(k), b.Bytes())
	}
	f.Add(byte(0), []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, kind byte, data []byte) { readWithin(t, kind, data, XLSX) })
}

func FuzzReadJSON(f *testing.F) {
	seedFiles(f, ".json")
	for k := range Schemas {
		f.Add(byte(k), []byte(`[{"name":"张三","id_number":"11010519491231002X","net_pay":"1.00","status":"paid"}]`))
		f.Add(byte(k), []byte(`{"items":[{"name":1,"x":[1,{"y":null}]},{}],"control":{"line_count":1}}`))
		f.Add(byte(k), []byte(`{"lines":[{"name":"a","name":"b"}]}`))
	}
	for _, s := range []string{`[{"name":"a"}]`, `{"items":[{"姓名":"b","hours":8.5}]}`, `{"a":{"b":[1]},"c":[{}]}`, `[1,"x",null]`} {
		f.Add(byte(1), []byte(s))
	}
	f.Add(byte(1), []byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	f.Fuzz(func(t *testing.T, kind byte, data []byte) { readWithin(t, kind, data, JSON) })
}

// FuzzDetectFormat: whatever the name and first bytes, a format comes back
// and reading by it does not panic.
func FuzzDetectFormat(f *testing.F) {
	f.Add("payroll.csv", "text/csv", []byte("name,id_number\n"))
	f.Add("x.xlsx", "", []byte("PK\x03\x04"))
	f.Add("x", "application/json", []byte(" [ {} ]"))
	f.Add("old.xls", "application/vnd.ms-excel", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
	f.Fuzz(func(t *testing.T, name, contentType string, data []byte) {
		format := DetectFormat(name, contentType, data)
		switch format {
		case CSV, XLSX, JSON, XLS:
		default:
			t.Fatalf("format %q", format)
		}
		readWithin(t, 2, data, format)
	})
}
