package tenant

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
)

// Oversight lets a bureau follow a municipality or police unit, from StartsOn
// until (excluding) EndsOn, once the overseen organisation has accepted it:
// a bureau (or an operator) only asks, and reach starts when one of the
// overseen tenant's administrators accepts. Either side can end it, which
// revokes the bureau's reach at once; the row stays as history of who
// asked, who accepted and who ended it.
type Oversight struct {
	bun.BaseModel `bun:"table:oversight"`

	ID        uuid.UUID         `bun:"id,pk,type:uuid"`
	BureauID  uuid.UUID         `bun:"bureau_id,type:uuid"`
	TenantID  uuid.UUID         `bun:"tenant_id,type:uuid"`
	StartsOn  bondgenoten.Date  `bun:"starts_on"`
	EndsOn    *bondgenoten.Date `bun:"ends_on"`
	GrantedBy string            `bun:"granted_by"` // who asked for it
	// AcceptedAt is when the overseen organisation accepted; nil: waiting.
	AcceptedAt *time.Time `bun:"accepted_at"`
	AcceptedBy string     `bun:"accepted_by"`
	EndedBy    string     `bun:"ended_by"` // who ended or declined it, of either side
	CreatedAt  time.Time  `bun:"created_at"`
	UpdatedAt  time.Time  `bun:"updated_at"`
}

// ActiveOn reports whether the relation is in force on day: accepted, and
// day within its period.
func (o *Oversight) ActiveOn(day bondgenoten.Date) bool {
	return o.AcceptedAt != nil && !day.Before(o.StartsOn) && (o.EndsOn == nil || day.Before(*o.EndsOn))
}

// Pending reports whether the relation waits for the overseen
// organisation's answer.
func (o *Oversight) Pending() bool { return o.AcceptedAt == nil && o.EndedBy == "" }

// ActiveOnSQL is the SQL condition for relations in force on a day; the
// placeholders take that day twice. Dates compare correctly on both
// dialects (DATE on PostgreSQL, ISO text on SQLite).
const ActiveOnSQL = "accepted_at IS NOT NULL AND starts_on <= ? AND (ends_on IS NULL OR ends_on > ?)"

// Auditor writes an oversight step to a tenant's audit trail inside the
// step's transaction (implemented by package authz, which owns the trail).
type Auditor interface {
	AuditOversight(ctx context.Context, db bun.IDB, tenantID uuid.UUID, o *Oversight, step, by string) error
}

// Terms are a relation's period as someone read it.
type Terms struct {
	StartsOn bondgenoten.Date  `json:"startsOn" validate:"required"`
	EndsOn   *bondgenoten.Date `json:"endsOn"`
}

// Are reports whether o has exactly these terms.
func (t Terms) Are(o *Oversight) bool {
	if t.StartsOn != o.StartsOn || (t.EndsOn == nil) != (o.EndsOn == nil) {
		return false
	}
	return t.EndsOn == nil || *t.EndsOn == *o.EndsOn
}

// AdminNotifier tells a tenant's administrators something, inside the
// transaction of the change (implemented by package identity, which owns
// users and roles).
type AdminNotifier interface {
	TellTenantAdmins(ctx context.Context, db bun.IDB, tenantID uuid.UUID, m notify.Message) error
}

// OversightInput creates a relation.
type OversightInput struct {
	BureauID  uuid.UUID         `json:"bureauId" validate:"required"`
	TenantID  uuid.UUID         `json:"tenantId" validate:"required"`
	StartsOn  bondgenoten.Date  `json:"startsOn" validate:"required"`
	EndsOn    *bondgenoten.Date `json:"endsOn"`
	GrantedBy string            `json:"grantedBy" validate:"required,max=200"`
}

// OversightUpdate moves the start or sets/clears the end of a relation.
type OversightUpdate struct {
	StartsOn *bondgenoten.Date                   `json:"startsOn"`
	EndsOn   bondgenoten.Patch[bondgenoten.Date] `json:"endsOn"`
}

// OversightFilter narrows the list to one bureau and/or one tenant.
type OversightFilter struct {
	BureauID uuid.UUID
	TenantID uuid.UUID
}

