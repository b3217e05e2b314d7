package demo

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Allies are the fictional allies of the Amersfoort demo network (the
// Utrecht network starts empty, for trying things out).
var Allies = []ally.Input{
	{Name: "Samira El Amrani (fictief)", Organisation: "Moskeevereniging De Koepel", Constituency: "Marokkaans-Nederlandse gemeenschap", Neighbourhood: "Soesterkwartier", Status: ally.StatusActive, AgeBand: "41-65", Gender: "woman"},
	{Name: "Henk de Vries (fictief)", Organisation: "Ondernemersvereniging Binnenstad", Constituency: "Ondernemers binnenstad", Neighbourhood: "Binnenstad", Status: ally.StatusActive, AgeBand: "41-65", Gender: "man"},
	{Name: "Priya Ramdin (fictief)", Organisation: "Jongerenwerk Kruiskamp", Constituency: "Jongeren", Neighbourhood: "Kruiskamp", Status: ally.StatusActive, AgeBand: "26-40", Gender: "woman"},
	{Name: "Kees Bakker (fictief)", Organisation: "Voetbalvereniging Nieuwland", Constituency: "Sportverenigingen", Neighbourhood: "Nieuwland", Status: ally.StatusActive, AgeBand: "26-40", Gender: "man"},
	{Name: "Ayşe Yılmaz (fictief)", Organisation: "Vrouwenvereniging Schothorst", Constituency: "Turks-Nederlandse vrouwen", Neighbourhood: "Schothorst", Status: ally.StatusActive, AgeBand: "26-40", Gender: "woman"},
	{Name: "Ruben Mensah (fictief)", Organisation: "Pinkstergemeente Amersfoort", Constituency: "Ghanese gemeenschap", Neighbourhood: "Kruiskamp", Status: ally.StatusCandidate, AgeBand: "18-25", Gender: "man"},
}

// allySpecial are the special-category attributes the demo allies agreed to
// record (same order as Allies): "christelijk" is held by three active allies
// and shows in the counts; "islam" by two, so it is left out.
var allySpecial = []ally.SpecialInput{
	{Background: "Marokkaans-Nederlands", Religion: "islam"},
	{Religion: "christelijk"},
	{Background: "Surinaams-Nederlands", Religion: "christelijk"},
	{Religion: "christelijk"},
	{Background: "Turks-Nederlands", Religion: "islam"},
	{},
}

// ZeistAllies are the first allies of the Zeist network, which is starting:
// two active, three candidates still in their intake.
var ZeistAllies = []ally.Input{
	{Name: "Mustafa Kaya (fictief)", Organisation: "Turkse Culturele Vereniging", Constituency: "Turks-Nederlandse gemeenschap", Neighbourhood: "Zeist-West", Status: ally.StatusActive, AgeBand: "41-65", Gender: "man"},
	{Name: "Ingrid Jansen (fictief)", Organisation: "Wijkraad Zeist-Noord", Constituency: "Bewoners Zeist-Noord", Neighbourhood: "Zeist-Noord", Status: ally.StatusActive, AgeBand: "over-65", Gender: "woman"},
	{Name: "Yasmina Bouali (fictief)", Organisation: "Stichting Vrouwen Verbinden", Constituency: "Marokkaans-Nederlandse vrouwen", Neighbourhood: "Kerckebosch", Status: ally.StatusCandidate, AgeBand: "26-40", Gender: "woman"},
	{Name: "Daan Visser (fictief)", Organisation: "Studentenvereniging", Constituency: "Studenten", Neighbourhood: "Zeist-Centrum", Status: ally.StatusCandidate, AgeBand: "18-25", Gender: "man"},
	{Name: "Grace Owusu (fictief)", Organisation: "Evangeliegemeente Zeist", Constituency: "Afrikaanse kerken", Neighbourhood: "Kerckebosch", Status: ally.StatusCandidate, AgeBand: "41-65", Gender: "woman"},
}

// SeedAllies adds the demo allies of Amersfoort (with special-category data
// and the lists to cover) and Zeist, to each network that has none yet.
func SeedAllies(ctx context.Context, allies *ally.Service, networks *network.Service, tenants *tenant.Service) error {
	amersfoort := ally.Focus{
		// The Ghanese community (a candidate only so far), older residents
		// and Vathorst are white spots.
		Communities:    []string{"Marokkaans-Nederlandse gemeenschap", "Turks-Nederlandse vrouwen", "Jongeren", "Ghanese gemeenschap", "Ouderen"},
		Neighbourhoods: []string{"Soesterkwartier", "Kruiskamp", "Schothorst", "Nieuwland", "Binnenstad", "Vathorst"},
	}
	if err := seedAllies(ctx, allies, networks, tenants, "amersfoort", Allies, allySpecial, amersfoort); err != nil {
		return err
	}
	return seedAllies(ctx, allies, networks, tenants, "zeist", ZeistAllies, nil, ally.Focus{
		Neighbourhoods: []string{"Zeist-West", "Zeist-Noord", "Kerckebosch", "Zeist-Centrum", "Den Dolder", "Austerlitz"},
	})
}

func seedAllies(ctx context.Context, allies *ally.Service, networks *network.Service, tenants *tenant.Service,
	slug string, list []ally.Input, special []ally.SpecialInput, focus ally.Focus) error {
	t, err := tenants.GetBySlug(ctx, slug)
	if err != nil {
		return err
	}
	nets, err := networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil || len(nets) == 0 {
		return err
	}
	existing, err := allies.List(ctx, nets[0].ID)
	if err != nil || len(existing) > 0 {
		return err
	}
	if err := allies.PutFocus(ctx, nets[0].ID, focus); err != nil {
		return fmt.Errorf("demo focus %s: %w", slug, err)
	}
	start := bondgenoten.Date{Year: 2026, Month: 3, Day: 1}
	for i, in := range list {
		in.StartsOn, in.ContactPermitted, in.ConsentOn, in.ConsentScope, in.ConsentHow = &start, true, &start, "Bereikbaar bij spanningen; naam en telefoon binnen het netwerk", "schriftelijk"
		in.IntakeDone, in.CodeOfConductSigned, in.InterestsDeclared = true, in.Status == ally.StatusActive, in.Status == ally.StatusActive
		in.Mobile = "06 00000000"
		a, err := allies.Create(ctx, nets[0].ID, in)
		if err != nil {
			return fmt.Errorf("demo ally %s: %w", in.Name, err)
		}
		if i >= len(special) {
			continue
		}
		if sp := special[i]; sp.Religion != "" || sp.Background != "" {
			sp.ConsentOn, sp.ConsentHow = &start, "schriftelijk, apart formulier"
			if _, err := allies.PutSpecial(ctx, nets[0].ID, a.ID, sp); err != nil {
				return fmt.Errorf("demo ally %s: %w", in.Name, err)
			}
		}
	}
	return nil
}
