package store

import (
	"database/sql"
	"errors"

	"github.com/bondgenoten/bondgenoten"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// SQLite extended result codes (sqlite3.h) and PostgreSQL SQLSTATEs.
const (
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067

	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// MapError turns driver errors into the domain vocabulary: unique violations
// become ECONFLICT, foreign-key violations EINVALID, sql.ErrNoRows ENOTFOUND.
// Other errors pass through unchanged.
func MapError(err error) error {
	if err == nil {
		return nil
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
	return err
}
