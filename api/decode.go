package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
)

// decodeJSON reads the request body into dst, a pointer to a struct, strictly:
// the body must be application/json and one JSON object; unknown fields,
// wrong types and malformed values are reported per field, all at once.
//
// It is also where every route's text and days are made safe to store:
// the body must be UTF-8, no string may hold NUL (PostgreSQL refuses it)
// or a lone surrogate escape (encoding/json would turn it, like invalid
// UTF-8, silently into U+FFFD), and every date and instant must lie in
// bondgenoten.AnySpan, so that nothing is written that cannot be read back
// or written out as JSON.
//
// encoding/json stops at the first error and does not name the field when a
// custom unmarshaler (dates, UUIDs) fails, so each member is decoded on its own.
func (s *Server) decodeJSON(c echo.Context, dst any) error {
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if ct != echo.MIMEApplicationJSON {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError // the body limit middleware's 413
		if errors.As(err, &he) {
			return he
		}
		return err
	}
	if !utf8.Valid(body) {
		return bondgenoten.Invalid("body", ruleUTF8, "")
	}
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&members); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return bondgenoten.Invalid("body", bondgenoten.RuleObject, "")
		}
		return bondgenoten.Invalid("body", bondgenoten.RuleJSON, "")
	}
	if members == nil {
		return bondgenoten.Invalid("body", bondgenoten.RuleObject, "")
	}
	if dec.More() {
		return bondgenoten.Invalid("body", bondgenoten.RuleJSON, "")
	}

	fields := jsonFields(reflect.TypeOf(dst).Elem())
	target := reflect.ValueOf(dst).Elem()
	out := &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid input", Fields: map[string]bondgenoten.FieldViolation{}}
	for name, raw := range members {
		if rule := textRule(raw); rule != "" {
			out.Fields[name] = bondgenoten.FieldViolation{Rule: rule}
			continue
		}
		idx, ok := fields[name]
		if !ok {
			out.Fields[name] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleUnknown}
			continue
		}
		f := target.FieldByIndex(idx)
		var rangeErr *bondgenoten.RangeError
		switch err := json.Unmarshal(raw, f.Addr().Interface()); {
		case errors.As(err, &rangeErr):
			out.Fields[name] = rangeErr.Span.Violation()
		case err != nil:
			out.Fields[name] = violationOf(f.Type())
		case !bondgenoten.InAnySpan(f.Interface()):
			out.Fields[name] = bondgenoten.AnySpan.Violation()
		}
	}
	if len(out.Fields) == 0 {
		return nil
	}
	// Report the rule breaks of the members that did decode too, so a client
	// sees every problem of its request at once.
	if verr := bondgenoten.ErrorFields(s.validate(dst)); verr != nil {
		for name, v := range verr {
			if _, taken := out.Fields[name]; !taken {
				out.Fields[name] = v
			}
		}
	}
	return out
}

// Rules of text no route stores.
const (
	ruleNUL  = bondgenoten.RuleNUL  // U+0000
	ruleUTF8 = bondgenoten.RuleUTF8 // bytes that are not UTF-8, or a lone surrogate escape

	ruleDateTime = bondgenoten.RuleDateTime // not an RFC 3339 instant
)

// textRule names what is wrong with the strings (values and member names)
// in raw, a well-formed JSON value: "nul" for U+0000, "utf8" for an escape
// of half a surrogate pair; "" when nothing is.
func textRule(raw []byte) bondgenoten.Rule {
	inString := false
	for i := 0; i < len(raw); i++ {
		b := raw[i]
		switch {
		case b == 0:
			return ruleNUL
		case b == '"':
			inString = !inString
		case b == '\\' && inString:
			i++
			if i >= len(raw) || raw[i] != 'u' {
				continue // a one-letter escape: \" \\ \n …
			}
			r, ok := hex4(raw, i+1)
			i += 4
			switch {
			case !ok:
				return ruleUTF8 // cannot happen in well-formed JSON
			case r == 0:
				return ruleNUL
			case r >= 0xDC00 && r <= 0xDFFF:
				return ruleUTF8 // a second half without a first
			case r >= 0xD800 && r <= 0xDBFF:
				// A first half must be followed by an escaped second half.
				if i+6 >= len(raw) || raw[i+1] != '\\' || raw[i+2] != 'u' {
					return ruleUTF8
				}
				low, ok := hex4(raw, i+3)
				if !ok || low < 0xDC00 || low > 0xDFFF {
					return ruleUTF8
				}
				i += 6
			}
		}
	}
	return ""
}

// hex4 reads the four hex digits at raw[i:].
func hex4(raw []byte, i int) (rune, bool) {
	if i+4 > len(raw) {
		return 0, false
	}
	var r rune
	for _, c := range raw[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// jsonFields maps JSON member names to struct field index paths; the
// fields of embedded structs count as the outer struct's, as in encoding/json.
func jsonFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for inner, idx := range jsonFields(f.Type) {
				out[inner] = append([]int{i}, idx...)
			}
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = []int{i}
	}
	return out
}

// valueRules names the rule broken when a value of these types fails to
// decode; other types report a wrong JSON type.
var valueRules = map[reflect.Type]bondgenoten.Rule{
	reflect.TypeFor[bondgenoten.Date]():                    bondgenoten.RuleDate,
	reflect.TypeFor[bondgenoten.Patch[bondgenoten.Date]](): bondgenoten.RuleDate,
	reflect.TypeFor[uuid.UUID]():                           bondgenoten.RuleUUID,
	reflect.TypeFor[time.Time]():                           ruleDateTime,
}

// violationOf names what went wrong decoding one member into type t.
func violationOf(t reflect.Type) bondgenoten.FieldViolation {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if rule, ok := valueRules[t]; ok {
		return bondgenoten.FieldViolation{Rule: rule}
	}
	return bondgenoten.FieldViolation{Rule: bondgenoten.RuleType, Param: jsonTypeName(t)}
}

func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}
