package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/riverqueue/river/rivermigrate"
	"github.com/uptrace/bun/migrate"
)

// Each dialect has its own folder; both hold the same migration IDs, which a
// test checks.
//
//go:embed migrations
var MigrationFiles embed.FS

func (db *DB) migrator() (*migrate.Migrator, error) {
	sub, err := fs.Sub(MigrationFiles, "migrations/"+string(db.Engine))
	if err != nil {
		return nil, err
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	// Mark applied only after the migration's own transaction committed, so a
	// crash mid-migration leaves it pending, not half-done and marked.
	return migrate.NewMigrator(db.bun, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

// Migrate applies River's and then our pending migrations. Concurrent callers
// (replicas starting together) wait for each other: PostgreSQL through an
// advisory lock, SQLite through a lock on a file beside the database.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	unlock, err := db.lockMigrations(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if uerr := unlock(); uerr != nil && err == nil {
			err = uerr
		}
	}()

	rm, err := db.riverMigrator()
	if err != nil {
		return nil, err
	}
	res, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, fmt.Errorf("river migrations: %w", err)
	}
	for _, v := range res.Versions {
		applied = append(applied, fmt.Sprintf("river %03d %s", v.Version, v.Name))
	}

	m, err := db.migrator()
	if err != nil {
		return applied, err
	}
	if err := m.Init(ctx); err != nil {
		return applied, fmt.Errorf("init migrations table: %w", err)
	}
	group, err := m.Migrate(ctx)
	if err != nil {
		return applied, fmt.Errorf("migrations: %w", err)
	}
	for _, mig := range group.Migrations {
		applied = append(applied, "bondgenoten "+mig.Name+" "+mig.Comment)
	}
	return applied, nil
}

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Component string // "river" or "bondgenoten"
	Name      string
	Applied   bool
}

// MigrationStatus lists River's and our migrations with their state.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationStatus, error) {
	var out []MigrationStatus
	rm, err := db.riverMigrator()
	if err != nil {
		return nil, err
	}
	existing := map[int]bool{}
	if versions, err := rm.ExistingVersions(ctx); err == nil {
		for _, v := range versions {
			existing[v.Version] = true
		}
	} // else: River's table does not exist yet; everything is pending
	for _, v := range rm.AllVersions() {
		out = append(out, MigrationStatus{"river", fmt.Sprintf("%03d %s", v.Version, v.Name), existing[v.Version]})
	}

	m, err := db.migrator()
	if err != nil {
		return nil, err
	}
	if err := m.Init(ctx); err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	for _, mig := range ms {
		out = append(out, MigrationStatus{"bondgenoten", mig.Name + " " + mig.Comment, mig.IsApplied()})
	}
	return out, nil
}

// Current reports whether every migration, River's and ours, is applied.
// It only reads, so /readyz can call it.
func (db *DB) Current(ctx context.Context) (bool, error) {
	rm, err := db.riverMigrator()
	if err != nil {
		return false, err
	}
	res, err := rm.Validate(ctx, nil)
	if err != nil {
		return false, err
	}
	if !res.OK {
		return false, nil
	}
	m, err := db.migrator()
	if err != nil {
		return false, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return false, err
	}
	return len(ms.Unapplied()) == 0, nil
}

func (db *DB) lockMigrations(ctx context.Context) (unlock func() error, err error) {
	if db.Engine == Postgres {
		return db.lockPostgres(ctx)
	}
	return lockFile(ctx, db.sqlitePath+".migrate.lock")
}

// migrationLockKey is an arbitrary constant shared by all replicas.
const migrationLockKey = 7_204_181_920_341

func (db *DB) lockPostgres(ctx context.Context) (func() error, error) {
	conn, err := db.bun.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// The lock belongs to this session; if the process dies, PostgreSQL frees it.
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrationLockKey); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("take migration lock: %w", err)
	}
	return func() error {
		_, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(?)", migrationLockKey)
		return errors.Join(err, conn.Close())
	}, nil
}

// lockFile takes an exclusive flock; the kernel frees it if the process dies.
func lockFile(ctx context.Context, path string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open migration lock: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if err != syscall.EWOULDBLOCK {
			_ = f.Close()
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("waiting for migration lock: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return func() error {
		return errors.Join(syscall.Flock(int(f.Fd()), syscall.LOCK_UN), f.Close())
	}, nil
}

func (db *DB) riverMigrator() (*rivermigrate.Migrator[*sql.Tx], error) {
	return rivermigrate.New(db.RiverDriver(), &rivermigrate.Config{Logger: discardLogger})
}
