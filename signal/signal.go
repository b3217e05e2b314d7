// Package signal keeps what allies and staff notice (signalen), the
// coordinator's follow-up and feedback to the source, and what is made of
// them: the tension picture per theme and mood pictures for the crisis
// organisation. The guide's first pillar, insight into what is going on,
// lives here; who may see which part is decided by the API's enforcement
// point and handed in as a Viewer.
package signal

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// SourceKind says who noticed it.
type SourceKind string

const (
	SourceAlly  SourceKind = "ally"  // one of the network's allies
	SourceOwn   SourceKind = "own"   // the staff member's own observation
	SourceOther SourceKind = "other" // someone else; free text, no name needed
)

// Evidence is how well a signal is founded (the UK "evidenced,
// experienced, potential" model).
type Evidence string

const (
	EvidenceEvidenced   Evidence = "evidenced"
	EvidenceExperienced Evidence = "experienced"
	EvidenceExpected    Evidence = "expected"
)

// Phase is the stage of unrest in the handelingskader maatschappelijke
// onrust.
type Phase string

const (
	PhaseSimmering  Phase = "simmering"  // latente onvrede
	PhaseRising     Phase = "rising"     // oplopende spanning
	PhaseEscalation Phase = "escalation" // escalatie in de openbare ruimte
	PhaseAftermath  Phase = "aftermath"  // na de escalatie
)

// Phases in order.
var Phases = []Phase{PhaseSimmering, PhaseRising, PhaseEscalation, PhaseAftermath}

// Status is where the follow-up stands.
type Status string

const (
	StatusNew       Status = "new"
	StatusAssessing Status = "assessing"
	StatusActed     Status = "acted"
	StatusClosed    Status = "closed"
)

// DefaultFeedbackDays is how long the source waits for feedback, unless the
// network says otherwise.
const DefaultFeedbackDays = network.DefaultSignalFeedbackDays

// Signal as stored.
type Signal struct {
	bun.BaseModel `bun:"table:signals"`

	ID                  uuid.UUID         `bun:"id,pk,type:uuid"`
	NetworkID           uuid.UUID         `bun:"network_id,type:uuid"`
	MeetingID           *uuid.UUID        `bun:"meeting_id,type:uuid"`
	ObservedAt          time.Time         `bun:"observed_at"`
	ObservedOn          bondgenoten.Date  `bun:"observed_on"` // ObservedAt's Amsterdam day, for the tension picture
	SourceKind          SourceKind        `bun:"source_kind"`
	SourceAllyID        *uuid.UUID        `bun:"source_ally_id,type:uuid"`
	SourceOther         string            `bun:"source_other"`
	Theme               string            `bun:"theme"`
	Area                string            `bun:"area"`
	Community           string            `bun:"community"`
	Level               int               `bun:"level"`
	Evidence            Evidence          `bun:"evidence"`
	Phase               Phase             `bun:"phase"`
	Description         string            `bun:"description"`
	Urgent              bool              `bun:"urgent"`
	PoliceNote          string            `bun:"police_note"`
	Status              Status            `bun:"status"`
	AssessmentPicture   string            `bun:"assessment_picture"`
	AssessmentJudgement string            `bun:"assessment_judgement"`
	AssessmentDecision  string            `bun:"assessment_decision"`
	AssessedAt          *time.Time        `bun:"assessed_at"`
	AssessedBy          *uuid.UUID        `bun:"assessed_by,type:uuid"`
	Feedback            string            `bun:"feedback"`
	FedBackOn           *bondgenoten.Date `bun:"fed_back_on"`
	FeedbackDueOn       bondgenoten.Date  `bun:"feedback_due_on"`
	SharedAt            *time.Time        `bun:"shared_at"`
	SharedBy            *uuid.UUID        `bun:"shared_by,type:uuid"`
	CreatedBy           *uuid.UUID        `bun:"created_by,type:uuid"`
	CreatedByTenant     uuid.UUID         `bun:"created_by_tenant,type:uuid"`
	CreatedAt           time.Time         `bun:"created_at"`
	UpdatedAt           time.Time         `bun:"updated_at"`

	// Loaded with the signal for reading.
	ActionIDs      []uuid.UUID `bun:"-"`
	SourceAllyName string      `bun:"-"`
	CreatedByName  string      `bun:"-"`
	AssessedByName string      `bun:"-"`
	SharedByName   string      `bun:"-"`
}

