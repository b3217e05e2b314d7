// Package meeting keeps the meetings of an allies network and the actions
// agreed in them. The guide's rules live here: the chair is an ally of the
// network (never an external one, and preferably the one who chaired least
// recently), every party brings agenda items, and a meeting is not closed
// before the next one is planned.
package meeting

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
)

// Kind separates the regular cadence from emergency meetings
// (spoedbijeenkomsten) called at short notice with selected allies.
type Kind string

const (
	KindRegular   Kind = "regular"
	KindEmergency Kind = "emergency"
)

// Status of a meeting: planned until it is closed as held, or cancelled.
type Status string

const (
	StatusPlanned   Status = "planned"
	StatusHeld      Status = "held"
	StatusCancelled Status = "cancelled"
)

// Party is one of the three sides of a network: who brought an agenda item,
// who owns an action.
type Party string

const (
	PartyMunicipality Party = "municipality"
	PartyPolice       Party = "police"
	PartyAllies       Party = "allies"
)

// Parties in the order they are shown.
var Parties = []Party{PartyMunicipality, PartyPolice, PartyAllies}

// DefaultDurationMinutes is a meeting's length when none is given: a meal and
// a two-hour conversation is what the guide describes.
const DefaultDurationMinutes = 120

// Meeting as stored.
type Meeting struct {
	bun.BaseModel `bun:"table:meetings"`

	ID              uuid.UUID  `bun:"id,pk,type:uuid"`
	NetworkID       uuid.UUID  `bun:"network_id,type:uuid"`
	Kind            Kind       `bun:"kind"`
	StartsAt        time.Time  `bun:"starts_at"`
	DurationMinutes int        `bun:"duration_minutes"`
	Place           string     `bun:"place"`
	ChairAllyID     *uuid.UUID `bun:"chair_ally_id,type:uuid"`
	MealPlanned     bool       `bun:"meal_planned"`
	MealNotes       string     `bun:"meal_notes"`
	Status          Status     `bun:"status"`
	SeriesID        *uuid.UUID `bun:"series_id,type:uuid"`
	Minutes         string     `bun:"minutes"`
	CancelReason    string     `bun:"cancel_reason"`
	NoNextReason    string     `bun:"no_next_reason"`
	ClosedAt        *time.Time `bun:"closed_at"`
	// RemindedAt: when the invitees got the invitation within ReminderLead
	// of the start (the reminder, or an invitation sent that close).
	RemindedAt *time.Time `bun:"reminded_at"`
	CreatedAt  time.Time  `bun:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at"`

	// Loaded alongside, not columns of meetings.
	InvitedAllyIDs []uuid.UUID `bun:"-"`
	AgendaItems    int         `bun:"-"`
}

// EndsAt is when the meeting is planned to end.
func (m *Meeting) EndsAt() time.Time {
	return m.StartsAt.Add(time.Duration(m.DurationMinutes) * time.Minute)
}

type invitee struct {
	bun.BaseModel `bun:"table:meeting_invitees"`

	MeetingID uuid.UUID `bun:"meeting_id,pk,type:uuid"`
	AllyID    uuid.UUID `bun:"ally_id,pk,type:uuid"`
}

// Input plans a meeting or changes a planned one.
type Input struct {
	Kind            Kind        `json:"kind" validate:"omitempty,oneof=regular emergency"`
	StartsAt        time.Time   `json:"startsAt" validate:"required,date_range=meeting"`
	DurationMinutes int         `json:"durationMinutes" validate:"omitempty,min=15,max=720"`
	Place           string      `json:"place" validate:"max=200"`
	ChairAllyID     *uuid.UUID  `json:"chairAllyId"`
	MealPlanned     bool        `json:"mealPlanned"`
	MealNotes       string      `json:"mealNotes" validate:"max=1000"`
	InvitedAllyIDs  []uuid.UUID `json:"invitedAllyIds" validate:"max=50"`
}

