package authz

import (
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten/tenant"
)

// Role is what a user may be in a tenant. Roles are stored per user in
// role_assignments, except Overseer, which is derived from oversight.
type Role string

const (
	// Held in municipality and police-unit tenants.
	Coordinator   Role = "coordinator"
	Staff         Role = "staff"
	CrisisLiaison Role = "crisis-liaison"
	TenantAdmin   Role = "tenant-admin"
	// Held in bureau tenants.
	BureauAdvisor Role = "bureau-advisor"
	BureauAdmin   Role = "bureau-admin"
	// Held in the platform tenant.
	Operator Role = "operator"
	// Overseer is derived, never stored: a bureau-advisor or bureau-admin of
	// bureau B holds it in every tenant B oversees today.
	Overseer Role = "overseer"
)

type roleInfo struct {
	role   Role
	nl, en string
	kinds  []tenant.Kind // tenant kinds it may be stored in; none for a derived role
}

// roles is the catalogue. A role's position is its bit in a compiled grant.
var roles = []roleInfo{
	{Coordinator, "Coördinator", "Coordinator", []tenant.Kind{tenant.KindMunicipality, tenant.KindPoliceUnit}},
	{Staff, "Medewerker", "Staff member", []tenant.Kind{tenant.KindMunicipality, tenant.KindPoliceUnit}},
	{CrisisLiaison, "Contactpersoon crisisorganisatie", "Crisis-organisation liaison", []tenant.Kind{tenant.KindMunicipality, tenant.KindPoliceUnit}},
	{TenantAdmin, "Beheerder organisatie", "Organisation administrator", []tenant.Kind{tenant.KindMunicipality, tenant.KindPoliceUnit}},
	{BureauAdvisor, "Adviseur bureau", "Bureau advisor", []tenant.Kind{tenant.KindBureau}},
	{BureauAdmin, "Beheerder bureau", "Bureau administrator", []tenant.Kind{tenant.KindBureau}},
	{Operator, "Platformbeheerder", "Platform operator", []tenant.Kind{tenant.KindPlatform}},
	{Overseer, "Begeleidend adviseur (bureau)", "Overseeing advisor (bureau)", nil},
}

var roleIndex = func() map[Role]uint8 {
	m := make(map[Role]uint8, len(roles))
	for i, r := range roles {
		m[r.role] = uint8(i)
	}
	return m
}()

// AllRoles lists every role of the catalogue, Overseer included, in
// catalogue order.
func AllRoles() []Role {
	out := make([]Role, len(roles))
	for i, r := range roles {
		out[i] = r.role
	}
	return out
}

// RolesFor lists the roles a user of a tenant of kind may be assigned (the
// storable ones; never Overseer), in catalogue order. Unknown kinds hold none.
func RolesFor(kind tenant.Kind) []Role {
	var out []Role
	for _, r := range roles {
		if slices.Contains(r.kinds, kind) {
			out = append(out, r.role)
		}
	}
	return out
}

// Valid reports whether r is a role of the catalogue, Overseer included. To
// check a role before storing it use Assignable, which rejects Overseer and
// roles of another tenant kind.
func Valid(r Role) bool {
	_, ok := roleIndex[r]
	return ok
}

// Assignable reports whether r may be stored for a user of a tenant of kind.
// Assignments that break this rule are ignored (and logged) when the policy
// loads.
func Assignable(kind tenant.Kind, r Role) bool {
	i, ok := roleIndex[r]
	return ok && slices.Contains(roles[i].kinds, kind)
}

// SeesPersonalData reports whether r may read allies' contact data or
// special-category attributes in any form (also only during a crisis):
// gaining such a role is something the person and the coordinators are
// told about.
func (r Role) SeesPersonalData() bool { return personalDataRoles[r] }

// personalDataRoles is read from the embedded rules, so it cannot drift
// from them.
var personalDataRoles = func() map[Role]bool {
	out := map[Role]bool{}
	for _, line := range strings.Split(policyCSV, "\n") {
		f := strings.Split(line, ",")
		if len(f) != 4 || strings.TrimSpace(f[0]) != "p" {
			continue
		}
		switch Category(strings.TrimSpace(f[2])) {
		case Contacts, Sensitive:
			out[Role(strings.TrimSpace(f[1]))] = true
		}
	}
	return out
}()

