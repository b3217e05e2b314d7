// Package crisis keeps crisis mode of an allies network: a coordinator
// activates a crisis (title, trigger, themes, phase, start), and while it is
// active the network records its phase changes, the advice and decisions
// taken (handelingskader), questions from the constituency with the answer
// given and whether the ally carried it back, and polls (peilingen) of
// selected allies with their answers, aggregated per community. Closing a
// crisis asks for aftercare: a follow-up meeting planned and a short
// evaluation, kept as a lesson for later sharing.
//
// Package crisis owns the tables crises, crisis_entries, crisis_polls and
// crisis_poll_answers.
package crisis

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
)

// Phase of a crisis: the phases of the handelingskader, as for signals.
type Phase = signal.Phase

// EntryKind is what an entry of a crisis records.
type EntryKind string

const (
	KindDecision EntryKind = "decision" // a decision taken
	KindAdvice   EntryKind = "advice"   // advice given (to the authorities, by the network)
	KindQuestion EntryKind = "question" // a question from the constituency
	KindPhase    EntryKind = "phase"    // the crisis moved to another phase
)

// MinCommunityCount is the smallest number of answers a community's
// aggregate shows; below it the figures are null, so an answer cannot be
// traced to one person.
const MinCommunityCount = 3

// Crisis as stored.
type Crisis struct {
	bun.BaseModel `bun:"table:crises"`

	ID                 uuid.UUID  `bun:"id,pk,type:uuid"`
	NetworkID          uuid.UUID  `bun:"network_id,type:uuid"`
	Title              string     `bun:"title"`
	Trigger            string     `bun:"trigger_text"`
	Themes             []string   `bun:"themes,type:text"`
	Phase              Phase      `bun:"phase"`
	StartedAt          time.Time  `bun:"started_at"`
	EndedAt            *time.Time `bun:"ended_at"`
	EmergencyMeetingID *uuid.UUID `bun:"emergency_meeting_id,type:uuid"`
	AftercareMeetingID *uuid.UUID `bun:"aftercare_meeting_id,type:uuid"`
	WentWell           string     `bun:"went_well"`
	ToLearn            string     `bun:"to_learn"`
	Lesson             bool       `bun:"lesson"`
	CreatedBy          *uuid.UUID `bun:"created_by,type:uuid"`
	CreatedAt          time.Time  `bun:"created_at"`
	UpdatedAt          time.Time  `bun:"updated_at"`
}

// Active reports whether the crisis has not been closed.
func (c *Crisis) Active() bool { return c.EndedAt == nil }

// Entry is a decision, advice, question or phase change of a crisis.
type Entry struct {
	bun.BaseModel `bun:"table:crisis_entries"`

	ID          uuid.UUID  `bun:"id,pk,type:uuid"`
	CrisisID    uuid.UUID  `bun:"crisis_id,type:uuid"`
	Kind        EntryKind  `bun:"kind"`
	At          time.Time  `bun:"occurred_at"`
	Text        string     `bun:"body"`
	AllyID      *uuid.UUID `bun:"ally_id,type:uuid"`
	Answer      string     `bun:"answer"`
	AnsweredAt  *time.Time `bun:"answered_at"`
	CarriedBack bool       `bun:"carried_back"`
	PhaseFrom   string     `bun:"phase_from"`
	PhaseTo     string     `bun:"phase_to"`
	CreatedBy   *uuid.UUID `bun:"created_by,type:uuid"`
	CreatedAt   time.Time  `bun:"created_at"`
	UpdatedAt   time.Time  `bun:"updated_at"`
}

// Poll is a peiling: allies asked what they hear.
type Poll struct {
	bun.BaseModel `bun:"table:crisis_polls"`

	ID        uuid.UUID  `bun:"id,pk,type:uuid"`
	CrisisID  uuid.UUID  `bun:"crisis_id,type:uuid"`
	Question  string     `bun:"question"`
	CreatedBy *uuid.UUID `bun:"created_by,type:uuid"`
	CreatedAt time.Time  `bun:"created_at"`
}

// Answer is one ally's place in a poll, with the answer once recorded.
type Answer struct {
	bun.BaseModel `bun:"table:crisis_poll_answers"`

	PollID     uuid.UUID  `bun:"poll_id,pk,type:uuid"`
	AllyID     uuid.UUID  `bun:"ally_id,pk,type:uuid"`
	Community  string     `bun:"community"`
	Mood       *int       `bun:"mood"`
	Hears      string     `bun:"hears"`
	Advice     string     `bun:"advice"`
	Questions  string     `bun:"questions"`
	AnsweredAt *time.Time `bun:"answered_at"`
}

