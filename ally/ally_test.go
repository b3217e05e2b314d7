package ally_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// setup makes a network whose cap is cap, and an ally service on it.
func setup(t *testing.T, db *store.DB, maxActive int) (*ally.Service, uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(t, db)
	town, _ := ts.Create(ctx, tenant.CreateInput{Slug: "utrecht", Name: "Utrecht", Kind: tenant.KindMunicipality})
	if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt", Name: "Basisteam", Kind: tenant.KindPoliceUnit}); err != nil {
		t.Fatal(err)
	}
	n, _, err := (&network.Service{DB: db, Tenants: ts}).Create(ctx, town.ID, network.CreateInput{
		Input: network.Input{Name: "N", Level: "municipality", MaxActiveAllies: maxActive}, Municipality: "utrecht", PoliceUnits: []string{"bt"},
	})
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	keys, _ := secret.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(key))
	return &ally.Service{DB: db, Keys: keys}, n.ID
}

func TestActivatingBeyondTheCapIsRefused(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 2)
		for i := range 2 {
			if _, err := s.Create(ctx, net, ally.Input{Name: fmt.Sprintf("Bondgenoot %d", i), Status: ally.StatusActive}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := s.Create(ctx, net, ally.Input{Name: "Te veel", Status: ally.StatusActive})
		if bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT || bondgenoten.ErrorFields(err)["status"] != (bondgenoten.FieldViolation{Rule: "cap", Param: "2"}) {
			t.Fatalf("third active ally: %v %v; want conflict naming the cap 2", err, bondgenoten.ErrorFields(err))
		}
		candidate, err := s.Create(ctx, net, ally.Input{Name: "Kandidaat", Status: ally.StatusCandidate})
		if err != nil {
			t.Fatal(err)
		}
		in := ally.Input{Name: "Kandidaat", Status: ally.StatusActive}
		if _, err := s.Update(ctx, net, candidate.ID, in); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("activating a candidate beyond the cap: %v", err)
		}
		list, _ := s.List(ctx, net)
		if len(list) != 3 {
			t.Fatalf("allies = %d; want 3", len(list))
		}
	})
}

func TestAllyRules(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 15)
		cases := []struct {
			name  string
			in    ally.Input
			field string
		}{
			{"no name", ally.Input{Status: ally.StatusCandidate}, "name"},
			{"bad mobile", ally.Input{Name: "A", Status: ally.StatusCandidate, Mobile: "bel me"}, "mobile"},
			{"bad email", ally.Input{Name: "A", Status: ally.StatusCandidate, Email: "a@"}, "email"},
			{"left without date", ally.Input{Name: "A", Status: ally.StatusLeft, LeftReason: "verhuisd"}, "leftOn"},
			{"left without reason", ally.Input{Name: "A", Status: ally.StatusLeft, LeftOn: &bondgenoten.Date{Year: 2026, Month: 1, Day: 1}}, "leftReason"},
			{"contact without consent", ally.Input{Name: "A", Status: ally.StatusCandidate, ContactPermitted: true}, "consentOn"},
			{"bad age band", ally.Input{Name: "A", Status: ally.StatusCandidate, AgeBand: "old"}, "ageBand"},
		}
		for _, c := range cases {
			if _, err := s.Create(ctx, net, c.in); bondgenoten.ErrorFields(err)[c.field].Rule == "" {
				t.Errorf("%s: %v; want a field error on %s", c.name, err, c.field)
			}
		}
		if list, _ := s.List(ctx, net); len(list) != 0 {
			t.Fatalf("refused allies were stored: %d", len(list))
		}
		a, err := s.Create(ctx, net, ally.Input{Name: " Fatima ", Mobile: "06 12345678", Email: "F@Example.NL", Status: ally.StatusCandidate})
		if err != nil || a.Name != "Fatima" || a.Email != "f@example.nl" {
			t.Fatalf("create = %+v, %v", a, err)
		}
		if _, err := s.Get(ctx, uuid.New(), a.ID); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("ally through another network: %v", err)
		}
	})
}

func TestSpecialCategoryDataNeedsConsentAndIsSealed(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 15)
		a, _ := s.Create(ctx, net, ally.Input{Name: "A", Status: ally.StatusActive})
		if _, err := s.PutSpecial(ctx, net, a.ID, ally.SpecialInput{Religion: "Islam"}); bondgenoten.ErrorFields(err)["consentOn"].Rule != "consent_required" {
			t.Fatalf("without consent: %v", err)
		}
		today := bondgenoten.Today()
		v, err := s.PutSpecial(ctx, net, a.ID, ally.SpecialInput{Religion: "Islam", Background: "Marokkaans-Nederlands", ConsentOn: &today, ConsentHow: "schriftelijk"})
		if err != nil || v.Religion != "Islam" {
			t.Fatalf("PutSpecial = %+v, %v", v, err)
		}
		var raw []byte
		if err := db.Unscoped().NewSelect().Table("allies").Column("special_sealed").Where("id = ?", a.ID).Scan(ctx, &raw); err != nil {
			t.Fatal(err)
		}
		if len(raw) == 0 || strings.Contains(string(raw), "Islam") {
			t.Fatal("special-category data is not sealed at rest")
		}
		got, err := s.GetSpecial(ctx, net, a.ID)
		if err != nil || got.Background != "Marokkaans-Nederlands" || got.ConsentHow != "schriftelijk" {
			t.Fatalf("GetSpecial = %+v, %v", got, err)
		}
		// Consent withdrawn: everything goes.
		if v, err := s.PutSpecial(ctx, net, a.ID, ally.SpecialInput{}); err != nil || v.Religion != "" || v.ConsentOn != nil {
			t.Fatalf("erase = %+v, %v", v, err)
		}
	})
}

