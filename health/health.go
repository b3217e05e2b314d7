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
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Snapshot is one tenant's counts on one day (Europe/Amsterdam): its
// oversight relations and, over the networks it is an active partner in,
// how those networks are doing. Later parts of the product add columns
// (overdue evaluations).
type Snapshot struct {
	bun.BaseModel `bun:"table:health_snapshots"`

	TenantID          uuid.UUID        `bun:"tenant_id,pk,type:uuid"`
	Day               bondgenoten.Date `bun:"day,pk"`
	OverseenTenants   int              `bun:"overseen_tenants"`
	OverseeingBureaus int              `bun:"overseeing_bureaus"`
	Networks          int              `bun:"networks"`
	ActiveAllies      int              `bun:"active_allies"`
	MeetingsHeld12m   int              `bun:"meetings_held_12m"`
	NetworksOverdue   int              `bun:"networks_overdue"`
	ActionsOverdue    int              `bun:"actions_overdue"`
	TakenAt           time.Time        `bun:"taken_at"`
}

// Service takes and reads snapshots.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

// Take computes the snapshot of day for the given tenants — all tenants when
// none are given — and stores it, replacing any earlier one of that day. It
// returns how many snapshots it wrote.
func (s *Service) Take(ctx context.Context, day bondgenoten.Date, tenantIDs ...uuid.UUID) (int, error) {
	// One statement counts every figure of every tenant's row: the figures
	// of a snapshot come from one consistent view of the database, in one
	// round trip for all tenants. It reads tables of tenant, network, ally
	// and meeting (allowed in tableowner_test.go); their statuses are the
	// owners' constants.
	var rows []Snapshot
	q := s.DB.For(ctx).NewSelect().
		TableExpr("tenants AS t").
		ColumnExpr("t.id AS tenant_id").
		ColumnExpr("(SELECT count(*) FROM oversight o WHERE o.bureau_id = t.id AND o."+tenant.ActiveOnSQL+") AS overseen_tenants", day, day).
		ColumnExpr("(SELECT count(*) FROM oversight o WHERE o.tenant_id = t.id AND o."+tenant.ActiveOnSQL+") AS overseeing_bureaus", day, day).
		ColumnExpr("(SELECT count(*) FROM network_partners p WHERE p.tenant_id = t.id AND p.left_at IS NULL) AS networks").
		ColumnExpr("(SELECT count(*) FROM allies a JOIN "+partnerOf+" AND p.network_id = a.network_id WHERE a.status = ?) AS active_allies", ally.StatusActive).
		ColumnExpr("(SELECT count(*) FROM meetings m JOIN "+partnerOf+" AND p.network_id = m.network_id WHERE m.status = ? AND m.starts_at >= ? AND m.starts_at < ?) AS meetings_held_12m",
			meeting.StatusHeld, startOfDay(day.AddDays(1)).AddDate(-1, 0, 0), startOfDay(day.AddDays(1))).
		ColumnExpr("(SELECT count(*) FROM actions x JOIN "+partnerOf+" AND p.network_id = x.network_id WHERE x.due_on < ? AND x.status IN (?)) AS actions_overdue",
			day, bun.In([]meeting.ActionStatus{meeting.ActionOpen, meeting.ActionInProgress}))
	if len(tenantIDs) > 0 {
		q = q.Where("t.id IN (?)", bun.In(tenantIDs))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return 0, store.MapError(err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	overdue, err := meeting.OverdueNetworks(ctx, s.DB.For(ctx), day)
	if err != nil {
		return 0, err
	}
	perTenant, err := s.overdueByPartner(ctx, overdue)
	if err != nil {
		return 0, err
	}
	now := bondgenoten.NowOn(s.Clock)
	for i := range rows {
		rows[i].Day = day
		rows[i].TakenAt = now
		rows[i].NetworksOverdue = perTenant[rows[i].TenantID]
	}
	_, err = s.DB.For(ctx).NewInsert().Model(&rows).
		On("CONFLICT (tenant_id, day) DO UPDATE").
		Set("overseen_tenants = EXCLUDED.overseen_tenants").
		Set("overseeing_bureaus = EXCLUDED.overseeing_bureaus").
		Set("networks = EXCLUDED.networks").
		Set("active_allies = EXCLUDED.active_allies").
		Set("meetings_held_12m = EXCLUDED.meetings_held_12m").
		Set("networks_overdue = EXCLUDED.networks_overdue").
		Set("actions_overdue = EXCLUDED.actions_overdue").
		Set("taken_at = EXCLUDED.taken_at").
		Exec(ctx)
	if err != nil {
		return 0, store.MapError(err)
	}
	return len(rows), nil
}

// partnerOf joins the networks tenant t is an active partner in (alias p).
const partnerOf = "network_partners p ON p.tenant_id = t.id AND p.left_at IS NULL"

// startOfDay is the instant an Amsterdam calendar day begins.
func startOfDay(d bondgenoten.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, bondgenoten.Amsterdam).UTC()
}

// overdueByPartner counts overdue networks per active partner tenant.
func (s *Service) overdueByPartner(ctx context.Context, overdue map[uuid.UUID]bool) (map[uuid.UUID]int, error) {
	out := map[uuid.UUID]int{}
	if len(overdue) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, 0, len(overdue))
	for id := range overdue {
		ids = append(ids, id)
	}
	partners, err := network.ActivePartnersIn(ctx, s.DB.For(ctx), ids)
	if err != nil {
		return nil, err
	}
	for _, tenants := range partners {
		for _, t := range tenants {
			out[t]++
		}
	}
	return out, nil
}

// List returns a tenant's most recent snapshots, newest first.
func (s *Service) List(ctx context.Context, tenantID uuid.UUID, limit int) ([]Snapshot, error) {
	limit, err := bondgenoten.PageLimit(limit)
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	err = s.DB.For(ctx).NewSelect().Model(&out).Where("tenant_id = ?", tenantID).
		OrderExpr("day DESC").Limit(int64(limit)).Scan(ctx)
	return out, store.MapError(err)
}
