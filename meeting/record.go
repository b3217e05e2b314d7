package meeting

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/store"
)

// AgendaItem is a topic and the party that brought it: the guide asks every
// party to bring topics, and the balance shows whether they do.
type AgendaItem struct {
	bun.BaseModel `bun:"table:agenda_items"`

	MeetingID uuid.UUID `bun:"meeting_id,pk,type:uuid" json:"-"`
	Position  int       `bun:"position,pk" json:"-"`
	Title     string    `bun:"title" json:"title" validate:"required,max=300"`
	Party     Party     `bun:"party" json:"party" validate:"required,oneof=municipality police allies"`
	Notes     string    `bun:"notes" json:"notes" validate:"max=2000"`
}

// Attendance is one person at (or away from) a meeting. Allies are linked by
// ID; the partners' staff are named only.
type Attendance struct {
	bun.BaseModel `bun:"table:meeting_attendance"`

	MeetingID uuid.UUID  `bun:"meeting_id,pk,type:uuid" json:"-"`
	Position  int        `bun:"position,pk" json:"-"`
	AllyID    *uuid.UUID `bun:"ally_id,type:uuid" json:"allyId"`
	Name      string     `bun:"name" json:"name" validate:"required,max=200"`
	Party     Party      `bun:"party" json:"party" validate:"required,oneof=municipality police allies"`
	Status    string     `bun:"status" json:"status" validate:"required,oneof=present absent excused"`
}

type decision struct {
	bun.BaseModel `bun:"table:meeting_decisions"`

	MeetingID uuid.UUID `bun:"meeting_id,pk,type:uuid"`
	Position  int       `bun:"position,pk"`
	Text      string    `bun:"text"`
}

// AgendaInput replaces a meeting's agenda.
type AgendaInput struct {
	Items []AgendaItem `json:"items" validate:"max=50,dive"`
}

// Report is what happened at a meeting.
type Report struct {
	Attendance []Attendance `json:"attendance" validate:"max=100,dive"`
	Minutes    string       `json:"minutes" validate:"max=50000"`
	Decisions  []string     `json:"decisions" validate:"max=100,dive,required,max=2000"`
}

// Detail is a meeting with everything recorded for it.
type Detail struct {
	*Meeting
	Chair      *ally.Ally
	Agenda     []AgendaItem
	Attendance []Attendance
	Decisions  []string
	Actions    []Action
	Next       *Meeting
}

// lockRecordable reads a meeting whose record may still change: planned or
// held, not cancelled.
func lockRecordable(ctx context.Context, tx bun.Tx, networkID, id uuid.UUID) (*Meeting, error) {
	m, err := lock(ctx, tx, networkID, id)
	if err != nil {
		return nil, err
	}
	if m.Status == StatusCancelled {
		return nil, notPlanned(m)
	}
	return m, nil
}

// PutAgenda replaces the agenda of a planned or held meeting.
func (s *Service) PutAgenda(ctx context.Context, networkID, id uuid.UUID, in AgendaInput) error {
	for i := range in.Items {
		in.Items[i].Title = strings.TrimSpace(in.Items[i].Title)
		in.Items[i].Notes = strings.TrimSpace(in.Items[i].Notes)
	}
	if err := s.validate(in); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		m, err := lockRecordable(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*AgendaItem)(nil)).Where("meeting_id = ?", m.ID).Exec(ctx); err != nil {
			return err
		}
		if len(in.Items) == 0 {
			return touch(ctx, tx, m, s.now())
		}
		for i := range in.Items {
			in.Items[i].MeetingID, in.Items[i].Position = m.ID, i
		}
		if _, err := tx.NewInsert().Model(&in.Items).Exec(ctx); err != nil {
			return err
		}
		return touch(ctx, tx, m, s.now())
	})
}

func touch(ctx context.Context, tx bun.Tx, m *Meeting, now time.Time) error {
	_, err := tx.NewUpdate().Model(m).Set("updated_at = ?", now).WherePK().Exec(ctx)
	return err
}

