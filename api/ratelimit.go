package api

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// clientIP sets how Echo finds the client's address: directly from the
// connection, or — behind the trusted proxies only — from X-Forwarded-For,
// so a client cannot pick its own address by sending the header.
func clientIP(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// publicLimit limits the routes anyone may call without signing in (the
// sign-in start and callback, the organisation lookup, the directory,
// calendar feeds) per client address: perMinute on average, with bursts of
// a quarter of that (at least 10). Counters live in this replica's memory;
// each replica limits on its own, which is enough to blunt enumeration and
// floods. perMinute 0 turns the limit off.
func publicLimit(perMinute int) echo.MiddlewareFunc {
	if perMinute <= 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	per := rate.Limit(float64(perMinute) / 60)
	retryAfter := strconv.Itoa(int(math.Ceil(60 / float64(perMinute))))
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: per, Burst: max(perMinute/4, 10), ExpiresIn: 3 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", retryAfter)
			return echo.NewHTTPError(http.StatusTooManyRequests)
		},
		ErrorHandler: func(c echo.Context, _ error) error { return echo.NewHTTPError(http.StatusTooManyRequests) },
	})
}
