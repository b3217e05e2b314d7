// Package introduction keeps a new colleague's network introduction (the
// guide: "zorg dat bij de start van nieuwe politie- of gemeentecollega's het
// kennismaken met het netwerk en de aanpak onderdeel is van de
// introductie"). When a person gains the coordinator or staff role in a
// partner of a network, the staff follow-up job (ReconcileStaff) creates
// their programme for each such network: meet every active ally (a contact
// moment each), attend a meeting (read from the meeting's attendance), meet
// the colleague who keeps the relation with the crisis organisation, read
// the network's goals and the guide's key points, and introduce themselves
// to the partner side. A weekly scan reminds the person until the
// programme is complete or eight weeks have passed, then tells the
// coordinators once. A coordinator may waive a programme with a reason.
// Losing the role closes open programmes as ended; they are never deleted.
//
// Package introduction owns the tables introduction_people,
// introduction_programmes, introduction_contacts and introduction_steps.
package introduction

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Notification kinds of this package. Their parameters are the network's
// name (and, in the app only, the colleague's name); never an ally.
const (
	// KindStarted: to the person, their programme in a network is ready
	// (params network).
	KindStarted = "introduction_started"
	// KindReminder: to the person, weekly while it is open, for eight
	// weeks (params network).
	KindReminder = "introduction_reminder"
	// KindOverdue: to the coordinators of the person's organisation, once,
	// when eight weeks have passed without completing it (params network,
	// person — the name stays in the app, the email has the network only).
	KindOverdue = "introduction_overdue"
	// KindWaived: to the person, a coordinator waived their programme
	// (params network).
	KindWaived = "introduction_waived"
)

// Kinds lists this package's notification kinds.
func Kinds() []string { return []string{KindStarted, KindReminder, KindOverdue, KindWaived} }

// Timing of a programme, in Amsterdam calendar days.
const (
	ReminderEveryDays = 7  // the person's reminder, weekly
	DurationDays      = 56 // eight weeks; then the coordinators are told
)

// Status of a programme.
type Status string

const (
	StatusOpen      Status = "open"
	StatusCompleted Status = "completed" // every step done
	StatusEnded     Status = "ended"     // the person lost the role or left; kept, not deleted
	StatusWaived    Status = "waived"    // a coordinator waived it, with a reason
)

// Step is one of the steps besides meeting the allies.
type Step string

const (
	StepMeeting Step = "meeting" // attend a meeting: ticked from attendance, never by hand
	StepLiaison Step = "liaison" // meet the crisis-organisation liaison
	StepGuide   Step = "guide"   // read the goals and the guide's key points
	StepPartner Step = "partner" // introduce oneself to the partner side
)

// ManualSteps are the steps a person (or their coordinator) ticks.
var ManualSteps = []Step{StepLiaison, StepGuide, StepPartner}

// Mode is how a contact moment took place.
type Mode string

const (
	InPerson Mode = "in_person"
	Phone    Mode = "phone"
	Video    Mode = "video"
)

// Programme as stored.
type Programme struct {
	bun.BaseModel `bun:"table:introduction_programmes"`

	ID              uuid.UUID         `bun:"id,pk,type:uuid"`
	NetworkID       uuid.UUID         `bun:"network_id,type:uuid"`
	TenantID        uuid.UUID         `bun:"tenant_id,type:uuid"`
	UserID          uuid.UUID         `bun:"user_id,type:uuid"`
	Status          Status            `bun:"status"`
	StartedOn       bondgenoten.Date  `bun:"started_on"`
	ClosedOn        *bondgenoten.Date `bun:"closed_on"`
	WaiveReason     string            `bun:"waive_reason"`
	WaivedBy        *uuid.UUID        `bun:"waived_by,type:uuid"`
	RemindedOn      *bondgenoten.Date `bun:"reminded_on"`
	OverdueNoticeAt *time.Time        `bun:"overdue_notice_at"`
	CreatedAt       time.Time         `bun:"created_at"`
	UpdatedAt       time.Time         `bun:"updated_at"`
}

// Open reports whether the programme still takes steps.
func (p *Programme) Open() bool { return p.Status == StatusOpen }

// DueOn is the day eight weeks after the start.
func (p *Programme) DueOn() bondgenoten.Date { return p.StartedOn.AddDays(DurationDays) }

