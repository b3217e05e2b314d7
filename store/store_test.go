package store_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

func TestMigrationsAreCurrentAndIdempotent(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ok, err := db.Current(ctx)
		if err != nil || !ok {
			t.Fatalf("Current after migrate = %v, %v; want true", ok, err)
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second Migrate applied %v; want nothing", applied)
		}
		status, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ours int
		for _, s := range status {
			if !s.Applied {
				t.Errorf("migration %s %s not applied", s.Component, s.Name)
			}
			if s.Component == "bondgenoten" {
				ours++
			}
		}
		if ours == 0 {
			t.Fatal("no bondgenoten migrations listed")
		}
	})
}

func TestFreshDatabaseIsNotCurrent(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db, err := store.Open(context.Background(), storetest.URL(t, d))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if ok, _ := db.Current(context.Background()); ok {
				t.Fatal("Current on an empty database = true; want false")
			}
		})
	}
}

func TestConcurrentMigrateIsSerialised(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			url := storetest.URL(t, d)
			errs := make(chan error, 3)
			for range 3 {
				go func() {
					db, err := store.Open(context.Background(), url)
					if err != nil {
						errs <- err
						return
					}
					defer db.Close()
					_, err = db.Migrate(context.Background())
					errs <- err
				}()
			}
			for range 3 {
				if err := <-errs; err != nil {
					t.Fatalf("concurrent migrate: %v", err)
				}
			}
		})
	}
}

func TestDialectsShareMigrationIDs(t *testing.T) {
	ids := func(dir string) []string {
		var out []string
		entries, err := fs.ReadDir(store.MigrationFiles, "migrations/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	pg, lite := ids("postgres"), ids("sqlite")
	if !slices.Equal(pg, lite) || len(pg) == 0 {
		t.Fatalf("migration files differ:\npostgres %v\nsqlite   %v", pg, lite)
	}
}

func TestUniqueAndForeignKeyViolationsMapToDomainErrors(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := "2026-11-29 10:00:00+00:00"
		exec := func(q string, args ...any) error {
			return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				_, err := tx.ExecContext(ctx, q, args...)
				return err
			})
		}
		q := "INSERT INTO tenants (id, slug, name, kind, created_at, updated_at) VALUES (?, ?, 'X', 'municipality', ?, ?)"
		if err := exec(q, uuid.New().String(), "zeist", now, now); err != nil {
			t.Fatal(err)
		}
		err := exec(q, uuid.New().String(), "zeist", now, now)
		if got := bondgenoten.ErrorCode(err); got != bondgenoten.ECONFLICT {
			t.Fatalf("duplicate slug: code %q (%v); want conflict", got, err)
		}
		err = exec("INSERT INTO health_snapshots (tenant_id, day, overseen_tenants, overseeing_bureaus, taken_at) VALUES (?, '2026-11-29', 0, 0, ?)",
			uuid.New().String(), now)
		if got := bondgenoten.ErrorCode(err); got != bondgenoten.EINVALID {
			t.Fatalf("missing foreign key: code %q (%v); want invalid", got, err)
		}
		var n int
		if err := db.Unscoped().NewSelect().Table("tenants").ColumnExpr("count(*)").Scan(ctx, &n); err != nil || n != 1 {
			t.Fatalf("tenants = %d, %v; want 1 (failed inserts must leave nothing)", n, err)
		}
	})
}

func TestInTxRollsBackOnError(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.ExecContext(ctx,
				"INSERT INTO tenants (id, slug, name, kind, created_at, updated_at) VALUES (?, 'houten', 'Houten', 'municipality', ?, ?)",
				uuid.New().String(), "2026-11-29 10:00:00+00:00", "2026-11-29 10:00:00+00:00"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v; want boom", err)
		}
		var n int
		if err := db.Unscoped().NewSelect().Table("tenants").ColumnExpr("count(*)").Scan(ctx, &n); err != nil || n != 0 {
			t.Fatalf("tenants = %d, %v; want 0 after rollback", n, err)
		}
	})
}

func TestOpenRejectsUnknownScheme(t *testing.T) {
	if _, err := store.Open(context.Background(), "mysql://x"); err == nil {
		t.Fatal("Open(mysql://) succeeded; want an error")
	}
}

func TestRedactHidesPassword(t *testing.T) {
	got := store.Redact("postgres://app:s3cret@db:5432/x")
	if got != "postgres://app:xxxxx@db:5432/x" {
		t.Fatalf("Redact = %q", got)
	}
}
