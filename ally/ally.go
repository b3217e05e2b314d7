// Package ally keeps the allies of a network: the people from the
// community who stand by municipality and police when tension rises. Their
// contact data is for the network's own people; religion and background are
// special-category data (GDPR art. 9): optional, only with recorded explicit
// consent, sealed at rest, and shown to others only as counts of three or
// more.
package ally

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
)

// Status of an ally in the network.
type Status string

const (
	StatusCandidate Status = "candidate"
	StatusActive    Status = "active"
	StatusPaused    Status = "paused"
	StatusLeft      Status = "left"
)

// Ally as stored.
type Ally struct {
	bun.BaseModel `bun:"table:allies"`

	ID                  uuid.UUID         `bun:"id,pk,type:uuid"`
	NetworkID           uuid.UUID         `bun:"network_id,type:uuid"`
	Name                string            `bun:"name"`
	Mobile              string            `bun:"mobile"`
	Email               string            `bun:"email"`
	Organisation        string            `bun:"organisation"`
	Constituency        string            `bun:"constituency"`
	Neighbourhood       string            `bun:"neighbourhood"`
	StartsOn            *bondgenoten.Date `bun:"starts_on"`
	Status              Status            `bun:"status"`
	LeftOn              *bondgenoten.Date `bun:"left_on"`
	LeftReason          string            `bun:"left_reason"`
	ContactPermitted    bool              `bun:"contact_permitted"`
	ConsentOn           *bondgenoten.Date `bun:"consent_on"`
	ConsentScope        string            `bun:"consent_scope"`
	ConsentHow          string            `bun:"consent_how"`
	IntakeDone          bool              `bun:"intake_done"`
	CodeOfConductSigned bool              `bun:"code_of_conduct_signed"`
	InterestsDeclared   bool              `bun:"interests_declared"`
	AgeBand             string            `bun:"age_band"`
	Gender              string            `bun:"gender"`
	SpecialConsentOn    *bondgenoten.Date `bun:"special_consent_on"`
	SpecialConsentHow   string            `bun:"special_consent_how"`
	SpecialSealed       []byte            `bun:"special_sealed"`
	CreatedAt           time.Time         `bun:"created_at"`
	UpdatedAt           time.Time         `bun:"updated_at"`
}

// Input is everything but the special-category attributes, which have
// their own consent and their own route.
type Input struct {
	Name                string            `json:"name" validate:"required,max=200"`
	Mobile              string            `json:"mobile" validate:"max=30"`
	Email               string            `json:"email" validate:"omitempty,email,max=320"`
	Organisation        string            `json:"organisation" validate:"max=200"`
	Constituency        string            `json:"constituency" validate:"max=200"`
	Neighbourhood       string            `json:"neighbourhood" validate:"max=200"`
	StartsOn            *bondgenoten.Date `json:"startsOn"`
	Status              Status            `json:"status" validate:"required,oneof=candidate active paused left"`
	LeftOn              *bondgenoten.Date `json:"leftOn"`
	LeftReason          string            `json:"leftReason" validate:"max=500"`
	ContactPermitted    bool              `json:"contactPermitted"`
	ConsentOn           *bondgenoten.Date `json:"consentOn"`
	ConsentScope        string            `json:"consentScope" validate:"max=500"`
	ConsentHow          string            `json:"consentHow" validate:"max=200"`
	IntakeDone          bool              `json:"intakeDone"`
	CodeOfConductSigned bool              `json:"codeOfConductSigned"`
	InterestsDeclared   bool              `json:"interestsDeclared"`
	AgeBand             string            `json:"ageBand" validate:"omitempty,oneof=under-18 18-25 26-40 41-65 over-65"`
	Gender              string            `json:"gender" validate:"omitempty,oneof=woman man non-binary self-described"`
	RelationshipOwners  []OwnerInput      `json:"relationshipOwners" validate:"max=10,dive"`
}

var mobilePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{5,19}$`)

func (in *Input) normalize() {
	for _, f := range []*string{&in.Name, &in.Mobile, &in.Email, &in.Organisation, &in.Constituency, &in.Neighbourhood, &in.LeftReason, &in.ConsentScope, &in.ConsentHow} {
		*f = strings.TrimSpace(*f)
	}
	in.Email = strings.ToLower(in.Email)
}

// validate adds the rules between fields: a mobile number that is one, a
// departure with its date and reason, contact only with recorded consent.
// Day-bound spans are taken as of today.
func (in *Input) validate(today bondgenoten.Date) error {
	if err := bondgenoten.ValidateOn(in, today); err != nil {
		return err
	}
	fields := map[string]bondgenoten.FieldViolation{}
	if in.Mobile != "" && !mobilePattern.MatchString(in.Mobile) {
		fields["mobile"] = bondgenoten.FieldViolation{Rule: RulePhone}
	}
	if in.Status == StatusLeft {
		if in.LeftOn == nil {
			fields["leftOn"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleRequired}
		}
		if in.LeftReason == "" {
			fields["leftReason"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleRequired}
		}
	}
	if in.ContactPermitted && in.ConsentOn == nil {
		fields["consentOn"] = bondgenoten.FieldViolation{Rule: RuleConsentRequired}
	}
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid ally", Fields: fields}
	}
	return nil
}

// Service reads and changes allies.
type Service struct {
	DB   *store.DB
	Keys *secret.Keyring
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

// today is the calendar day in Europe/Amsterdam on the service's clock.
func (s *Service) today() bondgenoten.Date { return bondgenoten.TodayOn(s.Clock) }

// validate checks input by its tags, with day-bound spans as of today.
func (s *Service) validate(in any) error { return bondgenoten.ValidateOn(in, s.today()) }

func (a *Ally) apply(in Input) {
	a.Name, a.Mobile, a.Email, a.Organisation, a.Constituency, a.Neighbourhood = in.Name, in.Mobile, in.Email, in.Organisation, in.Constituency, in.Neighbourhood
	a.StartsOn, a.Status, a.LeftOn, a.LeftReason = in.StartsOn, in.Status, in.LeftOn, in.LeftReason
	if a.Status != StatusLeft {
		a.LeftOn, a.LeftReason = nil, ""
	}
	a.ContactPermitted, a.ConsentOn, a.ConsentScope, a.ConsentHow = in.ContactPermitted, in.ConsentOn, in.ConsentScope, in.ConsentHow
	a.IntakeDone, a.CodeOfConductSigned, a.InterestsDeclared = in.IntakeDone, in.CodeOfConductSigned, in.InterestsDeclared
	a.AgeBand, a.Gender = in.AgeBand, in.Gender
}

// checkCap refuses one active ally more than the network allows; it runs in
// the writing transaction, so two coordinators cannot both take the last place.
func checkCap(ctx context.Context, tx bun.Tx, networkID, except uuid.UUID) error {
	n := new(network.Network)
	if err := tx.NewSelect().Model(n).Column("max_active_allies").Where("id = ?", networkID).Scan(ctx); err != nil {
		return err
	}
	active, err := tx.NewSelect().Model((*Ally)(nil)).
		Where("network_id = ? AND status = ? AND id <> ?", networkID, StatusActive, except).Count(ctx)
	if err != nil {
		return err
	}
	if int(active) >= n.MaxActiveAllies {
		return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "active allies cap reached",
			Fields: map[string]bondgenoten.FieldViolation{"status": {Rule: RuleCap, Param: strconv.Itoa(n.MaxActiveAllies)}}}
	}
	return nil
}

// Create adds an ally to a network.
func (s *Service) Create(ctx context.Context, networkID uuid.UUID, in Input) (*Ally, error) {
	in.normalize()
	if err := in.validate(s.today()); err != nil {
		return nil, err
	}
	now := s.now()
	a := &Ally{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, CreatedAt: now, UpdatedAt: now}
	a.apply(in)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if a.Status == StatusActive {
			if err := checkCap(ctx, tx, networkID, a.ID); err != nil {
				return err
			}
		}
		if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
			return err
		}
		return writeOwners(ctx, tx, networkID, a.ID, in.RelationshipOwners)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Update replaces an ally's fields (not the special-category ones).
func (s *Service) Update(ctx context.Context, networkID, id uuid.UUID, in Input) (*Ally, error) {
	in.normalize()
	if err := in.validate(s.today()); err != nil {
		return nil, err
	}
	a := new(Ally)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(a).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
			return err
		}
		if in.Status == StatusActive && a.Status != StatusActive {
			if err := checkCap(ctx, tx, networkID, a.ID); err != nil {
				return err
			}
		}
		a.apply(in)
		a.UpdatedAt = s.now()
		if _, err := tx.NewUpdate().Model(a).WherePK().ExcludeColumn("special_sealed", "special_consent_on", "special_consent_how", "created_at").Exec(ctx); err != nil {
			return err
		}
		return writeOwners(ctx, tx, networkID, a.ID, in.RelationshipOwners)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Get returns one ally of a network; another network's ally is not found.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID) (*Ally, error) {
	a := new(Ally)
	if err := s.DB.For(ctx).NewSelect().Model(a).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return a, nil
}

// List returns a network's allies by name.
func (s *Service) List(ctx context.Context, networkID uuid.UUID) ([]Ally, error) {
	out := []Ally{}
	err := s.DB.For(ctx).NewSelect().Model(&out).Where("network_id = ?", networkID).OrderExpr("name, id").Scan(ctx)
	return out, store.MapError(err)
}

// Filter narrows a page of a network's allies.
type Filter struct {
	Status Status
	// Query matches name, organisation, constituency or neighbourhood,
	// ignoring case.
	Query  string
	Limit  int
	Cursor string
}

type pageCursor struct {
	Name string `json:"n"`
	ID   string `json:"i"`
}

// Page returns a page of a network's allies by name.
func (s *Service) Page(ctx context.Context, networkID uuid.UUID, f Filter) (bondgenoten.Page[Ally], error) {
	page := bondgenoten.Page[Ally]{Items: []Ally{}}
	limit, err := bondgenoten.PageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	switch f.Status {
	case "", StatusCandidate, StatusActive, StatusPaused, StatusLeft:
	default:
		return page, bondgenoten.Invalid("status", bondgenoten.RuleOneOf, "candidate active paused left")
	}
	if len(f.Query) > 200 {
		return page, bondgenoten.Invalid("q", bondgenoten.RuleMax, "200")
	}
	q := s.DB.For(ctx).NewSelect().Model(&page.Items).Where("network_id = ?", networkID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if term := strings.TrimSpace(f.Query); term != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(term)) + "%"
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			for _, col := range []string{"name", "organisation", "constituency", "neighbourhood"} {
				q = q.WhereOr("lower("+col+`) LIKE ? ESCAPE '\'`, like)
			}
			return q
		})
	}
	if f.Cursor != "" {
		var c pageCursor
		if err := bondgenoten.DecodeCursor(f.Cursor, &c); err != nil {
			return page, err
		}
		id, err := uuid.Parse(c.ID)
		if err != nil {
			return page, bondgenoten.Invalid("cursor", bondgenoten.RuleCursor, "")
		}
		q = q.Where("(name > ?) OR (name = ? AND id > ?)", c.Name, c.Name, id)
	}
	if err := q.OrderExpr("name, id").Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return page, store.MapError(err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = bondgenoten.EncodeCursor(pageCursor{last.Name, last.ID.String()})
	}
	return page, nil
}
