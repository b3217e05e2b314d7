// Package storetest gives tests a fresh, migrated database on each dialect,
// so one test body runs on SQLite and on PostgreSQL alike.
//
// PostgreSQL comes from BONDGENOTEN_TEST_POSTGRES (for example
// postgres://root@127.0.0.1:5432/test?sslmode=disable); each database gets its
// own schema, dropped afterwards, so parallel tests and runs never collide.
// When the variable is unset the PostgreSQL half is skipped, loudly.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/bondgenoten/bondgenoten/store"
)

// PostgresEnv names the variable holding the PostgreSQL test URL.
const PostgresEnv = "BONDGENOTEN_TEST_POSTGRES"

// EachDialect runs fn as a parallel subtest per dialect ("sqlite",
// "postgres"), each with its own migrated database.
func EachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh migrated database of dialect d, closed and removed
// when the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), URL(t, d))
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// URL returns a database URL for a new, empty database of dialect d, without
// migrating it.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("SKIPPING POSTGRESQL: set %s (e.g. postgres://root@127.0.0.1:5432/test?sslmode=disable) to run this test on PostgreSQL too", PostgresEnv)
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("random: %v", err))
	}
	return hex.EncodeToString(b)
}
