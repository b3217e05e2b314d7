package api

import (
	"fmt"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// headerAPIVersion carries the full version of the API on every API
// response (NL API Design Rules API-57); the major version is in the URL
// (/api/v1, API-20).
const headerAPIVersion = "API-Version"

// apiVersion is info.version of the embedded OpenAPI document (semantic
// versioning, API-56), read from it once.
var apiVersion = sync.OnceValues(func() (string, error) {
	doc, err := LoadOpenAPI()
	if err != nil {
		return "", err
	}
	if doc.Info == nil || doc.Info.Version == "" {
		return "", fmt.Errorf("openapi: info.version is empty")
	}
	return doc.Info.Version, nil
})

// apiVersionHeader sets API-Version on every response under /api/, however
// it is written: handler, error handler, 404/405 fallback, recovered panic.
// The document is embedded and tested, so a document that cannot be read
// is a build error: New panics.
func apiVersionHeader() echo.MiddlewareFunc {
	version, err := apiVersion()
	if err != nil {
		panic(err)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if strings.HasPrefix(c.Request().URL.Path, "/api/") {
				c.Response().Header().Set(headerAPIVersion, version)
			}
			return next(c)
		}
	}
}
