// Package tenant holds organisations — support bureaus, municipalities and
// police units — and the oversight relations through which a bureau follows
// the tenants it supports.
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

// Kind is the sort of organisation.
type Kind string

const (
	KindBureau       Kind = "bureau"
	KindMunicipality Kind = "municipality"
	KindPoliceUnit   Kind = "police_unit"
	// KindPlatform is the operators' own organisation. It is created by
	// bootstrap (or demo mode), never through the API, and is not listed in
	// the public directory.
	KindPlatform Kind = "platform"
)

// PlatformSlug is the operators' organisation, created at start-up.
const PlatformSlug = "platform"

// Status says whether a tenant is in use. Only active tenants appear in the
// public directory.
type Status string

const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
	StatusArchived  Status = "archived"
)

// Tenant is one organisation with its own users and identity provider.
type Tenant struct {
	bun.BaseModel `bun:"table:tenants"`

	ID        uuid.UUID `bun:"id,pk,type:uuid"`
	Slug      string    `bun:"slug"`
	Name      string    `bun:"name"`
	Kind      Kind      `bun:"kind"`
	Region    string    `bun:"region"`
	Status    Status    `bun:"status"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// CreateInput is what an operator supplies for a new tenant.
type CreateInput struct {
	Slug   string `json:"slug" validate:"required,min=2,max=63,slug"`
	Name   string `json:"name" validate:"required,max=200"`
	Kind   Kind   `json:"kind" validate:"required,oneof=bureau municipality police_unit"`
	Region string `json:"region" validate:"max=100"`
	Status Status `json:"status" validate:"omitempty,oneof=active suspended archived"`
}

// UpdateInput changes some fields of a tenant; nil fields stay as they are.
// Slug and kind are fixed: login URLs and oversight rules depend on them.
type UpdateInput struct {
	Name   *string `json:"name" validate:"omitnil,min=1,max=200"`
	Region *string `json:"region" validate:"omitnil,max=100"`
	Status *Status `json:"status" validate:"omitnil,oneof=active suspended archived"`
}

// Filter selects a page of tenants ordered by name.
type Filter struct {
	Kind   Kind   `validate:"omitempty,oneof=bureau municipality police_unit"`
	Status Status `validate:"omitempty,oneof=active suspended archived"`
	Limit  int
	Cursor string
	// publicOnly hides the platform tenant (the public directory).
	publicOnly bool
}

// ProvisionedArgs is the job a new tenant causes: it is inserted in the same
// transaction as the tenant, so the follow-up work (first health snapshot,
// later onboarding of its first admin) is never lost nor run for a tenant that
// was rolled back. Only the ID travels: no personal data in job arguments.
type ProvisionedArgs struct {
	TenantID uuid.UUID `json:"tenantId"`
}

func (ProvisionedArgs) Kind() string { return "tenant.provisioned" }

// StatusChangedArgs is the follow-up of a tenant suspended or made active
// again: its people's network work is handed over or resumed. It holds the
// ID only; workers read the status as it is when they run.
type StatusChangedArgs struct {
	TenantID uuid.UUID `json:"tenantId"`
}

func (StatusChangedArgs) Kind() string { return "tenant.status-changed" }

// Service reads and changes tenants.
type Service struct {
	DB   *store.DB
	Jobs store.JobInserter
	// Admins tells tenants' administrators of oversight requests and
	// answers; nil tells nobody (tests of this package alone).
	Admins AdminNotifier
	// Auditor records oversight steps in both organisations' audit
	// trails; nil records nothing (tests of this package alone).
	Auditor Auditor
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

// today is the calendar day in Europe/Amsterdam on the service's clock.
func (s *Service) today() bondgenoten.Date { return bondgenoten.TodayOn(s.Clock) }

// validate checks input by its tags, with day-bound spans as of today.
func (s *Service) validate(in any) error { return bondgenoten.ValidateOn(in, s.today()) }

// Create adds a tenant and schedules its provisioning job in one transaction.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Tenant, error) {
	in.Slug = strings.TrimSpace(in.Slug)
	in.Name = strings.TrimSpace(in.Name)
	in.Region = strings.TrimSpace(in.Region)
	if in.Status == "" {
		in.Status = StatusActive
	}
	if err := s.validate(in); err != nil {
		return nil, err
	}
	now := s.now()
	t := &Tenant{
		ID: uuid.Must(uuid.NewV7()), Slug: in.Slug, Name: in.Name, Kind: in.Kind,
		Region: in.Region, Status: in.Status, CreatedAt: now, UpdatedAt: now,
	}
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(t).Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return &bondgenoten.Error{
					Code: bondgenoten.ECONFLICT, Message: "slug taken",
					Fields: map[string]bondgenoten.FieldViolation{"slug": {Rule: bondgenoten.RuleUnique}},
				}
			}
			return err
		}
		_, err := s.Jobs.InsertTx(ctx, tx.Tx, ProvisionedArgs{TenantID: t.ID}, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// EnsurePlatform returns the operators' platform tenant with slug, creating
// it when missing. Only bootstrap and demo mode call it; the API cannot
// create platform tenants.
func (s *Service) EnsurePlatform(ctx context.Context, slug, name string) (*Tenant, error) {
	t, err := s.GetBySlug(ctx, slug)
	if bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
		return t, err
	}
	if err := s.validate(CreateInput{Slug: slug, Name: name, Kind: KindBureau}); err != nil {
		return nil, err
	}
	now := s.now()
	t = &Tenant{ID: uuid.Must(uuid.NewV7()), Slug: slug, Name: name, Kind: KindPlatform, Status: StatusActive, CreatedAt: now, UpdatedAt: now}
	if _, err := s.DB.For(ctx).NewInsert().Model(t).Exec(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return t, nil
}

// Get returns the tenant with id, or ENOTFOUND.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Tenant, error) {
	t := new(Tenant)
	if err := s.DB.For(ctx).NewSelect().Model(t).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return t, nil
}

// GetBySlug returns the tenant with slug, or ENOTFOUND.
// GetMany returns the tenants among ids that exist, by ID, in one query:
// for read models that name many tenants at once.
func (s *Service) GetMany(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]*Tenant, error) {
	out := map[uuid.UUID]*Tenant{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Tenant
	if err := s.DB.For(ctx).NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

func (s *Service) GetBySlug(ctx context.Context, slug string) (*Tenant, error) {
	t := new(Tenant)
	if err := s.DB.For(ctx).NewSelect().Model(t).Where("slug = ?", slug).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return t, nil
}

// Update changes the fields set in in.
func (s *Service) Update(ctx context.Context, id uuid.UUID, in UpdateInput) (*Tenant, error) {
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
	}
	if in.Region != nil {
		*in.Region = strings.TrimSpace(*in.Region)
	}
	if err := s.validate(in); err != nil {
		return nil, err
	}
	t := new(Tenant)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(t).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		if in.Name != nil {
			t.Name = *in.Name
		}
		if in.Region != nil {
			t.Region = *in.Region
		}
		statusChanged := in.Status != nil && *in.Status != t.Status
		if in.Status != nil {
			t.Status = *in.Status
		}
		t.UpdatedAt = s.now()
		if _, err := tx.NewUpdate().Model(t).WherePK().Exec(ctx); err != nil {
			return err
		}
		if statusChanged {
			if _, err := s.Jobs.InsertTx(ctx, tx.Tx, StatusChangedArgs{TenantID: t.ID}, nil); err != nil {
				return err
			}
			// Suspending a tenant takes its people's roles away.
			return store.BumpPolicyVersion(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// namePosition is the keyset cursor of name-ordered pages.
type namePosition struct {
	Name string    `json:"n"`
	ID   uuid.UUID `json:"i"`
}

// List returns a page of tenants ordered by name.
func (s *Service) List(ctx context.Context, f Filter) (bondgenoten.Page[Tenant], error) {
	var page bondgenoten.Page[Tenant]
	if err := s.validate(f); err != nil {
		return page, err
	}
	limit, err := bondgenoten.PageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	q := s.DB.For(ctx).NewSelect().Model(&page.Items).OrderExpr("name ASC, id ASC").Limit(int64(limit + 1))
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.publicOnly {
		q = q.Where("kind <> ?", KindPlatform)
	}
	if f.Cursor != "" {
		var pos namePosition
		if err := bondgenoten.DecodeCursor(f.Cursor, &pos); err != nil {
			return page, err
		}
		q = q.Where("(name, id) > (?, ?)", pos.Name, pos.ID)
	}
	if err := q.Scan(ctx); err != nil {
		return page, store.MapError(err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = bondgenoten.EncodeCursor(namePosition{last.Name, last.ID})
	}
	return page, nil
}

// Directory lists active tenants: the public list the login page searches.
func (s *Service) Directory(ctx context.Context, kind Kind, limit int, cursor string) (bondgenoten.Page[Tenant], error) {
	return s.List(ctx, Filter{Kind: kind, Status: StatusActive, Limit: limit, Cursor: cursor, publicOnly: true})
}
