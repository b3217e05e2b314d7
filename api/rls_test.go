package api

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// appRole is an ordinary login role, as production should use: row-level
// security binds it (the tests' own root connection, a superuser, skips it).
const appRole = "bondgenoten_rls_app"

// openAsAppRole migrates a fresh schema as the tests' superuser and opens
// it again as appRole with the rights an application owner needs.
func openAsAppRole(t *testing.T) *store.DB {
	t.Helper()
	admin := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	var schema string
	if err := admin.Unscoped().QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`DO $$ BEGIN CREATE ROLE ` + appRole + ` LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + appRole,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + appRole,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ` + schema + ` TO ` + appRole,
	} {
		if _, err := admin.Unscoped().ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	u, err := url.Parse(os.Getenv(storetest.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(appRole)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// TestNetworkRequestsWorkUnderRowLevelSecurity runs network routes as an
// ordinary role: each request must carry its own network's scope, or its
// own rows would be hidden from it.
func TestNetworkRequestsWorkUnderRowLevelSecurity(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip("SKIPPING POSTGRESQL: row-level security exists only there")
	}
	db := openAsAppRole(t)
	d := setupDemo(t, db)
	base, allies := utrechtNetwork(t, d)
	coord := d.browser()
	coord.login("coordinator@utrecht.demo")

	resp, body := coord.get(base)
	wantStatus(t, "network", resp, body, 200)
	resp, body = coord.get(base + "/allies")
	wantStatus(t, "allies", resp, body, 200)
	if !strings.Contains(body, allies[0]) || !strings.Contains(body, allies[1]) {
		t.Fatalf("the network's own allies are hidden: %s", body)
	}
	resp, body = coord.do("POST", base+"/meetings", `{"startsAt":"2027-02-01T18:00:00Z","chairAllyId":"`+allies[0]+`"}`, nil)
	wantStatus(t, "plan", resp, body, 201)
	m := decode[struct{ ID string }](t, []byte(body)).ID
	resp, body = coord.do("PUT", base+"/meetings/"+m+"/agenda", `{"items":[{"title":"Kennismaking","party":"allies"}]}`, nil)
	wantStatus(t, "agenda", resp, body, 200)
	resp, body = coord.get(base + "/overview")
	wantStatus(t, "overview", resp, body, 200)
	if !strings.Contains(body, `"activeAllies":2`) || !strings.Contains(body, m) {
		t.Fatalf("overview under row-level security: %s", body)
	}

	// A careless query in a network route — no network filter — still sees
	// only this network's allies, not Zeist's.
	zeist, _ := d.server.cfg.Tenants.GetBySlug(context.Background(), "zeist")
	zeistNets, err := d.server.cfg.Networks.List(context.Background(), []uuid.UUID{zeist.ID})
	if err != nil || len(zeistNets) != 1 {
		t.Fatalf("zeist network: %v", err)
	}
	if _, err := d.server.cfg.Allies.Create(context.Background(), zeistNets[0].ID, ally.Input{Name: "Elders", Status: ally.StatusActive}); err != nil {
		t.Fatal(err)
	}
	d.server.GET("/api/v1/networks/:networkId/careless", func(c echo.Context) error {
		n, err := d.server.cfg.DB.For(c.Request().Context()).NewSelect().Table("allies").Count(c.Request().Context())
		if err != nil {
			return err
		}
		return c.JSON(200, n)
	}, d.server.authorize(inNetwork(authz.Contacts, authz.Read)))
	resp, body = coord.get(base + "/careless")
	if resp.StatusCode != 200 || body != "2\n" {
		t.Fatalf("unfiltered count inside the network's scope: %d %q; want 2", resp.StatusCode, body)
	}
	total, err := db.Unscoped().NewSelect().Table("allies").Count(context.Background())
	if err != nil || total != 3 {
		t.Fatalf("allies outside any scope: %d %v; want 3", total, err)
	}
}
