package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/uptrace/bun"
)

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise. tx.Tx is the *sql.Tx to hand to River's InsertTx, so a
// change and the jobs it causes commit or vanish together.
//
// On SQLite there is one connection: inside fn use only tx, never db.
//
// Inside a request scoped to a network (ScopeToNetwork) the transaction runs
// on the request's pinned connection, under its row-level security.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return db.For(ctx).RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return MapError(fn(ctx, tx))
	})
}

// JobInserter inserts River jobs inside a caller's transaction. The River
// client (*river.Client[*sql.Tx]) satisfies it; domain packages depend on
// this interface, not on the jobs package.
type JobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// BumpPolicyVersion marks the authorization policy as changed, in the
// caller's transaction: every replica's enforcer polls the version and
// reloads. Changes of roles, user status and oversight call it (package
// authz wraps it as authz.BumpVersion; package tenant calls it directly,
// since authz depends on tenant).
func BumpPolicyVersion(ctx context.Context, db bun.IDB) error {
	res, err := db.NewUpdate().Table("policy_version").Set("version = version + 1").Where("id = 1").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bump policy version: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return errors.New("bump policy version: policy_version has no row 1")
	}
	return nil
}