// CreateOversight records that a bureau oversees a tenant.
func (s *Service) CreateOversight(ctx context.Context, in OversightInput) (*Oversight, error) {
	in.GrantedBy = strings.TrimSpace(in.GrantedBy)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	if err := checkPeriod(in.StartsOn, in.EndsOn); err != nil {
		return nil, err
	}
	now := s.now()
	o := &Oversight{
		ID: uuid.Must(uuid.NewV7()), BureauID: in.BureauID, TenantID: in.TenantID,
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, GrantedBy: in.GrantedBy,
		CreatedAt: now, UpdatedAt: now,
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := checkKind(ctx, tx, "bureauId", in.BureauID, KindBureau); err != nil {
			return err
		}
		if err := checkKind(ctx, tx, "tenantId", in.TenantID, KindMunicipality, KindPoliceUnit); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return &bondgenoten.Error{
					Code: bondgenoten.ECONFLICT, Message: "an open-ended oversight relation already exists",
					Fields: map[string]bondgenoten.FieldViolation{"tenantId": {Rule: RuleOversightExists}},
				}
			}
			return err
		}
		if err := s.audit(ctx, tx, o, "requested", o.GrantedBy); err != nil {
			return err
		}
		return s.tell(ctx, tx, o.TenantID, notify.Message{
			Kind: notify.OversightRequested, Params: map[string]string{"bureau": s.nameOf(ctx, tx, o.BureauID), "by": o.GrantedBy},
			Link: "/toezicht",
		})
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// onlyShortens is the rule for changing a relation from the bureau's side
// (or an operator's): terms the overseen organisation accepted can only be
// cut short — an earlier end, never a later one, an earlier start or none —
// and a relation that was ended or declined cannot be revived. Anything
// wider is a new request, which the organisation answers.
func (s *Service) onlyShortens(before, after *Oversight) error {
	if before.AcceptedAt == nil && before.EndedBy == "" {
		return nil // still a request: the bureau may change what it asks
	}
	ended := before.EndedBy != "" || (before.EndsOn != nil && !s.today().Before(*before.EndsOn))
	if ended {
		return bondgenoten.Errorf(bondgenoten.ECONFLICT, "an ended relation cannot be revived; ask again")
	}
	later := func(a, b *bondgenoten.Date) bool { // a ends later than b (nil: never)
		if a == nil {
			return b != nil
		}
		return b != nil && b.Before(*a)
	}
	if after.StartsOn.Before(before.StartsOn) || later(after.EndsOn, before.EndsOn) {
		return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "accepted terms can only be shortened",
			Fields: map[string]bondgenoten.FieldViolation{"endsOn": {Rule: RuleOversightAcceptedTerms}}}
	}
	return nil
}

// audit writes an oversight step to the trails of both organisations, in
// the step's transaction, when an auditor is wired.
func (s *Service) audit(ctx context.Context, tx bun.Tx, o *Oversight, step, by string) error {
	if s.Auditor == nil {
		return nil
	}
	for _, tenantID := range []uuid.UUID{o.BureauID, o.TenantID} {
		if err := s.Auditor.AuditOversight(ctx, tx, tenantID, o, step, by); err != nil {
			return err
		}
	}
	return nil
}

// tell notifies a tenant's administrators, when a notifier is wired.
func (s *Service) tell(ctx context.Context, tx bun.Tx, tenantID uuid.UUID, m notify.Message) error {
	if s.Admins == nil {
		return nil
	}
	return s.Admins.TellTenantAdmins(ctx, tx, tenantID, m)
}

// nameOf is a tenant's name for a notification ("" when unknown).
func (s *Service) nameOf(ctx context.Context, tx bun.Tx, id uuid.UUID) string {
	var name string
	_ = tx.NewSelect().Model((*Tenant)(nil)).Column("name").Where("id = ?", id).Scan(ctx, &name)
	return name
}

