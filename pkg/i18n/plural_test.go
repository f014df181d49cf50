package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPlurals(t *testing.T) {
	cases := []struct {
		format string
		args   []any
		want   string
	}{
		{"%d {worker|workers} {is|are} owed", []any{1}, "1 worker is owed"},
		{"%d {worker|workers} {is|are} owed", []any{2}, "2 workers are owed"},
		{"%d {worker|workers} {is|are} owed", []any{int64(0)}, "0 workers are owed"},
		{"%d {day|days} worked by %d {worker|workers}", []any{2, 1}, "2 days worked by 1 worker"},
		{"%d {day|days} worked by %d {worker|workers}", []any{1, 2}, "1 day worked by 2 workers"},
		{"{is|are} %d {row|rows} of %s", []any{1, "x"}, "is 1 row of x"},
		{"%s has %d {value|values}", []any{"x", 1}, "x has 1 value"},
		{"%[2]d {row|rows} of %[1]s", []any{"x", 1}, "1 row of x"},
		{"%d%% and %d {line|lines}", []any{1, 1}, "1% and 1 line"},
		{"%d, no choice {here}", []any{1}, "1, no choice {here}"},
		{"%s {x|y}", []any{"1"}, "1 y"}, // a string is no count
	}
	for _, c := range cases {
		if got := Render(EN, c.format, c.args...); got != c.want {
			t.Errorf("Render(EN, %q, %v) = %q, want %q", c.format, c.args, got, c.want)
		}
	}
}

// countNouns are the nouns counted in the catalogue's English, singular to
// plural: a number before one of them must agree with it.
var countNouns = map[string]string{
	"account": "accounts", "batch": "batches", "byte": "bytes", "chain": "chains",
	"character": "characters", "checkpoint": "checkpoints", "cycle": "cycles", "day": "days",
	"discrepancy": "discrepancies", "entry": "entries", "instruction": "instructions",
	"item": "items", "key": "keys", "line": "lines", "link": "links", "migration": "migrations",
	"month": "months", "night": "nights", "payroll": "payrolls", "person": "persons",
	"posting": "postings", "problem": "problems", "project": "projects",
	"project-night": "project-nights", "record": "records", "row": "rows", "time": "times",
	"value": "values", "warning": "warnings", "worker": "workers", "worker's": "workers'",
	"year": "years", "wage": "wages", "complaint": "complaints", "alert": "alerts",
	"employer": "employers", "file": "files", "payment": "payments", "column": "columns",
}

// countAdjectives may stand between a number and its noun.
var countAdjectives = map[string]bool{
	"more": true, "bad": true, "new": true, "full": true, "signed": true, "queued": true,
	"attendance": true, "working": true, "payslip": true, "responsible": true, "open": true,
	"other": true, "unpaid": true,
}

var verbsByNumber = map[string]bool{"is": true, "was": true, "has": true, "are": false, "were": false, "have": false}

// disagreement is the first place in s where the number n is followed by a
// noun, or its verb, of the other number.
func disagreement(s string, n int) string {
	words := strings.Fields(s)
	num := strconv.Itoa(n)
	for i, w := range words {
		if strings.TrimLeft(w, "(“\"") != num {
			continue // "row 1:" ends where the number does
		}
		j := i + 1
		for j < len(words) && countAdjectives[words[j]] {
			j++
		}
		if j >= len(words) {
			continue
		}
		noun, singular := strings.TrimRight(words[j], ",:;.)”\""), false
		ended := noun != words[j]
		if _, ok := countNouns[noun]; ok {
			singular = true
		} else if !isPlural(noun) {
			continue
		}
		if singular != (n == 1) {
			return strings.Join(words[i:min(j+2, len(words))], " ")
		}
		if j+1 < len(words) && !ended {
			if one, ok := verbsByNumber[words[j+1]]; ok && one != (n == 1) {
				return strings.Join(words[i:j+2], " ")
			}
		}
	}
	return ""
}

func isPlural(w string) bool {
	for _, p := range countNouns {
		if p == w {
			return true
		}
	}
	return false
}

// pluralPairs are the keys that ledger.Plural and the command line's plural
// pick between: the one form is said only of 1, the other never of 1.
func pluralPairs(t *testing.T) (one, other map[string]bool) {
	one, other = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 3 {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			}
			if name == "Plural" || name == "plural" {
				if s, ok := constString(call.Args[1]); ok {
					one[s] = true
				}
				if s, ok := constString(call.Args[2]); ok {
					other[s] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return one, other
}

// countArgs are arguments for format: every integer argument n (or, with
// only >= 0, argument only n and every other 2), text for the rest.
func countArgs(format string, n, only int) []any {
	verbs := argVerbs(format)
	max := 0
	for i := range verbs {
		if i > max {
			max = i
		}
	}
	args := make([]any, max)
	ints := 0
	for i := 1; i <= max; i++ {
		switch verbs[i] {
		case "d":
			args[i-1] = n
			if only >= 0 {
				args[i-1] = 2
				if ints == only {
					args[i-1] = 1
				}
			}
			ints++
		case "f", "g":
			args[i-1] = 2.5
		default:
			args[i-1] = "X"
		}
	}
	return args
}

// Every English message with a count agrees with it: each is rendered with
// its counts all 1, all 2, and each 1 in turn with the others 2, and a number
// followed by a noun or verb of the other number ("1 workers", "2 line",
// "1 worker are") fails, with the key.
func TestEnglishCountsAgree(t *testing.T) {
	one, other := pluralPairs(t)
	checked := 0
	for key, m := range catalogue {
		verbs := argVerbs(m.EN)
		ints := 0
		for _, v := range verbs {
			if v == "d" {
				ints++
			}
		}
		if ints == 0 {
			continue
		}
		checked++
		type variant struct {
			args []any
			ns   []int
		}
		var variants []variant
		if !other[key] {
			variants = append(variants, variant{countArgs(m.EN, 1, -1), []int{1}})
		}
		if !one[key] {
			variants = append(variants, variant{countArgs(m.EN, 2, -1), []int{2}})
		}
		if !one[key] && !other[key] && ints > 1 {
			for i := 0; i < ints; i++ {
				variants = append(variants, variant{countArgs(m.EN, 0, i), []int{1, 2}})
			}
		}
		for _, v := range variants {
			s := T(EN, key, v.args...)
			for _, n := range v.ns {
				if bad := disagreement(s, n); bad != "" {
					t.Errorf("%q reads %q (%q)", key, bad, s)
				}
			}
		}
	}
	if checked < 150 {
		t.Errorf("only %d messages with counts: the test lost them", checked)
	}
}

// A message stored under a key since renamed renders as the new entry: in
// Chinese, and in English with its count agreeing.
func TestRenamedKeysRender(t *testing.T) {
	for old, to := range renamed {
		if _, ok := catalogue[to]; !ok {
			t.Errorf("%q is renamed to %q, which the catalogue lacks", old, to)
		}
		if _, ok := catalogue[old]; ok {
			t.Errorf("%q is both renamed and still in the catalogue", old)
		}
	}
	old := "%d workers enrolled from %s"
	if got := T(EN, old, 1, "x.csv"); got != "1 worker enrolled from x.csv" {
		t.Errorf("T(EN, old key) = %q", got)
	}
	if got := T(ZH, old, 1, "x.csv"); got == old || !Has(old) {
		t.Errorf("T(ZH, old key) = %q: the stored message lost its Chinese", got)
	}
}
