package bondgenoten

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
)

// slugPattern: lowercase letters and digits in groups joined by single hyphens.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Report fields by their JSON names, the names API clients know.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _ := jsonName(f)
		if name == "-" {
			return ""
		}
		return name
	})
	if err := v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugPattern.MatchString(fl.Field().String())
	}); err != nil {
		panic(err)
	}
	// date_range=<meaning>: a Date or time.Time within the span of its
	// meaning as of the day being validated (see SpanOf). Zero is "not
	// given", left to required.
	if err := v.RegisterValidationCtx(string(RuleDateRange), func(ctx context.Context, fl validator.FieldLevel) bool {
		span := SpanOf(Meaning(fl.Param()), validationDay(ctx))
		switch x := fl.Field().Interface().(type) {
		case time.Time:
			return x.IsZero() || span.ContainsTime(x)
		case Date:
			return x.IsZero() || span.Contains(x)
		}
		panic("bondgenoten: date_range on a field that is no Date or time.Time")
	}); err != nil {
		panic(err)
	}
	return v
}

// jsonName is the name a struct field has in JSON, and whether that is its
// Go name (no name in the json tag).
func jsonName(f reflect.StructField) (name string, goName bool) {
	name, _, _ = strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name, true
	}
	return name, false
}

type dayKey struct{}

// validationDay is the day spans are computed from: the one given to
// ValidateOn, today otherwise.
func validationDay(ctx context.Context) Date {
	if d, ok := ctx.Value(dayKey{}).(Date); ok {
		return d
	}
	return Today()
}

// Validate checks v's `validate` struct tags, and every date and instant in
// it against AnySpan, and returns an EINVALID *Error with one violation per
// failing field, or nil. Spans that depend on the day (date_range) are
// taken as of today on the system clock; services and handlers call
// ValidateOn with the day of their injected Clock instead.
func Validate(v any) error { return ValidateOn(v, Today()) }

// ValidateOn is Validate with the spans of date_range taken as of the day
// today, for services that keep their own clock.
func ValidateOn(v any, today Date) error {
	out := &Error{Code: EINVALID, Message: "invalid input", Fields: map[string]FieldViolation{}}
	err := validate.StructCtx(context.WithValue(context.Background(), dayKey{}, today), v)
	var verrs validator.ValidationErrors
	if err != nil && !errors.As(err, &verrs) {
		return err
	}
	for _, fe := range verrs {
		fv := FieldViolation{Rule: Rule(fe.Tag()), Param: fe.Param()}
		if fv.Rule == RuleDateRange {
			fv = SpanOf(Meaning(fe.Param()), today).Violation()
		}
		out.Fields[fieldPath(fe)] = fv
	}
	// No input anywhere holds a day outside AnySpan, tagged or not: such a
	// value might not even be written back as JSON.
	walkDates(reflect.ValueOf(v), "", func(path string) {
		if path == "" {
			path = "value" // v itself, or a field known by its Go name only
		}
		if _, taken := out.Fields[path]; !taken {
			out.Fields[path] = AnySpan.Violation()
		}
	})
	// Nor text a database refuses (NUL) or cannot hold as it is (bytes that
	// are not UTF-8): routes that bypass the JSON decoding step, such as the
	// spreadsheet import, meet the same rule here.
	walkLeaves(reflect.ValueOf(v), "", func(path string, leaf reflect.Value) {
		if leaf.Kind() != reflect.String {
			return
		}
		var rule Rule
		switch text := leaf.String(); {
		case strings.ContainsRune(text, 0):
			rule = RuleNUL
		case !utf8.ValidString(text):
			rule = RuleUTF8
		default:
			return
		}
		if path == "" {
			path = "value"
		}
		if _, taken := out.Fields[path]; !taken {
			out.Fields[path] = FieldViolation{Rule: rule}
		}
	})
	if len(out.Fields) == 0 {
		return nil
	}
	return out
}

// Rules for text that cannot be stored as given.
const (
	RuleNUL  Rule = "nul"  // holds U+0000
	RuleUTF8 Rule = "utf8" // bytes that are not UTF-8
)

// fieldPath turns the validator's namespace into the JSON path a client
// knows: it drops the top-level struct name and embedded structs, both Go
// names in capitals ("CreateInput.Input.level" → "level"); JSON names here
// are camelCase.
func fieldPath(fe validator.FieldError) string {
	parts := strings.Split(fe.Namespace(), ".")
	var out []string
	for i, p := range parts {
		if i == 0 || (p != "" && p[0] >= 'A' && p[0] <= 'Z') {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return fe.Field()
	}
	return strings.Join(out, ".")
}
