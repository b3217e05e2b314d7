package devidp

// DemoTenant is a demo organisation, as far as the demo users need to know it.
// Kind is one of "bureau", "municipality", "police_unit" or "platform".
type DemoTenant struct{ Slug, Kind string }

// demoRole is a role of a demo account and its Dutch display name.
type demoRole struct{ role, title string }

var (
	localRoles = []demoRole{
		{"coordinator", "Coördinator"},
		{"staff", "Medewerker"},
		{"crisis-liaison", "Contactpersoon crisisorganisatie"},
		{"tenant-admin", "Beheerder"},
	}
	demoRoles = map[string][]demoRole{
		"municipality": localRoles,
		"police_unit":  localRoles,
		"bureau": {
			{"bureau-advisor", "Adviseur"},
			{"bureau-admin", "Beheerder bureau"},
		},
		"platform": {
			{"operator", "Platformoperator"},
		},
	}
)

// DemoUsers returns one fictional account per role for each tenant, in the order of the
// tenants: for municipalities and police units coordinator, staff, crisis-liaison and
// tenant-admin; for bureaus bureau-advisor and bureau-admin; for the platform operator.
// The email is <role>@<slug>.demo, the groups claim [<role>], the subject
// "demo|<email>" and the name e.g. "Coördinator (demo) — utrecht". Tenants of an
// unknown kind get no accounts.
func DemoUsers(tenants []DemoTenant) []User {
	var users []User
	for _, t := range tenants {
		for _, r := range demoRoles[t.Kind] {
			email := r.role + "@" + t.Slug + ".demo"
			users = append(users, User{
				Subject:    "demo|" + email,
				Email:      email,
				Name:       r.title + " (demo) — " + t.Slug,
				Groups:     []string{r.role},
				TenantSlug: t.Slug,
			})
		}
	}
	return users
}
