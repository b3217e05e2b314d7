package introduction

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
)

// Rules a programme's steps can break.
const (
	RuleAllyOfNetwork   bondgenoten.Rule = "introduction_ally"       // an ally who is no active ally of the programme's network
	RuleNotFuture       bondgenoten.Rule = "introduction_future"     // a day after today
	RuleBeforeProgramme bondgenoten.Rule = "introduction_before"     // a day before the programme started
	RuleStepDone        bondgenoten.Rule = "introduction_step_done"  // a step (or an ally) done already
	RuleClosed          bondgenoten.Rule = "introduction_closed"     // a programme that is completed, ended or waived
	RuleIntroducer      bondgenoten.Rule = "introduction_introducer" // an introducer who is no active colleague of a partner
	RuleStep            bondgenoten.Rule = "introduction_step"       // a step that is not ticked by hand
	// RuleNotOwnProgramme: acting on someone else's programme without being
	// a coordinator (or, to read, an administrator) of their organisation.
	RuleNotOwnProgramme bondgenoten.Rule = "introduction_not_own"
	RuleWaiveOwn        bondgenoten.Rule = "introduction_waive_own" // a coordinator waiving their own programme
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{RuleAllyOfNetwork, RuleNotFuture, RuleBeforeProgramme, RuleStepDone, RuleClosed, RuleIntroducer, RuleStep,
		RuleNotOwnProgramme, RuleWaiveOwn}
}

// ContactInput logs a contact moment with an ally.
type ContactInput struct {
	AllyID       uuid.UUID        `json:"allyId" validate:"required"`
	MetOn        bondgenoten.Date `json:"metOn" validate:"required"`
	Mode         Mode             `json:"mode" validate:"required,oneof=in_person phone video"`
	Note         string           `json:"note" validate:"max=500"`
	IntroducedBy *uuid.UUID       `json:"introducedBy"`
}

// StepInput ticks a manual step.
type StepInput struct {
	DoneOn bondgenoten.Date `json:"doneOn" validate:"required"`
	Note   string           `json:"note" validate:"max=500"`
}

// WaiveInput waives a programme.
type WaiveInput struct {
	Reason string `json:"reason" validate:"required,max=500"`
}

func conflict(field string, rule bondgenoten.Rule, msg string) error {
	return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: msg,
		Fields: map[string]bondgenoten.FieldViolation{field: {Rule: rule}}}
}

// checkDay refuses a day after today or before the programme's start.
func (s *Service) checkDay(field string, d bondgenoten.Date, p *Programme) error {
	if s.today().Before(d) {
		return bondgenoten.Invalid(field, RuleNotFuture, s.today().String())
	}
	if d.Before(p.StartedOn) {
		return bondgenoten.Invalid(field, RuleBeforeProgramme, p.StartedOn.String())
	}
	return nil
}

// openProgramme reads programme id of networkID in tx and refuses a closed one.
func openProgramme(ctx context.Context, tx bun.IDB, networkID, id uuid.UUID) (*Programme, error) {
	p := new(Programme)
	if err := tx.NewSelect().Model(p).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	if !p.Open() {
		return nil, conflict("status", RuleClosed, "the programme is "+string(p.Status))
	}
	return p, nil
}

