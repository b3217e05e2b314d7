package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/tenant"
)

type oversightJSON struct {
	ID        uuid.UUID         `json:"id"`
	BureauID  uuid.UUID         `json:"bureauId"`
	TenantID  uuid.UUID         `json:"tenantId"`
	StartsOn  bondgenoten.Date  `json:"startsOn"`
	EndsOn    *bondgenoten.Date `json:"endsOn"`
	GrantedBy string            `json:"grantedBy"`
	Active    bool              `json:"active"`
	// Status: pending (waiting for the overseen organisation), active,
	// scheduled (accepted, starts later), ended or declined.
	Status     string     `json:"status"`
	AcceptedAt *time.Time `json:"acceptedAt"`
	AcceptedBy string     `json:"acceptedBy"`
	EndedBy    string     `json:"endedBy"`
	CreatedAt  time.Time  `json:"createdAt"`
}

func (s *Server) toOversightJSON(o *tenant.Oversight) oversightJSON {
	today := s.today()
	status := "ended"
	switch {
	case o.Pending() && (o.EndsOn == nil || today.Before(*o.EndsOn)):
		status = "pending"
	case o.AcceptedAt == nil:
		status = "declined"
	case o.ActiveOn(today):
		status = "active"
	case today.Before(o.StartsOn) && (o.EndsOn == nil || o.StartsOn.Before(*o.EndsOn)):
		status = "scheduled"
	}
	var accepted *time.Time
	if o.AcceptedAt != nil {
		t := o.AcceptedAt.UTC()
		accepted = &t
	}
	return oversightJSON{o.ID, o.BureauID, o.TenantID, o.StartsOn, o.EndsOn, o.GrantedBy, o.ActiveOn(today),
		status, accepted, o.AcceptedBy, o.EndedBy, o.CreatedAt}
}

// queryUUID reads an optional UUID query parameter.
func queryUUID(c echo.Context, name string) (uuid.UUID, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return uuid.Nil, nil
	}
	id, err := uuid.Parse(raw)
	if err != nil {
		return uuid.Nil, bondgenoten.Invalid(name, bondgenoten.RuleUUID, "")
	}
	return id, nil
}

func (s *Server) listOversight(c echo.Context) error {
	bureauID, err := queryUUID(c, "bureauId")
	if err != nil {
		return err
	}
	tenantID, err := queryUUID(c, "tenantId")
	if err != nil {
		return err
	}
	list, err := s.cfg.Tenants.ListOversight(c.Request().Context(), tenant.OversightFilter{BureauID: bureauID, TenantID: tenantID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(bondgenoten.Page[tenant.Oversight]{Items: list}, s.toOversightJSON))
}

func (s *Server) createOversight(c echo.Context) error {
	var in tenant.OversightInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	o, err := s.cfg.Tenants.CreateOversight(c.Request().Context(), in)
	if err != nil {
		return err
	}
	s.reloadPolicy(c)
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/operator/oversight/"+o.ID.String())
	return c.JSON(http.StatusCreated, s.toOversightJSON(o))
}

func (s *Server) getOversight(c echo.Context) error {
	id, err := pathID(c, "oversightId")
	if err != nil {
		return err
	}
	o, err := s.cfg.Tenants.GetOversight(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toOversightJSON(o))
}

func (s *Server) updateOversight(c echo.Context) error {
	id, err := pathID(c, "oversightId")
	if err != nil {
		return err
	}
	var in tenant.OversightUpdate
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	o, err := s.cfg.Tenants.UpdateOversight(c.Request().Context(), id, in, operatorName(c))
	if err != nil {
		return err
	}
	s.reloadPolicy(c)
	return c.JSON(http.StatusOK, s.toOversightJSON(o))
}

// operatorName names the operator who acts, for audit trails and
// notifications: the signed-in operator, or the bootstrap token.
func operatorName(c echo.Context) string {
	if u := currentUser(c); u != nil {
		return grantedBy(u.Name, u.Email)
	}
	return "operator bootstrap token"
}

// reloadPolicy applies an oversight change on this replica at once; the
// others follow through the policy version within a second.
func (s *Server) reloadPolicy(c echo.Context) {
	if err := s.cfg.Authz.Reload(c.Request().Context()); err != nil {
		s.cfg.Logger.Error("reloading authorization policy failed", "err", err, "request_id", requestID(c))
	}
}
