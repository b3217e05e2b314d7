package authz_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// design transcribes docs/design.md §4, one row per role, as granted in the tenant
// where the role is held: R = read, W = write, RW = both, other actions by
// name, joined with "+". What a row does not name is denied. Independent of
// policy.csv on purpose: the test checks the policy against this table.
// Exporting ally lists is the coordinators' (the networks issue: "export
// CSV/XLSX (coordinators only)"), a narrower right than reading them.
var design = []struct {
	role   authz.Role
	grants string
}{
	{authz.Coordinator, "org:RW contacts:RW+export+read-crisis sensitive:RW signals:RW tension:R minutes:RW evaluations:RW onboarding:RW oversight:R peers:R self:RW"},
	{authz.Staff, "org:R contacts:R signals:R+write-own tension:R minutes:R evaluations:R onboarding:read-own+write-own self:RW"},
	{authz.CrisisLiaison, "org:R contacts:read-crisis signals:read-shared tension:R self:RW"},
	{authz.TenantAdmin, "org:R tension:R evaluations:R onboarding:R admin:RW audit:R self:RW"},
	{authz.BureauAdvisor, "org:R oversight:RW peers:RW self:RW"},
	{authz.BureauAdmin, "org:R oversight:RW+manage peers:RW admin:RW audit:R self:RW"},
	{authz.Operator, "tenants:RW admin:RW audit:R self:RW"},
	{authz.Overseer, "org:R tension:read-aggregate evaluations:read-summary onboarding:read-progress"},
}

// permission is one (category, action) pair.
type permission struct {
	c authz.Category
	a authz.Action
}

// expected parses the design table into the set each role is granted.
func expected(t *testing.T) map[authz.Role]map[permission]bool {
	t.Helper()
	out := map[authz.Role]map[permission]bool{}
	for _, row := range design {
		set := map[permission]bool{}
		for _, field := range strings.Fields(row.grants) {
			c, acts, ok := strings.Cut(field, ":")
			if !ok || !slices.Contains(authz.AllCategories(), authz.Category(c)) {
				t.Fatalf("design table, %s: bad entry %q", row.role, field)
			}
			for _, a := range strings.Split(acts, "+") {
				var list []authz.Action
				switch a {
				case "R":
					list = []authz.Action{authz.Read}
				case "W":
					list = []authz.Action{authz.Write}
				case "RW":
					list = []authz.Action{authz.Read, authz.Write}
				default:
					if !slices.Contains(authz.AllActions(), authz.Action(a)) {
						t.Fatalf("design table, %s: unknown action %q", row.role, a)
					}
					list = []authz.Action{authz.Action(a)}
				}
				for _, act := range list {
					set[permission{authz.Category(c), act}] = true
				}
			}
		}
		out[row.role] = set
	}
	for _, r := range authz.AllRoles() {
		if out[r] == nil {
			t.Fatalf("design table has no row for role %s", r)
		}
	}
	return out
}

