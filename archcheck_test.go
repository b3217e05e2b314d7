package bondgenoten_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// eachDomainFile parses every non-test Go file of the module outside the
// root package, skipping hidden folders, node_modules, testdata, test
// support packages (…test/) and the top-level folders in exempt, and hands
// each to check with its slash path and top-level package folder. The
// architecture tests of this package share it.
func eachDomainFile(t *testing.T, exempt []string, check func(fset *token.FileSet, path, pkg string, f *ast.File)) {
	t.Helper()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != "." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" ||
				strings.HasSuffix(name, "test") || (!strings.Contains(path, "/") && slices.Contains(exempt, name))) {
				return filepath.SkipDir
			}
			return nil
		}
		path = filepath.ToSlash(path)
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || !strings.Contains(path, "/") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg, _, _ := strings.Cut(path, "/")
		check(fset, path, pkg, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
