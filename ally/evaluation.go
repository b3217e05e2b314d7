package ally

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// What the half-yearly evaluation (package evaluation) asks of allies: who
// is active now, who joined and left in the period, the white spots, and
// applying the coordinators' decisions (pause, replace) in the evaluation's
// own transaction.

// ActiveIn lists the active allies of networkID by name, in one query on db.
func ActiveIn(ctx context.Context, db bun.IDB, networkID uuid.UUID) ([]Ally, error) {
	out := []Ally{}
	err := db.NewSelect().Model(&out).Column("id", "network_id", "name", "constituency", "neighbourhood", "status", "starts_on").
		Where("network_id = ? AND status = ?", networkID, StatusActive).OrderExpr("name, id").Scan(ctx)
	return out, store.MapError(err)
}

// PeriodFigures count a network's allies now and their comings and goings
// in a period.
type PeriodFigures struct {
	Active     int `json:"active"`
	Paused     int `json:"paused"`
	Candidates int `json:"candidates"`
	// Joined: allies who started in the period (their start day, or the day
	// they were recorded when no start day is known), not candidates.
	Joined int `json:"joined"`
	// Left: allies whose leaving day is in the period.
	Left int `json:"left"`
}

// PeriodIn counts the allies of networkID for the period from to to (both
// Amsterdam days, inclusive), in one query on db.
func PeriodIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, from, to bondgenoten.Date) (*PeriodFigures, error) {
	var rows []Ally
	if err := db.NewSelect().Model(&rows).Column("status", "starts_on", "left_on", "created_at").
		Where("network_id = ?", networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	in := func(d bondgenoten.Date) bool { return !d.Before(from) && !to.Before(d) }
	out := &PeriodFigures{}
	for _, a := range rows {
		switch a.Status {
		case StatusActive:
			out.Active++
		case StatusPaused:
			out.Paused++
		case StatusCandidate:
			out.Candidates++
		}
		started := bondgenoten.DateOf(a.CreatedAt)
		if a.StartsOn != nil {
			started = *a.StartsOn
		}
		if a.Status != StatusCandidate && in(started) {
			out.Joined++
		}
		if a.LeftOn != nil && in(*a.LeftOn) {
			out.Left++
		}
	}
	return out, nil
}

// WhiteSpotsIn names the communities and neighbourhoods on the network's
// list that no active ally covers, in two queries on db.
func WhiteSpotsIn(ctx context.Context, db bun.IDB, networkID uuid.UUID) ([]string, error) {
	c, err := coverageIn(ctx, db, networkID, true)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, list := range [][]Covered{c.Communities, c.Neighbourhoods} {
		for _, v := range list {
			if v.Allies != nil && *v.Allies == 0 {
				out = append(out, v.Name)
			}
		}
	}
	return out, nil
}

// Change is an evaluation's decision about an active ally: pause (status
// paused) or leave (status left, on LeftOn with LeftReason).
type Change struct {
	AllyID     uuid.UUID
	Status     Status // StatusPaused or StatusLeft
	LeftOn     bondgenoten.Date
	LeftReason string
}

// ApplyIn applies changes to active allies of networkID in the caller's
// transaction tx, dated at. An ally who is no longer active, or of
// another network, fails the whole (ECONFLICT), so the caller rolls back.
func ApplyIn(ctx context.Context, tx bun.IDB, networkID uuid.UUID, changes []Change, at time.Time) error {
	for _, c := range changes {
		q := tx.NewUpdate().Model((*Ally)(nil)).Set("status = ?", c.Status).Set("updated_at = ?", at)
		switch c.Status {
		case StatusPaused:
		case StatusLeft:
			reason := c.LeftReason
			if len(reason) > 500 {
				reason = reason[:500]
			}
			q = q.Set("left_on = ?", c.LeftOn).Set("left_reason = ?", reason)
		default:
			return bondgenoten.Errorf(bondgenoten.EINVALID, "an evaluation pauses or ends, nothing else")
		}
		res, err := q.Where("id = ? AND network_id = ? AND status = ?", c.AllyID, networkID, StatusActive).Exec(ctx)
		if err != nil {
			return store.MapError(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "ally %s is no longer active", c.AllyID)
		}
	}
	return nil
}