// TestMatrix checks every role × category × action in the user's own
// tenant, in tenants overseen (by the user's bureau, or by some bureau for
// everyone else) and in foreign tenants, against the design table; and that
// Casbin itself, asked directly, agrees with the compiled table.
func TestMatrix(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		want := expected(t)
		v := newEnv(t, db)
		since := bondgenoten.Today().AddDays(-10)

		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		otherBureau := v.tenant("politie-voor-iedereen", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		police := v.tenant("basisteam-utrecht", tenant.KindPoliceUnit)
		foreign := v.tenant("veenendaal", tenant.KindMunicipality)
		platform := v.tenant("platform", tenant.KindPlatform)
		v.oversee(bureau, muni, since, nil)
		v.oversee(bureau, police, since, nil)
		v.oversee(otherBureau, police, since, nil)
		v.oversee(otherBureau, foreign, since, nil)

		// One user per role and home tenant; local roles in both local kinds.
		type subject struct {
			role     authz.Role
			user     uuid.UUID
			own      uuid.UUID
			overseen []uuid.UUID // overseen by the user's bureau, or by a bureau unrelated to the user
			foreign  []uuid.UUID
		}
		var subjects []subject
		for _, home := range []struct {
			id, other uuid.UUID
			kind      tenant.Kind
		}{{muni, police, tenant.KindMunicipality}, {police, muni, tenant.KindPoliceUnit}} {
			for _, r := range authz.RolesFor(home.kind) {
				subjects = append(subjects, subject{r, v.user(home.id, "active", r), home.id,
					[]uuid.UUID{home.other, foreign}, []uuid.UUID{bureau, otherBureau, platform}})
			}
		}
		for _, r := range authz.RolesFor(tenant.KindBureau) {
			subjects = append(subjects, subject{r, v.user(bureau, "active", r), bureau,
				[]uuid.UUID{muni, police}, []uuid.UUID{foreign, otherBureau, platform}})
		}
		for _, r := range authz.RolesFor(tenant.KindPlatform) {
			subjects = append(subjects, subject{r, v.user(platform, "active", r), platform,
				[]uuid.UUID{muni, police, foreign}, []uuid.UUID{bureau, otherBureau}})
		}
		covered := map[authz.Role]bool{authz.Overseer: true}
		for _, s := range subjects {
			covered[s.role] = true
		}
		for _, r := range authz.AllRoles() {
			if !covered[r] {
				t.Fatalf("no tenant kind holds role %s", r)
			}
		}

		e := v.enforcer()
		isBureauRole := func(r authz.Role) bool { return r == authz.BureauAdvisor || r == authz.BureauAdmin }
		checks := 0
		check := func(s subject, where string, tenantID uuid.UUID, grants map[permission]bool, roles []authz.Role) {
			t.Helper()
			for _, c := range authz.AllCategories() {
				for _, a := range authz.AllActions() {
					got := e.Allowed(s.user, tenantID, c, a)
					if w := grants[permission{c, a}]; got != w {
						t.Errorf("%s in %s tenant: %s %s = %v; want %v", s.role, where, c, a, got, w)
					}
					if viaCasbin := e.CasbinAllowed(s.user, tenantID, c, a); viaCasbin != got {
						t.Errorf("%s in %s tenant: %s %s: compiled %v, Casbin %v", s.role, where, c, a, got, viaCasbin)
					}
					checks++
				}
			}
			if got := e.Reaches(s.user, tenantID); got != (len(roles) > 0) {
				t.Errorf("%s: Reaches(%s tenant) = %v; want %v", s.role, where, got, len(roles) > 0)
			}
			if got := e.Roles(s.user, tenantID); !slices.Equal(got, roles) {
				t.Errorf("%s: Roles(%s tenant) = %v; want %v", s.role, where, got, roles)
			}
		}
		for _, s := range subjects {
			check(s, "own", s.own, want[s.role], []authz.Role{s.role})
			for _, o := range s.overseen {
				if isBureauRole(s.role) {
					check(s, "overseen", o, want[authz.Overseer], []authz.Role{authz.Overseer})
				} else {
					check(s, "overseen", o, nil, nil)
				}
			}
			for _, f := range s.foreign {
				check(s, "foreign", f, nil, nil)
			}
		}
		t.Logf("%d checks on %d subjects", checks, len(subjects))
	})
}

// TestPolicyFileMatchesDesign compares policy.csv line by line with the
// design table, so an extra or missing rule names itself.
func TestPolicyFileMatchesDesign(t *testing.T) {
	want := expected(t)
	got := map[string]bool{}
	for line := range strings.Lines(authz.PolicyCSV) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) != 4 || f[0] != "p" {
			t.Fatalf("policy.csv: unexpected line %q", line)
		}
		key := strings.Join(f[1:], " ")
		if got[key] {
			t.Errorf("policy.csv: duplicate rule %q", line)
		}
		got[key] = true
		if !want[authz.Role(f[1])][permission{authz.Category(f[2]), authz.Action(f[3])}] {
			t.Errorf("policy.csv grants %q, which docs/design.md §4 does not", line)
		}
	}
	for r, set := range want {
		for p := range set {
			if !got[fmt.Sprintf("%s %s %s", r, p.c, p.a)] {
				t.Errorf("policy.csv lacks p, %s, %s, %s", r, p.c, p.a)
			}
		}
	}
}