// LogContact records the contact moment of a programme with one active ally
// of its network, by by. A second moment with the same ally is refused
// (409); so is an ally of another network, a day in the future or before
// the programme (422).
func (s *Service) LogContact(ctx context.Context, networkID, id, by uuid.UUID, in ContactInput) (*Detail, error) {
	in.Note = strings.TrimSpace(in.Note)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Detail
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		p, err := openProgramme(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		found, err := ally.AlliesIn(ctx, tx, networkID, []uuid.UUID{in.AllyID})
		if err != nil {
			return err
		}
		if a := found[in.AllyID]; a == nil || a.Status != ally.StatusActive {
			return bondgenoten.Invalid("allyId", RuleAllyOfNetwork, "")
		}
		if err := s.checkDay("metOn", in.MetOn, p); err != nil {
			return err
		}
		if in.IntroducedBy != nil {
			if err := checkIntroducer(ctx, tx, networkID, *in.IntroducedBy); err != nil {
				return err
			}
		}
		c := &Contact{ProgrammeID: p.ID, AllyID: in.AllyID, MetOn: in.MetOn, Mode: in.Mode, Note: in.Note,
			IntroducedBy: in.IntroducedBy, LoggedBy: &by, CreatedAt: s.now()}
		res, err := tx.NewInsert().Model(c).On("CONFLICT (programme_id, ally_id) DO NOTHING").Exec(ctx)
		if err != nil {
			return store.MapError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("allyId", RuleStepDone, "this ally's contact moment is logged already")
		}
		out, err = s.afterStep(ctx, tx, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkIntroducer: the one who introduced must be an active colleague of an
// active partner of the network.
func checkIntroducer(ctx context.Context, tx bun.IDB, networkID, userID uuid.UUID) error {
	users, err := identity.UsersIn(ctx, tx, []uuid.UUID{userID})
	if err != nil {
		return err
	}
	u := users[userID]
	if u == nil || u.Status != identity.StatusActive {
		return bondgenoten.Invalid("introducedBy", RuleIntroducer, "")
	}
	partners, err := network.ActivePartnersIn(ctx, tx, []uuid.UUID{networkID})
	if err != nil {
		return err
	}
	for _, t := range partners[networkID] {
		if t == u.TenantID {
			return nil
		}
	}
	return bondgenoten.Invalid("introducedBy", RuleIntroducer, "")
}

// CompleteStep ticks a manual step (liaison, guide, partner) of a
// programme, by by. The meeting is ticked from attendance only (422); a
// step done already is refused (409).
func (s *Service) CompleteStep(ctx context.Context, networkID, id, by uuid.UUID, step Step, in StepInput) (*Detail, error) {
	in.Note = strings.TrimSpace(in.Note)
	if !isManual(step) {
		return nil, bondgenoten.Invalid("step", RuleStep, "liaison, guide, partner")
	}
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Detail
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		p, err := openProgramme(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		if err := s.checkDay("doneOn", in.DoneOn, p); err != nil {
			return err
		}
		st := &StepDone{ProgrammeID: p.ID, Step: step, DoneOn: in.DoneOn, Note: in.Note, DoneBy: &by, CreatedAt: s.now()}
		res, err := tx.NewInsert().Model(st).On("CONFLICT (programme_id, step) DO NOTHING").Exec(ctx)
		if err != nil {
			return store.MapError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("step", RuleStepDone, "this step is done already")
		}
		out, err = s.afterStep(ctx, tx, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func isManual(step Step) bool {
	for _, m := range ManualSteps {
		if m == step {
			return true
		}
	}
	return false
}

// afterStep completes p when every step is done, and returns its detail.
func (s *Service) afterStep(ctx context.Context, tx bun.Tx, p *Programme) (*Detail, error) {
	d, err := s.detail(ctx, tx, p.NetworkID, p.ID)
	if err != nil {
		return nil, err
	}
	if d.Progress.Complete() {
		if err := s.complete(ctx, tx, p); err != nil {
			return nil, err
		}
		d.Status, d.ClosedOn = p.Status, p.ClosedOn
	}
	return d, nil
}

func (s *Service) complete(ctx context.Context, tx bun.IDB, p *Programme) error {
	today := s.today()
	p.Status, p.ClosedOn, p.UpdatedAt = StatusCompleted, &today, s.now()
	_, err := tx.NewUpdate().Model(p).Column("status", "closed_on", "updated_at").WherePK().Where("status = ?", StatusOpen).Exec(ctx)
	return store.MapError(err)
}

// Waive closes an open programme as waived, with the coordinator's reason,
// and tells the person.
func (s *Service) Waive(ctx context.Context, networkID, id, by uuid.UUID, in WaiveInput) (*Detail, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	var out *Detail
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		p, err := openProgramme(ctx, tx, networkID, id)
		if err != nil {
			return err
		}
		today := s.today()
		p.Status, p.ClosedOn, p.WaiveReason, p.WaivedBy, p.UpdatedAt = StatusWaived, &today, in.Reason, &by, s.now()
		if _, err := tx.NewUpdate().Model(p).Column("status", "closed_on", "waive_reason", "waived_by", "updated_at").WherePK().Exec(ctx); err != nil {
			return store.MapError(err)
		}
		nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{networkID})
		if err != nil {
			return err
		}
		name := ""
		if n := nets[networkID]; n != nil {
			name = n.Name
		}
		if err := notifyAdd(ctx, tx, s.Clock, p.TenantID, []uuid.UUID{p.UserID}, KindWaived, name, ""); err != nil {
			return err
		}
		out, err = s.detail(ctx, tx, networkID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