// AcceptOversight is the overseen organisation's consent: from now on (and
// from StartsOn) the bureau reaches it. Only a waiting relation of
// overseenID can be accepted; by names the administrator who accepts.
//
// read are the terms the administrator saw: a request the bureau changed
// since then answers 409, so nobody consents to terms they did not read.
// Nil accepts the terms as they stand: for the demo seed and tests, never
// for a route.
func (s *Service) AcceptOversight(ctx context.Context, id, overseenID uuid.UUID, by string, read *Terms) (*Oversight, error) {
	o := new(Oversight)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.loadOwn(ctx, tx, o, id, overseenID); err != nil {
			return err
		}
		if !o.Pending() {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "the relation is not waiting for an answer")
		}
		if read != nil && !read.Are(o) {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "the request changed since it was read",
				Fields: map[string]bondgenoten.FieldViolation{"startsOn": {Rule: RuleTermsChanged}}}
		}
		now := s.now()
		o.AcceptedAt, o.AcceptedBy, o.UpdatedAt = &now, by, now
		if _, err := tx.NewUpdate().Model(o).Column("accepted_at", "accepted_by", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, o, "accepted", by); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, o.BureauID, notify.Message{
			Kind: notify.OversightAccepted, Params: map[string]string{"tenant": s.nameOf(ctx, tx, o.TenantID), "by": by},
			Link: "/toezicht",
		}); err != nil {
			return err
		}
		return store.BumpPolicyVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// EndOversight ends a relation from the overseen side (by one of its
