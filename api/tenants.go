package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/tenant"
)

type directoryEntryJSON struct {
	Slug string      `json:"slug"`
	Name string      `json:"name"`
	Kind tenant.Kind `json:"kind"`
}

type tenantJSON struct {
	ID        uuid.UUID     `json:"id"`
	Slug      string        `json:"slug"`
	Name      string        `json:"name"`
	Kind      tenant.Kind   `json:"kind"`
	Region    string        `json:"region"`
	Status    tenant.Status `json:"status"`
	CreatedAt time.Time     `json:"createdAt"`
	UpdatedAt time.Time     `json:"updatedAt"`
}

func toTenantJSON(t *tenant.Tenant) tenantJSON {
	return tenantJSON{t.ID, t.Slug, t.Name, t.Kind, t.Region, t.Status, t.CreatedAt, t.UpdatedAt}
}

// pageJSON is the collection shape of every list: items and the next cursor.
type pageJSON[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func newPage[T, U any](p bondgenoten.Page[T], convert func(*T) U) pageJSON[U] {
	out := pageJSON[U]{Items: make([]U, 0, len(p.Items))}
	for i := range p.Items {
		out.Items = append(out.Items, convert(&p.Items[i]))
	}
	if p.Next != "" {
		out.Next = &p.Next
	}
	return out
}

// queryLimit reads ?limit=; a non-number is a field error.
func queryLimit(c echo.Context) (int, error) {
	raw := c.QueryParam("limit")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, bondgenoten.Invalid("limit", bondgenoten.RuleBetween, "1-1000")
	}
	if _, err := bondgenoten.PageLimit(n); err != nil {
		return 0, err
	}
	return n, nil
}

// pathID reads a UUID path parameter; anything else is simply not found.
func pathID(c echo.Context, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		return uuid.Nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "malformed %s", name)
	}
	return id, nil
}

func (s *Server) listTenantDirectory(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.cfg.Tenants.Directory(c.Request().Context(), tenant.Kind(c.QueryParam("kind")), limit, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, func(t *tenant.Tenant) directoryEntryJSON {
		return directoryEntryJSON{t.Slug, t.Name, t.Kind}
	}))
}

func (s *Server) listTenants(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.cfg.Tenants.List(c.Request().Context(), tenant.Filter{
		Kind: tenant.Kind(c.QueryParam("kind")), Status: tenant.Status(c.QueryParam("status")),
		Limit: limit, Cursor: c.QueryParam("cursor"),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, toTenantJSON))
}

func (s *Server) createTenant(c echo.Context) error {
	var in tenant.CreateInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.cfg.Tenants.Create(c.Request().Context(), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/operator/tenants/"+t.ID.String())
	return c.JSON(http.StatusCreated, toTenantJSON(t))
}

func (s *Server) getTenant(c echo.Context) error {
	id, err := pathID(c, "tenantId")
	if err != nil {
		return err
	}
	t, err := s.cfg.Tenants.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTenantJSON(t))
}

func (s *Server) updateTenant(c echo.Context) error {
	id, err := pathID(c, "tenantId")
	if err != nil {
		return err
	}
	var in tenant.UpdateInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.cfg.Tenants.Update(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	if in.Status != nil {
		s.reloadPolicy(c)
	}
	return c.JSON(http.StatusOK, toTenantJSON(t))
}

type snapshotJSON struct {
	TenantID          uuid.UUID        `json:"tenantId"`
	Day               bondgenoten.Date `json:"day"`
	OverseenTenants   int              `json:"overseenTenants"`
	OverseeingBureaus int              `json:"overseeingBureaus"`
	Networks          int              `json:"networks"`
	ActiveAllies      int              `json:"activeAllies"`
	MeetingsHeld12m   int              `json:"meetingsHeldLast12Months"`
	NetworksOverdue   int              `json:"networksOverdue"`
	ActionsOverdue    int              `json:"actionsOverdue"`
	TakenAt           time.Time        `json:"takenAt"`
}

func (s *Server) listTenantHealth(c echo.Context) error {
	id, err := pathID(c, "tenantId")
	if err != nil {
		return err
	}
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.cfg.Tenants.Get(ctx, id); err != nil {
		return err
	}
	list, err := s.cfg.Health.List(ctx, id, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(bondgenoten.Page[health.Snapshot]{Items: list}, func(h *health.Snapshot) snapshotJSON {
		return snapshotJSON{h.TenantID, h.Day, h.OverseenTenants, h.OverseeingBureaus,
			h.Networks, h.ActiveAllies, h.MeetingsHeld12m, h.NetworksOverdue, h.ActionsOverdue, h.TakenAt}
	}))
}