// FeedbackOverdue reports whether the source still waits for feedback past
// its due day.
func (s *Signal) FeedbackOverdue(today bondgenoten.Date) bool {
	return s.FedBackOn == nil && s.FeedbackDueOn.Before(today)
}

// Viewer is who reads or changes signals, and in what form the
// enforcement point let them in.
type Viewer struct {
	UserID   uuid.UUID
	TenantID uuid.UUID
	// SharedOnly: the caller reads only signals shared with the crisis
	// organisation (signals read-shared: crisis liaisons).
	SharedOnly bool
	// WriteAll: the caller changes any signal of the network (signals
	// write: coordinators); otherwise only their own (write-own: staff).
	WriteAll bool
	// Police: the caller belongs to a police-unit partner of the network,
	// the only ones who read and write police notes.
	Police bool
}

// MayEdit reports whether v may change s.
func (v Viewer) MayEdit(s *Signal) bool {
	return v.WriteAll || (s.CreatedBy != nil && *s.CreatedBy == v.UserID)
}

// Service keeps signals.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

func (s *Service) today() bondgenoten.Date { return bondgenoten.DateOf(s.now()) }

func (s *Service) validate(in any) error { return bondgenoten.ValidateOn(in, s.today()) }

// Input logs a signal or replaces what was observed.
type Input struct {
	ObservedAt   time.Time  `json:"observedAt" validate:"required,date_range=signal"`
	SourceKind   SourceKind `json:"sourceKind" validate:"required,oneof=ally own other"`
	SourceAllyID *uuid.UUID `json:"sourceAllyId"`
	SourceOther  string     `json:"sourceOther" validate:"max=300"`
	Theme        string     `json:"theme" validate:"required,max=64"`
	Area         string     `json:"area" validate:"max=200"`
	Community    string     `json:"community" validate:"max=200"`
	Level        int        `json:"level" validate:"required,min=1,max=5"`
	Evidence     Evidence   `json:"evidence" validate:"required,oneof=evidenced experienced expected"`
	Phase        Phase      `json:"phase" validate:"required,oneof=simmering rising escalation aftermath"`
	Description  string     `json:"description" validate:"required,max=5000"`
	Urgent       bool       `json:"urgent"`
	MeetingID    *uuid.UUID `json:"meetingId"`
	// PoliceNote is written only by the police (RulePoliceOnly otherwise);
	// nil leaves it as it is on an edit.
	PoliceNote *string `json:"policeNote" validate:"omitnil,max=5000"`
}

func (in *Input) normalize() {
	in.SourceOther, in.Theme = strings.TrimSpace(in.SourceOther), strings.TrimSpace(in.Theme)
	in.Area, in.Community, in.Description = strings.TrimSpace(in.Area), strings.TrimSpace(in.Community), strings.TrimSpace(in.Description)
	if in.PoliceNote != nil {
		n := strings.TrimSpace(*in.PoliceNote)
		in.PoliceNote = &n
	}
	if in.SourceKind != SourceAlly {
		in.SourceAllyID = nil
	}
	if in.SourceKind != SourceOther {
		in.SourceOther = ""
	}
}

