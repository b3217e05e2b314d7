package tenant

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// Oversight lets a bureau follow a municipality or police unit, from StartsOn
// until (excluding) EndsOn. Ending it revokes the bureau's reach at once;
// the row stays as history of who granted what.
type Oversight struct {
	bun.BaseModel `bun:"table:oversight"`

	ID        uuid.UUID         `bun:"id,pk,type:uuid"`
	BureauID  uuid.UUID         `bun:"bureau_id,type:uuid"`
	TenantID  uuid.UUID         `bun:"tenant_id,type:uuid"`
	StartsOn  bondgenoten.Date  `bun:"starts_on"`
	EndsOn    *bondgenoten.Date `bun:"ends_on"`
	GrantedBy string            `bun:"granted_by"`
	CreatedAt time.Time         `bun:"created_at"`
	UpdatedAt time.Time         `bun:"updated_at"`
}

// ActiveOn reports whether the relation is in force on day.
func (o *Oversight) ActiveOn(day bondgenoten.Date) bool {
	return !day.Before(o.StartsOn) && (o.EndsOn == nil || day.Before(*o.EndsOn))
}

// ActiveOnSQL is the SQL condition for relations in force on a day; the
// placeholders take that day twice. Dates compare correctly on both
// dialects (DATE on PostgreSQL, ISO text on SQLite).
const ActiveOnSQL = "starts_on <= ? AND (ends_on IS NULL OR ends_on > ?)"

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
	if err := bondgenoten.Validate(in); err != nil {
		return nil, err
	}
	if err := checkPeriod(in.StartsOn, in.EndsOn); err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
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
					Fields: map[string]bondgenoten.FieldViolation{"tenantId": {Rule: "oversight_exists"}},
				}
			}
			return err
		}
		return store.BumpPolicyVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// checkKind makes sure id names an existing tenant of one of kinds.
func checkKind(ctx context.Context, tx bun.Tx, field string, id uuid.UUID, kinds ...Kind) error {
	var kind Kind
	err := tx.NewSelect().Model((*Tenant)(nil)).Column("kind").Where("id = ?", id).Scan(ctx, &kind)
	if err != nil {
		if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ENOTFOUND {
			return bondgenoten.Invalid(field, "exists", "")
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
	return bondgenoten.Invalid(field, "kind", strings.Join(names, " "))
}

func checkPeriod(start bondgenoten.Date, end *bondgenoten.Date) error {
	if end != nil && end.Before(start) {
		return bondgenoten.Invalid("endsOn", "gtefield", "startsOn")
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
func (s *Service) UpdateOversight(ctx context.Context, id uuid.UUID, in OversightUpdate) (*Oversight, error) {
	o := new(Oversight)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(o).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		if in.StartsOn != nil {
			o.StartsOn = *in.StartsOn
		}
		if in.EndsOn.Set {
			o.EndsOn = in.EndsOn.Value
		}
		if err := checkPeriod(o.StartsOn, o.EndsOn); err != nil {
			return err
		}
		o.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
		if _, err := tx.NewUpdate().Model(o).WherePK().Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return &bondgenoten.Error{
					Code: bondgenoten.ECONFLICT, Message: "an open-ended oversight relation already exists",
					Fields: map[string]bondgenoten.FieldViolation{"endsOn": {Rule: "oversight_exists"}},
				}
			}
			return err
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
