package meeting

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
)

// Kinds of notification and email about meetings (docs/decisions/0010).
// The web app and the emails word each. Parameters: network (the network's
// name), when (the meeting's start, RFC 3339 in UTC) and meetingKind
// (regular or emergency); the cadence kinds carry network only, and
// cadence_below_minimum also held and minimum (numbers). Never a name of
// an ally, and not the place (which can be someone's home): the .ics
// attached to an ally's email carries the place.
const (
	// To the invited allies (email with the .ics) and the partners'
	// coordinators and staff (app): an emergency meeting was planned.
	KindEmergencyPlanned = "meeting_emergency_planned"
	// To allies added to the invitees of a meeting whose invitation went
	// out already (email with the .ics).
	KindInvitation = "meeting_invitation"
	// To the invitees (email with the .ics) and the partners' coordinators
	// and staff (app): the meeting is in two days.
	KindReminder = "meeting_reminder"
	// To the invitees (email with the updated .ics) and the partners'
	// coordinators and staff (app): a meeting whose invitation went out
	// moved (time, length, place or kind).
	KindChanged = "meeting_changed"
	// To the invitees (email with the cancellation) and the partners'
	// coordinators and staff (app): a meeting still to come was cancelled;
	// to an ally taken off an emergency meeting's invitees, too.
	KindCancelled = "meeting_cancelled"
	// To the partners' coordinators: no next meeting is planned, and the
	// network's plan-next-within days have passed.
	KindCadenceNoNext = "cadence_no_next_meeting"
	// To the partners' coordinators: fewer than MinimumPerYear meetings
	// held in the past twelve months.
	KindCadenceBelowMinimum = "cadence_below_minimum"
)

// ReminderLead is how long before a meeting its invitees are reminded.
const ReminderLead = 48 * time.Hour

// partnerRoles are the roles of the partners' people who hear of meetings.
var partnerRoles = []string{string(authz.Coordinator), string(authz.Staff)}

// message is what is told about m of network n.
func message(kind string, n *network.Network, m *Meeting) notify.Message {
	return notify.Message{Kind: kind,
		Params: map[string]string{"network": n.Name, "when": m.StartsAt.UTC().Format(time.RFC3339), "meetingKind": string(m.Kind)},
		Link:   "/netwerken/" + n.ID.String() + "/bijeenkomsten/" + m.ID.String()}
}

// notice tells allies by email, with the meeting's calendar file (method
// notify.CalendarRequest or notify.CalendarCancel), and — with users — the
// partners' coordinators and staff in the app, all in tx. Allies' emails
// carry no link (allies do not sign in); users' notifications carry none
// of the .ics either: their personal calendar feed has the meeting.
func (s *Service) notice(ctx context.Context, tx bun.IDB, kind string, m *Meeting, method string, allies []uuid.UUID, users bool) error {
	if len(allies) == 0 && !users {
		return nil
	}
	nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{m.NetworkID})
	if err != nil {
		return err
	}
	n := nets[m.NetworkID]
	if n == nil {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "network not found")
	}
	msg := message(kind, n, m)
	if len(allies) > 0 {
		partners, err := network.ActivePartnersIn(ctx, tx, []uuid.UUID{n.ID})
		if err != nil {
			return err
		}
		// The email is the network's; its first active partner (the one
		// that started it, as a rule) answers for it in the outbox.
		if ps := partners[n.ID]; len(ps) > 0 {
			mail := msg
			mail.Link = ""
			mail.Calendar = &notify.Calendar{MeetingID: m.ID, Method: method}
			if err := notify.MailAllies(ctx, tx, s.Clock, ps[0], allies, mail); err != nil {
				return err
			}
		}
	}
	if users {
		return identity.TellNetwork(ctx, tx, s.Clock, n.ID, partnerRoles, msg)
	}
	return nil
}

// inviteesOf are the allies m invites as stored in db: an emergency
// meeting's invited allies, or every active ally of a regular meeting's
// network who permits contact (the others would be skipped at sending).
func inviteesOf(ctx context.Context, db bun.IDB, m *Meeting) ([]uuid.UUID, error) {
	ids := []uuid.UUID{}
	if m.Kind == KindEmergency {
		err := db.NewSelect().Model((*invitee)(nil)).Column("ally_id").Where("meeting_id = ?", m.ID).
			OrderExpr("ally_id").Scan(ctx, &ids)
		return ids, err
	}
	allies, err := ally.ContactableIn(ctx, db, m.NetworkID)
	if err != nil {
		return nil, err
	}
	for _, a := range allies {
		ids = append(ids, a.ID)
	}
	return ids, nil
}

