package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// probeRole is an ordinary role for the test: superusers (the test's own
// connection) skip row-level security, as production must not.
const probeRole = "bondgenoten_rls_probe"

// TestRowLevelSecurityKeepsARequestInsideItsNetwork checks the second wall
// on PostgreSQL: on a connection scoped to network A, queries that forget
// to filter by network still see and touch only A's rows.
func TestRowLevelSecurityKeepsARequestInsideItsNetwork(t *testing.T) {
	db := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	tenants := tenanttest.Service(t, db)
	networks := &network.Service{DB: db, Tenants: tenants}
	allies := &ally.Service{DB: db}
	meetings := &meeting.Service{DB: db}
	var nets []uuid.UUID
	for _, town := range []string{"noord", "zuid"} {
		mt, err := tenants.Create(ctx, tenant.CreateInput{Slug: town, Name: town, Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tenants.Create(ctx, tenant.CreateInput{Slug: "bt-" + town, Name: "bt " + town, Kind: tenant.KindPoliceUnit}); err != nil {
			t.Fatal(err)
		}
		n, _, err := networks.Create(ctx, mt.ID, network.CreateInput{Input: network.Input{Name: town, Level: "municipality"}, Municipality: town, PoliceUnits: []string{"bt-" + town}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := allies.Create(ctx, n.ID, ally.Input{Name: "Bondgenoot " + town, Status: ally.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		m, err := meetings.Plan(ctx, n.ID, meeting.Input{StartsAt: time.Now().Add(time.Hour), ChairAllyID: &a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := meetings.PutAgenda(ctx, n.ID, m.ID, meeting.AgendaInput{Items: []meeting.AgendaItem{{Title: "x", Party: meeting.PartyAllies}}}); err != nil {
			t.Fatal(err)
		}
		nets = append(nets, n.ID)
	}
	var schema string
	if err := db.Unscoped().QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`DO $$ BEGIN CREATE ROLE ` + probeRole + ` NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + probeRole,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + probeRole,
	} {
		if _, err := db.Unscoped().ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}

	db.Unscoped().SetMaxOpenConns(1) // so the query after release gets the connection the scope used
	scoped, release, err := db.ScopeToNetwork(ctx, nets[0])
	if err != nil {
		t.Fatal(err)
	}
	conn := db.For(scoped)
	if _, err := conn.ExecContext(scoped, "SET ROLE "+probeRole); err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		t.Helper()
		n, err := conn.NewSelect().Table(table).Count(scoped)
		if err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		return int(n)
	}
	for table, want := range map[string]int{"networks": 1, "network_partners": 2, "allies": 1, "meetings": 1, "agenda_items": 1} {
		if got := count(table); got != want {
			t.Errorf("%s seen from network A: %d; want %d (only A's rows)", table, got, want)
		}
	}
	// Writing into network B is refused, whatever the query says.
	_, err = conn.NewInsert().Model(&ally.Ally{ID: uuid.Must(uuid.NewV7()), NetworkID: nets[1], Name: "Indringer", Status: ally.StatusCandidate,
		CreatedAt: time.Now(), UpdatedAt: time.Now()}).Exec(scoped)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("insert into network B from A's scope: %v; want a row-level security violation", err)
	}
	res, err := conn.NewUpdate().Table("allies").Set("name = 'Overschreven'").Where("network_id = ?", nets[1]).Exec(scoped)
	if n, _ := res.RowsAffected(); err != nil || n != 0 {
		t.Fatalf("update of network B's allies from A's scope: %v, %d rows", err, n)
	}
	if _, err := conn.ExecContext(scoped, "RESET ROLE"); err != nil {
		t.Fatal(err)
	}
	release()

	// Unscoped again (the connection went back clean): everything is there.
	var setting string
	if err := db.Unscoped().QueryRowContext(ctx, "SELECT current_setting('bondgenoten.network', true)").Scan(&setting); err != nil || setting != "" {
		t.Fatalf("setting after release: %q %v", setting, err)
	}
	if n, err := db.Unscoped().NewSelect().Table("allies").Where("name = 'Overschreven'").Count(ctx); err != nil || n != 0 {
		t.Fatalf("network B's allies were changed: %d %v", n, err)
	}
	if n, err := db.Unscoped().NewSelect().Table("allies").Count(ctx); err != nil || n != 2 {
		t.Fatalf("allies without a scope: %d %v", n, err)
	}
}

// TestScopeOnSQLiteChangesNothing: SQLite has one connection and no
// row-level security; the scope must not pin that connection.
func TestScopeOnSQLiteChangesNothing(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	scoped, release, err := db.ScopeToNetwork(ctx, uuid.New())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if scoped != ctx || db.For(scoped) != db.Unscoped() {
		t.Fatal("a scope on SQLite pinned the only connection")
	}
	// The pool's only connection is still free for others.
	if _, err := db.Unscoped().NewSelect().Table("tenants").Count(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestEveryNetworkTableHasRowLevelSecurity: a table that holds a network's
// content — it has a network_id column, or refers to such a table — must
// be under the network_scope policy, enabled and forced, so a new table
// cannot forget the second wall.
func TestEveryNetworkTableHasRowLevelSecurity(t *testing.T) {
	db := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	var rows []struct {
		Table    string `bun:"table_name"`
		Enabled  bool   `bun:"enabled"`
		Forced   bool   `bun:"forced"`
		Policies int    `bun:"policies"`
	}
	err := db.Unscoped().NewRaw(`
		WITH RECURSIVE content(oid) AS (
			SELECT c.oid FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
			WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND a.attname = 'network_id' AND NOT a.attisdropped
			UNION SELECT c.oid FROM pg_class c
			WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname = 'networks'
			UNION SELECT con.conrelid FROM pg_constraint con JOIN content ON con.confrelid = content.oid
			WHERE con.contype = 'f' AND con.conrelid <> con.confrelid
		)
		SELECT DISTINCT c.relname AS table_name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
			(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'network_scope') AS policies
		FROM content JOIN pg_class c ON c.oid = content.oid ORDER BY 1`).Scan(ctx, &rows)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range rows {
		seen++
		if !r.Enabled || !r.Forced || r.Policies != 1 {
			t.Errorf("%s holds network content but row-level security is enabled=%v forced=%v with %d network_scope policies", r.Table, r.Enabled, r.Forced, r.Policies)
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d network content tables; the query is wrong", seen)
	}
	t.Logf("%d network content tables under row-level security", seen)
}