// check validates in against the network: the clock, the source ally, the
// theme, the meeting and who writes the police note.
func (s *Service) check(ctx context.Context, db bun.IDB, networkID uuid.UUID, v Viewer, in *Input, keepTheme string) error {
	in.normalize()
	if err := s.validate(in); err != nil {
		return err
	}
	fields := map[string]bondgenoten.FieldViolation{}
	if in.ObservedAt.After(s.now().Add(24 * time.Hour)) {
		fields["observedAt"] = bondgenoten.FieldViolation{Rule: RuleNotFuture}
	}
	if in.SourceKind == SourceAlly {
		if in.SourceAllyID == nil {
			fields["sourceAllyId"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleRequired}
		} else if found, err := ally.AlliesIn(ctx, db, networkID, []uuid.UUID{*in.SourceAllyID}); err != nil {
			return err
		} else if len(found) == 0 {
			fields["sourceAllyId"] = bondgenoten.FieldViolation{Rule: RuleSourceAlly}
		}
	}
	if in.MeetingID != nil {
		if found, err := meeting.MeetingsIn(ctx, db, networkID, []uuid.UUID{*in.MeetingID}); err != nil {
			return err
		} else if len(found) == 0 {
			fields["meetingId"] = bondgenoten.FieldViolation{Rule: RuleNetworkMeeting}
		}
	}
	// Any police note from outside the police is refused, an empty one
	// too: it would erase what the police wrote.
	if in.PoliceNote != nil && !v.Police {
		fields["policeNote"] = bondgenoten.FieldViolation{Rule: RulePoliceOnly}
	}
	if err := checkTheme(ctx, db, networkID, in.Theme, keepTheme); err != nil {
		if e, ok := err.(*bondgenoten.Error); ok && e.Code == bondgenoten.EINVALID {
			for k, f := range e.Fields {
				fields[k] = f
			}
		} else {
			return err
		}
	}
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid signal", Fields: fields}
	}
	return nil
}

func (sg *Signal) apply(in Input) {
	sg.ObservedOn = bondgenoten.DateOf(in.ObservedAt)
	sg.ObservedAt, sg.SourceKind, sg.SourceAllyID, sg.SourceOther = in.ObservedAt.UTC(), in.SourceKind, in.SourceAllyID, in.SourceOther
	sg.Theme, sg.Area, sg.Community, sg.Level = in.Theme, in.Area, in.Community, in.Level
	sg.Evidence, sg.Phase, sg.Description, sg.Urgent, sg.MeetingID = in.Evidence, in.Phase, in.Description, in.Urgent, in.MeetingID
	if in.PoliceNote != nil {
		sg.PoliceNote = *in.PoliceNote
	}
}

// Log records a signal. An urgent one tells the coordinators of every
// partner at once, in the same transaction.
func (s *Service) Log(ctx context.Context, networkID uuid.UUID, v Viewer, in Input) (*Signal, error) {
	var out *Signal
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.check(ctx, tx, networkID, v, &in, ""); err != nil {
			return err
		}
		n, err := networkOf(ctx, tx, networkID)
		if err != nil {
			return err
		}
		now := s.now()
		days := n.SignalFeedbackDays
		if days <= 0 {
			days = DefaultFeedbackDays
		}
		sg := &Signal{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, Status: StatusNew,
			FeedbackDueOn: bondgenoten.DateOf(now).AddDays(days), CreatedBy: person(v), CreatedByTenant: v.TenantID,
			CreatedAt: now, UpdatedAt: now}
		sg.apply(in)
		if _, err := tx.NewInsert().Model(sg).Exec(ctx); err != nil {
			return err
		}
		if sg.Urgent {
			if err := s.tell(ctx, tx, n, []string{"coordinator"}, notify.SignalUrgent, sg.ID); err != nil {
				return err
			}
		}
		out = sg
		return nil
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.Get(ctx, networkID, out.ID, v)
}

// person is who acts, for the columns that name them: nobody (nil) for
// the demo seed and imports, which act for no signed-in user.
func person(v Viewer) *uuid.UUID {
	if v.UserID == uuid.Nil {
		return nil
	}
	id := v.UserID
	return &id
}

