// Package health keeps daily network health snapshots per tenant: counts
// that bureaus follow over time. A snapshot is taken nightly (and for a new
// tenant right away); taking one twice on a day replaces it, so the job that
// takes them may run any number of times.
package health

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Snapshot is one tenant's counts on one day (Europe/Amsterdam). Later parts
// of the product add columns (networks, active allies, overdue evaluations).
type Snapshot struct {
	bun.BaseModel `bun:"table:health_snapshots"`

	TenantID          uuid.UUID        `bun:"tenant_id,pk,type:uuid"`
	Day               bondgenoten.Date `bun:"day,pk"`
	OverseenTenants   int              `bun:"overseen_tenants"`
	OverseeingBureaus int              `bun:"overseeing_bureaus"`
	TakenAt           time.Time        `bun:"taken_at"`
}

// Service takes and reads snapshots.
type Service struct {
	DB *store.DB
}

// Take computes the snapshot of day for the given tenants — all tenants when
// none are given — and stores it, replacing any earlier one of that day. It
// returns how many snapshots it wrote.
func (s *Service) Take(ctx context.Context, day bondgenoten.Date, tenantIDs ...uuid.UUID) (int, error) {
	var rows []Snapshot
	q := s.DB.NewSelect().
		TableExpr("tenants AS t").
		ColumnExpr("t.id AS tenant_id").
		ColumnExpr("(SELECT count(*) FROM oversight o WHERE o.bureau_id = t.id AND o."+tenant.ActiveOnSQL+") AS overseen_tenants", day, day).
		ColumnExpr("(SELECT count(*) FROM oversight o WHERE o.tenant_id = t.id AND o."+tenant.ActiveOnSQL+") AS overseeing_bureaus", day, day)
	if len(tenantIDs) > 0 {
		q = q.Where("t.id IN (?)", bun.In(tenantIDs))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return 0, store.MapError(err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	for i := range rows {
		rows[i].Day = day
		rows[i].TakenAt = now
	}
	_, err := s.DB.NewInsert().Model(&rows).
		On("CONFLICT (tenant_id, day) DO UPDATE").
		Set("overseen_tenants = EXCLUDED.overseen_tenants").
		Set("overseeing_bureaus = EXCLUDED.overseeing_bureaus").
		Set("taken_at = EXCLUDED.taken_at").
		Exec(ctx)
	if err != nil {
		return 0, store.MapError(err)
	}
	return len(rows), nil
}

// List returns a tenant's most recent snapshots, newest first.
func (s *Service) List(ctx context.Context, tenantID uuid.UUID, limit int) ([]Snapshot, error) {
	limit, err := bondgenoten.PageLimit(limit)
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	err = s.DB.NewSelect().Model(&out).Where("tenant_id = ?", tenantID).
		OrderExpr("day DESC").Limit(int64(limit)).Scan(ctx)
	return out, store.MapError(err)
}
