package signal

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// TimelineEntry is a signal as a crisis's timeline shows it: when, what
// theme and level, and its description; never its source.
type TimelineEntry struct {
	ID         uuid.UUID `json:"id"`
	ObservedAt time.Time `json:"observedAt"`
	Theme      string    `json:"theme"`
	ThemeLabel string    `json:"themeLabel"`
	Level      int       `json:"level"`
	Urgent     bool      `json:"urgent"`
	Shared     bool      `json:"shared"`
	Summary    string    `json:"summary"`
}

// Timeline lists the network's signals observed from from up to to (to
// zero: up to now), oldest first, in db (the crisis's read). sharedOnly
// keeps those shared with the crisis organisation.
func Timeline(ctx context.Context, db bun.IDB, networkID uuid.UUID, from, to time.Time, sharedOnly bool) ([]TimelineEntry, error) {
	var rows []Signal
	q := db.NewSelect().Model(&rows).Column("id", "observed_at", "theme", "level", "urgent", "shared_at", "description").
		Where("network_id = ? AND observed_at >= ?", networkID, from.UTC())
	if !to.IsZero() {
		q = q.Where("observed_at <= ?", to.UTC())
	}
	if sharedOnly {
		q = q.Where("shared_at IS NOT NULL")
	}
	if err := q.OrderExpr("observed_at, id").Limit(500).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	labels := map[string]string{}
	for _, t := range nationalThemes {
		labels[t.key] = t.nl
	}
	var own []ownTheme
	if err := db.NewSelect().Model(&own).Where("network_id = ?", networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, t := range own {
		labels[t.ID.String()] = t.Label
	}
	out := make([]TimelineEntry, len(rows))
	for i, r := range rows {
		out[i] = TimelineEntry{ID: r.ID, ObservedAt: r.ObservedAt.UTC(), Theme: r.Theme, ThemeLabel: labels[r.Theme],
			Level: r.Level, Urgent: r.Urgent, Shared: r.SharedAt != nil, Summary: r.Description}
	}
	return out, nil
}
