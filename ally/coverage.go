package ally

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// focus is one community or neighbourhood a network wants covered.
type focus struct {
	bun.BaseModel `bun:"table:network_focus"`

	NetworkID uuid.UUID `bun:"network_id,pk,type:uuid"`
	Kind      string    `bun:"kind,pk"`
	Name      string    `bun:"name,pk"`
}

// Focus is the list the coordinators keep: the communities and the
// neighbourhoods of the municipality the allies should reflect.
type Focus struct {
	Communities    []string `json:"communities" validate:"max=100,dive,min=1,max=200"`
	Neighbourhoods []string `json:"neighbourhoods" validate:"max=100,dive,min=1,max=200"`
}

// Covered is one listed community or neighbourhood and how many active
// allies cover it; zero is a white spot. For callers who do not see the
// allies themselves, a count below MinGroup is not given (Allies nil,
// FewerThanThree set), the same small-number rule as the make-up.
type Covered struct {
	Name           string `json:"name"`
	Allies         *int   `json:"allies"`
	FewerThanThree bool   `json:"fewerThanThree"`
}

// Coverage holds both lists against the active allies.
type Coverage struct {
	Communities    []Covered `json:"communities"`
	Neighbourhoods []Covered `json:"neighbourhoods"`
	WhiteSpots     int       `json:"whiteSpots"`
}

// PutFocus replaces a network's lists (trimmed, duplicates dropped).
func (s *Service) PutFocus(ctx context.Context, networkID uuid.UUID, in Focus) error {
	clean := func(list []string) []string {
		out := []string{}
		for _, v := range list {
			v = strings.TrimSpace(v)
			if v != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
				out = append(out, v)
			}
		}
		return out
	}
	in.Communities, in.Neighbourhoods = clean(in.Communities), clean(in.Neighbourhoods)
	if err := s.validate(in); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*focus)(nil)).Where("network_id = ?", networkID).Exec(ctx); err != nil {
			return err
		}
		var rows []focus
		for _, c := range in.Communities {
			rows = append(rows, focus{NetworkID: networkID, Kind: "community", Name: c})
		}
		for _, n := range in.Neighbourhoods {
			rows = append(rows, focus{NetworkID: networkID, Kind: "neighbourhood", Name: n})
		}
		if len(rows) == 0 {
			return nil
		}
		_, err := tx.NewInsert().Model(&rows).Exec(ctx)
		return err
	})
}

// Coverage matches the lists against the active allies' constituency and
// neighbourhood (ignoring case and surrounding space). exact gives every
// count, for those who may read the allies; otherwise counts from 1 to
// MinGroup-1 are given as "fewer than three".
func (s *Service) Coverage(ctx context.Context, networkID uuid.UUID, exact bool) (*Coverage, error) {
	return coverageIn(ctx, s.DB.For(ctx), networkID, exact)
}

// coverageIn is Coverage on db (a scoped connection or a transaction).
func coverageIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, exact bool) (*Coverage, error) {
	var rows []focus
	if err := db.NewSelect().Model(&rows).Where("network_id = ?", networkID).OrderExpr("kind, name").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var active []Ally
	if err := db.NewSelect().Model(&active).Column("constituency", "neighbourhood").
		Where("network_id = ? AND status = ?", networkID, StatusActive).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	count := func(name string, field func(*Ally) string) int {
		n := 0
		for i := range active {
			if strings.EqualFold(strings.TrimSpace(field(&active[i])), name) {
				n++
			}
		}
		return n
	}
	covered := func(name string, n int) Covered {
		if !exact && n > 0 && n < MinGroup {
			return Covered{Name: name, FewerThanThree: true}
		}
		return Covered{Name: name, Allies: &n}
	}
	out := &Coverage{Communities: []Covered{}, Neighbourhoods: []Covered{}}
	for _, r := range rows {
		var n int
		if r.Kind == "community" {
			n = count(r.Name, func(a *Ally) string { return a.Constituency })
			out.Communities = append(out.Communities, covered(r.Name, n))
		} else {
			n = count(r.Name, func(a *Ally) string { return a.Neighbourhood })
			out.Neighbourhoods = append(out.Neighbourhoods, covered(r.Name, n))
		}
		if n == 0 {
			out.WhiteSpots++
		}
	}
	return out, nil
}
