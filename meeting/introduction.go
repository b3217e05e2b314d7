package meeting

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// What a new colleague's introduction (package introduction) asks of
// meetings: who was present at the network's held meetings since the
// programme started, and the next planned meeting to attend.

// Presence is one person present at a held meeting.
type Presence struct {
	MeetingID uuid.UUID `bun:"meeting_id"`
	StartsAt  time.Time `bun:"starts_at"`
	Name      string    `bun:"name"`
	Party     Party     `bun:"party"`
}

// PresentSinceIn lists the people of party present at the held meetings of
// networkID that started at or after since, by start, in one query on db.
func PresentSinceIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, party Party, since time.Time) ([]Presence, error) {
	out := []Presence{}
	err := db.NewSelect().TableExpr("meeting_attendance AS a").
		ColumnExpr("a.meeting_id, m.starts_at, a.name, a.party").
		Join("JOIN meetings AS m ON m.id = a.meeting_id").
		Where("m.network_id = ? AND m.status = ? AND m.starts_at >= ? AND a.status = 'present' AND a.party = ?", networkID, StatusHeld, since, party).
		OrderExpr("m.starts_at, a.position").Scan(ctx, &out)
	return out, store.MapError(err)
}

// NextPlannedIn returns the network's next planned meeting starting at or
// after from, or nil, in one query on db.
func NextPlannedIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, from time.Time) (*Meeting, error) {
	var out []Meeting
	err := db.NewSelect().Model(&out).Where("network_id = ? AND status = ? AND starts_at >= ?", networkID, StatusPlanned, from).
		OrderExpr("starts_at, id").Limit(1).Scan(ctx)
	if err != nil || len(out) == 0 {
		return nil, store.MapError(err)
	}
	return &out[0], nil
}
