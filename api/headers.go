package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// hsts is sent when browsers reach us over https: a year, subdomains too.
const hsts = "max-age=31536000; includeSubDomains"

// cacheableAPIPaths are the API routes whose answer is the same for
// everyone and carries nothing personal or secret: only the API document.
// Everything else under /api/ and /auth/ — personal data, the secret-bearing
// calendar feed, sign-in redirects, errors — must not be stored by a
// browser or a shared cache.
var cacheableAPIPaths = map[string]bool{
	"/api/v1/openapi.json": true,
}

// securityHeaders sets, on every response however it is written (handler,
// error handler, 404/405 fallback, recovered panic):
//   - Cache-Control: no-store under /api/ and /auth/, except successful
//     answers of the cacheable routes (a handler's own stricter value that
//     already says no-store, e.g. "private, no-store", is kept);
//   - Strict-Transport-Security when the public URL is https.
//
// It works through the response's Before hook, so no later Set by a
// handler can undo it.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	secure := s.cfg.PublicURL != nil && s.cfg.PublicURL.Scheme == "https"
	return func(c echo.Context) error {
		res := c.Response()
		res.Before(func() {
			h := res.Header()
			if secure {
				h.Set(echo.HeaderStrictTransportSecurity, hsts)
			}
			if !noStorePath(c.Request().URL.Path) {
				return
			}
			if cacheableAPIPaths[c.Path()] && res.Status < http.StatusBadRequest {
				return
			}
			if !strings.Contains(h.Get(echo.HeaderCacheControl), "no-store") {
				h.Set(echo.HeaderCacheControl, "no-store")
			}
		})
		return next(c)
	}
}

func noStorePath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/api" || strings.HasPrefix(p, "/auth/") || p == "/auth"
}