// tell notifies the holders of roles in the network's active partners. The
// message names the network only: never the signal's text or source.
func (s *Service) tell(ctx context.Context, tx bun.IDB, n *network.Network, roles []string, kind string, signalID uuid.UUID) error {
	m := notify.Message{Kind: kind, Params: map[string]string{"network": n.Name},
		Link: "/netwerken/" + n.ID.String() + "/signalen/" + signalID.String()}
	return identity.TellNetwork(ctx, tx, s.Clock, n.ID, roles, m)
}

// Update replaces what was observed. Staff change only their own signals.
func (s *Service) Update(ctx context.Context, networkID, id uuid.UUID, v Viewer, in Input) (*Signal, error) {
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sg, err := s.lock(ctx, tx, networkID, id, v)
		if err != nil {
			return err
		}
		if !v.MayEdit(sg) {
			return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only your own signals")
		}
		if err := s.check(ctx, tx, networkID, v, &in, sg.Theme); err != nil {
			return err
		}
		sg.apply(in)
		sg.UpdatedAt = s.now()
		_, err = tx.NewUpdate().Model(sg).WherePK().Column("observed_at", "observed_on", "source_kind", "source_ally_id", "source_other",
			"theme", "area", "community", "level", "evidence", "phase", "description", "urgent", "meeting_id", "police_note", "updated_at").Exec(ctx)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.Get(ctx, networkID, id, v)
}

// lock reads one signal of the network in tx for a change, as v may see it.
func (s *Service) lock(ctx context.Context, tx bun.IDB, networkID, id uuid.UUID, v Viewer) (*Signal, error) {
	sg := new(Signal)
	q := tx.NewSelect().Model(sg).Where("id = ? AND network_id = ?", id, networkID)
	if v.SharedOnly {
		q = q.Where("shared_at IS NOT NULL")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return sg, nil
}

// AssessmentInput is the coordinator's follow-up in BOB form.
type AssessmentInput struct {
	Picture   string      `json:"picture" validate:"max=5000"`
	Judgement string      `json:"judgement" validate:"max=5000"`
	Decision  string      `json:"decision" validate:"max=5000"`
	Status    Status      `json:"status" validate:"required,oneof=new assessing acted closed"`
	ActionIDs []uuid.UUID `json:"actionIds" validate:"max=50"`
}

// Assess records the coordinator's assessment, status and linked actions.
func (s *Service) Assess(ctx context.Context, networkID, id uuid.UUID, v Viewer, in AssessmentInput) (*Signal, error) {
	in.Picture, in.Judgement, in.Decision = strings.TrimSpace(in.Picture), strings.TrimSpace(in.Judgement), strings.TrimSpace(in.Decision)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	slices.SortFunc(in.ActionIDs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	in.ActionIDs = slices.Compact(in.ActionIDs)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sg, err := s.lock(ctx, tx, networkID, id, v)
		if err != nil {
			return err
		}
		if found, err := meeting.ActionsIn(ctx, tx, networkID, in.ActionIDs); err != nil {
			return err
		} else if len(found) != len(in.ActionIDs) {
			return bondgenoten.Invalid("actionIds", RuleNetworkAction, "")
		}
		now := s.now()
		sg.AssessmentPicture, sg.AssessmentJudgement, sg.AssessmentDecision, sg.Status = in.Picture, in.Judgement, in.Decision, in.Status
		sg.AssessedAt, sg.AssessedBy, sg.UpdatedAt = &now, person(v), now
		if _, err := tx.NewUpdate().Model(sg).WherePK().Column("assessment_picture", "assessment_judgement", "assessment_decision",
			"status", "assessed_at", "assessed_by", "updated_at").Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Table("signal_actions").Where("signal_id = ?", id).Exec(ctx); err != nil {
			return err
		}
		for _, a := range in.ActionIDs {
			if _, err := tx.NewInsert().Model(&map[string]any{"signal_id": id, "action_id": a}).TableExpr("signal_actions").Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.Get(ctx, networkID, id, v)
}

// FeedbackInput records what was fed back to the source and when.
type FeedbackInput struct {
	Text      string            `json:"text" validate:"required,max=5000"`
	FedBackOn *bondgenoten.Date `json:"fedBackOn" validate:"required,date_range=signal"`
}

// RecordFeedback records the feedback to the source (terugkoppeling).
func (s *Service) RecordFeedback(ctx context.Context, networkID, id uuid.UUID, v Viewer, in FeedbackInput) (*Signal, error) {
	in.Text = strings.TrimSpace(in.Text)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	if in.FedBackOn != nil && s.today().Before(*in.FedBackOn) {
		return nil, bondgenoten.Invalid("fedBackOn", RuleNotFuture, "")
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sg, err := s.lock(ctx, tx, networkID, id, v)
		if err != nil {
			return err
		}
		sg.Feedback, sg.FedBackOn, sg.UpdatedAt = in.Text, in.FedBackOn, s.now()
		_, err = tx.NewUpdate().Model(sg).WherePK().Column("feedback", "fed_back_on", "updated_at").Exec(ctx)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.Get(ctx, networkID, id, v)
}

// Share shares a signal with the crisis organisation: its liaisons may
// read it from now on, and they are told. It cannot be undone.
func (s *Service) Share(ctx context.Context, networkID, id uuid.UUID, v Viewer) (*Signal, error) {
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sg, err := s.lock(ctx, tx, networkID, id, v)
		if err != nil {
			return err
		}
		if sg.SharedAt != nil {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already shared",
				Fields: map[string]bondgenoten.FieldViolation{"shared": {Rule: RuleAlreadyShared}}}
		}
		now := s.now()
		sg.SharedAt, sg.SharedBy, sg.UpdatedAt = &now, person(v), now
		// Only the first of two simultaneous shares changes the row (and
		// tells the liaisons); the other is told it was shared already.
		res, err := tx.NewUpdate().Model(sg).WherePK().Where("shared_at IS NULL").Column("shared_at", "shared_by", "updated_at").Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already shared",
				Fields: map[string]bondgenoten.FieldViolation{"shared": {Rule: RuleAlreadyShared}}}
		}
		n, err := networkOf(ctx, tx, networkID)
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, n, []string{"crisis-liaison"}, notify.SignalShared, sg.ID)
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.Get(ctx, networkID, id, v)
}

