package tenant

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// OverseersIn returns, per tenant of tenantIDs, the active bureaus that
// oversee it on day through an accepted relation in force, in one query on
// db (the caller's transaction): whom a notice about an overseen tenant
// reaches (the half-yearly evaluation's overdue notice).
func OverseersIn(ctx context.Context, db bun.IDB, tenantIDs []uuid.UUID, day bondgenoten.Date) (map[uuid.UUID][]uuid.UUID, error) {
	out := map[uuid.UUID][]uuid.UUID{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		BureauID   uuid.UUID `bun:"bureau_id"`
		OverseenID uuid.UUID `bun:"overseen_id"`
	}
	err := db.NewSelect().TableExpr("oversight AS o").
		ColumnExpr("o.bureau_id, o.tenant_id AS overseen_id").
		Join("JOIN tenants AS t ON t.id = o.bureau_id").
		Where("o.tenant_id IN (?) AND t.status = ?", bun.In(tenantIDs), StatusActive).
		Where("o."+ActiveOnSQL, day, day).
		OrderExpr("o.bureau_id").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.OverseenID] = append(out[r.OverseenID], r.BureauID)
	}
	return out, nil
}