// TestRolesCombine checks that a user with several roles gets the union,
// and that a bureau user who is advisor and admin holds overseer once.
func TestRolesCombine(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		v.oversee(bureau, muni, bondgenoten.Today(), nil)
		both := v.user(muni, "active", authz.Staff, authz.TenantAdmin)
		bureauBoth := v.user(bureau, "active", authz.BureauAdvisor, authz.BureauAdmin)
		e := v.enforcer()

		if got, want := e.Roles(both, muni), []authz.Role{authz.Staff, authz.TenantAdmin}; !slices.Equal(got, want) {
			t.Fatalf("Roles = %v; want %v", got, want)
		}
		for _, p := range []permission{{authz.Signals, authz.WriteOwn}, {authz.Admin, authz.Write}, {authz.Audit, authz.Read}, {authz.Contacts, authz.Read}} {
			if !e.Allowed(both, muni, p.c, p.a) {
				t.Errorf("staff+tenant-admin: %s %s denied; want allowed", p.c, p.a)
			}
		}
		if e.Allowed(both, muni, authz.Sensitive, authz.Read) {
			t.Error("staff+tenant-admin: sensitive read allowed; want denied")
		}
		if got, want := e.Roles(bureauBoth, bureau), []authz.Role{authz.BureauAdmin, authz.BureauAdvisor}; !slices.Equal(got, want) {
			t.Fatalf("Roles in bureau = %v; want %v", got, want)
		}
		if got, want := e.Roles(bureauBoth, muni), []authz.Role{authz.Overseer}; !slices.Equal(got, want) {
			t.Fatalf("Roles in overseen = %v; want %v", got, want)
		}
	})
}

// TestInvalidAssignmentsAreIgnored: a role stored in a tenant of the wrong
// kind, a stored overseer, an unknown role, or a role in another tenant than
// the user's own grants nothing.
func TestInvalidAssignmentsAreIgnored(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		other := v.tenant("zeist", tenant.KindMunicipality)
		platform := v.tenant("platform", tenant.KindPlatform)
		v.oversee(bureau, muni, bondgenoten.Today(), nil)

		cases := map[string]struct{ user, tenant uuid.UUID }{
			"coordinator in a bureau":          {v.user(bureau, "active", authz.Coordinator), bureau},
			"operator in a municipality":       {v.user(muni, "active", authz.Operator), muni},
			"bureau-advisor in a municipality": {v.user(other, "active", authz.BureauAdvisor), muni},
			"stored overseer":                  {v.user(muni, "active", authz.Overseer), muni},
			"unknown role":                     {v.user(muni, "active", authz.Role("superuser")), muni},
			"coordinator in a platform":        {v.user(platform, "active", authz.Coordinator), platform},
		}
		// A role assigned in another tenant than the user's own.
		stray := v.user(muni, "active")
		v.assign(stray, other, authz.Coordinator)
		cases["role outside the user's tenant"] = struct{ user, tenant uuid.UUID }{stray, other}

		e := v.enforcer()
		for name, c := range cases {
			if e.Reaches(c.user, c.tenant) || allowedAnything(e, c.user, c.tenant) != "" {
				t.Errorf("%s: reaches or is allowed something; want nothing", name)
			}
		}
		// The municipal "bureau-advisor" must not derive overseer either.
		bad := cases["bureau-advisor in a municipality"].user
		if e.Reaches(bad, muni) || e.Reaches(bad, other) {
			t.Error("bureau-advisor stored in a municipality reaches something")
		}
	})
}
