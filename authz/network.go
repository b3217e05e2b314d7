package authz

import (
	"slices"

	"github.com/google/uuid"
)

// Networks span tenants: a network's partners are tenants, each with its
// own grants. These are the rules for a network, in one place, for the
// API's enforcement point and for what the API tells the web app.

// Reads reports whether a is a way of reading (read and its narrow forms).
func (a Action) Reads() bool {
	switch a {
	case Read, ReadOwn, ReadShared, ReadCrisis, ReadAggregate, ReadSummary, ReadProgress:
		return true
	}
	return false
}

// ReachesNetwork reports whether the network with these active partners is
// in the user's reach: one of them is the user's own tenant (ownTenant) or
// a tenant they hold a role in (overseen by their bureau).
func (e *Enforcer) ReachesNetwork(userID, ownTenant uuid.UUID, partners []uuid.UUID) bool {
	for _, p := range partners {
		if p == ownTenant || e.Reaches(userID, p) {
			return true
		}
	}
	return false
}

// AllowedInNetwork reports whether the user may do a with c in the network
// with these active partners. Reading needs the permission in one of the
// partners (a bureau overseeing a partner reads org data); anything else —
// writing, exporting — needs it in the user's own tenant, which must itself
// be a partner: a bureau never edits a network, and one partner's people
// never act for another.
func (e *Enforcer) AllowedInNetwork(userID, ownTenant uuid.UUID, partners []uuid.UUID, c Category, a Action) bool {
	if !a.Reads() {
		return slices.Contains(partners, ownTenant) && e.Allowed(userID, ownTenant, c, a)
	}
	for _, p := range partners {
		if e.Allowed(userID, p, c, a) {
			return true
		}
	}
	return false
}

// NetworkPermissions lists, per category, what the user may do in the
// network with these active partners: what the web app shows, decided here
// and nowhere else.
func (e *Enforcer) NetworkPermissions(userID, ownTenant uuid.UUID, partners []uuid.UUID) map[string][]string {
	out := map[string][]string{}
	for _, c := range categories {
		for _, a := range actions {
			if e.AllowedInNetwork(userID, ownTenant, partners, c, a) {
				out[string(c)] = append(out[string(c)], string(a))
			}
		}
	}
	return out
}

// Reach lists the tenants other than the user's own in which they hold a
// role (through their bureau's oversight).
func (e *Enforcer) Reach(userID, ownTenant uuid.UUID) []uuid.UUID {
	var out []uuid.UUID
	for _, t := range e.cur.Load().reach[userID] {
		if t != ownTenant {
			out = append(out, t)
		}
	}
	return out
}
