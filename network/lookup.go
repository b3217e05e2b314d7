package network

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// Package network owns the tables networks and network_partners. Other
// packages read them through these functions, batched by ID, on the
// connection they hold.

// NetworksIn returns the networks among ids that exist, by ID, in one query
// on db.
func NetworksIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]*Network, error) {
	out := map[uuid.UUID]*Network{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Network
	if err := db.NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// ActivePartnersIn returns the tenants currently in each of the networks
// among ids, by network, in one query on db.
func ActivePartnersIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID][]uuid.UUID, error) {
	out := map[uuid.UUID][]uuid.UUID{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Partner
	if err := db.NewSelect().Model(&list).Where("left_at IS NULL AND network_id IN (?)", bun.In(ids)).
		OrderExpr("joined_at, tenant_id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, p := range list {
		out[p.NetworkID] = append(out[p.NetworkID], p.TenantID)
	}
	return out, nil
}

// NetworksOfIn returns the networks in which any of tenantIDs is an active
// partner, as IDs, in one query on db.
func NetworksOfIn(ctx context.Context, db bun.IDB, tenantIDs []uuid.UUID) ([]uuid.UUID, error) {
	out := []uuid.UUID{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	err := db.NewSelect().Model((*Partner)(nil)).ColumnExpr("DISTINCT network_id").
		Where("left_at IS NULL AND tenant_id IN (?)", bun.In(tenantIDs)).Scan(ctx, &out)
	return out, store.MapError(err)
}

// PartneredIn returns the networks that have at least one active partner,
// as IDs, in one query on db: the networks a job that runs over all of them
// (cadence reminders) looks at.
func PartneredIn(ctx context.Context, db bun.IDB) ([]uuid.UUID, error) {
	out := []uuid.UUID{}
	err := db.NewSelect().Model((*Partner)(nil)).ColumnExpr("DISTINCT network_id").
		Where("left_at IS NULL").Scan(ctx, &out)
	return out, store.MapError(err)
}
