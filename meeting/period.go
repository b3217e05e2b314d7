package meeting

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// What the half-yearly evaluation (package evaluation) asks of meetings:
// the figures of a period, the meeting its improvement points become
// actions of, and creating those actions in the evaluation's transaction.

// AttendanceCounts count the recorded attendance of one party.
type AttendanceCounts struct {
	Present int `json:"present"`
	Absent  int `json:"absent"`
	Excused int `json:"excused"`
}

// PeriodFigures are a network's meetings in a period, as the guide's
// preconditions read them: cadence, a shared meal, a rotating chair from
// the group, every party bringing topics and doing what was agreed.
type PeriodFigures struct {
	Held      int `json:"held"`
	Cancelled int `json:"cancelled"`
	Emergency int `json:"emergency"` // held emergency meetings, counted in Held too
	WithMeal  int `json:"withMeal"`  // held meetings that started with a meal
	// WithChair: held meetings chaired by an ally; DistinctChairs: how many
	// different allies chaired them; RepeatedChair: held meetings chaired
	// by the same ally as the held meeting before.
	WithChair      int                         `json:"withChair"`
	DistinctChairs int                         `json:"distinctChairs"`
	RepeatedChair  int                         `json:"repeatedChair"`
	Attendance     map[Party]*AttendanceCounts `json:"attendance"`
	Agenda         map[Party]int               `json:"agenda"`
	Actions        map[Party]*ActionCounts     `json:"actions"`
	// ChairIDs are the allies who chaired, for the caller who may see them.
	ChairIDs []uuid.UUID `json:"-"`
}

// PeriodIn computes the figures of networkID's meetings that start in
// [from, to), actions agreed in them included (overdue as of today), in
// four queries on db.
func PeriodIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, from, to time.Time, today bondgenoten.Date) (*PeriodFigures, error) {
	out := &PeriodFigures{Attendance: map[Party]*AttendanceCounts{}, Agenda: map[Party]int{}, Actions: map[Party]*ActionCounts{}, ChairIDs: []uuid.UUID{}}
	for _, p := range Parties {
		out.Attendance[p] = &AttendanceCounts{}
		out.Agenda[p] = 0
		out.Actions[p] = &ActionCounts{}
	}
	var meetings []Meeting
	if err := db.NewSelect().Model(&meetings).Column("id", "kind", "status", "starts_at", "chair_ally_id", "meal_planned").
		Where("network_id = ? AND starts_at >= ? AND starts_at < ?", networkID, from, to).OrderExpr("starts_at, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var held []uuid.UUID
	var notCancelled []uuid.UUID
	chairs := map[uuid.UUID]bool{}
	var lastChair *uuid.UUID
	for _, m := range meetings {
		switch m.Status {
		case StatusCancelled:
			out.Cancelled++
			continue
		case StatusHeld:
		default:
			notCancelled = append(notCancelled, m.ID)
			continue
		}
		notCancelled = append(notCancelled, m.ID)
		held = append(held, m.ID)
		out.Held++
		if m.Kind == KindEmergency {
			out.Emergency++
		}
		if m.MealPlanned {
			out.WithMeal++
		}
		if m.ChairAllyID != nil {
			out.WithChair++
			if !chairs[*m.ChairAllyID] {
				chairs[*m.ChairAllyID] = true
				out.ChairIDs = append(out.ChairIDs, *m.ChairAllyID)
			}
			if lastChair != nil && *lastChair == *m.ChairAllyID {
				out.RepeatedChair++
			}
		}
		lastChair = m.ChairAllyID
	}
	out.DistinctChairs = len(chairs)
	if len(held) > 0 {
		var att []Attendance
		if err := db.NewSelect().Model(&att).Column("party", "status").Where("meeting_id IN (?)", bun.In(held)).Scan(ctx); err != nil {
			return nil, store.MapError(err)
		}
		for _, a := range att {
			c := out.Attendance[a.Party]
			if c == nil {
				continue
			}
			switch a.Status {
			case "present":
				c.Present++
			case "absent":
				c.Absent++
			case "excused":
				c.Excused++
			}
		}
	}
	if len(notCancelled) > 0 {
		var items []AgendaItem
		if err := db.NewSelect().Model(&items).Column("party").Where("meeting_id IN (?)", bun.In(notCancelled)).Scan(ctx); err != nil {
			return nil, store.MapError(err)
		}
		for _, i := range items {
			if _, ok := out.Agenda[i.Party]; ok {
				out.Agenda[i.Party]++
			}
		}
		var actions []Action
		if err := db.NewSelect().Model(&actions).Column("owner_party", "status", "due_on").
			Where("network_id = ? AND meeting_id IN (?)", networkID, bun.In(notCancelled)).Scan(ctx); err != nil {
			return nil, store.MapError(err)
		}
		countActions(out.Actions, actions, today)
	}
	return out, nil
}

// ForActionsIn returns the meeting an evaluation's improvement points
// become actions of: the network's next planned meeting from at on, else
// its last held one; nil when it has neither. One or two queries on db.
func ForActionsIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, at time.Time) (*Meeting, error) {
	var ms []Meeting
	if err := db.NewSelect().Model(&ms).Where("network_id = ? AND status = ? AND starts_at >= ?", networkID, StatusPlanned, at).
		OrderExpr("starts_at, id").Limit(1).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if len(ms) == 0 {
		if err := db.NewSelect().Model(&ms).Where("network_id = ? AND status = ?", networkID, StatusHeld).
			OrderExpr("starts_at DESC, id DESC").Limit(1).Scan(ctx); err != nil {
			return nil, store.MapError(err)
		}
	}
	if len(ms) == 0 {
		return nil, nil
	}
	return &ms[0], nil
}

// CreateActionIn records an action agreed in meeting meetingID (not
// cancelled) of networkID inside the caller's transaction tx: the
// evaluation's improvement points. at is the creation time; input is
// checked as CreateAction checks it, with day-bound spans as of at.
func CreateActionIn(ctx context.Context, tx bun.Tx, networkID, meetingID uuid.UUID, in ActionInput, at time.Time) (*Action, error) {
	in.normalize()
	if err := bondgenoten.ValidateOn(in, bondgenoten.DateOf(at)); err != nil {
		return nil, err
	}
	a := &Action{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, MeetingID: meetingID, CreatedAt: at, UpdatedAt: at}
	a.apply(in)
	m, err := lockRecordable(ctx, tx, networkID, meetingID)
	if err != nil {
		return nil, store.MapError(err)
	}
	a.MeetingStartsAt = m.StartsAt
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return a, nil
}