// PoliceNote returns a signal's police note: for the police only.
func (s *Service) PoliceNote(ctx context.Context, networkID, id uuid.UUID, v Viewer) (string, error) {
	if !v.Police {
		return "", bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "police notes are for the police")
	}
	sg, err := s.lock(ctx, s.DB.For(ctx), networkID, id, v)
	if err != nil {
		return "", err
	}
	return sg.PoliceNote, nil
}

// SetPoliceNote replaces a signal's police note: the police only, staff on
// their own signals.
func (s *Service) SetPoliceNote(ctx context.Context, networkID, id uuid.UUID, v Viewer, text string) (string, error) {
	if !v.Police {
		return "", bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "police notes are for the police")
	}
	text = strings.TrimSpace(text)
	if err := s.validate(struct {
		Text string `json:"text" validate:"max=5000"`
	}{text}); err != nil {
		return "", err
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sg, err := s.lock(ctx, tx, networkID, id, v)
		if err != nil {
			return err
		}
		if !v.MayEdit(sg) {
			return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only your own signals")
		}
		// updated_at stays: a change only the police can see must not show
		// to the others as a change of the signal.
		sg.PoliceNote = text
		_, err = tx.NewUpdate().Model(sg).WherePK().Column("police_note").Exec(ctx)
		return err
	})
	if err != nil {
		return "", store.MapError(err)
	}
	return text, nil
}