// Derived reports whether r is computed from other data and never stored.
func (r Role) Derived() bool { return r == Overseer }

// Label returns the role's name for people: English when lang is English,
// Dutch otherwise (the default). Unknown roles return their identifier.
func (r Role) Label(lang language.Tag) string {
	i, ok := roleIndex[r]
	if !ok {
		return string(r)
	}
	if base, _ := lang.Base(); base.String() == "en" {
		return roles[i].en
	}
	return roles[i].nl
}

// Category is a kind of data, as docs/design.md §4 lists them, plus tenants and
// self.
type Category string

const (
	Org         Category = "org"         // network, partners, meeting dates, cadence
	Contacts    Category = "contacts"    // ally identity and contact data
	Sensitive   Category = "sensitive"   // special-category attributes (GDPR art. 9)
	Signals     Category = "signals"     // signal content
	Tension     Category = "tension"     // aggregated tension levels
	Minutes     Category = "minutes"     // minutes and actions
	Evaluations Category = "evaluations" // half-yearly evaluations
	Onboarding  Category = "onboarding"  // network introductions of new colleagues
	Admin       Category = "admin"       // users, roles, SSO settings
	Audit       Category = "audit"       // the audit trail
	Oversight   Category = "oversight"   // health figures across tenants
	Peers       Category = "peers"       // peer introductions
	Tenants     Category = "tenants"     // tenant provisioning (operator); no network content
	Self        Category = "self"        // the user's own profile and sessions
)

var categories = []Category{
	Org, Contacts, Sensitive, Signals, Tension, Minutes, Evaluations,
	Onboarding, Admin, Audit, Oversight, Peers, Tenants, Self,
}

var categoryIndex = indexOf(categories)

// AllCategories lists every category.
func AllCategories() []Category { return slices.Clone(categories) }

// Audited reports whether access to c is written to the audit trail: ally
// contact data, special-category attributes and signal content.
func Audited(c Category) bool {
	return c == Contacts || c == Sensitive || c == Signals
}

// Action is what a user does with a category. Read and Write are the plain
// actions; the others are narrower forms for roles that may only do part of
// it. A rule grants exactly its own action: Write does not imply Read, and
// Read does not imply ReadOwn. Callers check the plain action first and fall
// back to the narrow form that fits the object, for example:
//
//	e.Allowed(u, t, Signals, Write) || (mine && e.Allowed(u, t, Signals, WriteOwn))
type Action string

const (
	Read  Action = "read"
	Write Action = "write"
	// ReadOwn and WriteOwn: only objects the user created or that are about
	// the user (staff: own signals, own onboarding programme).
	ReadOwn  Action = "read-own"
	WriteOwn Action = "write-own"
	// ReadShared: only signals shared with the crisis organisation.
	ReadShared Action = "read-shared"
	// ReadCrisis: only while a crisis is active in the network (the caller
	// knows whether one is).
	ReadCrisis Action = "read-crisis"
	// ReadAggregate: aggregated figures only, no signal content (overseer, tension).
	ReadAggregate Action = "read-aggregate"
	// ReadSummary: the outcome of evaluations, not per-ally detail (overseer).
	ReadSummary Action = "read-summary"
	// ReadProgress: how far onboarding programmes are, not their notes (overseer).
	ReadProgress Action = "read-progress"
	// Manage: create, change and end oversight relations (bureau-admin).
	Manage Action = "manage"
	// Export: take the data out of the product as a file (coordinators, ally
	// lists); reading on screen does not imply it.
	Export Action = "export"
)

var actions = []Action{
	Read, Write, ReadOwn, WriteOwn, ReadShared, ReadCrisis,
	ReadAggregate, ReadSummary, ReadProgress, Manage, Export,
}

var actionIndex = indexOf(actions)

// AllActions lists every action.
func AllActions() []Action { return slices.Clone(actions) }

func indexOf[T ~string](list []T) map[T]uint8 {
	m := make(map[T]uint8, len(list))
	for i, v := range list {
		m[v] = uint8(i)
	}
	return m
}

// Sizes of the compiled tables: a grant keeps one bit per role and, per
// category, one bit per action.
const (
	numRoles      = 8
	numCategories = 14
)

func init() {
	if len(roles) != numRoles || len(categories) != numCategories || len(actions) > 16 {
		panic("authz: catalogue sizes do not match numRoles/numCategories, or more than 16 actions")
	}
}