// Contact is a contact moment with one ally.
type Contact struct {
	bun.BaseModel `bun:"table:introduction_contacts"`

	ProgrammeID  uuid.UUID        `bun:"programme_id,pk,type:uuid" json:"-"`
	AllyID       uuid.UUID        `bun:"ally_id,pk,type:uuid" json:"allyId"`
	MetOn        bondgenoten.Date `bun:"met_on" json:"metOn"`
	Mode         Mode             `bun:"mode" json:"mode"`
	Note         string           `bun:"note" json:"note"`
	IntroducedBy *uuid.UUID       `bun:"introduced_by,type:uuid" json:"introducedBy"`
	LoggedBy     *uuid.UUID       `bun:"logged_by,type:uuid" json:"-"`
	CreatedAt    time.Time        `bun:"created_at" json:"-"`
}

// StepDone is a ticked manual step.
type StepDone struct {
	bun.BaseModel `bun:"table:introduction_steps"`

	ProgrammeID uuid.UUID        `bun:"programme_id,pk,type:uuid" json:"-"`
	Step        Step             `bun:"step,pk" json:"step"`
	DoneOn      bondgenoten.Date `bun:"done_on" json:"doneOn"`
	Note        string           `bun:"note" json:"note"`
	DoneBy      *uuid.UUID       `bun:"done_by,type:uuid" json:"-"`
	CreatedAt   time.Time        `bun:"created_at" json:"-"`
}

// person is the reconciler's memory of a person: whether they held a
// network role (active, coordinator or staff) when it last looked.
type person struct {
	bun.BaseModel `bun:"table:introduction_people"`

	UserID    uuid.UUID `bun:"user_id,pk,type:uuid"`
	TenantID  uuid.UUID `bun:"tenant_id,type:uuid"`
	Qualifies bool      `bun:"qualifies"`
}

// Service creates programmes, records their steps and reminds.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
	// Progress, when set, is called after each person's reconcile has
	// committed, with the programmes it created (tests stop a worker there).
	Progress func(created int)
}

func (s *Service) now() time.Time          { return bondgenoten.NowOn(s.Clock) }
func (s *Service) today() bondgenoten.Date { return bondgenoten.TodayOn(s.Clock) }
func (s *Service) validate(in any) error   { return bondgenoten.ValidateOn(in, s.today()) }
func newID() uuid.UUID                     { return uuid.Must(uuid.NewV7()) }

func startOfDay(d bondgenoten.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, bondgenoten.Amsterdam).UTC()
}

// qualifies tells whether u holds a network role in its own tenant and is active.
func qualifies(u *identity.User, roles []string) bool {
	if u == nil || u.Status != identity.StatusActive {
		return false
	}
	for _, r := range roles {
		if identity.IsNetworkRole(r) {
			return true
		}
	}
	return false
}

// ReconcileStaff brings the programmes of a person (or, with userID
// uuid.Nil, of every person of the tenant the reconciler knows or who
// holds a network role) in line with their roles now. Gaining a network
// role (not holding one at the last look, holding one now) creates a
// programme for each network the tenant is an active partner of, one per
// (person, network), reopening one that had ended; losing it ends the open
// ones. Holding it still does nothing: a tenant that joins a network later
// brings its existing colleagues no programme. Each person is reconciled in
// one transaction, so a rerun after a crash has the effect once.
func (s *Service) ReconcileStaff(ctx context.Context, tenantID, userID uuid.UUID) error {
	ids := []uuid.UUID{userID}
	if userID == uuid.Nil {
		var err error
		if ids, err = s.peopleOf(ctx, tenantID); err != nil {
			return err
		}
	}
	for _, id := range ids {
		var created int
		err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			var err error
			created, err = s.reconcile(ctx, tx, tenantID, id)
			return err
		})
		if err != nil {
			return err
		}
		if s.Progress != nil {
			s.Progress(created)
		}
	}
	return nil
}