// Service activates, records and closes crises.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
	// Signals knows the network's themes and its signals for the timeline.
	Signals *signal.Service
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

func (s *Service) validate(in any) error {
	return bondgenoten.ValidateOn(in, bondgenoten.DateOf(s.now()))
}

func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// actor is who recorded something; uuid.Nil (the demo seed) is nobody.
func actor(by uuid.UUID) *uuid.UUID {
	if by == uuid.Nil {
		return nil
	}
	return &by
}

func trim(fs ...*string) {
	for _, f := range fs {
		*f = strings.TrimSpace(*f)
	}
}

// ActivateInput starts a crisis.
type ActivateInput struct {
	Title              string     `json:"title" validate:"required,max=200"`
	Trigger            string     `json:"trigger" validate:"required,max=2000"`
	Themes             []string   `json:"themes" validate:"max=12,dive,required,max=64"`
	Phase              Phase      `json:"phase" validate:"required,oneof=simmering rising escalation aftermath"`
	StartedAt          time.Time  `json:"startedAt" validate:"required,date_range=signal"`
	EmergencyMeetingID *uuid.UUID `json:"emergencyMeetingId"`
}

// conflict is the 409 of a refused state change, with its rule.
func conflict(field string, rule bondgenoten.Rule, msg string) error {
	return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: msg,
		Fields: map[string]bondgenoten.FieldViolation{field: {Rule: rule}}}
}

func invalid(fields map[string]bondgenoten.FieldViolation) error {
	if len(fields) == 0 {
		return nil
	}
	return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid crisis input", Fields: fields}
}

// notFuture refuses an instant more than a day after now.
func (s *Service) notFuture(fields map[string]bondgenoten.FieldViolation, field string, t time.Time) {
	if t.After(s.now().Add(24 * time.Hour)) {
		fields[field] = bondgenoten.FieldViolation{Rule: RuleCrisisNotFuture}
	}
}

// checkThemes refuses themes the network does not know (national or its
// own, archived ones included: a crisis may be about an old theme).
func (s *Service) checkThemes(ctx context.Context, networkID uuid.UUID, themes []string, fields map[string]bondgenoten.FieldViolation) error {
	if len(themes) == 0 {
		return nil
	}
	known := map[string]bool{}
	if s.Signals != nil {
		list, err := s.Signals.Themes(ctx, networkID, language.Dutch)
		if err != nil {
			return err
		}
		for _, t := range list {
			known[t.Key] = true
		}
	} else {
		for _, k := range signal.NationalThemeKeys() {
			known[k] = true
		}
	}
	for _, t := range themes {
		if !known[t] {
			fields["themes"] = bondgenoten.FieldViolation{Rule: RuleCrisisTheme}
		}
	}
	return nil
}

// checkEmergency refuses a meeting that is no emergency meeting of the
// network.
func checkEmergency(ctx context.Context, db bun.IDB, networkID uuid.UUID, id *uuid.UUID, fields map[string]bondgenoten.FieldViolation) error {
	if id == nil {
		return nil
	}
	found, err := meeting.MeetingsIn(ctx, db, networkID, []uuid.UUID{*id})
	if err != nil {
		return err
	}
	if m := found[*id]; m == nil || m.Kind != meeting.KindEmergency {
		fields["emergencyMeetingId"] = bondgenoten.FieldViolation{Rule: RuleEmergencyMeeting}
	}
	return nil
}