// within reports whether m starts after now and no later than ReminderLead
// from now: an invitation sent now is its reminder too.
func within(m *Meeting, now time.Time) bool {
	return m.StartsAt.After(now) && !m.StartsAt.After(now.Add(ReminderLead))
}

func (s *Service) setReminded(ctx context.Context, tx bun.IDB, m *Meeting, at *time.Time) error {
	m.RemindedAt = at
	_, err := tx.NewUpdate().Model(m).WherePK().Column("reminded_at").Exec(ctx)
	return err
}

// announced tells of a meeting just planned, in its transaction: an
// emergency meeting still to come is sent to its invited allies at once and
// told to the partners' coordinators and staff. A regular meeting waits for
// its reminder; a meeting recorded in the past tells nobody.
func (s *Service) announced(ctx context.Context, tx bun.IDB, m *Meeting) error {
	now := s.now()
	if m.Kind != KindEmergency || !m.StartsAt.After(now) {
		return nil
	}
	if err := s.notice(ctx, tx, KindEmergencyPlanned, m, notify.CalendarRequest, m.InvitedAllyIDs, true); err != nil {
		return err
	}
	if within(m, now) {
		return s.setReminded(ctx, tx, m, &now)
	}
	return nil
}

// invitationSent reports whether the invitees of old (a meeting as it was
// before a change) had its invitation: an emergency meeting planned ahead
// of its start, or any meeting reminded.
func invitationSent(old *Meeting) bool {
	return old.RemindedAt != nil || (old.Kind == KindEmergency && old.StartsAt.After(old.CreatedAt))
}

// changed tells of a change to a planned meeting (old before, m after), in
// its transaction. Once the invitation went out, a move (time, length,
// place or kind) sends the invitees an updated invitation — the same UID,
// a higher SEQUENCE — and tells the partners' people; allies added get the
// invitation and allies taken off a cancellation. A regular meeting not yet
// reminded sends nothing: its reminder will carry the new time. A meeting
// moved into the past tells nobody.
func (s *Service) changed(ctx context.Context, tx bun.IDB, old *Meeting, before []uuid.UUID, m *Meeting) error {
	now := s.now()
	moved := !old.StartsAt.Equal(m.StartsAt) || old.DurationMinutes != m.DurationMinutes || old.Place != m.Place || old.Kind != m.Kind
	if !m.StartsAt.After(now) {
		return nil
	}
	sent := invitationSent(old)
	if !sent {
		before = nil
		if m.Kind != KindEmergency {
			return nil
		}
		// Turned into an emergency meeting: its invitation goes out now.
		if err := s.notice(ctx, tx, KindEmergencyPlanned, m, notify.CalendarRequest, m.InvitedAllyIDs, true); err != nil {
			return err
		}
		if within(m, now) {
			return s.setReminded(ctx, tx, m, &now)
		}
		return nil
	}
	after, err := inviteesOf(ctx, tx, m)
	if err != nil {
		return err
	}
	var added, removed, kept []uuid.UUID
	for _, id := range after {
		if slices.Contains(before, id) {
			kept = append(kept, id)
		} else {
			added = append(added, id)
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			removed = append(removed, id)
		}
	}
	if err := s.notice(ctx, tx, KindCancelled, m, notify.CalendarCancel, removed, false); err != nil {
		return err
	}
	if err := s.notice(ctx, tx, KindInvitation, m, notify.CalendarRequest, added, false); err != nil {
		return err
	}
	if moved {
		if err := s.notice(ctx, tx, KindChanged, m, notify.CalendarRequest, kept, true); err != nil {
			return err
		}
	}
	switch {
	case within(m, now) && (moved || len(added) > 0):
		return s.setReminded(ctx, tx, m, &now) // what was just sent reminds them
	case !old.StartsAt.Equal(m.StartsAt) && m.RemindedAt != nil:
		return s.setReminded(ctx, tx, m, nil) // a new reminder two days before the new time
	}
	return nil
}

