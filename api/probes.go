package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
)

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says this replica can serve: the database answers and every
// migration is applied. Otherwise 503, so a load balancer skips it.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.cfg.DB.Ping(ctx); err != nil {
		return bondgenoten.Errorf(bondgenoten.EUNAVAILABLE, "database unreachable: %v", err)
	}
	current, err := s.cfg.DB.Current(ctx)
	if err != nil {
		return bondgenoten.Errorf(bondgenoten.EUNAVAILABLE, "migration state unknown: %v", err)
	}
	if !current {
		return bondgenoten.Errorf(bondgenoten.EUNAVAILABLE, "migrations pending")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
