package bondgenoten_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Every table has one owning package (docs/architecture.md, "Who owns
// which table"). Other packages ask the owner through a function, batched
// where it serves a list. This test reads every non-test Go file and fails
// where a package's SQL text — a string literal that names a table after
// FROM, JOIN, INTO, UPDATE or TABLE, a bun "table:" tag, or the argument of
// Table, TableExpr, ModelTableExpr or Join — mentions a table another
// package owns. Exempt are store (migrations, River, the version bump of
// the transaction helper), cmd, demo (the seed) and test support (…test/).

// tableOwner is the owning package of every table in store/migrations.
var tableOwner = map[string]string{
	"tenants": "tenant", "oversight": "tenant",
	"tenant_oidc": "identity", "tenant_email_domains": "identity", "tenant_oidc_proposals": "identity",
	"users": "identity", "role_assignments": "identity", "sessions": "identity", "login_attempts": "identity",
	"policy_version": "authz", "audit_events": "authz",
	"networks": "network", "network_partners": "network",
	"allies": "ally", "ally_owners": "ally", "network_focus": "ally",
	"meetings": "meeting", "meeting_invitees": "meeting", "agenda_items": "meeting",
	"meeting_attendance": "meeting", "meeting_decisions": "meeting", "actions": "meeting",
	"meeting_cadence_alerts": "meeting",
	"calendar_feeds":         "calendar",
	"health_snapshots":       "health",
	"notifications":          "notify", "notification_preferences": "notify", "mail_outbox": "notify",
	"signals": "signal", "signal_themes": "signal", "signal_actions": "signal", "mood_pictures": "signal",
	"evaluations": "evaluation", "evaluation_allies": "evaluation", "evaluation_points": "evaluation",
	"introduction_people": "introduction", "introduction_programmes": "introduction",
	"introduction_contacts": "introduction", "introduction_steps": "introduction",
}

var tableOwnerExempt = []string{"store", "cmd", "demo", "frontend"}

// tableOwnerAllowed lists the statements that must read another package's
// table in one statement, as "file:table" with the reason. Statuses and
// roles in them still come from the owner's constants. An entry that
// matches nothing fails the test.
var tableOwnerAllowed = map[string]string{
	// The policy load: stored and derived roles from one consistent view.
	"authz/adapter.go:role_assignments": authzLoad,
	"authz/adapter.go:users":            authzLoad,
	"authz/adapter.go:tenants":          authzLoad,
	"authz/adapter.go:oversight":        authzLoad,
	// The nightly snapshot: all figures of all tenants in one statement.
	"health/health.go:tenants":          healthTake,
	"health/health.go:oversight":        healthTake,
	"health/health.go:network_partners": healthTake,
	"health/health.go:allies":           healthTake,
	"health/health.go:meetings":         healthTake,
	"health/health.go:actions":          healthTake,
}

const (
	authzLoad = "the policy loader reads role assignments, users, tenants and oversight in one statement, " +
		"so stored and derived roles come from one consistent view (authz cannot import identity)"
	healthTake = "a snapshot counts every figure of every tenant in one statement: one consistent view, one round trip"
)

var sqlTableRef = regexp.MustCompile(`(?i)\b(?:from|join|into|update|table|exists)\s+\(?\s*([a-z_]+)\b`)

// tablesIn returns the tables a string of SQL text names; whole is true
// when the string is a table expression itself ("users AS u").
func tablesIn(s string, whole bool) []string {
	var out []string
	for _, m := range sqlTableRef.FindAllStringSubmatch(s, -1) {
		if _, ok := tableOwner[strings.ToLower(m[1])]; ok {
			out = append(out, strings.ToLower(m[1]))
		}
	}
	if whole {
		fields := strings.Fields(s)
		if len(fields) > 0 {
			if _, ok := tableOwner[strings.ToLower(fields[0])]; ok {
				out = append(out, strings.ToLower(fields[0]))
			}
		}
	}
	return out
}

var bunTableTag = regexp.MustCompile(`\bbun:"table:([a-z_]+)`)

func checkTableOwners(fset *token.FileSet, rel, pkg string, f *ast.File, used map[string]bool) []string {
	var out []string
	flag := func(n ast.Node, table string) {
		owner := tableOwner[table]
		if owner == pkg {
			return
		}
		key := rel + ":" + table
		if _, ok := tableOwnerAllowed[key]; ok {
			used[key] = true
			return
		}
		out = append(out, fmt.Sprintf("%s: package %s names table %s, which %s owns — ask %s through a (batched) function; "+
			"if one statement is essential, add %q with a reason to tableOwnerAllowed in tableowner_test.go",
			fset.Position(n.Pos()), pkg, table, owner, owner, key))
	}
	whole := map[*ast.BasicLit]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Table", "TableExpr", "ModelTableExpr", "Join":
					if len(n.Args) > 0 {
						if lit, ok := n.Args[0].(*ast.BasicLit); ok {
							whole[lit] = true
						}
					}
				}
			}
		case *ast.Field:
			if n.Tag != nil {
				for _, m := range bunTableTag.FindAllStringSubmatch(n.Tag.Value, -1) {
					if _, ok := tableOwner[m[1]]; ok {
						flag(n.Tag, m[1])
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil {
				return true
			}
			for _, table := range tablesIn(s, whole[n]) {
				flag(n, table)
			}
		}
		return true
	})
	return out
}

func TestTablesAreReadByTheirOwner(t *testing.T) {
	used := map[string]bool{}
	var found []string
	eachDomainFile(t, tableOwnerExempt, func(fset *token.FileSet, path, pkg string, f *ast.File) {
		found = append(found, checkTableOwners(fset, path, pkg, f, used)...)
	})
	for _, v := range found {
		t.Errorf("%s", v)
	}
	for key := range tableOwnerAllowed {
		if !used[key] {
			t.Errorf("tableOwnerAllowed entry %q matches nothing any more: remove it", key)
		}
	}
}

// TestTableOwnerCheckCatches plants the violations the check exists for.
func TestTableOwnerCheckCatches(t *testing.T) {
	cases := map[string]string{
		"join":       `package x; func f() { q.Join("JOIN users AS u ON u.id = o.user_id") }`,
		"table expr": `package x; func f() { q.TableExpr("role_assignments AS ra") }`,
		"subquery":   `package x; func f() { q.Where("EXISTS (SELECT 1 FROM tenants AS t WHERE t.id = x)") }`,
		"raw":        "package x; const q = `SELECT n.id FROM networks AS n`",
		"model tag":  "package x; type row struct { bun.BaseModel `bun:\"table:sessions\"` }",
		"update":     `package x; func f() { tx.NewRaw("UPDATE users SET status = ?", s) }`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "meeting/x.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := checkTableOwners(fset, "meeting/x.go", "meeting", f, map[string]bool{}); len(got) == 0 {
				t.Errorf("no violation found in\n%s", src)
			}
		})
	}
	ok := `package x
func f() {
	q.TableExpr("meetings AS m").Join("JOIN actions AS a ON a.meeting_id = m.id")
	_ = bondgenoten.Invalid("users", "owner_not_in_partner", "")
	_ = "the network's allies and meetings"
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "meeting/x.go", ok, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := checkTableOwners(fset, "meeting/x.go", "meeting", f, map[string]bool{}); len(got) != 0 {
		t.Errorf("own tables flagged: %v", got)
	}
}
