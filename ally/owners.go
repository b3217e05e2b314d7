package ally

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// OwnerInput names who keeps in touch with an ally for one partner
// organisation (relatiebeheerder). Each side of the network has its own, so
// an ally is not lost when one organisation's staff changes.
type OwnerInput struct {
	Tenant string    `json:"tenant" validate:"required,max=63"` // the partner's slug
	UserID uuid.UUID `json:"userId" validate:"required"`
}

// Owner is a relationship owner as shown.
type Owner struct {
	Tenant string    `json:"tenant"`
	UserID uuid.UUID `json:"userId"`
	Name   string    `json:"name"`
}

type ownerRow struct {
	bun.BaseModel `bun:"table:ally_owners"`

	AllyID   uuid.UUID `bun:"ally_id,pk,type:uuid"`
	TenantID uuid.UUID `bun:"tenant_id,pk,type:uuid"`
	UserID   uuid.UUID `bun:"user_id,type:uuid"`
}

// ownerRoles are the roles that work with allies; an admin or crisis
// liaison does not own relationships.
var ownerRoles = []string{string(authz.Coordinator), string(authz.Staff)}

// writeOwners replaces an ally's relationship owners. Each must be an active
// coordinator or staff member of an active partner of the network, one per
// partner. Users, roles, tenants and partners are read from their owners,
// each in one query for all owners.
func writeOwners(ctx context.Context, tx bun.Tx, networkID, allyID uuid.UUID, owners []OwnerInput) error {
	rows := make([]ownerRow, 0, len(owners))
	seen := map[uuid.UUID]bool{}
	var slugs []string
	var userIDs []uuid.UUID
	for _, o := range owners {
		slugs = append(slugs, o.Tenant)
		userIDs = append(userIDs, o.UserID)
	}
	var tenants map[string]*tenant.Tenant
	var partners map[uuid.UUID][]uuid.UUID
	var users map[uuid.UUID]*identity.User
	var roles map[uuid.UUID][]string
	if len(owners) > 0 {
		var err error
		if tenants, err = tenant.TenantsBySlugIn(ctx, tx, slugs); err != nil {
			return err
		}
		if partners, err = network.ActivePartnersIn(ctx, tx, []uuid.UUID{networkID}); err != nil {
			return err
		}
		if users, err = identity.UsersIn(ctx, tx, userIDs); err != nil {
			return err
		}
		if roles, err = identity.RolesIn(ctx, tx, userIDs); err != nil {
			return err
		}
	}
	for _, o := range owners {
		t, u := tenants[o.Tenant], users[o.UserID]
		if t == nil || u == nil || u.TenantID != t.ID || u.Status != identity.StatusActive ||
			!slices.Contains(partners[networkID], t.ID) ||
			!slices.ContainsFunc(roles[u.ID], func(r string) bool { return slices.Contains(ownerRoles, r) }) {
			return bondgenoten.Invalid("relationshipOwners", RuleOwnerNotInPartner, o.Tenant)
		}
		if seen[t.ID] {
			return bondgenoten.Invalid("relationshipOwners", RuleOnePerPartner, o.Tenant)
		}
		seen[t.ID] = true
		rows = append(rows, ownerRow{AllyID: allyID, TenantID: t.ID, UserID: o.UserID})
	}
	if _, err := tx.NewDelete().Model((*ownerRow)(nil)).Where("ally_id = ?", allyID).Exec(ctx); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// OwnersOf returns the relationship owners of allies, by ally, ordered by
// partner name.
func (s *Service) OwnersOf(ctx context.Context, allyIDs []uuid.UUID) (map[uuid.UUID][]Owner, error) {
	out := map[uuid.UUID][]Owner{}
	if len(allyIDs) == 0 {
		return out, nil
	}
	var rows []ownerRow
	if err := s.DB.For(ctx).NewSelect().Model(&rows).Where("ally_id IN (?)", bun.In(allyIDs)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var tenantIDs, userIDs []uuid.UUID
	for _, r := range rows {
		tenantIDs = append(tenantIDs, r.TenantID)
		userIDs = append(userIDs, r.UserID)
	}
	// Names come from their owners: one query each for all allies.
	tenants, err := tenant.TenantsIn(ctx, s.DB.For(ctx), tenantIDs)
	if err != nil {
		return nil, err
	}
	users, err := identity.UsersIn(ctx, s.DB.For(ctx), userIDs)
	if err != nil {
		return nil, err
	}
	type named struct {
		allyID  uuid.UUID
		partner string
		owner   Owner
	}
	var list []named
	for _, r := range rows {
		t, u := tenants[r.TenantID], users[r.UserID]
		if t == nil || u == nil {
			continue // the inner join of before
		}
		list = append(list, named{r.AllyID, t.Name, Owner{Tenant: t.Slug, UserID: u.ID, Name: u.Name}})
	}
	// Ordered by partner name, then owner name.
	slices.SortStableFunc(list, func(a, b named) int {
		return cmp.Or(strings.Compare(a.partner, b.partner), strings.Compare(a.owner.Name, b.owner.Name))
	})
	for _, n := range list {
		out[n.allyID] = append(out[n.allyID], n.owner)
	}
	return out, nil
}
