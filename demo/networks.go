package demo

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Networks are the demo allies networks: each municipality with its basic
// police team, and Veenendaal starting without bureau support. Houten has
// none, so that starting a network can be tried.
var Networks = []struct {
	Name, Municipality string
	PoliceUnits        []string
	Level              network.Level
	Phase              network.Phase
	Goals              string
}{
	{"Bondgenoten Utrecht-Centrum", "utrecht", []string{"basisteam-utrecht-centrum"}, "district", "active",
		"Elkaar kennen vóór het spant; signalen uit de wijken delen; samen de achterban informeren bij onrust."},
	{"Bondgenoten Amersfoort", "amersfoort", []string{"basisteam-amersfoort"}, "municipality", "sustaining",
		"Een representatieve groep bondgenoten die vijf keer per jaar meedenkt over actuele thema's."},
	{"Bondgenoten Zeist", "zeist", []string{"basisteam-heuvelrug"}, "municipality", "starting",
		"Het netwerk opbouwen: bondgenoten werven uit alle gemeenschappen van Zeist."},
	{"Bondgenoten Nieuwegein", "nieuwegein", []string{"basisteam-utrecht-centrum"}, "municipality", "exploring",
		"Verkennen met welke gemeenschappen in Nieuwegein we willen beginnen."},
	{"Bondgenoten Veenendaal", "veenendaal", []string{"basisteam-heuvelrug"}, "municipality", "exploring",
		"Verkennen of de bondgenotenaanpak past bij Veenendaal."},
}

// SeedNetworks adds the demo networks whose municipality has none yet.
func SeedNetworks(ctx context.Context, networks *network.Service, tenants *tenant.Service) error {
	for _, d := range Networks {
		t, err := tenants.GetBySlug(ctx, d.Municipality)
		if err != nil {
			return err
		}
		existing, err := networks.List(ctx, []uuid.UUID{t.ID})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			continue
		}
		if _, _, err := networks.Create(ctx, t.ID, network.CreateInput{
			Input:        network.Input{Name: d.Name, Level: d.Level, Phase: d.Phase, Goals: d.Goals},
			Municipality: d.Municipality, PoliceUnits: d.PoliceUnits,
		}); err != nil {
			return fmt.Errorf("demo network %s: %w", d.Name, err)
		}
	}
	return nil
}