func (in *Input) normalize() {
	in.Place = strings.TrimSpace(in.Place)
	in.MealNotes = strings.TrimSpace(in.MealNotes)
	if in.Kind == "" {
		in.Kind = KindRegular
	}
	if in.DurationMinutes == 0 {
		in.DurationMinutes = DefaultDurationMinutes
	}
	if in.Kind == KindRegular {
		in.InvitedAllyIDs = nil // a regular meeting invites every active ally
	}
	slices.SortFunc(in.InvitedAllyIDs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	in.InvitedAllyIDs = slices.Compact(in.InvitedAllyIDs)
	in.StartsAt = in.StartsAt.UTC().Truncate(time.Second)
}

// SeriesInput plans N regular meetings at a fixed interval.
type SeriesInput struct {
	FirstStartsAt   time.Time `json:"firstStartsAt" validate:"required,date_range=meeting"`
	Count           int       `json:"count" validate:"required,min=2,max=12"`
	IntervalWeeks   int       `json:"intervalWeeks" validate:"required,min=1,max=26"`
	DurationMinutes int       `json:"durationMinutes" validate:"omitempty,min=15,max=720"`
	Place           string    `json:"place" validate:"max=200"`
	MealPlanned     bool      `json:"mealPlanned"`
	MealNotes       string    `json:"mealNotes" validate:"max=1000"`
}

// Service plans, records and closes meetings.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

// validate checks input by its tags, with the spans of its dates (a
// meeting's start, an action's due day) as of the service's today.
func (s *Service) validate(in any) error {
	return bondgenoten.ValidateOn(in, bondgenoten.DateOf(s.now()))
}

// checkAllies refuses a chair or invitees who are not active allies of the
// network: the guide wants the chair from the group itself, never external.
func checkAllies(ctx context.Context, db bun.IDB, networkID uuid.UUID, in *Input) error {
	fields := map[string]bondgenoten.FieldViolation{}
	ids := slices.Clone(in.InvitedAllyIDs)
	if in.ChairAllyID != nil {
		ids = append(ids, *in.ChairAllyID)
	}
	active := map[uuid.UUID]bool{}
	if len(ids) > 0 {
		var found []uuid.UUID
		err := db.NewSelect().Model((*ally.Ally)(nil)).Column("id").
			Where("network_id = ? AND status = ? AND id IN (?)", networkID, ally.StatusActive, bun.In(ids)).Scan(ctx, &found)
		if err != nil {
			return err
		}
		for _, id := range found {
			active[id] = true
		}
	}
	if in.ChairAllyID != nil && !active[*in.ChairAllyID] {
		fields["chairAllyId"] = bondgenoten.FieldViolation{Rule: RuleActiveAlly}
	}
	if in.Kind == KindEmergency && len(in.InvitedAllyIDs) == 0 {
		fields["invitedAllyIds"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleRequired}
	}
	for _, id := range in.InvitedAllyIDs {
		if !active[id] {
			fields["invitedAllyIds"] = bondgenoten.FieldViolation{Rule: RuleActiveAlly}
		}
	}
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid meeting", Fields: fields}
	}
	return nil
}

func (m *Meeting) apply(in Input) {
	m.Kind, m.StartsAt, m.DurationMinutes, m.Place = in.Kind, in.StartsAt, in.DurationMinutes, in.Place
	m.ChairAllyID, m.MealPlanned, m.MealNotes = in.ChairAllyID, in.MealPlanned, in.MealNotes
	m.InvitedAllyIDs = in.InvitedAllyIDs
	if m.InvitedAllyIDs == nil {
		m.InvitedAllyIDs = []uuid.UUID{}
	}
}

