package evaluation

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
)

// DecisionInput is the decision about one active ally.
type DecisionInput struct {
	AllyID   uuid.UUID `json:"allyId"`
	Decision Decision  `json:"decision" validate:"required,oneof=keep pause replace"`
	Note     string    `json:"note" validate:"max=1000"`
}

// PointInput is an improvement point: what, which party owns it, by when.
type PointInput struct {
	Title      string            `json:"title" validate:"required,max=300"`
	OwnerParty meeting.Party     `json:"ownerParty" validate:"required,oneof=municipality police allies"`
	DueOn      *bondgenoten.Date `json:"dueOn" validate:"omitnil,date_range=due"`
}

// SaveInput is the coordinators' whole answer so far; it replaces what was
// saved before. Goals and Expectations, when given, replace the network's
// own (they are the network's fields, edited in place).
type SaveInput struct {
	RightPeople     *bool           `json:"rightPeople"`
	RightPeopleNote string          `json:"rightPeopleNote" validate:"max=5000"`
	GoalsClear      *bool           `json:"goalsClear"`
	GoalsNote       string          `json:"goalsNote" validate:"max=5000"`
	Goals           *string         `json:"goals" validate:"omitnil,max=5000"`
	Expectations    *string         `json:"expectations" validate:"omitnil,max=5000"`
	Conclusion      string          `json:"conclusion" validate:"max=5000"`
	Decisions       []DecisionInput `json:"decisions" validate:"max=50,dive"`
	Points          []PointInput    `json:"points" validate:"max=20,dive"`
}

// CompleteInput is the last save and the completion: MeetingID names the
// meeting the improvement points become actions of (default: the next
// planned meeting, else the last held one).
type CompleteInput struct {
	SaveInput
	MeetingID *uuid.UUID `json:"meetingId"`
}

func (in *SaveInput) normalize() {
	for _, f := range []*string{&in.RightPeopleNote, &in.GoalsNote, &in.Conclusion, in.Goals, in.Expectations} {
		if f != nil {
			*f = strings.TrimSpace(*f)
		}
	}
	for i := range in.Decisions {
		in.Decisions[i].Note = strings.TrimSpace(in.Decisions[i].Note)
	}
	for i := range in.Points {
		in.Points[i].Title = strings.TrimSpace(in.Points[i].Title)
	}
}

// decisionField names the field of the decision about allyID.
func decisionField(allyID uuid.UUID) string { return "decisions." + allyID.String() }

// Save records the coordinators' answers of an open evaluation.
func (s *Service) Save(ctx context.Context, networkID, id uuid.UUID, in SaveInput) (*Detail, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Detail
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockOpen(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		active, err := ally.ActiveIn(ctx, tx, networkID)
		if err != nil {
			return err
		}
		fields := map[string]bondgenoten.FieldViolation{}
		checkDecisions(in.Decisions, active, fields)
		if len(fields) > 0 {
			return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid evaluation", Fields: fields}
		}
		if err := s.write(ctx, tx, e, in); err != nil {
			return err
		}
		out, err = s.detail(ctx, tx, networkID, id)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}

// checkDecisions refuses decisions about someone who is no active ally of
// the network, two about one ally, and a replacement without its reason.
func checkDecisions(list []DecisionInput, active []ally.Ally, fields map[string]bondgenoten.FieldViolation) {
	isActive := map[uuid.UUID]bool{}
	for _, a := range active {
		isActive[a.ID] = true
	}
	seen := map[uuid.UUID]bool{}
	for _, d := range list {
		switch {
		case !isActive[d.AllyID]:
			fields[decisionField(d.AllyID)] = bondgenoten.FieldViolation{Rule: meeting.RuleActiveAlly}
		case seen[d.AllyID]:
			fields[decisionField(d.AllyID)] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleUnique}
		case d.Decision == Replace && d.Note == "":
			fields[decisionField(d.AllyID)+".note"] = bondgenoten.FieldViolation{Rule: RuleReplaceReason}
		}
		seen[d.AllyID] = true
	}
}

