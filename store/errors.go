package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/bondgenoten/bondgenoten"
)

// SQLite extended result codes (sqlite3.h) and PostgreSQL SQLSTATEs.
const (
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
	sqliteBusy                 = 5 // primary code; extended codes keep it in the low byte
	sqliteLocked               = 6

	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgTooManyConnections  = "53300"
	pgAdminShutdown       = "57P01"
	pgCrashShutdown       = "57P02"
	pgCannotConnectNow    = "57P03" // starting up, shutting down, in recovery
	pgConnectionClass     = "08"    // connection exception
)

// MapError turns driver errors into the domain vocabulary: unique violations
// become ECONFLICT, foreign-key violations EINVALID, sql.ErrNoRows ENOTFOUND,
// and a database that cannot be reached (see Unavailable) EUNAVAILABLE.
// Other errors pass through unchanged.
func MapError(err error) error {
	if err == nil {
		return nil
	}
	var domain *bondgenoten.Error
	if errors.As(err, &domain) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &bondgenoten.Error{Code: bondgenoten.ENOTFOUND, Message: "not found"}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case pgUniqueViolation:
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already exists: " + pgErr.ConstraintName}
		case pgForeignKeyViolation:
			return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "refers to a missing object: " + pgErr.ConstraintName}
		}
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already exists"}
		case sqliteConstraintForeignKey:
			return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "refers to a missing object"}
		}
	}
	if Unavailable(err) {
		return &unavailableError{
			domain: &bondgenoten.Error{Code: bondgenoten.EUNAVAILABLE, Message: "database unavailable: " + err.Error()},
			cause:  err,
		}
	}
	return err
}

// unavailableError is EUNAVAILABLE that keeps its cause, so errors.Is still
// finds e.g. context.DeadlineExceeded behind it.
type unavailableError struct {
	domain *bondgenoten.Error
	cause  error
}

func (e *unavailableError) Error() string   { return e.domain.Error() }
func (e *unavailableError) Unwrap() []error { return []error{e.domain, e.cause} }

// Unavailable reports whether err means the database cannot serve right
// now — it cannot be reached, refused or dropped the connection, is
// starting or shutting down, has no connection slot left, or (SQLite) stayed
// locked past the busy timeout — rather than that the statement was wrong.
// Such a failure is worth a retry later; the API answers it with 503.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case pgTooManyConnections, pgAdminShutdown, pgCrashShutdown, pgCannotConnectNow:
			return true
		}
		return strings.HasPrefix(pgErr.Code, pgConnectionClass)
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		code := liteErr.Code() & 0xff
		return code == sqliteBusy || code == sqliteLocked
	}
	var connectErr *pgconn.ConnectError
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &connectErr), errors.As(err, &opErr), errors.As(err, &dnsErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, pgconn.ErrConnClosed):
		return true
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		// Waiting for a pool connection, or for a server that does not answer.
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		// The server went away mid-conversation: pgx hands these on bare.
		// (Request bodies are read, and their errors answered, before a
		// handler reaches the database.)
		return true
	}
	// database/sql keeps this one unexported: the pool was closed (shutdown).
	return strings.Contains(err.Error(), "sql: database is closed")
}
