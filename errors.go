package bondgenoten

import (
	"errors"
	"fmt"
)

// Error codes are stable: clients and the API document rely on them.
const (
	EINVALID      = "invalid"      // input breaks a rule; see Fields
	ENOTFOUND     = "not_found"    // no such object, or the caller may not know it exists
	ECONFLICT     = "conflict"     // the change collides with existing data (e.g. a taken slug)
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // authenticated, but not allowed
	EUNAVAILABLE  = "unavailable"  // a dependency (database) is down
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// FieldViolation names the rule a single input field broke, with its
// parameter (e.g. rule "max", param "200"). The API turns it into a message
// in the request's language.
type FieldViolation struct {
	Rule  Rule
	Param string
}

// Error is the one error type that crosses package boundaries with meaning.
// Message is for developers and logs (English, no personal data); users see
// a translated title chosen by Code.
type Error struct {
	Code    string
	Message string
	Fields  map[string]FieldViolation
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s (%d field errors)", e.Code, e.Message, len(e.Fields))
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error for a single field.
func Invalid(field string, rule Rule, param string) *Error {
	return &Error{
		Code:    EINVALID,
		Message: "invalid input",
		Fields:  map[string]FieldViolation{field: {Rule: rule, Param: param}},
	}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorFields returns the field violations carried by err, if any.
func ErrorFields(err error) map[string]FieldViolation {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
