package store_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The network scope (scope.go) holds only if services build their queries
// on DB.For(ctx) or on the tx of DB.InTx. This test reads every non-test Go
// file of the module and fails when code outside the packages that may
// work unscoped reaches the pool: a call of .Unscoped(), or bun's or
// database/sql's database types and constructors. Inside an InTx callback
// it also refuses .For(…), .InTx(…) and .Unscoped(): the transaction is
// the only connection there (on SQLite the pool's one connection is the
// transaction's, so anything else waits forever).

// unscopedPackages may use the pool: the store itself (and storetest), the
// River client and workers, the demo seed and the commands' wiring.
var unscopedPackages = []string{"store", "jobs", "demo", "cmd"}

// unscopedAllowed lists the few domain uses of the pool, as
// "file:function" with the reason. Keep it short; an entry that no longer
// matches anything fails the test, so the list cannot go stale.
var unscopedAllowed = map[string]string{
	"authz/enforcer.go:(*Enforcer).poll": "polls policy_version from Run, outside any request",
	"authz/enforcer.go:(*Enforcer).load": "the policy loader reads every tenant's roles and oversight; " +
		"it runs from Run and after commits and must never see one request's network scope",
}

func TestServicesReachTheDatabaseOnlyScoped(t *testing.T) {
	root := moduleRoot(t)
	found, used, err := checkTree(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range found {
		t.Errorf("%s", v)
	}
	for key := range unscopedAllowed {
		if !used[key] {
			t.Errorf("unscopedAllowed entry %q matches nothing any more: remove it", key)
		}
	}
}

// TestScopeCheckCatches feeds the check the violations it exists for, so a
// change that blinds it fails here.
func TestScopeCheckCatches(t *testing.T) {
	cases := map[string]string{
		"unscoped call": `package x
func (s *Service) List(ctx context.Context) { s.DB.Unscoped().NewSelect() }`,
		"bun.DB field": `package x
import "github.com/uptrace/bun"
type Service struct { db *bun.DB }`,
		"renamed bun import": `package x
import b "github.com/uptrace/bun"
func open() { _ = b.NewDB(nil, nil) }`,
		"sql.DB": `package x
import "database/sql"
var pool *sql.DB`,
		"For inside InTx": `package x
func (s *Service) Do(ctx context.Context) error {
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return s.DB.For(ctx).NewSelect().Scan(ctx)
	})
}`,
		"InTx inside InTx": `package x
func (s *Service) Do(ctx context.Context) error {
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error { return nil })
	})
}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "meeting/x.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := checkFile(fset, "meeting/x.go", f, false, map[string]bool{}); len(got) == 0 {
				t.Errorf("no violation found in\n%s", src)
			}
		})
	}
	// Scoped code passes, and so does the same unscoped call where allowed.
	ok := `package x
func (s *Service) List(ctx context.Context) error {
	if err := s.DB.For(ctx).NewSelect().Scan(ctx); err != nil { return err }
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewSelect().Scan(ctx)
	})
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "meeting/x.go", ok, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := checkFile(fset, "meeting/x.go", f, false, map[string]bool{}); len(got) != 0 {
		t.Errorf("scoped code flagged: %v", got)
	}
	f, err = parser.ParseFile(fset, "jobs/x.go", `package x
func f(db *store.DB) { db.Unscoped().NewSelect() }`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := checkFile(fset, "jobs/x.go", f, true, map[string]bool{}); len(got) != 0 {
		t.Errorf("jobs flagged: %v", got)
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found above store/: %v", err)
	}
	return root
}

// checkTree checks every non-test .go file under root; used records the
// allow-list entries that matched.
func checkTree(root string) (found []string, used map[string]bool, err error) {
	used = map[string]bool{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		top, _, _ := strings.Cut(rel, "/")
		mayBeUnscoped := strings.Contains(rel, "/") && slices.Contains(unscopedPackages, top)
		found = append(found, checkFile(fset, rel, f, mayBeUnscoped, used)...)
		return nil
	})
	return found, used, err
}

// checkFile reports the violations in one file. With mayBeUnscoped the
// pool may be used, but the InTx rule still holds.
func checkFile(fset *token.FileSet, rel string, f *ast.File, mayBeUnscoped bool, used map[string]bool) []string {
	// Local names of the imports whose database types give the pool.
	pool := map[string][]string{} // local name → forbidden selectors
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		var sels []string
		var local string
		switch p {
		case "github.com/uptrace/bun":
			sels, local = []string{"DB", "NewDB"}, "bun"
		case "database/sql":
			sels, local = []string{"DB", "Open", "OpenDB"}, "sql"
		default:
			continue
		}
		if imp.Name != nil {
			local = imp.Name.Name
		}
		pool[local] = sels
	}

	var out []string
	report := func(fn string, n ast.Node, what string) {
		if mayBeUnscoped {
			return
		}
		key := rel + ":" + fn
		if _, ok := unscopedAllowed[key]; ok {
			used[key] = true
			return
		}
		out = append(out, fmt.Sprintf("%s: %s in %s — build queries on DB.For(ctx) or the tx of DB.InTx; "+
			"if this really must bypass the network scope, add %q with a reason to unscopedAllowed in store/unscoped_test.go",
			fset.Position(n.Pos()), what, fn, key))
	}
	reportTx := func(n ast.Node, what string) {
		out = append(out, fmt.Sprintf("%s: %s inside an InTx callback — use its tx (on SQLite anything else waits forever for the connection the transaction holds)",
			fset.Position(n.Pos()), what))
	}

	for _, decl := range f.Decls {
		fn := declName(decl)
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && slices.Contains(pool[id.Name], n.Sel.Name) {
					report(fn, n, id.Name+"."+n.Sel.Name)
				}
			case *ast.CallExpr:
				name := calledMethod(n)
				if name == "Unscoped" && len(n.Args) == 0 {
					report(fn, n, ".Unscoped()")
				}
				if name == "InTx" {
					for _, arg := range n.Args {
						if lit, ok := arg.(*ast.FuncLit); ok {
							ast.Inspect(lit.Body, func(m ast.Node) bool {
								if c, ok := m.(*ast.CallExpr); ok {
									switch calledMethod(c) {
									case "For", "InTx", "Unscoped":
										reportTx(c, "."+calledMethod(c)+"(…)")
									}
								}
								return true
							})
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// calledMethod is the name of the method or qualified function n calls,
// or "".
func calledMethod(n *ast.CallExpr) string {
	if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// declName names a declaration as the allow-list does: "F", "(*T).M" or
// "(T).M"; other declarations (types, variables) by their kind.
func declName(decl ast.Decl) string {
	d, ok := decl.(*ast.FuncDecl)
	if !ok {
		return "a declaration"
	}
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	switch t := d.Recv.List[0].Type.(type) {
	case *ast.StarExpr:
		return "(*" + typeName(t.X) + ")." + d.Name.Name
	default:
		return "(" + typeName(t) + ")." + d.Name.Name
	}
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr: // generic receiver
		return typeName(t.X)
	case *ast.IndexListExpr:
		return typeName(t.X)
	}
	return "?"
}
