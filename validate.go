package bondgenoten

import (
	"errors"
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/validator/v10"
)

// slugPattern: lowercase letters and digits in groups joined by single hyphens.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Report fields by their JSON names, the names API clients know.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	if err := v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return slugPattern.MatchString(fl.Field().String())
	}); err != nil {
		panic(err)
	}
	return v
}

// Validate checks v's `validate` struct tags and returns an EINVALID *Error
// with one violation per failing field, or nil.
func Validate(v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	out := &Error{Code: EINVALID, Message: "invalid input", Fields: map[string]FieldViolation{}}
	for _, fe := range verrs {
		out.Fields[fieldPath(fe)] = FieldViolation{Rule: fe.Tag(), Param: fe.Param()}
	}
	return out
}

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
