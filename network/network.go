// Package network holds allies networks: one municipality and one or more
// police units run a network together as equal partners. Neither partner
// owns it alone; none can remove another, and leaving needs the other side
// to confirm.
package network

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Level is the area a network covers.
type Level string

// Phase is where a network stands in the guide's life cycle.
type Phase string

// PhaseExploring: the partners explore whether to start; the network does
// not meet yet.
const PhaseExploring Phase = "exploring"

// Defaults from the guide (handreiking): at most 15 active allies, five
// meetings a year (at least four), and the next meeting planned within two
// weeks of the last.
const (
	DefaultMaxActiveAllies       = 15
	DefaultTargetMeetingsPerYear = 5
	DefaultPlanNextWithinDays    = 14
	// DefaultSignalFeedbackDays: a signal's source hears back within two
	// weeks (reciprocity, docs/decisions/0007).
	DefaultSignalFeedbackDays = 14
	// DefaultEvaluationIntervalMonths: the guide's "evaluate every half
	// year" (docs/decisions/0009).
	DefaultEvaluationIntervalMonths = 6
)

// Network is one allies network.
type Network struct {
	bun.BaseModel `bun:"table:networks"`

	ID                    uuid.UUID `bun:"id,pk,type:uuid"`
	Name                  string    `bun:"name"`
	Level                 Level     `bun:"level"`
	Area                  string    `bun:"area"`
	Goals                 string    `bun:"goals"`
	Expectations          string    `bun:"expectations"`
	Phase                 Phase     `bun:"phase"`
	MaxActiveAllies       int       `bun:"max_active_allies"`
	TargetMeetingsPerYear int       `bun:"target_meetings_per_year"`
	PlanNextWithinDays    int       `bun:"plan_next_within_days"`
	SignalFeedbackDays    int       `bun:"signal_feedback_days"`
	// EvaluationIntervalMonths: how often the network evaluates (3–12).
	EvaluationIntervalMonths int       `bun:"evaluation_interval_months"`
	CreatedAt                time.Time `bun:"created_at"`
	UpdatedAt                time.Time `bun:"updated_at"`
}

// Partner is a tenant in a network. A partner that asked to leave stays a
// partner until the other side confirms.
type Partner struct {
	bun.BaseModel `bun:"table:network_partners"`

	NetworkID        uuid.UUID  `bun:"network_id,pk,type:uuid"`
	TenantID         uuid.UUID  `bun:"tenant_id,pk,type:uuid"`
	JoinedAt         time.Time  `bun:"joined_at"`
	LeaveRequestedAt *time.Time `bun:"leave_requested_at"`
	LeftAt           *time.Time `bun:"left_at"`
}

// Active reports whether the partner still takes part.
func (p *Partner) Active() bool { return p.LeftAt == nil }

// Input creates a network or replaces its editable fields. Partners are
// given by slug at creation only.
type Input struct {
	Name                     string `json:"name" validate:"required,max=200"`
	Level                    Level  `json:"level" validate:"required,oneof=municipality district neighbourhood"`
	Area                     string `json:"area" validate:"max=200"`
	Goals                    string `json:"goals" validate:"max=5000"`
	Expectations             string `json:"expectations" validate:"max=5000"`
	Phase                    Phase  `json:"phase" validate:"omitempty,oneof=exploring starting active sustaining"`
	MaxActiveAllies          int    `json:"maxActiveAllies" validate:"omitempty,min=1,max=50"`
	TargetMeetingsPerYear    int    `json:"targetMeetingsPerYear" validate:"omitempty,min=4,max=12"`
	PlanNextWithinDays       int    `json:"planNextWithinDays" validate:"omitempty,min=1,max=90"`
	SignalFeedbackDays       int    `json:"signalFeedbackDays" validate:"omitempty,min=1,max=90"`
	EvaluationIntervalMonths int    `json:"evaluationIntervalMonths" validate:"omitempty,min=3,max=12"`
}

// CreateInput is a new network with its partners.
type CreateInput struct {
	Input
	Municipality string   `json:"municipality" validate:"required,max=63"`                  // slug
	PoliceUnits  []string `json:"policeUnits" validate:"required,min=1,max=10,dive,max=63"` // slugs
}

func (in *Input) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Area = strings.TrimSpace(in.Area)
	in.Goals = strings.TrimSpace(in.Goals)
	in.Expectations = strings.TrimSpace(in.Expectations)
	if in.Phase == "" {
		in.Phase = "exploring"
	}
	if in.MaxActiveAllies == 0 {
		in.MaxActiveAllies = DefaultMaxActiveAllies
	}
	if in.TargetMeetingsPerYear == 0 {
		in.TargetMeetingsPerYear = DefaultTargetMeetingsPerYear
	}
	if in.PlanNextWithinDays == 0 {
		in.PlanNextWithinDays = DefaultPlanNextWithinDays
	}
	if in.SignalFeedbackDays == 0 {
		in.SignalFeedbackDays = DefaultSignalFeedbackDays
	}
	if in.EvaluationIntervalMonths == 0 {
		in.EvaluationIntervalMonths = DefaultEvaluationIntervalMonths
	}
}