// networkOf reads one network from its owner.
func networkOf(ctx context.Context, db bun.IDB, id uuid.UUID) (*network.Network, error) {
	found, err := network.NetworksIn(ctx, db, []uuid.UUID{id})
	if err != nil {
		return nil, err
	}
	n, ok := found[id]
	if !ok {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
	}
	return n, nil
}

// selectSignals selects signals (alias s); loadDetails adds the names.
func selectSignals(db bun.IDB, model any) *bun.SelectQuery {
	return db.NewSelect().Model(model).ModelTableExpr("signals AS s").ColumnExpr("s.*")
}

// loadDetails adds to signals of one network the names of the people and
// the source ally, and the linked actions: three batched reads, from the
// tables' owners and this package's own.
func loadDetails(ctx context.Context, db bun.IDB, networkID uuid.UUID, list []*Signal) error {
	var people, allies []uuid.UUID
	for _, sg := range list {
		for _, p := range []*uuid.UUID{sg.CreatedBy, sg.AssessedBy, sg.SharedBy} {
			if p != nil {
				people = append(people, *p)
			}
		}
		if sg.SourceAllyID != nil {
			allies = append(allies, *sg.SourceAllyID)
		}
	}
	users, err := identity.UsersIn(ctx, db, people)
	if err != nil {
		return err
	}
	found, err := ally.AlliesIn(ctx, db, networkID, allies)
	if err != nil {
		return err
	}
	name := func(id *uuid.UUID) string {
		if id == nil || users[*id] == nil {
			return ""
		}
		return users[*id].Name
	}
	for _, sg := range list {
		sg.CreatedByName, sg.AssessedByName, sg.SharedByName = name(sg.CreatedBy), name(sg.AssessedBy), name(sg.SharedBy)
		if sg.SourceAllyID != nil && found[*sg.SourceAllyID] != nil {
			sg.SourceAllyName = found[*sg.SourceAllyID].Name
		}
	}
	return loadActions(ctx, db, list)
}

// Get returns one signal of the network as v may see it: not shared is
// not found for those who read shared signals only.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID, v Viewer) (*Signal, error) {
	db := s.DB.For(ctx)
	sg := new(Signal)
	q := selectSignals(db, sg).Where("s.id = ? AND s.network_id = ?", id, networkID)
	if v.SharedOnly {
		q = q.Where("s.shared_at IS NOT NULL")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if err := loadDetails(ctx, db, networkID, []*Signal{sg}); err != nil {
		return nil, err
	}
	return sg, nil
}

func loadActions(ctx context.Context, db bun.IDB, list []*Signal) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(list))
	byID := map[uuid.UUID]*Signal{}
	for i, sg := range list {
		ids[i], byID[sg.ID] = sg.ID, sg
		sg.ActionIDs = []uuid.UUID{}
	}
	var rows []struct {
		SignalID uuid.UUID `bun:"signal_id,type:uuid"`
		ActionID uuid.UUID `bun:"action_id,type:uuid"`
	}
	if err := db.NewSelect().Table("signal_actions").Column("signal_id", "action_id").
		Where("signal_id IN (?)", bun.In(ids)).OrderExpr("action_id").Scan(ctx, &rows); err != nil {
		return store.MapError(err)
	}
	for _, r := range rows {
		byID[r.SignalID].ActionIDs = append(byID[r.SignalID].ActionIDs, r.ActionID)
	}
	return nil
}

// Filter narrows a network's list of signals.
type Filter struct {
	Status          Status
	Theme           string
	Urgent          *bool
	Shared          *bool
	FeedbackOverdue *bool
	Limit           int
	Cursor          string
}

type cursor struct {
	Urgent bool      `json:"u"`
	At     time.Time `json:"t"`
	ID     string    `json:"i"`
}

