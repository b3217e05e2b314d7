package meeting

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// Package meeting owns the tables meetings, meeting_invitees, agenda_items,
// meeting_attendance, meeting_decisions and actions. Other packages read
// them through these functions, batched by ID, on the connection they hold.

// StartingIn returns the meetings of the networks among networkIDs that
// start at or after from, by start, at most limit, in one query on db.
func StartingIn(ctx context.Context, db bun.IDB, networkIDs []uuid.UUID, from time.Time, limit int) ([]Meeting, error) {
	out := []Meeting{}
	if len(networkIDs) == 0 {
		return out, nil
	}
	err := db.NewSelect().Model(&out).Where("network_id IN (?)", bun.In(networkIDs)).
		Where("starts_at >= ?", from).OrderExpr("starts_at, id").Limit(int64(limit)).Scan(ctx)
	return out, store.MapError(err)
}

// MeetingsIn returns the meetings among ids that belong to networkID, by
// ID, in one query on db.
func MeetingsIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]*Meeting, error) {
	out := map[uuid.UUID]*Meeting{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Meeting
	if err := db.NewSelect().Model(&list).Where("network_id = ? AND id IN (?)", networkID, bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// ActionsIn returns the actions among ids that belong to networkID, by ID,
// in one query on db.
func ActionsIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]*Action, error) {
	out := map[uuid.UUID]*Action{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Action
	if err := db.NewSelect().Model(&list).Column("id", "network_id", "meeting_id", "title", "owner_party", "status", "due_on").Where("network_id = ? AND id IN (?)", networkID, bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// MeetingsByIDIn returns the meetings among ids, whatever their network,
// by ID, in one query on db: for work that starts from a meeting alone,
// such as rendering an email's calendar file.
func MeetingsByIDIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]*Meeting, error) {
	out := map[uuid.UUID]*Meeting{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Meeting
	if err := db.NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}
