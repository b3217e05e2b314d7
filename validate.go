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

// fieldPath drops the top-level struct name: "TenantCreate.slug" → "slug".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return fe.Field()
}