func writeInvitees(ctx context.Context, tx bun.Tx, m *Meeting) error {
	if _, err := tx.NewDelete().Model((*invitee)(nil)).Where("meeting_id = ?", m.ID).Exec(ctx); err != nil {
		return err
	}
	if len(m.InvitedAllyIDs) == 0 {
		return nil
	}
	rows := make([]invitee, len(m.InvitedAllyIDs))
	for i, id := range m.InvitedAllyIDs {
		rows[i] = invitee{MeetingID: m.ID, AllyID: id}
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// Plan adds a meeting to a network. Past dates are allowed so that a
// network can record the meetings it held before it used the product.
func (s *Service) Plan(ctx context.Context, networkID uuid.UUID, in Input) (*Meeting, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	now := s.now()
	m := &Meeting{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, Status: StatusPlanned, CreatedAt: now, UpdatedAt: now}
	m.apply(in)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := checkAllies(ctx, tx, networkID, &in); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
			return err
		}
		if err := writeInvitees(ctx, tx, m); err != nil {
			return err
		}
		return s.announced(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// PlanSeries plans Count regular meetings IntervalWeeks apart. Dates step in
// Amsterdam wall-clock time, so a 19:00 meeting stays at 19:00 across the
// change to or from summer time. All or none are planned.
func (s *Service) PlanSeries(ctx context.Context, networkID uuid.UUID, in SeriesInput) ([]Meeting, error) {
	in.Place, in.MealNotes = strings.TrimSpace(in.Place), strings.TrimSpace(in.MealNotes)
	if in.DurationMinutes == 0 {
		in.DurationMinutes = DefaultDurationMinutes
	}
	if err := s.validate(in); err != nil {
		return nil, err
	}
	now := s.now()
	series := uuid.Must(uuid.NewV7())
	local := in.FirstStartsAt.In(bondgenoten.Amsterdam)
	span := bondgenoten.SpanOf(bondgenoten.MeaningMeeting, bondgenoten.DateOf(now))
	out := make([]Meeting, in.Count)
	for i := range out {
		at := time.Date(local.Year(), local.Month(), local.Day()+7*in.IntervalWeeks*i, local.Hour(), local.Minute(), 0, 0, bondgenoten.Amsterdam)
		// Every meeting of the series is a meeting: checked before any is written.
		if !span.ContainsTime(at) {
			return nil, bondgenoten.Invalid("count", RuleSeriesRange, span.String())
		}
		out[i] = Meeting{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, Kind: KindRegular, StartsAt: at.UTC(),
			DurationMinutes: in.DurationMinutes, Place: in.Place, MealPlanned: in.MealPlanned, MealNotes: in.MealNotes,
			Status: StatusPlanned, SeriesID: &series, CreatedAt: now, UpdatedAt: now, InvitedAllyIDs: []uuid.UUID{}}
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewInsert().Model(&out).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// notPlanned refuses a change to a meeting that is history.
func notPlanned(m *Meeting) error {
	rule := RuleMeetingHeld
	if m.Status == StatusCancelled {
		rule = RuleMeetingCancelled
	}
	return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "meeting is " + string(m.Status),
		Fields: map[string]bondgenoten.FieldViolation{"status": {Rule: rule}}}
}

// lock reads a meeting of the network inside tx.
func lock(ctx context.Context, tx bun.Tx, networkID, id uuid.UUID) (*Meeting, error) {
	m := new(Meeting)
	q := tx.NewSelect().Model(m).Where("id = ? AND network_id = ?", id, networkID)
	if tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// Update changes a planned meeting; a held or cancelled one is history.
func (s *Service) Update(ctx context.Context, networkID, id uuid.UUID, in Input) (*Meeting, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var m *Meeting
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if m, err = lock(ctx, tx, networkID, id); err != nil {
			return err
		}
		if m.Status != StatusPlanned {
			return notPlanned(m)
		}
		if err := checkAllies(ctx, tx, networkID, &in); err != nil {
			return err
		}
		old := *m
		var before []uuid.UUID
		if invitationSent(&old) {
			if before, err = inviteesOf(ctx, tx, &old); err != nil {
				return err
			}
		}
		m.apply(in)
		m.UpdatedAt = s.now()
		if _, err := tx.NewUpdate().Model(m).WherePK().Column("kind", "starts_at", "duration_minutes", "place", "chair_ally_id", "meal_planned", "meal_notes", "updated_at").Exec(ctx); err != nil {
			return err
		}
		if err := writeInvitees(ctx, tx, m); err != nil {
			return err
		}
		return s.changed(ctx, tx, &old, before, m)
	})
	if err != nil {
		return nil, err
	}
	return m, s.loadCounts(ctx, []*Meeting{m})
}

// Cancel calls off a planned meeting; the reason is kept with it.
func (s *Service) Cancel(ctx context.Context, networkID, id uuid.UUID, reason string) (*Meeting, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, bondgenoten.Invalid("reason", bondgenoten.RuleRequired, "")
	}
	if len(reason) > 1000 {
		return nil, bondgenoten.Invalid("reason", bondgenoten.RuleMax, "1000")
	}
	var m *Meeting
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if m, err = lock(ctx, tx, networkID, id); err != nil {
			return err
		}
		if m.Status != StatusPlanned {
			return notPlanned(m)
		}
		m.Status, m.CancelReason, m.UpdatedAt = StatusCancelled, reason, s.now()
		if _, err = tx.NewUpdate().Model(m).WherePK().Column("status", "cancel_reason", "updated_at").Exec(ctx); err != nil {
			return err
		}
		return s.cancelled(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, s.loadCounts(ctx, []*Meeting{m})
}

// Close records that a meeting was held. The guide's rule: plan the next
// meeting right after each one — so closing is refused unless a later
// meeting is planned, or the coordinator writes down why not.
func (s *Service) Close(ctx context.Context, networkID, id uuid.UUID, noNextReason string) (*Meeting, error) {
	noNextReason = strings.TrimSpace(noNextReason)
	if len(noNextReason) > 1000 {
		return nil, bondgenoten.Invalid("noNextReason", bondgenoten.RuleMax, "1000")
	}
	var m *Meeting
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if m, err = lock(ctx, tx, networkID, id); err != nil {
			return err
		}
		if m.Status != StatusPlanned {
			return notPlanned(m)
		}
		now := s.now()
		if m.StartsAt.After(now) {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "meeting has not started",
				Fields: map[string]bondgenoten.FieldViolation{"startsAt": {Rule: RuleNotStarted}}}
		}
		next, err := tx.NewSelect().Model((*Meeting)(nil)).
			Where("network_id = ? AND status = ? AND starts_at > ?", networkID, StatusPlanned, m.StartsAt).Exists(ctx)
		if err != nil {
			return err
		}
		if !next && noNextReason == "" {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "plan the next meeting first",
				Fields: map[string]bondgenoten.FieldViolation{"noNextReason": {Rule: RuleNextMeetingRequired}}}
		}
		if next {
			noNextReason = ""
		}
		m.Status, m.NoNextReason, m.ClosedAt, m.UpdatedAt = StatusHeld, noNextReason, &now, now
		_, err = tx.NewUpdate().Model(m).WherePK().Column("status", "no_next_reason", "closed_at", "updated_at").Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, s.loadCounts(ctx, []*Meeting{m})
}

// Get returns one meeting of a network; another network's is not found.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID) (*Meeting, error) {
	m := new(Meeting)
	if err := s.DB.For(ctx).NewSelect().Model(m).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return m, s.loadCounts(ctx, []*Meeting{m})
}

