package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// messageArgs are the calls that take a message key (the English sentence
// as a fmt format) and the positions of their key arguments: ledger's
// constructors of errors, field errors and messages, and the small helpers
// that wrap them.
var messageArgs = map[string][]int{
	"Errorf":      {1}, // ledger.Errorf(code, format, …); fmt.Errorf is skipped
	"Add":         {2}, // Validation.Add(field, code, format, …)
	"Atf":         {2}, // Refusal.Atf(row, field, format, …)
	"At":          {2}, // Refusal.At(row, field, msg)
	"FieldErrorf": {3},
	"M":           {0},
	"Plural":      {1, 2},
	"Err":         {0},
	"Errf":        {0},
	"malformed":   {0},
	"refuse":      {2}, // ledger's (r, field, format, …) and attendance's (code, field, format, …)
	"fail":        {1}, // (code, format, …) of the identity, card and name checks
	"add2":        {2},
	"block":       {2},
	"say":         {1}, // the command line's Main.say(w, format, …)
	"Render":      {1}, // i18n.Render(lang, format, …)
	"plural":      {1, 2},
	"fieldErr":    {2}, // pkg/service's (field, code, format, …)
	// The name of what a refusal is about, as its catalogue key.
	"notFound":       {0}, // pkg/store's (what, id)
	"CheckEventDate": {3}, // ledger's (field, on, notBefore, what, today)
	// A command's flags: their usage, which -h shows in the user's language.
	"StringVar":   {3},
	"BoolVar":     {3},
	"IntVar":      {3},
	"Int64Var":    {3},
	"DurationVar": {3},
}

// messageFields are composite literals whose element at a position is a
// message key: a command's description, a usage error.
var messageFields = map[string]int{"command": 2, "usageError": 0}

// keysInSource returns every message key written as a literal in the
// non-test Go files under root, with where it is used.
func keysInSource(t *testing.T, root string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				// Message: "…" of a ledger.Error or FieldError literal, its own key
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Message" {
					if s, ok := constString(kv.Value); ok && s != "" {
						keys[s] = fset.Position(kv.Pos()).String()
					}
				}
				return true
			}
			if lit, ok := n.(*ast.CompositeLit); ok {
				elts := []ast.Expr{lit}
				typ := lit.Type
				if a, ok := typ.(*ast.ArrayType); ok { // []command{{…}, {…}}
					elts, typ = lit.Elts, a.Elt
				}
				id, ok := typ.(*ast.Ident)
				if !ok {
					return true
				}
				if i, known := messageFields[id.Name]; known {
					for _, e := range elts {
						if el, ok := e.(*ast.CompositeLit); ok && i < len(el.Elts) {
							if s, ok := constString(el.Elts[i]); ok && s != "" {
								keys[s] = fset.Position(el.Pos()).String()
							}
						}
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "errors") {
					return true
				}
				name = fn.Sel.Name
			}
			for _, i := range messageArgs[name] {
				if i < len(call.Args) {
					if s, ok := constString(call.Args[i]); ok && s != "" {
						keys[s] = fset.Position(call.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// constString is the value of a string literal or a sum of them.
func constString(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(x.X)
		b, ok2 := constString(x.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(x.X)
	}
	return "", false
}

// Every message written in the code has its Chinese in the catalogue: a
// sentence added in English only fails here, with where it is used.
func TestEveryMessageInSourceIsCatalogued(t *testing.T) {
	root := filepath.Join("..", "..")
	var missing []string
	for k, where := range keysInSource(t, root) {
		if !Has(k) {
			missing = append(missing, strconv.Quote(k)+": \"\", // "+strings.TrimPrefix(where, root+string(os.PathSeparator)))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d messages have no catalogue entry (add them, with their Chinese, to catalogue_<area>.go):\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// A key is a sentence or says where it is used (alert.status.open): a
// single word ("paid") names no place, and is taken by whichever use of the
// word comes first, though another may need other words.
func TestNoOneWordKeys(t *testing.T) {
	oneWord := regexp.MustCompile(`^[A-Za-z][A-Za-z_-]*$`)
	var found []string
	for k := range catalogue {
		if oneWord.MatchString(k) {
			found = append(found, strconv.Quote(k))
		}
	}
	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("%d one-word keys: give each a key that says where it is used (area.group.word), and map the old one in catalogue_renamed.go:\n%s",
			len(found), strings.Join(found, "\n"))
	}
}
