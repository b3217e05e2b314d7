package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// useClock puts the server, its services and a new enforcer on clock, as
// cmd/bondgenoten wires one clock into all of them.
func (e *env) useClock(clock bondgenoten.Clock) *authz.Enforcer {
	e.t.Helper()
	enforcer, err := authz.NewWithClock(context.Background(), e.db, discardLogger(), clock)
	if err != nil {
		e.t.Fatal(err)
	}
	cfg := &e.server.cfg
	cfg.Clock, cfg.Authz = clock, enforcer
	cfg.Tenants.Clock, cfg.Health.Clock, cfg.Networks.Clock, cfg.Allies.Clock = clock, clock, clock, clock
	cfg.Meetings.Clock, cfg.Calendar.Clock, cfg.Notify.Clock = clock, clock, clock
	cfg.Identity.Clock, cfg.Identity.Policy = clock, enforcer
	return enforcer
}

// TestOneClockMovesToday: an oversight relation that ends tomorrow is in
// force today — for the API's status and for the enforcer's reach — and no
// longer once the one clock passes midnight, without any change in the
// database.
func TestOneClockMovesToday(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		today := bondgenoten.Date{Year: 2026, Month: 12, Day: 31}
		clock := bondgenoten.NewTestClock(time.Date(2026, 12, 31, 23, 30, 0, 0, bondgenoten.Amsterdam))
		enforcer := e.useClock(clock)

		svc := e.server.cfg.Tenants
		bureau, err := svc.Create(ctx, tenant.CreateInput{Slug: "bureau-klok", Name: "Bureau Klok", Kind: tenant.KindBureau})
		if err != nil {
			t.Fatal(err)
		}
		muni, err := svc.Create(ctx, tenant.CreateInput{Slug: "klokstad", Name: "Gemeente Klokstad", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		advisor := uuid.Must(uuid.NewV7())
		now := bondgenoten.NowOn(clock)
		if _, err := db.Unscoped().NewInsert().Model(&identity.User{ID: advisor, TenantID: bureau.ID, Issuer: "klok", Subject: "advisor",
			Email: "advisor@klok.test", Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Unscoped().NewInsert().Model(&identity.RoleAssignment{UserID: advisor, TenantID: bureau.ID,
			Role: string(authz.BureauAdvisor), Source: identity.SourceAdmin, CreatedAt: now}).Exec(ctx); err != nil {
			t.Fatal(err)
		}

		resp, body := e.do("POST", "/api/v1/operator/oversight", fmt.Sprintf(
			`{"bureauId":%q,"tenantId":%q,"startsOn":"2026-12-01","endsOn":%q,"grantedBy":"Klok"}`,
			bureau.ID, muni.ID, today.AddDays(1)), operator()...)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create oversight: %d %s", resp.StatusCode, body)
		}
		rel := decode[oversightJSON](t, body)
		if _, err := svc.AcceptOversight(ctx, rel.ID, muni.ID, "Beheerder Klokstad", nil); err != nil {
			t.Fatal(err)
		}
		status := func() oversightJSON {
			t.Helper()
			resp, body := e.do("GET", "/api/v1/operator/oversight/"+rel.ID.String(), nil, operator()...)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("get oversight: %d %s", resp.StatusCode, body)
			}
			return decode[oversightJSON](t, body)
		}

		if err := enforcer.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if got := status(); got.Status != "active" || !got.Active {
			t.Fatalf("on %s, ending %s: status %q, active %v; want active", today, today.AddDays(1), got.Status, got.Active)
		}
		if !enforcer.Reaches(advisor, muni.ID) {
			t.Fatal("the advisor does not reach the overseen municipality the day before the relation ends")
		}

		// Half an hour later it is 1 January in Amsterdam (still 31
		// December in UTC): the relation has ended.
		clock.Advance(30 * time.Minute)
		if got := status(); got.Status != "ended" || got.Active {
			t.Fatalf("on the day it ends: status %q, active %v; want ended", got.Status, got.Active)
		}
		// The enforcer notices the new day by itself (Run reloads on it).
		go enforcer.Run(ctx)
		deadline := time.Now().Add(10 * time.Second)
		for enforcer.Reaches(advisor, muni.ID) {
			if time.Now().After(deadline) {
				t.Fatal("the advisor still reaches the municipality after the relation ended")
			}
			time.Sleep(20 * time.Millisecond)
		}
		// And the day is the clock's everywhere: ending it again is refused.
		if _, err := svc.EndOversight(ctx, rel.ID, muni.ID, "Beheerder Klokstad"); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("ending a relation that ended today: %v; want conflict", err)
		}
	})
}
