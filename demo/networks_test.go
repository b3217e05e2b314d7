package demo_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

func TestDemoNetworksAndAlliesAreSeededOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenants := tenanttest.Service(t, db)
		networks := &network.Service{DB: db, Tenants: tenants}
		keys, err := secret.ParseKeyring(demo.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		allies := &ally.Service{DB: db, Keys: keys}
		meetings := &meeting.Service{DB: db}
		signals := &signal.Service{DB: db}
		if err := demo.Seed(ctx, tenants); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := demo.SeedNetworks(ctx, networks, tenants); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedAllies(ctx, allies, networks, tenants); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedMeetings(ctx, meetings, allies, networks, tenants); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedSignals(ctx, signals, allies, networks, tenants); err != nil {
				t.Fatal(err)
			}
		}
		amersfoort, _ := tenants.GetBySlug(ctx, "amersfoort")
		nets, err := networks.List(ctx, []uuid.UUID{amersfoort.ID})
		if err != nil || len(nets) != 1 {
			t.Fatalf("Amersfoort networks = %d, %v; want 1", len(nets), err)
		}
		list, _ := allies.List(ctx, nets[0].ID)
		if len(list) != len(demo.Allies) {
			t.Fatalf("allies = %d; want %d", len(list), len(demo.Allies))
		}
		// Special-category data with consent for five; in the counts only
		// the value three hold.
		rep, err := allies.Representation(ctx, nets[0].ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := json.Marshal(rep); !strings.Contains(string(raw), "christelijk") || strings.Contains(string(raw), "islam") {
			got := string(raw)
			t.Fatalf("demo representation %s; want christelijk counted and islam left out", got)
		}
		cov, err := allies.Coverage(ctx, nets[0].ID, true)
		if err != nil || cov.WhiteSpots != 3 {
			t.Fatalf("demo white spots: %v %+v; want 3 (Ghanese gemeenschap, Ouderen, Vathorst)", err, cov)
		}
		// A year of meetings: five held with their record, the next planned.
		o, err := meetings.Overview(ctx, nets[0].ID)
		if err != nil || o.Cadence.HeldLast12Months != 5 || !o.Cadence.OnTarget || o.Cadence.NextMeeting == nil || o.Cadence.Overdue {
			t.Fatalf("demo cadence: %v %+v", err, o)
		}
		b, err := meetings.Balance(ctx, nets[0].ID)
		if err != nil || b.Agenda[meeting.PartyAllies] == 0 || b.Agenda[meeting.PartyPolice] == 0 || b.Agenda[meeting.PartyMunicipality] == 0 ||
			b.Actions[meeting.PartyMunicipality].Done == 0 || b.Actions[meeting.PartyMunicipality].Open == 0 {
			t.Fatalf("demo balance: %v %+v", err, b)
		}
		if n, _ := db.Unscoped().NewSelect().Table("meetings").Count(ctx); n != 8 {
			t.Fatalf("meetings = %d; want 8 (Amersfoort 6, Zeist 2) after seeding twice", n)
		}
		if n, _ := db.Unscoped().NewSelect().Table("allies").Count(ctx); int(n) != len(demo.Allies)+len(demo.ZeistAllies) {
			t.Fatalf("allies = %d; want %d", n, len(demo.Allies)+len(demo.ZeistAllies))
		}
		// A year of signals, tension rising around the asylum reception
		// centre, one shared mood picture; Zeist a few signals.
		pic, err := signals.Tension(ctx, []uuid.UUID{nets[0].ID}, language.Dutch)
		if err != nil || len(pic.Themes) == 0 || pic.Themes[0].Theme != "asylum-reception" || *pic.Themes[0].Level < 4 || *pic.Themes[0].Trend != signal.TrendRising {
			t.Fatalf("demo tension: %v %+v", err, pic)
		}
		if n, _ := db.Unscoped().NewSelect().Table("signals").Count(ctx); n != 24 {
			t.Fatalf("signals = %d; want 24 (Amersfoort 21, Zeist 3) after seeding twice", n)
		}
		moods, err := signals.Moods(ctx, nets[0].ID, signal.Viewer{SharedOnly: true})
		if err != nil || len(moods) != 1 {
			t.Fatalf("shared demo mood pictures: %d %v; want 1", len(moods), err)
		}
		overdue := true
		late, err := signals.List(ctx, nets[0].ID, signal.Viewer{}, signal.Filter{FeedbackOverdue: &overdue})
		if err != nil || len(late.Items) == 0 {
			t.Fatalf("demo signals with feedback overdue: %d %v; want some", len(late.Items), err)
		}
		n, _ := db.Unscoped().NewSelect().Table("networks").Count(ctx)
		if int(n) != len(demo.Networks) {
			t.Fatalf("networks = %d; want %d", n, len(demo.Networks))
		}
	})
}