func TestRepresentationSuppressesSmallGroups(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 15)
		today := bondgenoten.Today()
		religions := []string{"Islam", "Islam", "Islam", "Hindoeïsme", ""}
		for i, r := range religions {
			a, err := s.Create(ctx, net, ally.Input{Name: fmt.Sprint("A", i), Status: ally.StatusActive, Neighbourhood: "Kanaleneiland", AgeBand: "26-40"})
			if err != nil {
				t.Fatal(err)
			}
			if r != "" {
				if _, err := s.PutSpecial(ctx, net, a.ID, ally.SpecialInput{Religion: r, ConsentOn: &today, ConsentHow: "mondeling"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := s.Create(ctx, net, ally.Input{Name: "Kandidaat", Status: ally.StatusCandidate, Neighbourhood: "Overvecht"}); err != nil {
			t.Fatal(err)
		}
		// Without access to the values, no special-category make-up at all:
		// a count that moves when one ally is paused names that ally's religion.
		plain, err := s.Representation(ctx, net, false)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Religions != nil || plain.Backgrounds != nil || plain.WithoutSpecialConsent != nil || plain.SpecialCategories != "restricted" {
			t.Fatalf("make-up without access to the values = %+v; want no special-category counts", plain)
		}
		r, err := s.Representation(ctx, net, true)
		if err != nil {
			t.Fatal(err)
		}
		if r.ActiveAllies != 5 || r.WithoutSpecialConsent == nil || *r.WithoutSpecialConsent != 1 || r.SpecialCategories != "shown" {
			t.Fatalf("counts = %+v", r)
		}
		if len(r.Religions.Values) != 1 || r.Religions.Values[0] != (ally.Count{Value: "Islam", Count: 3}) || !r.Religions.Suppressed {
			t.Fatalf("religions = %+v; want Islam 3 and the single Hindu ally suppressed, value and all", r.Religions)
		}
		if len(r.Neighbourhoods.Values) != 1 || r.Neighbourhoods.Values[0].Count != 5 || r.Neighbourhoods.Suppressed {
			t.Fatalf("neighbourhoods = %+v; candidates do not count", r.Neighbourhoods)
		}
	})
}

func TestAlliesPageByNameWithFilters(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 15)
		for i, in := range []ally.Input{
			{Name: "Anouk", Neighbourhood: "Lombok", Status: ally.StatusActive},
			{Name: "Bram", Organisation: "Sportclub 100%", Status: ally.StatusCandidate},
			{Name: "Cem", Constituency: "Jongeren in LOMBOK", Status: ally.StatusActive},
			{Name: "Dana", Status: ally.StatusPaused},
			{Name: "Eva", Status: ally.StatusActive},
		} {
			if _, err := s.Create(ctx, net, in); err != nil {
				t.Fatalf("ally %d: %v", i, err)
			}
		}
		names := func(p bondgenoten.Page[ally.Ally]) string {
			var out []string
			for _, a := range p.Items {
				out = append(out, a.Name)
			}
			return strings.Join(out, ",")
		}
		var all []string
		cursor := ""
		for {
			p, err := s.Page(ctx, net, ally.Filter{Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, names(p))
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		if got := strings.Join(all, "|"); got != "Anouk,Bram|Cem,Dana|Eva" {
			t.Fatalf("pages %s", got)
		}
		for _, c := range []struct {
			f    ally.Filter
			want string
		}{
			{ally.Filter{Status: ally.StatusActive}, "Anouk,Cem,Eva"},
			{ally.Filter{Query: "lombok"}, "Anouk,Cem"},
			{ally.Filter{Query: "lombok", Status: ally.StatusActive}, "Anouk,Cem"},
			{ally.Filter{Query: "100%"}, "Bram"},
			{ally.Filter{Query: "%"}, "Bram"}, // a literal percent sign, not a wildcard
		} {
			p, err := s.Page(ctx, net, c.f)
			if err != nil || names(p) != c.want {
				t.Errorf("%+v: %v %q; want %q", c.f, err, names(p), c.want)
			}
		}
		if _, err := s.Page(ctx, net, ally.Filter{Status: "gone"}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("bad status: %v", err)
		}
	})
}