// List returns a page of the network's signals as v may see them: urgent
// first, then the newest observation first.
func (s *Service) List(ctx context.Context, networkID uuid.UUID, v Viewer, f Filter) (bondgenoten.Page[Signal], error) {
	page := bondgenoten.Page[Signal]{Items: []Signal{}}
	limit, err := bondgenoten.PageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	switch f.Status {
	case "", StatusNew, StatusAssessing, StatusActed, StatusClosed:
	default:
		return page, bondgenoten.Invalid("status", bondgenoten.RuleOneOf, "new assessing acted closed")
	}
	db := s.DB.For(ctx)
	q := selectSignals(db, &page.Items).Where("s.network_id = ?", networkID)
	if v.SharedOnly {
		q = q.Where("s.shared_at IS NOT NULL")
	}
	if f.Status != "" {
		q = q.Where("s.status = ?", f.Status)
	}
	if f.Theme != "" {
		q = q.Where("s.theme = ?", f.Theme)
	}
	if f.Urgent != nil {
		q = q.Where("s.urgent = ?", *f.Urgent)
	}
	if f.Shared != nil {
		if *f.Shared {
			q = q.Where("s.shared_at IS NOT NULL")
		} else {
			q = q.Where("s.shared_at IS NULL")
		}
	}
	if f.FeedbackOverdue != nil {
		overdue := "(s.fed_back_on IS NULL AND s.feedback_due_on < ?)"
		if *f.FeedbackOverdue {
			q = q.Where(overdue, s.today())
		} else {
			q = q.Where("NOT "+overdue, s.today())
		}
	}
	if f.Cursor != "" {
		var c cursor
		if err := bondgenoten.DecodeCursor(f.Cursor, &c); err != nil {
			return page, err
		}
		id, err := uuid.Parse(c.ID)
		if err != nil {
			return page, bondgenoten.Invalid("cursor", bondgenoten.RuleCursor, "")
		}
		// Urgent (true) sorts before not urgent; within each, newest first.
		q = q.Where("(s.urgent < ?) OR (s.urgent = ? AND (s.observed_at < ? OR (s.observed_at = ? AND s.id < ?)))",
			c.Urgent, c.Urgent, c.At, c.At, id)
	}
	if err := q.OrderExpr("s.urgent DESC, s.observed_at DESC, s.id DESC").Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return page, store.MapError(err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = bondgenoten.EncodeCursor(cursor{last.Urgent, last.ObservedAt, last.ID.String()})
	}
	ptrs := make([]*Signal, len(page.Items))
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	return page, loadDetails(ctx, db, networkID, ptrs)
}

// FeedbackFigures counts a network's open signals and the feedback owed to
// their sources, for the network's overview.
type FeedbackFigures struct {
	Open            int `json:"open"`
	UrgentOpen      int `json:"urgentOpen"`
	FeedbackOwed    int `json:"feedbackOwed"`
	FeedbackOverdue int `json:"feedbackOverdue"`
}

// Figures counts the network's signals as v may see them, in one
// aggregate query.
func (s *Service) Figures(ctx context.Context, networkID uuid.UUID, v Viewer) (*FeedbackFigures, error) {
	out := &FeedbackFigures{}
	q := s.DB.For(ctx).NewSelect().TableExpr("signals").
		ColumnExpr("COALESCE(SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN status <> 'closed' AND urgent THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN fed_back_on IS NULL THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN fed_back_on IS NULL AND feedback_due_on < ? THEN 1 ELSE 0 END), 0)", s.today()).
		Where("network_id = ?", networkID)
	if v.SharedOnly {
		q = q.Where("shared_at IS NOT NULL")
	}
	if err := q.Scan(ctx, &out.Open, &out.UrgentOpen, &out.FeedbackOwed, &out.FeedbackOverdue); err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}

// IsPolicePartner reports whether tenantID is an active police-unit
// partner of the network (partners and kinds as the caller knows them).
func IsPolicePartner(partners []uuid.UUID, tenantID uuid.UUID, kind tenant.Kind) bool {
	return kind == tenant.KindPoliceUnit && slices.Contains(partners, tenantID)
}