// write stores in on e inside tx: the answers, the decisions, the points
// and the network's goals.
func (s *Service) write(ctx context.Context, tx bun.Tx, e *Evaluation, in SaveInput) error {
	now := s.now()
	e.RightPeople, e.RightPeopleNote, e.GoalsClear, e.GoalsNote, e.Conclusion = in.RightPeople, in.RightPeopleNote, in.GoalsClear, in.GoalsNote, in.Conclusion
	e.UpdatedAt = now
	if _, err := tx.NewUpdate().Model(e).WherePK().
		Column("right_people", "right_people_note", "goals_clear", "goals_note", "conclusion", "updated_at").Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.NewDelete().Model((*AllyDecision)(nil)).Where("evaluation_id = ?", e.ID).Exec(ctx); err != nil {
		return err
	}
	if len(in.Decisions) > 0 {
		rows := make([]AllyDecision, len(in.Decisions))
		for i, d := range in.Decisions {
			rows[i] = AllyDecision{EvaluationID: e.ID, AllyID: d.AllyID, Decision: d.Decision, Note: d.Note}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
	}
	if _, err := tx.NewDelete().Model((*Point)(nil)).Where("evaluation_id = ?", e.ID).Exec(ctx); err != nil {
		return err
	}
	if len(in.Points) > 0 {
		rows := make([]Point, len(in.Points))
		for i, p := range in.Points {
			rows[i] = Point{EvaluationID: e.ID, Position: i, Title: p.Title, OwnerParty: p.OwnerParty, DueOn: p.DueOn}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
	}
	if in.Goals != nil || in.Expectations != nil {
		nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{e.NetworkID})
		if err != nil {
			return err
		}
		n := nets[e.NetworkID]
		if n == nil {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
		}
		g := network.GoalsInput{Goals: n.Goals, Expectations: n.Expectations}
		if in.Goals != nil {
			g.Goals = *in.Goals
		}
		if in.Expectations != nil {
			g.Expectations = *in.Expectations
		}
		if g.Goals != n.Goals || g.Expectations != n.Expectations {
			if err := network.SetGoalsIn(ctx, tx, e.NetworkID, g, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// lockOpen reads the network's evaluation id inside tx and requires it to
// be open (409 evaluation_completed otherwise).
func lockOpen(ctx context.Context, tx bun.Tx, networkID, id uuid.UUID) (*Evaluation, error) {
	e := new(Evaluation)
	q := tx.NewSelect().Model(e).Where("id = ? AND network_id = ?", id, networkID)
	if tx.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if !e.Open() {
		return nil, conflict("evaluation", RuleEvaluationCompleted, "the evaluation was completed")
	}
	return e, nil
}

// Complete saves the last answers and completes an open evaluation, in
// one transaction: it needs a decision for every active ally, an answer to
// both questions and, with improvement points, a meeting of the network to
// make them actions of. It pauses the allies to pause, ends the membership
// of those to replace (on the completion day, with the note as reason),
// makes every point an action owned by its party, and freezes the figures.
// Anything failing rolls all of it back.
func (s *Service) Complete(ctx context.Context, networkID, id, by uuid.UUID, in CompleteInput) (*Detail, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Detail
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		e, err := lockOpen(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		active, err := ally.ActiveIn(ctx, tx, networkID)
		if err != nil {
			return err
		}
		fields := map[string]bondgenoten.FieldViolation{}
		checkDecisions(in.Decisions, active, fields)
		decided := map[uuid.UUID]DecisionInput{}
		for _, d := range in.Decisions {
			decided[d.AllyID] = d
		}
		for _, a := range active {
			if _, ok := decided[a.ID]; !ok {
				fields[decisionField(a.ID)] = bondgenoten.FieldViolation{Rule: RuleDecisionRequired}
			}
		}
		if in.RightPeople == nil {
			fields["rightPeople"] = bondgenoten.FieldViolation{Rule: RuleAnswerRequired}
		}
		if in.GoalsClear == nil {
			fields["goalsClear"] = bondgenoten.FieldViolation{Rule: RuleAnswerRequired}
		}
		now, today := s.now(), s.today()
		var target *meeting.Meeting
		if len(in.Points) > 0 {
			if in.MeetingID != nil {
				found, err := meeting.MeetingsIn(ctx, tx, networkID, []uuid.UUID{*in.MeetingID})
				if err != nil {
					return err
				}
				target = found[*in.MeetingID]
			} else if target, err = meeting.ForActionsIn(ctx, tx, networkID, now); err != nil {
				return err
			}
			if target == nil {
				fields["meetingId"] = bondgenoten.FieldViolation{Rule: RuleEvaluationMeeting}
			}
		}
		if len(fields) > 0 {
			return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "the evaluation is not complete", Fields: fields}
		}
		if err := s.write(ctx, tx, e, in.SaveInput); err != nil {
			return err
		}
		// Freeze the figures before the decisions change who is active.
		nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{networkID})
		if err != nil {
			return err
		}
		figures, err := figuresIn(ctx, tx, nets[networkID], e.PeriodFrom, today, today)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(figures)
		if err != nil {
			return err
		}
		var changes []ally.Change
		for _, a := range active {
			switch d := decided[a.ID]; d.Decision {
			case Pause:
				changes = append(changes, ally.Change{AllyID: a.ID, Status: ally.StatusPaused})
			case Replace:
				changes = append(changes, ally.Change{AllyID: a.ID, Status: ally.StatusLeft, LeftOn: today, LeftReason: d.Note})
			}
		}
		if err := ally.ApplyIn(ctx, tx, networkID, changes, now); err != nil {
			return err
		}
		for i, p := range in.Points {
			a, err := meeting.CreateActionIn(ctx, tx, networkID, target.ID, meeting.ActionInput{
				Title: p.Title, OwnerParty: p.OwnerParty, DueOn: p.DueOn, Status: meeting.ActionOpen}, now)
			if err != nil {
				return err
			}
			if _, err := tx.NewUpdate().Model((*Point)(nil)).Set("action_id = ?", a.ID).
				Where("evaluation_id = ? AND position = ?", e.ID, i).Exec(ctx); err != nil {
				return err
			}
		}
		e.Status, e.PeriodTo, e.FiguresJSON, e.CompletedAt, e.UpdatedAt = StatusCompleted, &today, string(raw), &now, now
		if by != uuid.Nil {
			e.CompletedBy = &by
		}
		if target != nil {
			e.MeetingID = &target.ID
		}
		if _, err := tx.NewUpdate().Model(e).WherePK().
			Column("status", "period_to", "figures", "completed_at", "completed_by", "meeting_id", "updated_at").Exec(ctx); err != nil {
			return err
		}
		out, err = s.detail(ctx, tx, networkID, id)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}