// Activate starts a crisis for the network. A network has at most one
// active crisis: a second answers 409 (crisis_active). The coordinators and
// crisis liaisons of every active partner are told, in the same
// transaction.
func (s *Service) Activate(ctx context.Context, networkID, by uuid.UUID, in ActivateInput) (*Crisis, error) {
	trim(&in.Title, &in.Trigger)
	for i := range in.Themes {
		in.Themes[i] = strings.TrimSpace(in.Themes[i])
	}
	if err := s.validate(in); err != nil {
		return nil, err
	}
	slices.Sort(in.Themes)
	in.Themes = slices.Compact(in.Themes)
	fields := map[string]bondgenoten.FieldViolation{}
	s.notFuture(fields, "startedAt", in.StartedAt)
	if err := s.checkThemes(ctx, networkID, in.Themes, fields); err != nil {
		return nil, err
	}
	var out *Crisis
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := checkEmergency(ctx, tx, networkID, in.EmergencyMeetingID, fields); err != nil {
			return err
		}
		if err := invalid(fields); err != nil {
			return err
		}
		if n, err := tx.NewSelect().Model((*Crisis)(nil)).Where("network_id = ? AND ended_at IS NULL", networkID).Count(ctx); err != nil {
			return err
		} else if n > 0 {
			return conflict("network", RuleCrisisActive, "the network has an active crisis")
		}
		now := s.now()
		themes := in.Themes
		if themes == nil {
			themes = []string{}
		}
		c := &Crisis{ID: newID(), NetworkID: networkID, Title: in.Title, Trigger: in.Trigger, Themes: themes,
			Phase: in.Phase, StartedAt: in.StartedAt.UTC().Truncate(time.Second), EmergencyMeetingID: in.EmergencyMeetingID,
			CreatedBy: actor(by), CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(c).Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return conflict("network", RuleCrisisActive, "the network has an active crisis")
			}
			return err
		}
		e := &Entry{ID: newID(), CrisisID: c.ID, Kind: KindPhase, At: c.StartedAt, PhaseTo: string(c.Phase),
			CreatedBy: actor(by), CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(e).Exec(ctx); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, networkID); err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}

// tell notifies the coordinators and crisis liaisons of every active
// partner that a crisis was activated. The message names the network only.
func (s *Service) tell(ctx context.Context, tx bun.IDB, networkID uuid.UUID) error {
	nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{networkID})
	if err != nil {
		return err
	}
	n, ok := nets[networkID]
	if !ok {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "network not found")
	}
	m := notify.Message{Kind: notify.CrisisActivated, Params: map[string]string{"network": n.Name},
		Link: "/netwerken/" + networkID.String() + "/crisis"}
	return identity.TellNetwork(ctx, tx, s.Clock, networkID, []string{"coordinator", "crisis-liaison"}, m)
}

// lock reads the network's crisis id inside tx; active requires it not to
// be closed (409 crisis_ended otherwise).
func lock(ctx context.Context, tx bun.IDB, networkID, id uuid.UUID, active bool) (*Crisis, error) {
	c := new(Crisis)
	if err := tx.NewSelect().Model(c).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if active && !c.Active() {
		return nil, conflict("crisis", RuleCrisisEnded, "the crisis was closed")
	}
	return c, nil
}

// PhaseInput moves a crisis to another phase.
type PhaseInput struct {
	Phase Phase  `json:"phase" validate:"required,oneof=simmering rising escalation aftermath"`
	Note  string `json:"note" validate:"max=2000"`
}

// ChangePhase moves an active crisis to another phase and records it.
func (s *Service) ChangePhase(ctx context.Context, networkID, id, by uuid.UUID, in PhaseInput) (*Crisis, error) {
	trim(&in.Note)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Crisis
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		if c.Phase == in.Phase {
			return bondgenoten.Invalid("phase", RulePhaseUnchanged, "")
		}
		now := s.now()
		e := &Entry{ID: newID(), CrisisID: c.ID, Kind: KindPhase, At: now, Text: in.Note, PhaseFrom: string(c.Phase),
			PhaseTo: string(in.Phase), CreatedBy: actor(by), CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(e).Exec(ctx); err != nil {
			return err
		}
		c.Phase, c.UpdatedAt = in.Phase, now
		if _, err := tx.NewUpdate().Model(c).Column("phase", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, store.MapError(err)
}

// EntryInput records a decision, advice or a question from the
// constituency (with the ally who brought it, optionally).
type EntryInput struct {
	Kind   EntryKind  `json:"kind" validate:"required,oneof=decision advice question"`
	Text   string     `json:"text" validate:"required,max=5000"`
	At     *time.Time `json:"at" validate:"omitnil,date_range=signal"`
	AllyID *uuid.UUID `json:"allyId"`
}

// checkAllies refuses allies who are not active allies of the network.
func checkAllies(ctx context.Context, db bun.IDB, networkID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]ally.Ally, bool, error) {
	found := map[uuid.UUID]ally.Ally{}
	if len(ids) == 0 {
		return found, true, nil
	}
	rows, err := ally.AlliesIn(ctx, db, networkID, ids)
	if err != nil {
		return nil, false, err
	}
	for id, a := range rows {
		if a.Status == ally.StatusActive {
			found[id] = *a
		}
	}
	for _, id := range ids {
		if _, ok := found[id]; !ok {
			return found, false, nil
		}
	}
	return found, true, nil
}

// AddEntry records a decision, advice or question in an active crisis.
func (s *Service) AddEntry(ctx context.Context, networkID, id, by uuid.UUID, in EntryInput) (*Entry, error) {
	trim(&in.Text)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	now := s.now()
	at := now
	fields := map[string]bondgenoten.FieldViolation{}
	if in.At != nil {
		at = in.At.UTC().Truncate(time.Second)
		s.notFuture(fields, "at", at)
	}
	if in.Kind != KindQuestion {
		in.AllyID = nil
	}
	var out *Entry
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		if in.AllyID != nil {
			if _, ok, err := checkAllies(ctx, tx, networkID, []uuid.UUID{*in.AllyID}); err != nil {
				return err
			} else if !ok {
				fields["allyId"] = bondgenoten.FieldViolation{Rule: meeting.RuleNetworkAlly}
			}
		}
		if err := invalid(fields); err != nil {
			return err
		}
		e := &Entry{ID: newID(), CrisisID: c.ID, Kind: in.Kind, At: at, Text: in.Text, AllyID: in.AllyID,
			CreatedBy: actor(by), CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(e).Exec(ctx); err != nil {
			return err
		}
		out = e
		return touch(ctx, tx, c, now)
	})
	return out, store.MapError(err)
}