// PutReport records attendance, minutes and decisions of a planned or held
// meeting. Allies in the attendance must belong to the network.
func (s *Service) PutReport(ctx context.Context, networkID, id uuid.UUID, in Report) error {
	in.Minutes = strings.TrimSpace(in.Minutes)
	for i := range in.Attendance {
		in.Attendance[i].Name = strings.TrimSpace(in.Attendance[i].Name)
	}
	decisions := make([]string, 0, len(in.Decisions))
	for _, d := range in.Decisions {
		decisions = append(decisions, strings.TrimSpace(d))
	}
	in.Decisions = decisions
	if err := s.validate(in); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		m, err := lockRecordable(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		var allyIDs []uuid.UUID
		for _, a := range in.Attendance {
			if a.AllyID != nil {
				allyIDs = append(allyIDs, *a.AllyID)
			}
		}
		if len(allyIDs) > 0 {
			n, err := tx.NewSelect().Model((*ally.Ally)(nil)).Where("network_id = ? AND id IN (?)", networkID, bun.In(allyIDs)).Count(ctx)
			if err != nil {
				return err
			}
			if int(n) != len(distinct(allyIDs)) {
				return bondgenoten.Invalid("attendance", RuleNetworkAlly, "")
			}
		}
		for _, model := range []any{(*Attendance)(nil), (*decision)(nil)} {
			if _, err := tx.NewDelete().Model(model).Where("meeting_id = ?", m.ID).Exec(ctx); err != nil {
				return err
			}
		}
		if len(in.Attendance) > 0 {
			for i := range in.Attendance {
				in.Attendance[i].MeetingID, in.Attendance[i].Position = m.ID, i
			}
			if _, err := tx.NewInsert().Model(&in.Attendance).Exec(ctx); err != nil {
				return err
			}
		}
		if len(in.Decisions) > 0 {
			rows := make([]decision, len(in.Decisions))
			for i, d := range in.Decisions {
				rows[i] = decision{MeetingID: m.ID, Position: i, Text: d}
			}
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		_, err = tx.NewUpdate().Model(m).Set("minutes = ?", in.Minutes).Set("updated_at = ?", s.now()).WherePK().Exec(ctx)
		return err
	})
}

func distinct(ids []uuid.UUID) map[uuid.UUID]struct{} {
	out := make(map[uuid.UUID]struct{}, len(ids))
	for _, id := range ids {
		out[id] = struct{}{}
	}
	return out
}

// Detail returns a meeting with its chair, agenda, attendance, decisions,
// actions and the next planned meeting.
func (s *Service) Detail(ctx context.Context, networkID, id uuid.UUID) (*Detail, error) {
	m, err := s.Get(ctx, networkID, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Meeting: m, Agenda: []AgendaItem{}, Attendance: []Attendance{}, Decisions: []string{}}
	if m.ChairAllyID != nil {
		a := new(ally.Ally)
		if err := s.DB.For(ctx).NewSelect().Model(a).Where("id = ?", *m.ChairAllyID).Scan(ctx); err == nil {
			d.Chair = a
		}
	}
	if err := s.DB.For(ctx).NewSelect().Model(&d.Agenda).Where("meeting_id = ?", id).Order("position").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if err := s.DB.For(ctx).NewSelect().Model(&d.Attendance).Where("meeting_id = ?", id).Order("position").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if err := s.DB.For(ctx).NewSelect().Model((*decision)(nil)).Column("text").Where("meeting_id = ?", id).Order("position").Scan(ctx, &d.Decisions); err != nil {
		return nil, store.MapError(err)
	}
	if d.Actions, err = s.actionsOf(ctx, networkID, id); err != nil {
		return nil, err
	}
	var next []Meeting
	err = s.DB.For(ctx).NewSelect().Model(&next).Where("network_id = ? AND status = ? AND starts_at > ?", networkID, StatusPlanned, m.StartsAt).
		OrderExpr("starts_at, id").Limit(1).Scan(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	if len(next) == 1 {
		d.Next = &next[0]
		if err := s.loadCounts(ctx, []*Meeting{d.Next}); err != nil {
			return nil, err
		}
	}
	return d, nil
}
