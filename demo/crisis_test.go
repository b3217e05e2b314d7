package demo_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

func TestDemoCrisisIsSeededOnceAndClosedWithAftercare(t *testing.T) {
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
		crises := &crisis.Service{DB: db, Signals: signals}
		if err := demo.Seed(ctx, tenants); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			for _, step := range []func() error{
				func() error { return demo.SeedNetworks(ctx, networks, tenants) },
				func() error { return demo.SeedAllies(ctx, allies, networks, tenants) },
				func() error { return demo.SeedMeetings(ctx, meetings, allies, networks, tenants) },
				func() error { return demo.SeedSignals(ctx, signals, allies, networks, tenants) },
				func() error { return demo.SeedCrisis(ctx, crises, meetings, allies, networks, tenants) },
			} {
				if err := step(); err != nil {
					t.Fatal(err)
				}
			}
		}
		amersfoort, _ := tenants.GetBySlug(ctx, "amersfoort")
		nets, _ := networks.List(ctx, []uuid.UUID{amersfoort.ID})
		list, err := crises.List(ctx, nets[0].ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("crises = %d, %v; want 1", len(list), err)
		}
		c := list[0]
		if c.Active() || c.AftercareMeetingID == nil || c.WentWell == "" || c.ToLearn == "" || !c.Lesson {
			t.Fatalf("the demo crisis is not closed with aftercare: %+v", c)
		}
		d, err := crises.Detail(ctx, nets[0].ID, c.ID, crisis.View{Full: true, Names: true})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[crisis.EntryKind]int{}
		for _, e := range d.Entries {
			kinds[e.Kind]++
			if e.Kind == crisis.KindQuestion && (!e.CarriedBack || e.Answer == "") {
				t.Fatalf("question not answered and carried back: %+v", e)
			}
		}
		if kinds[crisis.KindDecision] != 1 || kinds[crisis.KindAdvice] != 1 || kinds[crisis.KindQuestion] != 2 || kinds[crisis.KindPhase] != 3 {
			t.Fatalf("entries: %v", kinds)
		}
		if len(d.Polls) != 1 || d.Polls[0].Answered == nil || *d.Polls[0].Answered != 5 {
			t.Fatalf("poll: %+v", d.Polls)
		}
		if _, err := crises.Timeline(ctx, nets[0].ID, c.ID, crisis.View{Full: true}); err != nil {
			t.Fatal(err)
		}
	})
}
