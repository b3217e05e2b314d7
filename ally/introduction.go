package ally

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// What a new colleague's introduction (package introduction) asks of
// allies: who keeps the relation with each, to suggest as the one who
// introduces the new colleague.

// OwnerRef is a relationship owner of an ally for one partner organisation.
type OwnerRef struct {
	AllyID   uuid.UUID `bun:"ally_id"`
	TenantID uuid.UUID `bun:"tenant_id"`
	UserID   uuid.UUID `bun:"user_id"`
}

// OwnersOfIn returns the relationship owners of the allies among ids, by
// ally, in one query on db.
func OwnersOfIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID][]OwnerRef, error) {
	out := map[uuid.UUID][]OwnerRef{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []ownerRow
	if err := db.NewSelect().Model(&rows).Where("ally_id IN (?)", bun.In(ids)).OrderExpr("ally_id, tenant_id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.AllyID] = append(out[r.AllyID], OwnerRef{r.AllyID, r.TenantID, r.UserID})
	}
	return out, nil
}
