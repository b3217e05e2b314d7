package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
)

// MinimumPerYear is the guide's floor: at least four meetings a year keep a
// network alive, whatever its own target.
const MinimumPerYear = 4

// Cadence is how regularly a network meets.
type Cadence struct {
	TargetPerYear    int
	MinimumPerYear   int
	HeldLast12Months int
	LastHeld         *Meeting
	NextMeeting      *Meeting
	// PlanNextBy is the last held meeting's day plus the network's
	// plan-next-within days; nil once a next meeting is planned.
	PlanNextBy *bondgenoten.Date
	Overdue    bool
	OnTarget   bool
}

// Overview is a network at a glance.
type Overview struct {
	ActiveAllies    int
	MaxActiveAllies int
	Cadence         Cadence
}

// Overview counts meetings held in the trailing twelve months and checks
// that the next one is planned in time.
func (s *Service) Overview(ctx context.Context, networkID uuid.UUID) (*Overview, error) {
	n, err := networkSettings(ctx, s.DB.For(ctx), networkID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	o := &Overview{MaxActiveAllies: n.MaxActiveAllies, Cadence: Cadence{TargetPerYear: n.TargetMeetingsPerYear, MinimumPerYear: MinimumPerYear}}
	active, err := s.DB.For(ctx).NewSelect().Model((*ally.Ally)(nil)).Where("network_id = ? AND status = ?", networkID, ally.StatusActive).Count(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	o.ActiveAllies = int(active)
	held, err := s.DB.For(ctx).NewSelect().Model((*Meeting)(nil)).
		Where("network_id = ? AND status = ? AND starts_at >= ?", networkID, StatusHeld, now.AddDate(-1, 0, 0)).Count(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	o.Cadence.HeldLast12Months = int(held)
	o.Cadence.OnTarget = held >= MinimumPerYear
	if o.Cadence.LastHeld, err = s.first(ctx, "network_id = ? AND status = ?", "starts_at DESC, id DESC", networkID, StatusHeld); err != nil {
		return nil, err
	}
	if o.Cadence.NextMeeting, err = s.first(ctx, "network_id = ? AND status = ? AND starts_at > ?", "starts_at, id", networkID, StatusPlanned, now); err != nil {
		return nil, err
	}
	if o.Cadence.NextMeeting == nil && o.Cadence.LastHeld != nil {
		by := PlanNextBy(o.Cadence.LastHeld.StartsAt, n.PlanNextWithinDays)
		o.Cadence.PlanNextBy = &by
		o.Cadence.Overdue = by.Before(bondgenoten.DateOf(now))
	}
	return o, nil
}

// PlanNextBy is the day by which the meeting after one held at lastHeld
// should be planned: the guide's "plan the next meeting right after each
// meeting", with the network's number of days.
func PlanNextBy(lastHeld time.Time, withinDays int) bondgenoten.Date {
	return bondgenoten.DateOf(lastHeld).AddDays(withinDays)
}

// OverdueNetworks returns the networks that, on day, have no meeting
// planned from that day on while the last held one's PlanNextBy has passed:
// the same rule as Overview, for all networks at once (nightly snapshot).
func OverdueNetworks(ctx context.Context, db bun.IDB, day bondgenoten.Date) (map[uuid.UUID]bool, error) {
	var rows []struct {
		ID       uuid.UUID  `bun:"network_id"`
		LastHeld *time.Time `bun:"last_held"`
		Next     int        `bun:"next"`
	}
	dayStart := startOfDay(day)
	err := db.NewSelect().Model((*Meeting)(nil)).ColumnExpr("network_id").
		ColumnExpr("max(CASE WHEN status = ? THEN starts_at END) AS last_held", StatusHeld).
		ColumnExpr("count(CASE WHEN status = ? AND starts_at >= ? THEN 1 END) AS next", StatusPlanned, dayStart).
		Group("network_id").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	var held []uuid.UUID
	for _, r := range rows {
		if r.Next == 0 && r.LastHeld != nil {
			held = append(held, r.ID)
		}
	}
	// Package network owns the cadence (plan_next_within_days).
	networks, err := network.NetworksIn(ctx, db, held)
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID]bool{}
	for _, r := range rows {
		if n := networks[r.ID]; n != nil && r.Next == 0 && r.LastHeld != nil && PlanNextBy(*r.LastHeld, n.PlanNextWithinDays).Before(day) {
			out[r.ID] = true
		}
	}
	return out, nil
}

// first returns the first meeting matching where in order, or nil.
func (s *Service) first(ctx context.Context, where, order string, args ...any) (*Meeting, error) {
	var ms []Meeting
	if err := s.DB.For(ctx).NewSelect().Model(&ms).Where(where, args...).OrderExpr(order).Limit(1).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if len(ms) == 0 {
		return nil, nil
	}
	return &ms[0], s.loadCounts(ctx, []*Meeting{&ms[0]})
}

// ActionCounts counts a party's actions by status.
type ActionCounts struct {
	Open       int `json:"open"`
	InProgress int `json:"inProgress"`
	Done       int `json:"done"`
	Dropped    int `json:"dropped"`
	Overdue    int `json:"overdue"`
}

// Balance is reciprocity in numbers: who brings the topics, and who does
// what was agreed.
type Balance struct {
	Since   bondgenoten.Date
	Agenda  map[Party]int
	Actions map[Party]*ActionCounts
}

// Balance counts the agenda items each party brought to meetings (not
// cancelled) in the last year, and all of the network's actions per owner.
func (s *Service) Balance(ctx context.Context, networkID uuid.UUID) (*Balance, error) {
	now := s.now()
	today := bondgenoten.DateOf(now)
	b := &Balance{Since: today.AddDays(-365), Agenda: map[Party]int{}, Actions: map[Party]*ActionCounts{}}
	for _, p := range Parties {
		b.Agenda[p] = 0
		b.Actions[p] = &ActionCounts{}
	}
	var agenda []struct {
		Party Party `bun:"party"`
		N     int   `bun:"n"`
	}
	err := s.DB.For(ctx).NewSelect().TableExpr("agenda_items AS i").Join("JOIN meetings AS m ON m.id = i.meeting_id").
		ColumnExpr("i.party AS party, count(*) AS n").
		Where("m.network_id = ? AND m.status <> ? AND m.starts_at >= ?", networkID, StatusCancelled, startOfDay(b.Since)).
		Group("i.party").Scan(ctx, &agenda)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, a := range agenda {
		b.Agenda[a.Party] = a.N
	}
	var actions []Action
	if err := s.DB.For(ctx).NewSelect().Model(&actions).Column("owner_party", "status", "due_on").Where("network_id = ?", networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	countActions(b.Actions, actions, today)
	return b, nil
}

// ChairTurn is an active ally's place in the chair rotation.
type ChairTurn struct {
	AllyID        uuid.UUID
	Name          string
	TimesChaired  int
	LastChairedAt *time.Time
	// lastTurn includes planned meetings the ally is already down to chair,
	// so the next proposal skips them.
	lastTurn *time.Time
}

// ChairRotation lists the active allies in the order they should chair: who
// never chaired first, then who chaired (or is down to chair) least
// recently. The first is the proposal for the next meeting.
func (s *Service) ChairRotation(ctx context.Context, networkID uuid.UUID) ([]ChairTurn, error) {
	var allies []ally.Ally
	if err := s.DB.For(ctx).NewSelect().Model(&allies).Column("id", "name").
		Where("network_id = ? AND status = ?", networkID, ally.StatusActive).OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var chaired []Meeting
	if err := s.DB.For(ctx).NewSelect().Model(&chaired).Column("chair_ally_id", "starts_at", "status").
		Where("network_id = ? AND chair_ally_id IS NOT NULL AND status <> ?", networkID, StatusCancelled).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	turns := make([]ChairTurn, len(allies))
	byID := make(map[uuid.UUID]*ChairTurn, len(allies))
	for i, a := range allies {
		turns[i] = ChairTurn{AllyID: a.ID, Name: a.Name}
		byID[a.ID] = &turns[i]
	}
	for _, m := range chaired {
		t := byID[*m.ChairAllyID]
		if t == nil {
			continue // not active any more
		}
		at := m.StartsAt
		if t.lastTurn == nil || at.After(*t.lastTurn) {
			t.lastTurn = &at
		}
		if m.Status == StatusHeld {
			t.TimesChaired++
			if t.LastChairedAt == nil || at.After(*t.LastChairedAt) {
				t.LastChairedAt = &at
			}
		}
	}
	slices.SortStableFunc(turns, func(a, b ChairTurn) int {
		switch {
		case a.lastTurn == nil && b.lastTurn == nil:
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case a.lastTurn == nil:
			return -1
		case b.lastTurn == nil:
			return 1
		}
		return a.lastTurn.Compare(*b.lastTurn)
	})
	return turns, nil
}

// countActions adds actions to the counts of their owning party, by
// status and overdue as of today; parties not in counts are left out.
func countActions(counts map[Party]*ActionCounts, actions []Action, today bondgenoten.Date) {
	for i := range actions {
		a := &actions[i]
		c := counts[a.OwnerParty]
		if c == nil {
			continue
		}
		switch a.Status {
		case ActionOpen:
			c.Open++
		case ActionInProgress:
			c.InProgress++
		case ActionDone:
			c.Done++
		case ActionDropped:
			c.Dropped++
		}
		if a.Overdue(today) {
			c.Overdue++
		}
	}
}
