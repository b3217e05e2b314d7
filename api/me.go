package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/tenant"
)

type meJSON struct {
	User struct {
		ID    uuid.UUID `json:"id"`
		Name  string    `json:"name"`
		Email string    `json:"email"`
	} `json:"user"`
	Tenant struct {
		ID   uuid.UUID   `json:"id"`
		Slug string      `json:"slug"`
		Name string      `json:"name"`
		Kind tenant.Kind `json:"kind"`
	} `json:"tenant"`
	Roles []string `json:"roles"`
	// Permissions in the caller's own tenant: category → allowed actions,
	// for the web app to decide what to show (the API enforces regardless).
	Permissions    map[string][]string `json:"permissions"`
	SessionExpires time.Time           `json:"sessionExpiresAt"`
	// UnreadNotifications is the count the navigation shows.
	UnreadNotifications int `json:"unreadNotifications"`
	// Reach lists the other organisations the caller holds a role in
	// (through their bureau's oversight), with those roles and permissions.
	Reach []reachJSON `json:"reach"`
}

type reachJSON struct {
	Tenant      directoryEntryJSON  `json:"tenant"`
	Roles       []string            `json:"roles"`
	Permissions map[string][]string `json:"permissions"`
}

// permissionsIn lists category → actions the user may do in tenantID.
func (s *Server) permissionsIn(userID, tenantID uuid.UUID) map[string][]string {
	out := map[string][]string{}
	for _, cat := range authz.AllCategories() {
		for _, act := range authz.AllActions() {
			if s.cfg.Authz.Allowed(userID, tenantID, cat, act) {
				out[string(cat)] = append(out[string(cat)], string(act))
			}
		}
	}
	return out
}

// getMe: GET /api/v1/me
func (s *Server) getMe(c echo.Context) error {
	user, sess := currentUser(c), currentSession(c)
	t, err := s.cfg.Tenants.Get(c.Request().Context(), user.TenantID)
	if err != nil {
		return err
	}
	var out meJSON
	out.User.ID, out.User.Name, out.User.Email = user.ID, user.Name, user.Email
	out.Tenant.ID, out.Tenant.Slug, out.Tenant.Name, out.Tenant.Kind = t.ID, t.Slug, t.Name, t.Kind
	out.Roles = []string{}
	for _, r := range s.cfg.Authz.Roles(user.ID, t.ID) {
		out.Roles = append(out.Roles, string(r))
	}
	out.Permissions = s.permissionsIn(user.ID, t.ID)
	reach := s.cfg.Authz.Reach(user.ID, t.ID)
	others, err := s.cfg.Tenants.GetMany(c.Request().Context(), reach)
	if err != nil {
		return err
	}
	out.Reach = []reachJSON{}
	for _, id := range reach {
		o, ok := others[id]
		if !ok {
			continue
		}
		r := reachJSON{Tenant: directoryEntryJSON{o.Slug, o.Name, o.Kind}, Roles: []string{}, Permissions: s.permissionsIn(user.ID, id)}
		for _, role := range s.cfg.Authz.Roles(user.ID, id) {
			r.Roles = append(r.Roles, string(role))
		}
		out.Reach = append(out.Reach, r)
	}
	slices.SortFunc(out.Reach, func(a, b reachJSON) int { return strings.Compare(a.Tenant.Name, b.Tenant.Name) })
	if sess != nil {
		out.SessionExpires = sess.ExpiresAt
	}
	if out.UnreadNotifications, err = s.notify().Unread(c.Request().Context(), user.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// listMySessions: GET /api/v1/me/sessions
func (s *Server) listMySessions(c echo.Context) error {
	list, err := s.cfg.Identity.Sessions(c.Request().Context(), currentUser(c).ID, currentSession(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": list, "next": nil})
}

// endMySession: DELETE /api/v1/me/sessions/:sessionId
func (s *Server) endMySession(c echo.Context) error {
	id, err := pathID(c, "sessionId")
	if err != nil {
		return err
	}
	if err := s.cfg.Identity.EndSession(c.Request().Context(), currentUser(c).ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