// peopleOf lists the people of tenantID the reconciler knows or who hold
// a network role there now.
func (s *Service) peopleOf(ctx context.Context, tenantID uuid.UUID) ([]uuid.UUID, error) {
	db := s.DB.For(ctx)
	var known []uuid.UUID
	if err := db.NewSelect().Model((*person)(nil)).Column("user_id").Where("tenant_id = ?", tenantID).Scan(ctx, &known); err != nil {
		return nil, store.MapError(err)
	}
	holders, err := identity.HoldersIn(ctx, db, tenantID, string(authz.Coordinator), string(authz.Staff))
	if err != nil {
		return nil, err
	}
	seen := map[uuid.UUID]bool{}
	var out []uuid.UUID
	for _, id := range append(known, holders...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// reconcile does one person's reconcile in tx and returns the programmes
// it created or reopened.
func (s *Service) reconcile(ctx context.Context, tx bun.Tx, tenantID, userID uuid.UUID) (int, error) {
	users, err := identity.UsersIn(ctx, tx, []uuid.UUID{userID})
	if err != nil {
		return 0, err
	}
	u := users[userID]
	if u == nil || u.TenantID != tenantID {
		return 0, nil // gone, or of another tenant: nothing of ours to do
	}
	roles, err := identity.RolesIn(ctx, tx, []uuid.UUID{userID})
	if err != nil {
		return 0, err
	}
	now := qualifies(u, roles[userID])
	prev := new(person)
	err = tx.NewSelect().Model(prev).Where("user_id = ?", userID).Scan(ctx)
	if err != nil && bondgenoten.ErrorCode(store.MapError(err)) != bondgenoten.ENOTFOUND {
		return 0, store.MapError(err)
	}
	was := err == nil && prev.Qualifies
	created := 0
	switch {
	case now && !was:
		if created, err = s.start(ctx, tx, u); err != nil {
			return 0, err
		}
	case !now && was:
		if _, err := tx.NewUpdate().Model((*Programme)(nil)).Set("status = ?", StatusEnded).Set("closed_on = ?", s.today()).
			Set("updated_at = ?", s.now()).Where("user_id = ? AND status = ?", userID, StatusOpen).Exec(ctx); err != nil {
			return 0, store.MapError(err)
		}
	}
	if _, err := tx.NewInsert().Model(&person{UserID: userID, TenantID: tenantID, Qualifies: now}).
		On("CONFLICT (user_id) DO UPDATE").Set("qualifies = EXCLUDED.qualifies").Exec(ctx); err != nil {
		return 0, store.MapError(err)
	}
	return created, nil
}

// start creates (or reopens) the programmes of u for every network its
// tenant is an active partner of, and tells u.
func (s *Service) start(ctx context.Context, tx bun.Tx, u *identity.User) (int, error) {
	netIDs, err := network.NetworksOfIn(ctx, tx, []uuid.UUID{u.TenantID})
	if err != nil || len(netIDs) == 0 {
		return 0, err
	}
	nets, err := network.NetworksIn(ctx, tx, netIDs)
	if err != nil {
		return 0, err
	}
	var existing []Programme
	if err := tx.NewSelect().Model(&existing).Where("user_id = ?", u.ID).Scan(ctx); err != nil {
		return 0, store.MapError(err)
	}
	have := map[uuid.UUID]*Programme{}
	for i := range existing {
		have[existing[i].NetworkID] = &existing[i]
	}
	now, today := s.now(), s.today()
	created := 0
	for _, nid := range netIDs {
		n := nets[nid]
		if n == nil {
			continue
		}
		if p := have[nid]; p != nil {
			if p.Status != StatusEnded {
				continue // open, completed or waived: stays as it is
			}
			// Back in the role: the programme goes on where it stopped,
			// its eight weeks counted from today.
			if _, err := tx.NewUpdate().Model(p).Set("status = ?", StatusOpen).Set("started_on = ?", today).
				Set("closed_on = NULL").Set("reminded_on = NULL").Set("overdue_notice_at = NULL").Set("updated_at = ?", now).
				WherePK().Exec(ctx); err != nil {
				return 0, store.MapError(err)
			}
		} else {
			p := &Programme{ID: newID(), NetworkID: nid, TenantID: u.TenantID, UserID: u.ID, Status: StatusOpen,
				StartedOn: today, CreatedAt: now, UpdatedAt: now}
			res, err := tx.NewInsert().Model(p).On("CONFLICT (user_id, network_id) DO NOTHING").Exec(ctx)
			if err != nil {
				return 0, store.MapError(err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
		}
		created++
		if err := notifyAdd(ctx, tx, s.Clock, u.TenantID, []uuid.UUID{u.ID}, KindStarted, n.Name, ""); err != nil {
			return 0, err
		}
	}
	return created, nil
}

// partyOf is the side of the network a tenant's people are on.
func partyOf(t *tenant.Tenant) meeting.Party {
	if t != nil && t.Kind == tenant.KindPoliceUnit {
		return meeting.PartyPolice
	}
	return meeting.PartyMunicipality
}

// sameName compares a person's name with an attendance entry's.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
