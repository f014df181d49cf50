package service_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// maxFuncLines is the most lines a function of pkg/service may span, from
// its func keyword to its closing brace: a use case reads, asks ledger/ to
// decide, and writes, and a longer one is hiding a rule (issue 10).
const maxFuncLines = 80

// TestFunctionsAreShort fails for every function of the package's code
// (test files aside) longer than maxFuncLines, naming it, where it is and
// how long it is. A function literal at package level counts on its own; one
// inside a function counts as part of it.
func TestFunctionsAreShort(t *testing.T) {
	long, n, err := longFunctions(".", maxFuncLines)
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("found only %d functions in pkg/service: is the test reading the package?", n)
	}
	for _, l := range long {
		t.Errorf("%s is %d lines, more than %d: split its decisions into ledger/ and its steps into functions", l.name, l.lines, maxFuncLines)
	}
}

type longFunction struct {
	name  string // "file.go:line (*Recv).Name"
	lines int
}

// longFunctions parses the Go files of dir (not its tests) and returns the
// functions longer than max lines, and how many functions it measured.
func longFunctions(dir string, max int) ([]longFunction, int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, 0, err
	}
	fset := token.NewFileSet()
	var out []longFunction
	measured := 0
	measure := func(name string, from, to token.Pos) {
		measured++
		start, end := fset.Position(from), fset.Position(to)
		if n := end.Line - start.Line + 1; n > max {
			out = append(out, longFunction{name: fmt.Sprintf("%s:%d %s", filepath.Base(start.Filename), start.Line, name), lines: n})
		}
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, 0, err
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					measure(funcName(d), d.Pos(), d.End())
				}
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						measure("func literal", lit.Pos(), lit.End())
						return false
					}
					return true
				})
			}
		}
	}
	return out, measured, nil
}

// funcName is a function's name as Go writes a method expression: Name,
// Recv.Name or (*Recv).Name.
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	typ := d.Recv.List[0].Type
	if ix, ok := typ.(*ast.IndexExpr); ok { // a generic receiver, Recv[T]
		typ = ix.X
	}
	switch r := typ.(type) {
	case *ast.StarExpr:
		x := r.X
		if ix, ok := x.(*ast.IndexExpr); ok {
			x = ix.X
		}
		if id, ok := x.(*ast.Ident); ok {
			return "(*" + id.Name + ")." + d.Name.Name
		}
	case *ast.Ident:
		return r.Name + "." + d.Name.Name
	}
	return d.Name.Name
}