// Service reads and changes networks.
type Service struct {
	DB      *store.DB
	Tenants *tenant.Service
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

// validate checks input by its tags, with day-bound spans as of today on
// the service's clock.
func (s *Service) validate(in any) error {
	return bondgenoten.ValidateOn(in, bondgenoten.TodayOn(s.Clock))
}

// Create starts a network. The creating tenant (the caller's) must be one of
// its partners: nobody starts a network for others.
func (s *Service) Create(ctx context.Context, creator uuid.UUID, in CreateInput) (*Network, []Partner, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, nil, err
	}
	partners, err := s.resolvePartners(ctx, in.Municipality, in.PoliceUnits)
	if err != nil {
		return nil, nil, err
	}
	if !slices.ContainsFunc(partners, func(t *tenant.Tenant) bool { return t.ID == creator }) {
		return nil, nil, bondgenoten.Invalid("municipality", RuleCreatorPartner, "")
	}
	now := s.now()
	n := &Network{ID: uuid.Must(uuid.NewV7()), CreatedAt: now, UpdatedAt: now}
	n.apply(in.Input)
	rows := make([]Partner, len(partners))
	for i, t := range partners {
		rows[i] = Partner{NetworkID: n.ID, TenantID: t.ID, JoinedAt: now}
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(n).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(&rows).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return n, rows, nil
}

func (n *Network) apply(in Input) {
	n.Name, n.Level, n.Area, n.Goals, n.Expectations, n.Phase = in.Name, in.Level, in.Area, in.Goals, in.Expectations, in.Phase
	n.MaxActiveAllies, n.TargetMeetingsPerYear, n.PlanNextWithinDays = in.MaxActiveAllies, in.TargetMeetingsPerYear, in.PlanNextWithinDays
	n.SignalFeedbackDays, n.EvaluationIntervalMonths = in.SignalFeedbackDays, in.EvaluationIntervalMonths
}

// resolvePartners checks the partner slugs: one active municipality and
// one or more distinct active police units.
func (s *Service) resolvePartners(ctx context.Context, municipality string, police []string) ([]*tenant.Tenant, error) {
	fields := map[string]bondgenoten.FieldViolation{}
	var out []*tenant.Tenant
	get := func(field, slug string, kind tenant.Kind) {
		t, err := s.Tenants.GetBySlug(ctx, strings.TrimSpace(slug))
		switch {
		case err != nil || t.Status != tenant.StatusActive:
			fields[field] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleExists}
		case t.Kind != kind:
			fields[field] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleKind, Param: string(kind)}
		case slices.ContainsFunc(out, func(o *tenant.Tenant) bool { return o.ID == t.ID }):
			fields[field] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleUnique}
		default:
			out = append(out, t)
		}
	}
	get("municipality", municipality, tenant.KindMunicipality)
	for _, p := range police {
		get("policeUnits", p, tenant.KindPoliceUnit)
	}
	if len(fields) > 0 {
		return nil, &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid partners", Fields: fields}
	}
	return out, nil
}

// Get returns a network and all its partners (left ones included).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Network, []Partner, error) {
	n := new(Network)
	if err := s.DB.For(ctx).NewSelect().Model(n).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, nil, store.MapError(err)
	}
	partners, err := s.partners(ctx, s.DB.For(ctx), id)
	return n, partners, err
}

func (s *Service) partners(ctx context.Context, db bun.IDB, id uuid.UUID) ([]Partner, error) {
	var out []Partner
	err := db.NewSelect().Model(&out).Where("network_id = ?", id).OrderExpr("joined_at, tenant_id").Scan(ctx)
	return out, store.MapError(err)
}

// ActivePartners returns the tenants currently in a network, for
// authorization: reach into a network flows from reach into a partner.
// TakesPart reports whether tenantID is, or was, a partner of any network
// (identity.Participation): then its sign-in decides who reaches allies.
func (s *Service) TakesPart(ctx context.Context, db bun.IDB, tenantID uuid.UUID) (bool, error) {
	ok, err := db.NewSelect().Model((*Partner)(nil)).Where("tenant_id = ?", tenantID).Exists(ctx)
	return ok, store.MapError(err)
}

func (s *Service) ActivePartners(ctx context.Context, id uuid.UUID) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := s.DB.For(ctx).NewSelect().Model((*Partner)(nil)).Column("tenant_id").
		Where("network_id = ? AND left_at IS NULL", id).Scan(ctx, &ids)
	if err != nil {
		return nil, store.MapError(err)
	}
	if len(ids) == 0 {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
	}
	return ids, nil
}

// List returns the networks in which any of tenantIDs is an active partner,
// by name.
func (s *Service) List(ctx context.Context, tenantIDs []uuid.UUID) ([]Network, error) {
	out := []Network{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	err := s.DB.For(ctx).NewSelect().Model(&out).
		Where("id IN (SELECT network_id FROM network_partners WHERE left_at IS NULL AND tenant_id IN (?))", bun.In(tenantIDs)).
		OrderExpr("name, id").Scan(ctx)
	return out, store.MapError(err)
}

// PartnersOf returns the partners of several networks at once, by network.
func (s *Service) PartnersOf(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]Partner, error) {
	out := map[uuid.UUID][]Partner{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Partner
	if err := s.DB.For(ctx).NewSelect().Model(&rows).Where("network_id IN (?)", bun.In(ids)).OrderExpr("joined_at, tenant_id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, p := range rows {
		out[p.NetworkID] = append(out[p.NetworkID], p)
	}
	return out, nil
}

// Update replaces the editable fields of a network.
func (s *Service) Update(ctx context.Context, id uuid.UUID, in Input) (*Network, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	n := new(Network)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(n).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		n.apply(in)
		n.UpdatedAt = s.now()
		_, err := tx.NewUpdate().Model(n).WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}
