package ally

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
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
var ownerRoles = []string{"coordinator", "staff"}

// writeOwners replaces an ally's relationship owners. Each must be an active
// coordinator or staff member of an active partner of the network, one per
// partner.
func writeOwners(ctx context.Context, tx bun.Tx, networkID, allyID uuid.UUID, owners []OwnerInput) error {
	rows := make([]ownerRow, 0, len(owners))
	seen := map[uuid.UUID]bool{}
	for _, o := range owners {
		var found []struct {
			TenantID uuid.UUID `bun:"tenant_id"`
		}
		err := tx.NewSelect().TableExpr("users AS u").ColumnExpr("u.tenant_id").
			Join("JOIN tenants AS t ON t.id = u.tenant_id").
			Join("JOIN network_partners AS p ON p.tenant_id = t.id AND p.network_id = ? AND p.left_at IS NULL", networkID).
			Where("t.slug = ? AND u.id = ? AND u.status = 'active'", o.Tenant, o.UserID).
			Where("EXISTS (SELECT 1 FROM role_assignments AS ra WHERE ra.user_id = u.id AND ra.tenant_id = u.tenant_id AND ra.role IN (?))", bun.In(ownerRoles)).
			Scan(ctx, &found)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return bondgenoten.Invalid("relationshipOwners", RuleOwnerNotInPartner, o.Tenant)
		}
		if seen[found[0].TenantID] {
			return bondgenoten.Invalid("relationshipOwners", RuleOnePerPartner, o.Tenant)
		}
		seen[found[0].TenantID] = true
		rows = append(rows, ownerRow{AllyID: allyID, TenantID: found[0].TenantID, UserID: o.UserID})
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
	var rows []struct {
		AllyID uuid.UUID `bun:"ally_id"`
		Owner
	}
	err := s.DB.For(ctx).NewSelect().TableExpr("ally_owners AS o").
		ColumnExpr("o.ally_id, t.slug AS tenant, o.user_id, u.name").
		Join("JOIN tenants AS t ON t.id = o.tenant_id").Join("JOIN users AS u ON u.id = o.user_id").
		Where("o.ally_id IN (?)", bun.In(allyIDs)).OrderExpr("t.name, u.name").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.AllyID] = append(out[r.AllyID], r.Owner)
	}
	return out, nil
}
