// Package store opens the database (SQLite embedded, PostgreSQL in
// production) under bun, runs migrations for both dialects and River's, and
// offers the one transaction helper whose *sql.Tx serves bun and River alike.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: bun on top, the shared *sql.DB underneath.
type DB struct {
	*bun.DB
	Engine Dialect // which database; bun.DB.Dialect() is bun's own dialect object
	// sqlitePath is the database file, for the migration file lock; empty on PostgreSQL.
	sqlitePath string
}

// Open connects to url — "sqlite:PATH" or "postgres://…" — and checks the
// connection. It does not migrate.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//"))
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	default:
		return nil, fmt.Errorf("database URL must start with sqlite: or postgres:// (got %q)", Redact(rawURL))
	}
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("database URL sqlite: needs a file path, e.g. sqlite:data/bondgenoten.db")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	// WAL lets readers run beside the writer; the busy timeout waits out a
	// writer in another process; foreign keys are off by default in SQLite.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_txlock=immediate"
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// One connection: SQLite has one writer, and River's SQLite driver expects it.
	sqldb.SetMaxOpenConns(1)
	sqldb.SetConnMaxLifetime(0)
	db := &DB{DB: bun.NewDB(sqldb, sqlitedialect.New()), Engine: SQLite, sqlitePath: path}
	if err := db.ping(ctx); err != nil {
		_ = sqldb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	sqldb, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", Redact(rawURL), err)
	}
	sqldb.SetMaxOpenConns(20)
	sqldb.SetMaxIdleConns(10)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{DB: bun.NewDB(sqldb, pgdialect.New()), Engine: Postgres}
	if err := db.ping(ctx); err != nil {
		_ = sqldb.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", Redact(rawURL), err)
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// RiverDriver returns River's driver for this database, on the same *sql.DB,
// so jobs can be inserted in our transactions.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Engine == SQLite {
		return riversqlite.New(db.DB.DB)
	}
	return riverdatabasesql.New(db.DB.DB)
}

// Redact hides the password in a database URL so it can be logged.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// discardLogger silences River's migrator; we report what it applied ourselves.
var discardLogger = slog.New(slog.DiscardHandler)
