package tenant

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// Package tenant owns the tables tenants and oversight. Other packages read
// them through these functions, batched by ID, on the connection they hold
// (a scoped connection or their transaction).

// TenantsIn returns the tenants among ids that exist, by ID, in one query
// on db.
func TenantsIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]*Tenant, error) {
	out := map[uuid.UUID]*Tenant{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Tenant
	if err := db.NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// TenantsBySlugIn returns the tenants among slugs that exist, by slug, in
// one query on db.
func TenantsBySlugIn(ctx context.Context, db bun.IDB, slugs []string) (map[string]*Tenant, error) {
	out := map[string]*Tenant{}
	if len(slugs) == 0 {
		return out, nil
	}
	var list []Tenant
	if err := db.NewSelect().Model(&list).Where("slug IN (?)", bun.In(slugs)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].Slug] = &list[i]
	}
	return out, nil
}