func touch(ctx context.Context, tx bun.IDB, c *Crisis, now time.Time) error {
	c.UpdatedAt = now
	_, err := tx.NewUpdate().Model(c).Column("updated_at").WherePK().Exec(ctx)
	return err
}

// AnswerInput records the answer given to a question, and whether the ally
// carried it back to the constituency.
type AnswerInput struct {
	Answer      string `json:"answer" validate:"required,max=5000"`
	CarriedBack bool   `json:"carriedBack"`
}

// AnswerQuestion records the answer to a question of an active crisis.
func (s *Service) AnswerQuestion(ctx context.Context, networkID, id, entryID uuid.UUID, in AnswerInput) (*Entry, error) {
	trim(&in.Answer)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Entry
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		e := new(Entry)
		if err := tx.NewSelect().Model(e).Where("id = ? AND crisis_id = ?", entryID, c.ID).Scan(ctx); err != nil {
			return err
		}
		if e.Kind != KindQuestion {
			return bondgenoten.Invalid("answer", RuleQuestionOnly, "")
		}
		now := s.now()
		if e.AnsweredAt == nil || e.Answer != in.Answer {
			e.AnsweredAt = &now
		}
		e.Answer, e.CarriedBack, e.UpdatedAt = in.Answer, in.CarriedBack, now
		if _, err := tx.NewUpdate().Model(e).Column("answer", "answered_at", "carried_back", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = e
		return touch(ctx, tx, c, now)
	})
	return out, store.MapError(err)
}

