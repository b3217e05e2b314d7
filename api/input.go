package api

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
)

// checkRequestText refuses a request whose path or query holds NUL or text
// that is not UTF-8, before any handler: list filters, cursors, slugs and
// tokens reach the database as text, and PostgreSQL answers NUL with an
// error. The field named is the path or query parameter; "path" or "query"
// when no single parameter holds it.
func checkRequestText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := requestTextError(c); err != nil {
			return err
		}
		return next(c)
	}
}

// requestTextError is the check of checkRequestText.
func requestTextError(c echo.Context) error {
	fields := map[string]bondgenoten.FieldViolation{}
	if rule := textProblem(c.Request().URL.Path); rule != "" {
		name := "path"
		for i, p := range c.ParamNames() {
			if i >= len(c.ParamValues()) {
				break
			}
			v := c.ParamValues()[i]
			if unescaped, err := url.PathUnescape(v); err == nil {
				v = unescaped
			}
			if textProblem(v) != "" {
				name = p
				break
			}
		}
		fields[name] = bondgenoten.FieldViolation{Rule: rule}
	}
	for name, values := range c.QueryParams() {
		if rule := textProblem(name); rule != "" {
			fields["query"] = bondgenoten.FieldViolation{Rule: rule}
			continue
		}
		for _, v := range values {
			if rule := textProblem(v); rule != "" {
				fields[name] = bondgenoten.FieldViolation{Rule: rule}
				break
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid text in path or query", Fields: fields}
}

// textProblem names the rule s breaks as text: "nul" or "utf8", or "".
func textProblem(s string) bondgenoten.Rule {
	switch {
	case !utf8.ValidString(s):
		return ruleUTF8
	case strings.IndexByte(s, 0) >= 0:
		return ruleNUL
	}
	return ""
}
