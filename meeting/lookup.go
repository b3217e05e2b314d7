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