// loadCounts fills the invitees and agenda counts of meetings.
func (s *Service) loadCounts(ctx context.Context, ms []*Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*Meeting, len(ms))
	ids := make([]uuid.UUID, len(ms))
	for i, m := range ms {
		m.InvitedAllyIDs, m.AgendaItems = []uuid.UUID{}, 0
		byID[m.ID], ids[i] = m, m.ID
	}
	var inv []invitee
	if err := s.DB.For(ctx).NewSelect().Model(&inv).Where("meeting_id IN (?)", bun.In(ids)).OrderExpr("ally_id").Scan(ctx); err != nil {
		return store.MapError(err)
	}
	for _, i := range inv {
		byID[i.MeetingID].InvitedAllyIDs = append(byID[i.MeetingID].InvitedAllyIDs, i.AllyID)
	}
	var counts []struct {
		MeetingID uuid.UUID `bun:"meeting_id,type:uuid"`
		N         int       `bun:"n"`
	}
	if err := s.DB.For(ctx).NewSelect().Table("agenda_items").Column("meeting_id").ColumnExpr("count(*) AS n").
		Where("meeting_id IN (?)", bun.In(ids)).Group("meeting_id").Scan(ctx, &counts); err != nil {
		return store.MapError(err)
	}
	for _, c := range counts {
		byID[c.MeetingID].AgendaItems = c.N
	}
	return nil
}

// Filter narrows a list of meetings. From and To are Amsterdam calendar
// days, both inclusive.
type Filter struct {
	From, To   *bondgenoten.Date
	Status     Status
	Descending bool
	Limit      int
	Cursor     string
}

type listCursor struct {
	StartsAt time.Time `json:"s"`
	ID       string    `json:"i"`
}

// startOfDay is the instant an Amsterdam calendar day begins.
func startOfDay(d bondgenoten.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, bondgenoten.Amsterdam).UTC()
}

// List returns a page of a network's meetings by start time.
func (s *Service) List(ctx context.Context, networkID uuid.UUID, f Filter) (bondgenoten.Page[Meeting], error) {
	var page bondgenoten.Page[Meeting]
	limit, err := bondgenoten.PageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	if f.Status != "" && f.Status != StatusPlanned && f.Status != StatusHeld && f.Status != StatusCancelled {
		return page, bondgenoten.Invalid("status", bondgenoten.RuleOneOf, "planned held cancelled")
	}
	q := s.DB.For(ctx).NewSelect().Model(&page.Items).Where("network_id = ?", networkID)
	if f.From != nil {
		q = q.Where("starts_at >= ?", startOfDay(*f.From))
	}
	if f.To != nil {
		q = q.Where("starts_at < ?", startOfDay(f.To.AddDays(1)))
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	op, dir := ">", "ASC"
	if f.Descending {
		op, dir = "<", "DESC"
	}
	if f.Cursor != "" {
		var c listCursor
		if err := bondgenoten.DecodeCursor(f.Cursor, &c); err != nil {
			return page, err
		}
		id, err := uuid.Parse(c.ID)
		if err != nil {
			return page, bondgenoten.Invalid("cursor", bondgenoten.RuleCursor, "")
		}
		q = q.Where("(starts_at "+op+" ?) OR (starts_at = ? AND id "+op+" ?)", c.StartsAt, c.StartsAt, id)
	}
	if err := q.OrderExpr("starts_at " + dir + ", id " + dir).Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return page, store.MapError(err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = bondgenoten.EncodeCursor(listCursor{last.StartsAt, last.ID.String()})
	}
	ptrs := make([]*Meeting, len(page.Items))
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	return page, s.loadCounts(ctx, ptrs)
}

// networkSettings reads the settings the rules need.
func networkSettings(ctx context.Context, db bun.IDB, networkID uuid.UUID) (*network.Network, error) {
	n := new(network.Network)
	err := db.NewSelect().Model(n).Where("id = ?", networkID).Scan(ctx)
	return n, store.MapError(err)
}
