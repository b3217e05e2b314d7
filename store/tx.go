package store

import (
	"context"
	"database/sql"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/uptrace/bun"
)

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise. tx.Tx is the *sql.Tx to hand to River's InsertTx, so a
// change and the jobs it causes commit or vanish together.
//
// On SQLite there is one connection: inside fn use only tx, never db.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return MapError(fn(ctx, tx))
	})
}

// JobInserter inserts River jobs inside a caller's transaction. The River
// client (*river.Client[*sql.Tx]) satisfies it; domain packages depend on
// this interface, not on the jobs package.
type JobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}
