package payrollfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type parsed struct {
	Encoding string     `json:"encoding"`
	Records  [][]string `json:"records"`
	Rows     []int      `json:"rows"`
	Error    string     `json:"error,omitempty"`
}

func parseAll(t testing.TB, data []byte, name string, schema *Schema, lim Limits) parsed {
	format := DetectFormat(name, "", data)
	rd, err := NewReader(bytes.NewReader(data), format, schema, lim)
	if err != nil {
		return parsed{Error: err.Error()}
	}
	defer rd.Close()
	p := parsed{Encoding: rd.Encoding, Records: [][]string{}, Rows: []int{}}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.Error = err.Error()
			break
		}
		p.Records = append(p.Records, rec.Values)
		p.Rows = append(p.Rows, rec.Row)
	}
	return p
}

// TestGoldenFiles reads every file of testdata/workers and compares what was
// read with the .golden file beside it (go test -update rewrites them).
func TestGoldenFiles(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/workers/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		n++
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.MarshalIndent(parseAll(t, data, f, &Workers, Limits{}), "", "  ")
		golden := f + ".golden"
		if *update {
			os.WriteFile(golden, append(got, '\n'), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%s: no golden file (run go test -update): %v", f, err)
		}
		if string(bytes.TrimSpace(want)) != string(got) {
			t.Errorf("%s: read\n%s\nwant\n%s", f, got, want)
		}
	}
	if n < 5 {
		t.Fatalf("only %d input files", n)
	}
}

func TestLimits(t *testing.T) {
	big := "name,id_number,trade,bank_card,contract_signed_on,entered_on\n" + strings.Repeat("张三,1,木工,2,2026-01-01,2026-01-01\n", 2000)
	p := parseAll(t, []byte(big), "x.csv", &Workers, Limits{MaxBytes: 10 << 10})
	if !strings.Contains(p.Error, "larger than the limit") {
		t.Errorf("byte limit: %+v", p.Error)
	}
	p = parseAll(t, []byte(big), "x.csv", &Workers, Limits{MaxRows: 100})
	if !strings.Contains(p.Error, "more than 100 rows") || len(p.Records) != 100 {
		t.Errorf("row limit: %q after %d", p.Error, len(p.Records))
	}
	for name, in := range map[string]string{
		"no header":   "a,b,c\n1,2,3\n",
		"missing col": "姓名,身份证号\n张三,1\n",
		"dup col":     "姓名,name,身份证号\n",
		"not xlsx":    "PK\x03\x04garbage",
		"bad json":    "[{",
		"json scalar": "42",
	} {
		p := parseAll(t, []byte(in), name, &Workers, Limits{})
		if p.Error == "" {
			t.Errorf("%s: no error", name)
		}
		var le *ledger.Error
		if _, err := NewReader(strings.NewReader(in), DetectFormat("", "", []byte(in)), &Workers, Limits{}); err != nil && !errors.As(err, &le) {
			t.Errorf("%s: error is not a ledger error: %v", name, err)
		}
	}
}

func TestDamage(t *testing.T) {
	cases := map[string]string{
		"1.10105E+17":          "spreadsheet_number",
		"6.22202E+18":          "spreadsheet_number",
		"110105194912310000":   "spreadsheet_zeroed",
		"110105194912310020.0": "spreadsheet_number",
		"11010519491231002X":   "",
		"440524188001010014":   "",
	}
	for in, code := range cases {
		d := Damage("id_number", in)
		if (code == "") != (d == nil) || (d != nil && d.Code != code) {
			t.Errorf("Damage(%q) = %+v, want %q", in, d, code)
		}
	}
}

func FuzzDamage(f *testing.F) {
	f.Add("1.10105E+17")
	f.Add("110105194912310000")
	f.Fuzz(func(t *testing.T, s string) {
		Damage("id_number", s)
		Damage("bank_card", s)
	})
}
