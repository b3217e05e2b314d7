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

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver
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
//
// It does not expose bun's query builders. A service builds its queries on
// For(ctx) — the connection a request scoped to a network pinned, or the
// pool — or on the tx of an InTx callback. The pool itself, which bypasses
// the network scope, is reached only through Unscoped.
type DB struct {
	bun    *bun.DB
	Engine Dialect // which database; bun.DB.Dialect() is bun's own dialect object
	// sqlitePath is the database file, for the migration file lock; empty on PostgreSQL.
	sqlitePath string
}

// Options tune the connection pool. The zero value gives the defaults.
type Options struct {
	// MaxConns caps PostgreSQL connections (DefaultMaxConns when 0). SQLite
	// always has one: it has one writer, and River's SQLite driver expects it.
	MaxConns int
	// ConnectTimeout bounds one attempt to connect to PostgreSQL, so an
	// unreachable server fails requests fast instead of after the operating
	// system's TCP timeout (DefaultConnectTimeout when 0). A connect_timeout
	// in the URL takes precedence.
	ConnectTimeout time.Duration
}

// Pool defaults.
const (
	DefaultMaxConns       = 20
	DefaultConnectTimeout = 5 * time.Second
)

// Open connects to url — "sqlite:PATH" or "postgres://…" — with the default
// pool options and checks the connection. It does not migrate.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	return OpenWith(ctx, rawURL, Options{})
}

// OpenWith is Open with pool options.
func OpenWith(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	if err := ValidateURL(rawURL); err != nil {
		return nil, err
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = DefaultMaxConns
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if path, ok := sqlitePath(rawURL); ok {
		return openSQLite(ctx, path)
	}
	return openPostgres(ctx, rawURL, opts)
}

// ValidateURL checks a database URL without connecting or creating
// anything, so a command can refuse a malformed one up front.
func ValidateURL(rawURL string) error {
	if path, ok := sqlitePath(rawURL); ok {
		if path == "" {
			return errors.New("database URL sqlite: needs a file path, e.g. sqlite:data/bondgenoten.db")
		}
		return nil
	}
	if !strings.HasPrefix(rawURL, "postgres://") && !strings.HasPrefix(rawURL, "postgresql://") {
		return fmt.Errorf("database URL must start with sqlite: or postgres:// (got %q)", Redact(rawURL))
	}
	if _, err := pgx.ParseConfig(rawURL); err != nil {
		// pgx's message may quote the URL, password included: give our own.
		return fmt.Errorf("database URL %s is not a valid PostgreSQL URL", Redact(rawURL))
	}
	return nil
}

func sqlitePath(rawURL string) (string, bool) {
	if !strings.HasPrefix(rawURL, "sqlite:") {
		return "", false
	}
	return strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//"), true
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
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
	db := &DB{bun: bun.NewDB(sqldb, sqlitedialect.New()), Engine: SQLite, sqlitePath: path}
	if err := db.ping(ctx); err != nil {
		_ = sqldb.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("database URL %s is not a valid PostgreSQL URL", Redact(rawURL))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = opts.ConnectTimeout
	}
	sqldb := stdlib.OpenDB(*cfg)
	sqldb.SetMaxOpenConns(opts.MaxConns)
	sqldb.SetMaxIdleConns((opts.MaxConns + 1) / 2)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{bun: bun.NewDB(sqldb, pgdialect.New()), Engine: Postgres}
	if err := db.ping(ctx); err != nil {
		_ = sqldb.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", Redact(rawURL), err)
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return db.Ping(ctx)
}

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	return db.bun.PingContext(ctx)
}

// Close closes the pool. Connections a request scope pinned are closed by
// their release function.
func (db *DB) Close() error {
	return db.bun.Close()
}

// Unscoped returns the pool itself: queries on it skip the connection a
// request scope pinned, so on PostgreSQL they do not run under that
// request's row-level security, and on SQLite, inside a transaction, they
// wait forever for the one connection the transaction holds.
//
// Allowed only where no request scope can exist or matter: the jobs
// package and River, the demo seed, migrations and the store itself,
// wiring in cmd, tests, and the short list of domain uses an
// architecture test (store/unscoped_test.go) names with a reason. Services
// use For(ctx) or the tx of InTx instead.
func (db *DB) Unscoped() *bun.DB {
	return db.bun
}

// RiverDriver returns River's driver for this database, on the same *sql.DB,
// so jobs can be inserted in our transactions.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Engine == SQLite {
		return riversqlite.New(db.bun.DB)
	}
	return riverdatabasesql.New(db.bun.DB)
}

// Redact hides the password in a database URL so it can be logged.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return redactUnparsed(rawURL)
	}
	if u.User == nil {
		return rawURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// redactUnparsed hides the password of a URL url.Parse refused (a bad
// port, say): whatever stands between "user:" and the "@" of the authority.
func redactUnparsed(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	authority, path := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return rawURL
	}
	user, _, hasPassword := strings.Cut(authority[:at], ":")
	if !hasPassword {
		return rawURL
	}
	return scheme + "://" + user + ":xxxxx" + authority[at:] + path
}

// discardLogger silences River's migrator; we report what it applied ourselves.
var discardLogger = slog.New(slog.DiscardHandler)
