package api

import (
	"github.com/google/uuid"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
)

// Tenant administration: users, their roles, and the tenant's SSO settings.
// authorize has resolved and checked the :tenant parameter.

func (s *Server) listUsers(c echo.Context) error {
	users, err := s.cfg.Identity.Users(c.Request().Context(), targetTenant(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": users, "next": nil})
}

func (s *Server) setUserStatus(status identity.Status) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "userId")
		if err != nil {
			return err
		}
		if status == identity.StatusDeactivated && id == currentUser(c).ID {
			return bondgenoten.Invalid("userId", identity.RuleNotSelf, "")
		}
		u, err := s.cfg.Identity.SetStatus(c.Request().Context(), targetTenant(c).ID, id, status)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, u)
	}
}

type rolesInput struct {
	Roles []string `json:"roles" validate:"required,max=10"`
}

func (s *Server) setUserRoles(c echo.Context) error {
	id, err := pathID(c, "userId")
	if err != nil {
		return err
	}
	var in rolesInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.validate(in); err != nil {
		return err
	}
	u, err := s.cfg.Identity.SetRoles(c.Request().Context(), targetTenant(c), currentUser(c), id, in.Roles)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

type roleJSON struct {
	Role    string `json:"role"`
	LabelNL string `json:"labelNl"`
	LabelEN string `json:"labelEn"`
}

func (s *Server) listTenantRoles(c echo.Context) error {
	out := []roleJSON{}
	for _, r := range authz.RolesFor(targetTenant(c).Kind) {
		out = append(out, roleJSON{string(r), r.Label(language.Dutch), r.Label(language.English)})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "next": nil})
}

func (s *Server) getSSO(c echo.Context) error {
	v, err := s.cfg.Identity.GetSettings(c.Request().Context(), targetTenant(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) putSSO(c echo.Context) error {
	var in identity.SettingsInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	u := currentUser(c)
	v, _, err := s.cfg.Identity.PutSettings(c.Request().Context(), targetTenant(c), identity.Actor{UserID: u.ID, Name: u.DisplayName()}, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// putTenantSSO: an operator sets up a tenant's SSO. On a tenant nobody signs
// in to yet it takes effect at once (bootstrap); on a tenant in use it is a
// proposal (202) that one of the tenant's administrators must confirm.
func (s *Server) putTenantSSO(c echo.Context) error {
	var in identity.SettingsInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	by := identity.Actor{Name: "operator bootstrap token", Operator: true}
	if u := currentUser(c); u != nil {
		by = identity.Actor{UserID: u.ID, Name: u.DisplayName(), Operator: true}
	}
	v, proposal, err := s.cfg.Identity.PutSettings(c.Request().Context(), targetTenant(c), by, in)
	if err != nil {
		return err
	}
	if proposal != nil {
		return c.JSON(http.StatusAccepted, proposal)
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) getSSOProposal(c echo.Context) error {
	p, err := s.cfg.Identity.GetProposal(c.Request().Context(), targetTenant(c))
	if bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND {
		return c.JSON(http.StatusOK, map[string]any{"proposal": nil})
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"proposal": p})
}

// proposalChoice names the proposal an administrator read and decides on.
type proposalChoice struct {
	ID uuid.UUID `json:"id" validate:"required"`
}

func (s *Server) readProposalChoice(c echo.Context) (uuid.UUID, error) {
	var in proposalChoice
	if err := s.decodeJSON(c, &in); err != nil {
		return uuid.Nil, err
	}
	if err := s.validate(in); err != nil {
		return uuid.Nil, err
	}
	return in.ID, nil
}

func (s *Server) confirmSSOProposal(c echo.Context) error {
	id, err := s.readProposalChoice(c)
	if err != nil {
		return err
	}
	v, err := s.cfg.Identity.ConfirmProposal(c.Request().Context(), targetTenant(c), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) rejectSSOProposal(c echo.Context) error {
	id, err := s.readProposalChoice(c)
	if err != nil {
		return err
	}
	if err := s.cfg.Identity.RejectProposal(c.Request().Context(), targetTenant(c), currentUser(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listAudit(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	events, err := authz.ListAudit(ctx, s.cfg.DB.For(ctx), targetTenant(c).ID, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": events, "next": nil})
}

// lookupLogin: GET /api/v1/login/lookup?email= — which organisation signs
// this address in (by its domain). Public: the login page needs it.
func (s *Server) lookupLogin(c echo.Context) error {
	email := strings.TrimSpace(c.QueryParam("email"))
	if !strings.Contains(email, "@") || len(email) > 320 {
		return bondgenoten.Invalid("email", bondgenoten.RuleEmail, "")
	}
	t, err := s.cfg.Identity.TenantForEmail(c.Request().Context(), email)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, directoryEntryJSON{t.Slug, t.Name, t.Kind})
}

// operatorSSO lets operators (or the bootstrap token) set up a tenant's
// single sign-on — how a new organisation's first admin, and the first
// operator, come to sign in at all. It resolves :tenantId and then runs the
// tenant admin's handler.
func (s *Server) operatorSSO(h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "tenantId")
		if err != nil {
			return err
		}
		t, err := s.cfg.Tenants.Get(c.Request().Context(), id)
		if err != nil {
			return err
		}
		c.Set(ctxTenant, t)
		return h(c)
	}
}
