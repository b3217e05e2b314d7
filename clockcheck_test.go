package bondgenoten_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// Time has one source: the injected Clock. This test reads every non-test
// Go file of the module and fails where domain or API code reads the
// computer's clock itself — time.Now, time.Since, time.Until,
// bondgenoten.Today, or bondgenoten.Validate (which takes its spans as of
// the system's today; use ValidateOn with the clock's day). Exempt are this
// package (it defines the clocks), cmd (wiring, startup duration), store
// (timeouts), test support packages (…test/) and the allow-list below.

var clockExempt = []string{"cmd", "store", "frontend"}

// clockAllowed lists the remaining direct reads as "file:function", each
// with its reason; an entry that matches nothing fails the test.
var clockAllowed = map[string]string{
	"jobs/mail.go:(*mailDeliverWorker).NextRetry": "River schedules a retry on the wall clock it runs by; " +
		"an injected clock would put the retry where River never looks",
	"mailbox/mailbox.go:(*session).Data":   "the demo's and tests' SMTP server stamps arrival as a real mail server does",
	"authz/enforcer.go:(*Enforcer).Reload": "measures how long a policy load took, for the log line",
	"authz/audit.go:Record": "dates an event recorded without At (tests); every caller in domain and API code " +
		"sets At from its clock",
	"devidp/devidp.go:New": "the built-in identity provider stands in for an external one: its Config.Now defaults " +
		"to the wall clock, by which zitadel's op dates ID tokens anyway",
}

func TestTimeComesFromTheClock(t *testing.T) {
	used := map[string]bool{}
	eachDomainFile(t, clockExempt, func(fset *token.FileSet, path, _ string, f *ast.File) {
		for _, v := range clockReads(fset, path, f, used) {
			t.Error(v)
		}
	})
	for key := range clockAllowed {
		if !used[key] {
			t.Errorf("clockAllowed entry %q matches nothing any more: remove it", key)
		}
	}
}

// TestClockCheckCatches feeds the check what it exists to refuse.
func TestClockCheckCatches(t *testing.T) {
	for name, src := range map[string]string{
		"time.Now":        `package x; import "time"; func f() { _ = time.Now() }`,
		"renamed time":    `package x; import t "time"; func f() { _ = t.Now }`,
		"time.Since":      `package x; import "time"; func f(a time.Time) { _ = time.Since(a) }`,
		"Today":           `package x; import "github.com/bondgenoten/bondgenoten"; var d = bondgenoten.Today()`,
		"Validate":        `package x; import bg "github.com/bondgenoten/bondgenoten"; func f(v any) error { return bg.Validate(v) }`,
		"in a method too": `package x; import "time"; func (s *Service) f() { _ = time.Now().UTC() }`,
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "meeting/x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(clockReads(fset, "meeting/x.go", f, map[string]bool{})) == 0 {
			t.Errorf("%s: not caught in %s", name, src)
		}
	}
	ok := `package x
import ("time"; "github.com/bondgenoten/bondgenoten")
func (s *Service) f(v any) error {
	_ = bondgenoten.NowOn(s.Clock).Add(time.Hour)
	return bondgenoten.ValidateOn(v, bondgenoten.TodayOn(s.Clock))
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "meeting/x.go", ok, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := clockReads(fset, "meeting/x.go", f, map[string]bool{}); len(got) != 0 {
		t.Errorf("clock-based code flagged: %v", got)
	}
}

func clockReads(fset *token.FileSet, path string, f *ast.File, used map[string]bool) []string {
	forbidden := map[string][]string{} // local import name → selectors
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		var local string
		var sels []string
		switch p {
		case "time":
			local, sels = "time", []string{"Now", "Since", "Until"}
		case "github.com/bondgenoten/bondgenoten":
			local, sels = "bondgenoten", []string{"Today", "Validate"}
		default:
			continue
		}
		if imp.Name != nil {
			local = imp.Name.Name
		}
		forbidden[local] = sels
	}
	var out []string
	for _, decl := range f.Decls {
		fn := "a declaration"
		if d, ok := decl.(*ast.FuncDecl); ok {
			fn = d.Name.Name
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recv := d.Recv.List[0].Type
				star := ""
				if s, ok := recv.(*ast.StarExpr); ok {
					recv, star = s.X, "*"
				}
				if id, ok := recv.(*ast.Ident); ok {
					fn = "(" + star + id.Name + ")." + fn
				}
			}
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || !slices.Contains(forbidden[id.Name], sel.Sel.Name) {
				return true
			}
			key := path + ":" + fn
			if _, ok := clockAllowed[key]; ok {
				used[key] = true
				return true
			}
			out = append(out, fmt.Sprintf("%s: %s.%s in %s reads the system clock — use the injected Clock "+
				"(bondgenoten.NowOn / TodayOn / ValidateOn with the service's Clock); if it must, add %q with a reason to clockAllowed in clockcheck_test.go",
				fset.Position(sel.Pos()), id.Name, sel.Sel.Name, fn, key))
			return true
		})
	}
	return out
}
