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

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
)

// decodeJSON reads the request body into dst, a pointer to a struct, strictly:
// the body must be application/json and one JSON object; unknown fields,
// wrong types and malformed values are reported per field, all at once.
//
// encoding/json stops at the first error and does not name the field when a
// custom unmarshaler (dates, UUIDs) fails, so each member is decoded on its own.
func decodeJSON(c echo.Context, dst any) error {
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
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&members); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return bondgenoten.Invalid("body", "object", "")
		}
		return bondgenoten.Invalid("body", "json", "")
	}
	if members == nil {
		return bondgenoten.Invalid("body", "object", "")
	}
	if dec.More() {
		return bondgenoten.Invalid("body", "json", "")
	}

	fields := jsonFields(reflect.TypeOf(dst).Elem())
	target := reflect.ValueOf(dst).Elem()
	out := &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid input", Fields: map[string]bondgenoten.FieldViolation{}}
	for name, raw := range members {
		idx, ok := fields[name]
		if !ok {
			out.Fields[name] = bondgenoten.FieldViolation{Rule: "unknown"}
			continue
		}
		f := target.FieldByIndex(idx)
		if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
			out.Fields[name] = violationOf(f.Type())
		}
	}
	if len(out.Fields) == 0 {
		return nil
	}
	// Report the rule breaks of the members that did decode too, so a client
	// sees every problem of its request at once.
	if verr := bondgenoten.ErrorFields(bondgenoten.Validate(dst)); verr != nil {
		for name, v := range verr {
			if _, taken := out.Fields[name]; !taken {
				out.Fields[name] = v
			}
		}
	}
	return out
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
var valueRules = map[reflect.Type]string{
	reflect.TypeFor[bondgenoten.Date]():                    "date",
	reflect.TypeFor[bondgenoten.Patch[bondgenoten.Date]](): "date",
	reflect.TypeFor[uuid.UUID]():                           "uuid",
}

// violationOf names what went wrong decoding one member into type t.
func violationOf(t reflect.Type) bondgenoten.FieldViolation {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if rule, ok := valueRules[t]; ok {
		return bondgenoten.FieldViolation{Rule: rule}
	}
	return bondgenoten.FieldViolation{Rule: "type", Param: jsonTypeName(t)}
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
