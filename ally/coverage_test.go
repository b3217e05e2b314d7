package ally_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestCoverageShowsWhiteSpots(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, net := setup(t, db, 15)
		for _, in := range []ally.Input{
			{Name: "A", Status: ally.StatusActive, Constituency: "Turkse gemeenschap", Neighbourhood: "Kanaleneiland"},
			{Name: "B", Status: ally.StatusActive, Constituency: "turkse gemeenschap ", Neighbourhood: "Overvecht"},
			{Name: "C", Status: ally.StatusCandidate, Constituency: "Jongeren", Neighbourhood: "Lunetten"},
		} {
			if _, err := s.Create(ctx, net, in); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutFocus(ctx, net, ally.Focus{
			Communities:    []string{"Turkse gemeenschap", " Jongeren ", "jongeren", ""},
			Neighbourhoods: []string{"Kanaleneiland", "Lunetten"},
		}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Coverage(ctx, net, true)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"Turkse gemeenschap": 2, "Jongeren": 0, "Kanaleneiland": 1, "Lunetten": 0}
		got := map[string]int{}
		for _, x := range append(c.Communities, c.Neighbourhoods...) {
			if x.Allies == nil {
				t.Fatalf("exact coverage hides %s", x.Name)
			}
			got[x.Name] = *x.Allies
		}
		// Without access to the allies, 1 and 2 are "fewer than three";
		// white spots stay visible.
		coarse, err := s.Coverage(ctx, net, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range append(coarse.Communities, coarse.Neighbourhoods...) {
			small := want[x.Name] > 0 && want[x.Name] < ally.MinGroup
			if small != (x.Allies == nil && x.FewerThanThree) || (!small && (x.Allies == nil || *x.Allies != want[x.Name])) {
				t.Errorf("coarse %s = %+v; want %d under the small-number rule", x.Name, x, want[x.Name])
			}
		}
		if coarse.WhiteSpots != 2 {
			t.Errorf("coarse white spots = %d; want 2", coarse.WhiteSpots)
		}
		if len(got) != len(want) || c.WhiteSpots != 2 {
			t.Fatalf("coverage = %+v; want %v with 2 white spots (candidates do not cover)", c, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s covered by %d; want %d", k, got[k], v)
			}
		}
		long := make([]string, 101)
		for i := range long {
			long[i] = string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		if err := s.PutFocus(ctx, net, ally.Focus{Communities: long}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("101 communities: %v; want invalid", err)
		}
	})
}
