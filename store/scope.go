package store

import (
	"context"
	"database/sql/driver"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// The second wall (docs/design.md §5): on PostgreSQL, row-level security limits the
// network content tables to the network a request was authorized for. The
// request's queries run on one pinned connection that carries the network
// in the setting bondgenoten.network; the policies (migration
// 20261129190000) compare every row against it. Without the setting —
// jobs, the demo seed, routes that are not about one network — the
// policies let everything through, and the application's own scoping is
// the only wall, as on SQLite, which has no row-level security.

type connKey struct{}

// For returns what a query in ctx should run on: the connection a request
// scope pinned, or the pool.
func (db *DB) For(ctx context.Context) bun.IDB {
	if conn, ok := ctx.Value(connKey{}).(bun.Conn); ok {
		return conn
	}
	return db.bun
}

// ScopeToNetwork pins a connection for the rest of a request and sets the
// network on it. release must be called when the request is done: it clears
// the setting and hands the connection back — or, if clearing fails,
// discards it, so no connection returns to the pool with a scope left on.
// On SQLite it changes nothing (one connection, no row-level security).
func (db *DB) ScopeToNetwork(ctx context.Context, networkID uuid.UUID) (context.Context, func(), error) {
	if db.Engine != Postgres {
		return ctx, func() {}, nil
	}
	conn, err := db.bun.Conn(ctx)
	if err != nil {
		return ctx, func() {}, MapError(err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT set_config('bondgenoten.network', ?, false)", networkID.String()); err != nil {
		_ = conn.Close()
		return ctx, func() {}, MapError(err)
	}
	release := func() {
		if _, err := conn.ExecContext(context.Background(), "SELECT set_config('bondgenoten.network', '', false)"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}
	return context.WithValue(ctx, connKey{}, conn), release, nil
}
