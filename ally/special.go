package ally

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// Special holds the special-category attributes. They are optional, need
// recorded explicit consent, and are sealed together at rest.
type Special struct {
	Background string `json:"background" validate:"max=100"`
	Religion   string `json:"religion" validate:"max=100"`
}

// SpecialView is what coordinators see (and write back).
type SpecialView struct {
	Special
	ConsentOn  *bondgenoten.Date `json:"consentOn"`
	ConsentHow string            `json:"consentHow"`
}

// SpecialInput records explicit consent with the attributes. Empty
// attributes erase them and the consent (consent withdrawn).
type SpecialInput struct {
	Background string            `json:"background" validate:"max=100"`
	Religion   string            `json:"religion" validate:"max=100"`
	ConsentOn  *bondgenoten.Date `json:"consentOn"`
	ConsentHow string            `json:"consentHow" validate:"max=200"`
}

func specialPlace(id uuid.UUID) string { return "ally_special:" + id.String() }

// GetSpecial opens an ally's special-category attributes.
func (s *Service) GetSpecial(ctx context.Context, networkID, id uuid.UUID) (*SpecialView, error) {
	a, err := s.Get(ctx, networkID, id)
	if err != nil {
		return nil, err
	}
	return s.openSpecial(a)
}

func (s *Service) openSpecial(a *Ally) (*SpecialView, error) {
	v := &SpecialView{ConsentOn: a.SpecialConsentOn, ConsentHow: a.SpecialConsentHow}
	if len(a.SpecialSealed) == 0 {
		return v, nil
	}
	plain, err := s.Keys.OpenEmbedded(a.SpecialSealed, specialPlace(a.ID))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(plain, &v.Special); err != nil {
		return nil, err
	}
	return v, nil
}

// PutSpecial stores the attributes with their consent, or erases both.
func (s *Service) PutSpecial(ctx context.Context, networkID, id uuid.UUID, in SpecialInput) (*SpecialView, error) {
	in.Background, in.Religion, in.ConsentHow = strings.TrimSpace(in.Background), strings.TrimSpace(in.Religion), strings.TrimSpace(in.ConsentHow)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	erase := in.Background == "" && in.Religion == ""
	if !erase {
		fields := map[string]bondgenoten.FieldViolation{}
		if in.ConsentOn == nil {
			fields["consentOn"] = bondgenoten.FieldViolation{Rule: RuleConsentRequired}
		}
		if in.ConsentHow == "" {
			fields["consentHow"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleRequired}
		}
		if len(fields) > 0 {
			return nil, &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "explicit consent required", Fields: fields}
		}
	}
	a := new(Ally)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(a).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
			return err
		}
		a.SpecialSealed, a.SpecialConsentOn, a.SpecialConsentHow = nil, nil, ""
		if !erase {
			plain, _ := json.Marshal(Special{in.Background, in.Religion})
			sealed, err := s.Keys.SealEmbedded(plain, specialPlace(a.ID))
			if err != nil {
				return err
			}
			a.SpecialSealed, a.SpecialConsentOn, a.SpecialConsentHow = sealed, in.ConsentOn, in.ConsentHow
		}
		a.UpdatedAt = s.now()
		_, err := tx.NewUpdate().Model(a).Column("special_sealed", "special_consent_on", "special_consent_how", "updated_at").WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return s.openSpecial(a)
}

// Count is how many active allies hold a value.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Breakdown lists the values held by at least MinGroup active allies.
// Smaller groups are left out entirely — their values too, since a rare
// value can name a person — and Suppressed says that some were.
type Breakdown struct {
	Values     []Count `json:"values"`
	Suppressed bool    `json:"suppressed"`
}

// MinGroup is the smallest group shown.
const MinGroup = 3

// Representation is the make-up of a network's active allies, as everyone
// who may see the network sees it.
type Representation struct {
	ActiveAllies   int       `json:"activeAllies"`
	AgeBands       Breakdown `json:"ageBands"`
	Genders        Breakdown `json:"genders"`
	Neighbourhoods Breakdown `json:"neighbourhoods"`
	Constituencies Breakdown `json:"constituencies"`
	// Backgrounds and Religions are special-category data (GDPR art. 9):
	// nil unless the caller may read those values per ally anyway (see
	// Representation).
	Backgrounds *Breakdown `json:"backgrounds"`
	Religions   *Breakdown `json:"religions"`
	// WithoutSpecialConsent counts active allies without recorded consent
	// for background and religion: they are not in those breakdowns. Nil
	// with them.
	WithoutSpecialConsent *int `json:"withoutSpecialConsent"`
	// SpecialCategories says whether the breakdowns above are "shown" or
	// "restricted" for this caller.
	SpecialCategories string `json:"specialCategories"`
}

// Representation computes the counts of a network. The special-category
// breakdowns come only with withSpecial, for those who may read the values
// per ally: a count that drops when one ally is paused or leaves would
// otherwise tell anyone who sees the ally list that ally's religion or
// background, however large the smallest group shown (decision 0005).
func (s *Service) Representation(ctx context.Context, networkID uuid.UUID, withSpecial bool) (*Representation, error) {
	var active []Ally
	if err := s.DB.For(ctx).NewSelect().Model(&active).Where("network_id = ? AND status = ?", networkID, StatusActive).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	counters := map[string]map[string]int{}
	add := func(attr, v string) {
		if v == "" {
			return
		}
		if counters[attr] == nil {
			counters[attr] = map[string]int{}
		}
		counters[attr][v]++
	}
	r := &Representation{ActiveAllies: len(active), SpecialCategories: "restricted"}
	withoutConsent := 0
	for i := range active {
		a := &active[i]
		add("age", a.AgeBand)
		add("gender", a.Gender)
		add("neighbourhood", a.Neighbourhood)
		add("constituency", a.Constituency)
		if !withSpecial {
			continue
		}
		if len(a.SpecialSealed) == 0 {
			withoutConsent++
			continue
		}
		sp, err := s.openSpecial(a)
		if err != nil {
			return nil, err
		}
		add("background", sp.Background)
		add("religion", sp.Religion)
	}
	r.AgeBands, r.Genders = breakdown(counters["age"]), breakdown(counters["gender"])
	r.Neighbourhoods, r.Constituencies = breakdown(counters["neighbourhood"]), breakdown(counters["constituency"])
	if withSpecial {
		bg, rel := breakdown(counters["background"]), breakdown(counters["religion"])
		r.Backgrounds, r.Religions, r.WithoutSpecialConsent = &bg, &rel, &withoutConsent
		r.SpecialCategories = "shown"
	}
	return r, nil
}

// breakdown keeps the values held by at least MinGroup allies, by name.
func breakdown(m map[string]int) Breakdown {
	b := Breakdown{Values: []Count{}}
	for v, n := range m {
		if n < MinGroup {
			b.Suppressed = true
			continue
		}
		b.Values = append(b.Values, Count{v, n})
	}
	slices.SortFunc(b.Values, func(x, y Count) int { return strings.Compare(x.Value, y.Value) })
	return b
}