// LinkEmergencyMeeting links the network's emergency meeting to the crisis.
func (s *Service) LinkEmergencyMeeting(ctx context.Context, networkID, id uuid.UUID, meetingID uuid.UUID) (*Crisis, error) {
	var out *Crisis
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		fields := map[string]bondgenoten.FieldViolation{}
		if err := checkEmergency(ctx, tx, networkID, &meetingID, fields); err != nil {
			return err
		}
		if err := invalid(fields); err != nil {
			return err
		}
		c.EmergencyMeetingID, c.UpdatedAt = &meetingID, s.now()
		if _, err := tx.NewUpdate().Model(c).Column("emergency_meeting_id", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, store.MapError(err)
}

// CloseInput ends a crisis with its aftercare.
type CloseInput struct {
	AftercareMeetingID *uuid.UUID `json:"aftercareMeetingId" validate:"required"`
	WentWell           string     `json:"wentWell" validate:"required,max=5000"`
	ToLearn            string     `json:"toLearn" validate:"required,max=5000"`
	// Lesson marks the evaluation for sharing as a lesson (the bureau's
	// knowledge library builds on it).
	Lesson bool `json:"lesson"`
}

// Close ends an active crisis. It requires aftercare: a planned meeting of
// the network that starts after now, and the evaluation.
func (s *Service) Close(ctx context.Context, networkID, id uuid.UUID, in CloseInput) (*Crisis, error) {
	trim(&in.WentWell, &in.ToLearn)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Crisis
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		now := s.now()
		found, err := meeting.MeetingsIn(ctx, tx, networkID, []uuid.UUID{*in.AftercareMeetingID})
		if err != nil {
			return err
		}
		if m := found[*in.AftercareMeetingID]; m == nil || m.Status != meeting.StatusPlanned || !m.StartsAt.After(now) {
			return bondgenoten.Invalid("aftercareMeetingId", RuleAftercareMeeting, "")
		}
		c.AftercareMeetingID, c.WentWell, c.ToLearn, c.Lesson = in.AftercareMeetingID, in.WentWell, in.ToLearn, in.Lesson
		c.EndedAt, c.UpdatedAt = &now, now
		if _, err := tx.NewUpdate().Model(c).Column("aftercare_meeting_id", "went_well", "to_learn", "lesson", "ended_at", "updated_at").
			WherePK().Exec(ctx); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, store.MapError(err)
}

// PollInput asks allies: the coordinator selects them (the web app filters
// by community or neighbourhood).
type PollInput struct {
	Question string      `json:"question" validate:"max=500"`
	AllyIDs  []uuid.UUID `json:"allyIds" validate:"required,min=1,max=50"`
}

// CreatePoll starts a poll of active allies of the network.
func (s *Service) CreatePoll(ctx context.Context, networkID, id, by uuid.UUID, in PollInput) (*Poll, error) {
	trim(&in.Question)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	slices.SortFunc(in.AllyIDs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	in.AllyIDs = slices.Compact(in.AllyIDs)
	var out *Poll
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		allies, ok, err := checkAllies(ctx, tx, networkID, in.AllyIDs)
		if err != nil {
			return err
		}
		if !ok {
			return bondgenoten.Invalid("allyIds", meeting.RuleNetworkAlly, "")
		}
		now := s.now()
		p := &Poll{ID: newID(), CrisisID: c.ID, Question: in.Question, CreatedBy: actor(by), CreatedAt: now}
		if _, err := tx.NewInsert().Model(p).Exec(ctx); err != nil {
			return err
		}
		rows := make([]Answer, len(in.AllyIDs))
		for i, a := range in.AllyIDs {
			rows[i] = Answer{PollID: p.ID, AllyID: a, Community: allies[a].Constituency}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		out = p
		return touch(ctx, tx, c, now)
	})
	return out, store.MapError(err)
}

// PollAnswerInput is one ally's answer: the mood in the constituency (1–5),
// what they hear, their advice and the constituency's questions.
type PollAnswerInput struct {
	AllyID    *uuid.UUID `json:"allyId" validate:"required"`
	Mood      int        `json:"mood" validate:"required,min=1,max=5"`
	Hears     string     `json:"hears" validate:"max=5000"`
	Advice    string     `json:"advice" validate:"max=5000"`
	Questions string     `json:"questions" validate:"max=5000"`
}

// RecordAnswer records (or replaces) an ally's answer to a poll of an
// active crisis. An ally not in the poll is refused (poll_ally).
func (s *Service) RecordAnswer(ctx context.Context, networkID, id, pollID uuid.UUID, in PollAnswerInput) (*Answer, error) {
	trim(&in.Hears, &in.Advice, &in.Questions)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Answer
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		c, err := lock(ctx, tx, networkID, id, true)
		if err != nil {
			return err
		}
		if n, err := tx.NewSelect().Model((*Poll)(nil)).Where("id = ? AND crisis_id = ?", pollID, c.ID).Count(ctx); err != nil {
			return err
		} else if n == 0 {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "poll not found")
		}
		a := new(Answer)
		if err := tx.NewSelect().Model(a).Where("poll_id = ? AND ally_id = ?", pollID, *in.AllyID).Scan(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ENOTFOUND {
				return bondgenoten.Invalid("allyId", RulePollAlly, "")
			}
			return err
		}
		now := s.now()
		mood := in.Mood
		a.Mood, a.Hears, a.Advice, a.Questions, a.AnsweredAt = &mood, in.Hears, in.Advice, in.Questions, &now
		if _, err := tx.NewUpdate().Model(a).Column("mood", "hears", "advice", "questions", "answered_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = a
		return touch(ctx, tx, c, now)
	})
	return out, store.MapError(err)
}
