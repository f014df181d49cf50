package ledger

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The domain decides; it does no I/O. It imports nothing of ours and no
// database, HTTP or driver package (DESIGN.md: dependencies point one way).
func TestLedgerImportsNoIOPackage(t *testing.T) {
	forbidden := []string{"database/", "net/", "os", "io/fs", "github.com/wageguard/", "github.com/lib/pq", "modernc.org/", "github.com/gin-gonic/", "github.com/jmoiron/"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			checked++
			for _, bad := range forbidden {
				if path == strings.TrimSuffix(bad, "/") || strings.HasPrefix(path, bad) && strings.HasSuffix(bad, "/") {
					t.Errorf("%s imports %s: ledger must stay free of I/O", name, path)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("read no import of the ledger package")
	}
}
