package identity

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// HoldersOfIn lists, per tenant among tenantIDs, its active users holding
// role, in one query on db (the caller's transaction): whom a batch of
// notifications reaches (the daily evaluation scan).
func HoldersOfIn(ctx context.Context, db bun.IDB, tenantIDs []uuid.UUID, role string) (map[uuid.UUID][]uuid.UUID, error) {
	out := map[uuid.UUID][]uuid.UUID{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		TenantID uuid.UUID `bun:"tenant_id"`
		UserID   uuid.UUID `bun:"user_id"`
	}
	err := db.NewSelect().TableExpr("role_assignments AS ra").ColumnExpr("DISTINCT ra.tenant_id, ra.user_id").
		Join("JOIN users AS u ON u.id = ra.user_id AND u.tenant_id = ra.tenant_id").
		Where("ra.tenant_id IN (?) AND ra.role = ? AND u.status = ?", bun.In(tenantIDs), role, StatusActive).
		OrderExpr("ra.tenant_id, ra.user_id").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.TenantID] = append(out[r.TenantID], r.UserID)
	}
	return out, nil
}
