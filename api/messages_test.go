package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/ally/sheet"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// ruleLists holds every package's Rules(), by the folder the package lives
// in ("." for the root package). A package that gains rules joins here.
func ruleLists() map[string][]bondgenoten.Rule {
	return map[string][]bondgenoten.Rule{
		".":            bondgenoten.Rules(),
		"ally":         ally.Rules(),
		"ally/sheet":   sheet.Rules(),
		"crisis":       crisis.Rules(),
		"evaluation":   evaluation.Rules(),
		"identity":     identity.Rules(),
		"introduction": introduction.Rules(),
		"meeting":      meeting.Rules(),
		"network":      network.Rules(),
		"signal":       signal.Rules(),
		"tenant":       tenant.Rules(),
	}
}

// checkCatalogue names what is wrong between the rules the packages list
// and the messages: a rule without a message, a message for no rule (a
// stale one), a rule two packages (or one twice) claim.
func checkCatalogue(lists map[string][]bondgenoten.Rule, messages map[bondgenoten.Rule][2]string) []string {
	var problems []string
	owner := map[bondgenoten.Rule]string{}
	for pkg, rules := range lists {
		for _, r := range rules {
			if other, dup := owner[r]; dup {
				problems = append(problems, "rule "+strconv.Quote(string(r))+" is listed by "+other+" and "+pkg)
			}
			owner[r] = pkg
			m, ok := messages[r]
			if !ok {
				problems = append(problems, "rule "+strconv.Quote(string(r))+" of "+pkg+" has no message in fieldMessages")
			} else if m[0] == "" || m[1] == "" {
				problems = append(problems, "rule "+strconv.Quote(string(r))+" of "+pkg+" lacks its Dutch or English message")
			}
		}
	}
	for r := range messages {
		if _, ok := owner[r]; !ok {
			problems = append(problems, "fieldMessages has a message for "+strconv.Quote(string(r))+", which no package's Rules() lists")
		}
	}
	return problems
}

// TestEveryFieldRuleHasAMessage checks that each rule a field error can
// carry has a Dutch and an English message, so nobody sees "Ongeldige
// waarde." for a rule we forgot, and that no message is left for a rule
// that is gone.
func TestEveryFieldRuleHasAMessage(t *testing.T) {
	lists := ruleLists()
	n := 0
	for _, rules := range lists {
		n += len(rules)
	}
	if n < 40 {
		t.Fatalf("only %d rules listed: a Rules() list went missing", n)
	}
	for _, p := range checkCatalogue(lists, fieldMessages) {
		t.Error(p)
	}
}

// TestCatalogueCheckFails feeds the check a rule without a message and a
// message without a rule, so it cannot go blind.
func TestCatalogueCheckFails(t *testing.T) {
	lists := ruleLists()
	if p := checkCatalogue(lists, fieldMessages); len(p) != 0 {
		t.Fatalf("the real catalogue has problems: %v", p)
	}
	lists["ally"] = append(append([]bondgenoten.Rule(nil), lists["ally"]...), "no_message_yet")
	if p := checkCatalogue(lists, fieldMessages); len(p) != 1 || !strings.Contains(p[0], `"no_message_yet" of ally has no message`) {
		t.Errorf("a rule without a message: %v", p)
	}
	lists = ruleLists()
	lists["meeting"] = append(append([]bondgenoten.Rule(nil), lists["meeting"]...), bondgenoten.RuleRequired)
	if p := checkCatalogue(lists, fieldMessages); len(p) != 1 || !strings.Contains(p[0], "listed by") {
		t.Errorf("a rule listed twice: %v", p)
	}
	lists = ruleLists()
	messages := map[bondgenoten.Rule][2]string{"gone": {"Weg.", "Gone."}}
	for r, m := range fieldMessages {
		messages[r] = m
	}
	if p := checkCatalogue(lists, messages); len(p) != 1 || !strings.Contains(p[0], `"gone", which no package's Rules() lists`) {
		t.Errorf("a stale message: %v", p)
	}
}

// TestRulesAreListedConstants reads the Go sources: every constant of type
// Rule must be in its package's Rules() list, every validate tag in use must
// be a rule of the root package, and no explicit violation may name its rule
// by a string literal (Rule: "x", Invalid(field, "x", …)) instead of a
// constant.
func TestRulesAreListedConstants(t *testing.T) {
	lists := ruleLists()
	listed := map[string]map[bondgenoten.Rule]bool{}
	for pkg, rules := range lists {
		listed[pkg] = map[bondgenoten.Rule]bool{}
		for _, r := range rules {
			listed[pkg][r] = true
		}
	}
	modifiers := map[string]bool{"omitempty": true, "omitnil": true, "dive": true, "keys": true, "endkeys": true}
	constants, tags := 0, 0
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", filepath.Dir(path))
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if !isRuleType(n.Type) {
					return true
				}
				for i, v := range n.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					constants++
					value, _ := strconv.Unquote(lit.Value)
					if !listed[rel][bondgenoten.Rule(value)] {
						t.Errorf("%s: rule %s (%q) is missing from the Rules() list of %s", fset.Position(v.Pos()), n.Names[i].Name, value, rel)
					}
				}
			case *ast.Field:
				if n.Tag == nil {
					return true
				}
				tag, _ := strconv.Unquote(n.Tag.Value)
				spec, ok := reflect.StructTag(tag).Lookup("validate")
				if !ok {
					return true
				}
				for _, part := range strings.Split(spec, ",") {
					name, _, _ := strings.Cut(part, "=")
					if modifiers[name] {
						continue
					}
					tags++
					if !listed["."][bondgenoten.Rule(name)] {
						t.Errorf("%s: validate tag %q is no rule of bondgenoten.Rules()", fset.Position(n.Pos()), name)
					}
				}
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok && key.Name == "Rule" && isStringLit(n.Value) {
					t.Errorf("%s: Rule: %s; use the rule's constant", fset.Position(n.Pos()), n.Value.(*ast.BasicLit).Value)
				}
			case *ast.CallExpr:
				if callName(n.Fun) == "Invalid" && len(n.Args) == 3 && isStringLit(n.Args[1]) {
					t.Errorf("%s: Invalid(…, %s, …); use the rule's constant", fset.Position(n.Pos()), n.Args[1].(*ast.BasicLit).Value)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if constants < 40 || tags < 50 {
		t.Fatalf("found only %d rule constants and %d validate tags: the scan is broken", constants, tags)
	}
}

// isRuleType: the type expression Rule or bondgenoten.Rule.
func isRuleType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "Rule"
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "bondgenoten" && e.Sel.Name == "Rule"
	}
	return false
}

func isStringLit(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

func callName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}