// administrators): a waiting one is declined, one in force ends today.
// The bureau's reach ends at once; the bureau's administrators are told.
func (s *Service) EndOversight(ctx context.Context, id, overseenID uuid.UUID, by string) (*Oversight, error) {
	o := new(Oversight)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.loadOwn(ctx, tx, o, id, overseenID); err != nil {
			return err
		}
		today := s.today()
		if o.EndedBy != "" || (o.EndsOn != nil && !today.Before(*o.EndsOn)) {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "the relation has ended already")
		}
		kind := notify.OversightEnded
		if o.Pending() {
			kind = notify.OversightDeclined
		}
		end := today
		if end.Before(o.StartsOn) {
			end = o.StartsOn
		}
		now := s.now()
		o.EndsOn, o.EndedBy, o.UpdatedAt = &end, by, now
		if _, err := tx.NewUpdate().Model(o).Column("ends_on", "ended_by", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		step := "ended"
		if kind == notify.OversightDeclined {
			step = "declined"
		}
		if err := s.audit(ctx, tx, o, step, by); err != nil {
			return err
		}
		if err := s.tell(ctx, tx, o.BureauID, notify.Message{
			Kind: kind, Params: map[string]string{"tenant": s.nameOf(ctx, tx, o.TenantID), "by": by}, Link: "/toezicht",
		}); err != nil {
			return err
		}
		return store.BumpPolicyVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// loadOwn loads relation id inside tx if it oversees overseenID; another
// tenant's relation is not found.
func (s *Service) loadOwn(ctx context.Context, tx bun.Tx, o *Oversight, id, overseenID uuid.UUID) error {
	if err := tx.NewSelect().Model(o).Where("id = ?", id).Scan(ctx); err != nil {
		return err
	}
	switch overseenID {
	case o.TenantID:
		return nil
	case o.BureauID:
		// The bureau that asked never answers for the other side.
		return bondgenoten.Errorf(bondgenoten.ECONFLICT, "only the overseen organisation answers an oversight request")
	}
	return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such relation of this organisation")
}

// checkKind makes sure id names an existing tenant of one of kinds.
func checkKind(ctx context.Context, tx bun.Tx, field string, id uuid.UUID, kinds ...Kind) error {
	var kind Kind
	err := tx.NewSelect().Model((*Tenant)(nil)).Column("kind").Where("id = ?", id).Scan(ctx, &kind)
	if err != nil {
		if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ENOTFOUND {
			return bondgenoten.Invalid(field, bondgenoten.RuleExists, "")
		}
		return err
	}
	for _, k := range kinds {
		if kind == k {
			return nil
		}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return bondgenoten.Invalid(field, bondgenoten.RuleKind, strings.Join(names, " "))
}

func checkPeriod(start bondgenoten.Date, end *bondgenoten.Date) error {
	if end != nil && end.Before(start) {
		return bondgenoten.Invalid("endsOn", bondgenoten.RuleGTEField, "startsOn")
	}
	return nil
}

// GetOversight returns one relation, or ENOTFOUND.
func (s *Service) GetOversight(ctx context.Context, id uuid.UUID) (*Oversight, error) {
	o := new(Oversight)
	if err := s.DB.For(ctx).NewSelect().Model(o).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return o, nil
}

// UpdateOversight changes the period of a relation; an end on or before
// today revokes it.
func (s *Service) UpdateOversight(ctx context.Context, id uuid.UUID, in OversightUpdate, by string) (*Oversight, error) {
	o := new(Oversight)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(o).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		before := *o
		if in.StartsOn != nil {
			o.StartsOn = *in.StartsOn
		}
		if in.EndsOn.Set {
			o.EndsOn = in.EndsOn.Value
		}
		if err := checkPeriod(o.StartsOn, o.EndsOn); err != nil {
			return err
		}
		if err := s.onlyShortens(&before, o); err != nil {
			return err
		}
		o.UpdatedAt = s.now()
		if _, err := tx.NewUpdate().Model(o).WherePK().Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return &bondgenoten.Error{
					Code: bondgenoten.ECONFLICT, Message: "an open-ended oversight relation already exists",
					Fields: map[string]bondgenoten.FieldViolation{"endsOn": {Rule: RuleOversightExists}},
				}
			}
			return err
		}
		if err := s.audit(ctx, tx, o, "changed", by); err != nil {
			return err
		}
		if in.EndsOn.Set && in.EndsOn.Value != nil {
			if err := s.tell(ctx, tx, o.TenantID, notify.Message{
				Kind: notify.OversightEnded, Params: map[string]string{"bureau": s.nameOf(ctx, tx, o.BureauID), "endsOn": in.EndsOn.Value.String()},
				Link: "/toezicht",
			}); err != nil {
				return err
			}
		}
		return store.BumpPolicyVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// ListOversight returns relations, newest first. A bureau oversees at most
// a few hundred tenants, so the list is not paged.
func (s *Service) ListOversight(ctx context.Context, f OversightFilter) ([]Oversight, error) {
	var out []Oversight
	q := s.DB.For(ctx).NewSelect().Model(&out).OrderExpr("created_at DESC, id DESC")
	if f.BureauID != uuid.Nil {
		q = q.Where("bureau_id = ?", f.BureauID)
	}
	if f.TenantID != uuid.Nil {
		q = q.Where("tenant_id = ?", f.TenantID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}

// ActiveOversight reports whether bureau oversees tenant on day.
func (s *Service) ActiveOversight(ctx context.Context, bureauID, tenantID uuid.UUID, day bondgenoten.Date) (bool, error) {
	return s.DB.For(ctx).NewSelect().Model((*Oversight)(nil)).
		Where("bureau_id = ? AND tenant_id = ?", bureauID, tenantID).
		Where(ActiveOnSQL, day, day).
		Exists(ctx)
}

// BureausOverseeing returns, per tenant of tenantIDs, the bureaus that
// oversee it on day (accepted relations only), sorted by name, in one
// query: who can see a network's figures, as its page says.
func (s *Service) BureausOverseeing(ctx context.Context, tenantIDs []uuid.UUID, day bondgenoten.Date) (map[uuid.UUID][]Tenant, error) {
	out := map[uuid.UUID][]Tenant{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Tenant
		OverseenID uuid.UUID `bun:"overseen_id"`
	}
	err := s.DB.For(ctx).NewSelect().TableExpr("oversight AS o").
		ColumnExpr("t.*, o.tenant_id AS overseen_id").
		Join("JOIN tenants AS t ON t.id = o.bureau_id").
		Where("o.tenant_id IN (?)", bun.In(tenantIDs)).
		Where("o.accepted_at IS NOT NULL AND o.starts_on <= ? AND (o.ends_on IS NULL OR o.ends_on > ?)", day, day).
		OrderExpr("t.name, t.id").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.OverseenID] = append(out[r.OverseenID], r.Tenant)
	}
	return out, nil
}
