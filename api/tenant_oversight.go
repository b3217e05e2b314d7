package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// A bureau's own view of oversight: its advisors read the relations, its
// admins start and end them (docs/design.md §4: bureau-admin manages oversight
// relations). A municipality's or police unit's coordinators read which
// bureaus follow them.

// tenantOversightJSON is a relation with both organisations named, so the
// web app needs no second lookup.
type tenantOversightJSON struct {
	oversightJSON
	Bureau   directoryEntryJSON `json:"bureau"`
	Overseen directoryEntryJSON `json:"overseen"`
}

func (s *Server) listTenantOversight(c echo.Context) error {
	ctx := c.Request().Context()
	t := targetTenant(c)
	filter := tenant.OversightFilter{TenantID: t.ID}
	if t.Kind == tenant.KindBureau {
		filter = tenant.OversightFilter{BureauID: t.ID}
	}
	list, err := s.cfg.Tenants.ListOversight(ctx, filter)
	if err != nil {
		return err
	}
	// Both sides of every relation named in one query, whatever the length.
	var ids []uuid.UUID
	for _, o := range list {
		ids = append(ids, o.BureauID, o.TenantID)
	}
	tenants, err := s.cfg.Tenants.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	name := func(id uuid.UUID) (directoryEntryJSON, error) {
		t, ok := tenants[id]
		if !ok {
			return directoryEntryJSON{}, bondgenoten.Errorf(bondgenoten.EINTERNAL, "tenant %s of a relation missing", id)
		}
		return directoryEntryJSON{t.Slug, t.Name, t.Kind}, nil
	}
	out := make([]tenantOversightJSON, 0, len(list))
	for i := range list {
		b, err := name(list[i].BureauID)
		if err != nil {
			return err
		}
		o, err := name(list[i].TenantID)
		if err != nil {
			return err
		}
		out = append(out, tenantOversightJSON{s.toOversightJSON(&list[i]), b, o})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "next": nil})
}

type bureauOversightInput struct {
	Tenant   string            `json:"tenant" validate:"required,max=63"` // slug of the municipality or police unit
	StartsOn bondgenoten.Date  `json:"startsOn" validate:"required"`
	EndsOn   *bondgenoten.Date `json:"endsOn"`
}

func (s *Server) createTenantOversight(c echo.Context) error {
	ctx := c.Request().Context()
	bureau := targetTenant(c)
	var in bureauOversightInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.validate(in); err != nil {
		return err
	}
	overseen, err := s.cfg.Tenants.GetBySlug(ctx, strings.TrimSpace(in.Tenant))
	if bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND {
		return bondgenoten.Invalid("tenant", bondgenoten.RuleExists, "")
	} else if err != nil {
		return err
	}
	user := currentUser(c)
	o, err := s.cfg.Tenants.CreateOversight(ctx, tenant.OversightInput{
		BureauID: bureau.ID, TenantID: overseen.ID, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		GrantedBy: grantedBy(user.Name, user.Email),
	})
	if err != nil {
		return renameField(err, "tenantId", "tenant")
	}
	s.reloadPolicy(c)
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tenants/"+bureau.Slug+"/oversight/"+o.ID.String())
	return c.JSON(http.StatusCreated, tenantOversightJSON{s.toOversightJSON(o),
		directoryEntryJSON{bureau.Slug, bureau.Name, bureau.Kind}, directoryEntryJSON{overseen.Slug, overseen.Name, overseen.Kind}})
}

func (s *Server) updateTenantOversight(c echo.Context) error {
	ctx := c.Request().Context()
	bureau := targetTenant(c)
	id, err := pathID(c, "oversightId")
	if err != nil {
		return err
	}
	o, err := s.cfg.Tenants.GetOversight(ctx, id)
	if err != nil {
		return err
	}
	if o.BureauID != bureau.ID {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "not a relation of this bureau")
	}
	var in tenant.OversightUpdate
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	user := currentUser(c)
	o, err = s.cfg.Tenants.UpdateOversight(ctx, id, in, grantedBy(user.Name, user.Email))
	if err != nil {
		return err
	}
	s.reloadPolicy(c)
	overseen, err := s.cfg.Tenants.Get(ctx, o.TenantID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tenantOversightJSON{s.toOversightJSON(o),
		directoryEntryJSON{bureau.Slug, bureau.Name, bureau.Kind}, directoryEntryJSON{overseen.Slug, overseen.Name, overseen.Kind}})
}

// acceptOversight: the overseen organisation's administrator consents to a
// bureau's request; only then does the bureau reach it.
func (s *Server) acceptOversight(c echo.Context) error {
	// The acceptance names the terms the administrator read: a request the
	// bureau changed meanwhile answers 409.
	var read tenant.Terms
	if err := s.decodeJSON(c, &read); err != nil {
		return err
	}
	if err := s.validate(read); err != nil {
		return err
	}
	return s.answerOversight(c, func(ctx context.Context, id, overseenID uuid.UUID, by string) (*tenant.Oversight, error) {
		return s.cfg.Tenants.AcceptOversight(ctx, id, overseenID, by, &read)
	})
}

// endOversightByTenant: the overseen organisation's administrator declines
// a request or ends a relation in force, at once.
func (s *Server) endOversightByTenant(c echo.Context) error {
	return s.answerOversight(c, s.cfg.Tenants.EndOversight)
}

func (s *Server) answerOversight(c echo.Context, answer func(ctx context.Context, id, overseenID uuid.UUID, by string) (*tenant.Oversight, error)) error {
	ctx := c.Request().Context()
	overseen := targetTenant(c)
	if overseen.Kind != tenant.KindMunicipality && overseen.Kind != tenant.KindPoliceUnit {
		return bondgenoten.Errorf(bondgenoten.ECONFLICT, "only a municipality or police unit is overseen, and answers requests")
	}
	id, err := pathID(c, "oversightId")
	if err != nil {
		return err
	}
	user := currentUser(c)
	o, err := answer(ctx, id, overseen.ID, grantedBy(user.Name, user.Email))
	if err != nil {
		return err
	}
	s.reloadPolicy(c)
	bureau, err := s.cfg.Tenants.Get(ctx, o.BureauID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tenantOversightJSON{s.toOversightJSON(o),
		directoryEntryJSON{bureau.Slug, bureau.Name, bureau.Kind}, directoryEntryJSON{overseen.Slug, overseen.Name, overseen.Kind}})
}

// grantedBy records who granted a relation: the signed-in person.
func grantedBy(name, email string) string {
	if name == "" || name == email {
		return email
	}
	return name + " <" + email + ">"
}

// renameField moves a field error to the name the client used.
func renameField(err error, from, to string) error {
	fields := bondgenoten.ErrorFields(err)
	if v, ok := fields[from]; ok {
		delete(fields, from)
		fields[to] = v
	}
	return err
}
