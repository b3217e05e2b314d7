package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func wantUnavailable(t *testing.T, what string, err error) {
	t.Helper()
	if got := bondgenoten.ErrorCode(store.MapError(err)); got != bondgenoten.EUNAVAILABLE {
		t.Fatalf("%s: MapError(%v) has code %q; want unavailable", what, err, got)
	}
}

// TestOutagesMapToUnavailable: a database that cannot serve — unreachable,
// its connection killed, its pool closed, no connection free in time, or
// SQLite locked past the busy timeout — is EUNAVAILABLE, not an internal error.
func TestOutagesMapToUnavailable(t *testing.T) {
	ctx := context.Background()

	t.Run("postgres unreachable", func(t *testing.T) {
		sqldb, err := sql.Open("pgx", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2")
		if err != nil {
			t.Fatal(err)
		}
		defer sqldb.Close()
		_, err = sqldb.ExecContext(ctx, "SELECT 1")
		wantUnavailable(t, "closed port", err)
	})

	t.Run("postgres backend terminated", func(t *testing.T) {
		db := storetest.Open(t, store.Postgres)
		conn, err := db.Unscoped().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var pid int
		if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Unscoped().ExecContext(ctx, "SELECT pg_terminate_backend(?)", pid); err != nil {
			t.Fatal(err)
		}
		_, err = conn.ExecContext(ctx, "SELECT 1")
		wantUnavailable(t, "terminated backend", err)
	})

	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		// Every connection taken: waiting for one ends at the deadline.
		db.Unscoped().SetMaxOpenConns(1)
		conn, err := db.Unscoped().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		_, err = db.Unscoped().ExecContext(short, "SELECT 1")
		cancel()
		wantUnavailable(t, "no free connection", err)
		if !errors.Is(store.MapError(err), context.DeadlineExceeded) {
			t.Fatalf("the mapped error lost its cause: %v", store.MapError(err))
		}
		_ = conn.Close()

		// A syntax error is still ours, not an outage.
		_, err = db.Unscoped().ExecContext(ctx, "SELEC 1")
		if got := bondgenoten.ErrorCode(store.MapError(err)); got != bondgenoten.EINTERNAL {
			t.Fatalf("syntax error: code %q; want internal", got)
		}

		_ = db.Close()
		_, err = db.Unscoped().ExecContext(ctx, "SELECT 1")
		wantUnavailable(t, "closed pool", err)
	})

	t.Run("sqlite busy", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "busy.db")
		db, err := store.Open(ctx, "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Unscoped().ExecContext(ctx, "CREATE TABLE x (n INTEGER)"); err != nil {
			t.Fatal(err)
		}
		// Another process holds the write lock ...
		holder, err := db.Unscoped().BeginTx(ctx, nil) // _txlock=immediate: takes the write lock
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Rollback()
		if _, err := holder.ExecContext(ctx, "INSERT INTO x VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		// ... past the busy timeout of this one (short, to keep the test fast).
		other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(50)")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		_, err = other.ExecContext(ctx, "INSERT INTO x VALUES (2)")
		if err == nil || !strings.Contains(err.Error(), "locked") && !strings.Contains(err.Error(), "busy") {
			t.Fatalf("write beside a held lock: %v; want database is locked", err)
		}
		wantUnavailable(t, "database is locked", err)
	})
}