// cancelled tells of a cancellation of a meeting still to come, in its
// transaction: its invitees get the cancellation (METHOD:CANCEL, the same
// UID) and the partners' people are told.
func (s *Service) cancelled(ctx context.Context, tx bun.IDB, m *Meeting) error {
	if !m.StartsAt.After(s.now()) {
		return nil
	}
	allies, err := inviteesOf(ctx, tx, m)
	if err != nil {
		return err
	}
	return s.notice(ctx, tx, KindCancelled, m, notify.CalendarCancel, allies, true)
}

// SendReminders reminds the invitees of every planned meeting that starts
// within ReminderLead and was not reminded yet: allies by email with the
// .ics, the partners' coordinators and staff in the app. Each meeting is
// one transaction that marks it reminded, so a second run sends nothing
// again. It returns how many meetings were reminded.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	now := s.now()
	var due []uuid.UUID
	if err := s.DB.For(ctx).NewSelect().Model((*Meeting)(nil)).Column("id").
		Where("status = ? AND reminded_at IS NULL AND starts_at > ? AND starts_at <= ?", StatusPlanned, now, now.Add(ReminderLead)).
		OrderExpr("starts_at, id").Scan(ctx, &due); err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range due {
		err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			ms, err := lockByID(ctx, tx, id)
			if err != nil {
				return err
			}
			// Re-read under the lock: another run, or a change, may have come first.
			if len(ms) == 0 || ms[0].Status != StatusPlanned || ms[0].RemindedAt != nil || !within(&ms[0], now) {
				return nil
			}
			m := &ms[0]
			allies, err := inviteesOf(ctx, tx, m)
			if err != nil {
				return err
			}
			if err := s.notice(ctx, tx, KindReminder, m, notify.CalendarRequest, allies, true); err != nil {
				return err
			}
			sent++
			return s.setReminded(ctx, tx, m, &now)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// lockByID reads the meeting id, whatever its network, inside tx: none
// when it is gone.
func lockByID(ctx context.Context, tx bun.Tx, id uuid.UUID) ([]Meeting, error) {
	var ms []Meeting
	q := tx.NewSelect().Model(&ms).Where("id = ?", id)
	if tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	return ms, q.Scan(ctx)
}

// Cadence conditions a network's coordinators are told of, once each until
// the condition no longer holds.
const (
	ConditionNoNextMeeting = "no_next_meeting"
	ConditionBelowMinimum  = "below_minimum"
)

// cadenceAlert is a condition raised for a network.
type cadenceAlert struct {
	bun.BaseModel `bun:"table:meeting_cadence_alerts"`

	NetworkID uuid.UUID `bun:"network_id,pk,type:uuid"`
	Condition string    `bun:"condition,pk"`
	RaisedAt  time.Time `bun:"raised_at"`
}

// CadenceRun is what one CheckCadence did.
type CadenceRun struct {
	Raised  int
	Cleared int
}

// cadenceFigures are a network's meetings in numbers, as of a moment.
type cadenceFigures struct {
	NetworkID   uuid.UUID  `bun:"network_id,type:uuid"`
	Held        int        `bun:"held"`
	FirstHeld   *time.Time `bun:"first_held"`
	LastStarted *time.Time `bun:"last_started"`
	Next        int        `bun:"next"`
}

// cadenceConditions are the conditions that hold for n at now. A network
// still exploring is not meeting yet: nothing holds. No next meeting: none
// planned after now, and the day by which it should have been planned —
// the last meeting that started (not cancelled; the network's creation
// when it never met) plus the network's plan-next-within days — has
// passed, as the overview's overdue rule. Below the minimum: fewer than
// MinimumPerYear held in the twelve months up to now, once the network has
// a full year behind it (created, or its first meeting held, at least a
// year ago), so a starting network is not told what it cannot yet have.
func cadenceConditions(n *network.Network, f cadenceFigures, now time.Time) map[string]bool {
	out := map[string]bool{}
	if n.Phase == network.PhaseExploring {
		return out
	}
	from := n.CreatedAt
	if f.LastStarted != nil {
		from = *f.LastStarted
	}
	if f.Next == 0 && PlanNextBy(from, n.PlanNextWithinDays).Before(bondgenoten.DateOf(now)) {
		out[ConditionNoNextMeeting] = true
	}
	since := n.CreatedAt
	if f.FirstHeld != nil && f.FirstHeld.Before(since) {
		since = *f.FirstHeld
	}
	if f.Held < MinimumPerYear && !since.After(now.AddDate(-1, 0, 0)) {
		out[ConditionBelowMinimum] = true
	}
	return out
}

// CheckCadence looks at every network with an active partner: a cadence
// condition that holds and was not raised is raised — recorded and told to
// the coordinators of every active partner, in one transaction — and a
// raised one that no longer holds is cleared, so it can be raised again
// later. Running it twice tells nobody twice.
func (s *Service) CheckCadence(ctx context.Context) (CadenceRun, error) {
	var run CadenceRun
	now := s.now()
	db := s.DB.For(ctx)
	ids, err := network.PartneredIn(ctx, db)
	if err != nil {
		return run, err
	}
	networks, err := network.NetworksIn(ctx, db, ids)
	if err != nil {
		return run, err
	}
	figures := map[uuid.UUID]cadenceFigures{}
	if len(ids) > 0 {
		var rows []cadenceFigures
		if err := db.NewSelect().Model((*Meeting)(nil)).ColumnExpr("network_id").
			ColumnExpr("count(CASE WHEN status = ? AND starts_at >= ? THEN 1 END) AS held", StatusHeld, now.AddDate(-1, 0, 0)).
			ColumnExpr("min(CASE WHEN status = ? THEN starts_at END) AS first_held", StatusHeld).
			ColumnExpr("max(CASE WHEN status <> ? AND starts_at <= ? THEN starts_at END) AS last_started", StatusCancelled, now).
			ColumnExpr("count(CASE WHEN status = ? AND starts_at > ? THEN 1 END) AS next", StatusPlanned, now).
			Where("network_id IN (?)", bun.In(ids)).Group("network_id").Scan(ctx, &rows); err != nil {
			return run, err
		}
		for _, r := range rows {
			figures[r.NetworkID] = r
		}
	}
	var alerts []cadenceAlert
	if err := db.NewSelect().Model(&alerts).Scan(ctx); err != nil {
		return run, err
	}
	raised := map[uuid.UUID]map[string]bool{}
	for _, a := range alerts {
		if raised[a.NetworkID] == nil {
			raised[a.NetworkID] = map[string]bool{}
		}
		raised[a.NetworkID][a.Condition] = true
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	for _, id := range ids {
		n := networks[id]
		if n == nil {
			continue
		}
		f := figures[id]
		holds := cadenceConditions(n, f, now)
		for _, c := range []string{ConditionNoNextMeeting, ConditionBelowMinimum} {
			switch {
			case holds[c] && !raised[id][c]:
				err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
					res, err := tx.NewInsert().Model(&cadenceAlert{NetworkID: id, Condition: c, RaisedAt: now}).
						On("CONFLICT (network_id, condition) DO NOTHING").Exec(ctx)
					if err != nil {
						return err
					}
					if k, err := res.RowsAffected(); err != nil || k == 0 {
						return err // raised meanwhile by another run
					}
					run.Raised++
					return identity.TellNetwork(ctx, tx, s.Clock, id, []string{string(authz.Coordinator)}, cadenceMessage(n, c, f))
				})
				if err != nil {
					return run, err
				}
			case !holds[c] && raised[id][c]:
				res, err := db.NewDelete().Model((*cadenceAlert)(nil)).Where("network_id = ? AND condition = ?", id, c).Exec(ctx)
				if err != nil {
					return run, err
				}
				if k, _ := res.RowsAffected(); k > 0 {
					run.Cleared++
				}
			}
		}
	}
	return run, nil
}

func cadenceMessage(n *network.Network, condition string, f cadenceFigures) notify.Message {
	m := notify.Message{Kind: KindCadenceNoNext, Params: map[string]string{"network": n.Name},
		Link: "/netwerken/" + n.ID.String() + "/bijeenkomsten"}
	if condition == ConditionBelowMinimum {
		m.Kind = KindCadenceBelowMinimum
		m.Params["held"] = strconv.Itoa(f.Held)
		m.Params["minimum"] = strconv.Itoa(MinimumPerYear)
	}
	return m
}
