package api

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/notify"
)

// A person's notifications: what happened that concerns them (roles, SSO,
// oversight). The web app words them by kind in the reader's language.

func (s *Server) listNotifications(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	inbox, err := s.notify().List(c.Request().Context(), currentUser(c).ID, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, inbox)
}

func (s *Server) markNotificationRead(c echo.Context) error {
	id, err := pathID(c, "notificationId")
	if err != nil {
		return err
	}
	if err := s.notify().MarkRead(c.Request().Context(), currentUser(c).ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) markAllNotificationsRead(c echo.Context) error {
	if err := s.notify().MarkAllRead(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// How the person hears of their notifications: at once by email, in a
// daily digest, or in the app only; and the language of their emails.
// Only their own: the route has no user in its path.

func (s *Server) getNotificationPreferences(c echo.Context) error {
	p, err := s.notify().Preferences(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) putNotificationPreferences(c echo.Context) error {
	var in notify.Preferences
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := s.notify().SetPreferences(c.Request().Context(), currentUser(c).ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// Emails of the tenant that could not be delivered after every attempt,
// for its administrators: to whom (a user, or "an ally"), what kind, and
// why; never their content.

type mailFailureJSON struct {
	notify.Failure
	UserName string `json:"userName,omitempty"`
}

func (s *Server) listMailFailures(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	db := s.cfg.DB.For(ctx)
	page, err := notify.Failures(ctx, db, targetTenant(c).ID, limit, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	failures := page.Items
	var ids []uuid.UUID
	for _, f := range failures {
		if f.UserID != nil {
			ids = append(ids, *f.UserID)
		}
	}
	users, err := identity.UsersIn(ctx, db, ids)
	if err != nil {
		return err
	}
	items := make([]mailFailureJSON, len(failures))
	for i, f := range failures {
		items[i] = mailFailureJSON{Failure: f}
		if f.UserID != nil && users[*f.UserID] != nil {
			items[i].UserName = users[*f.UserID].DisplayName()
		}
	}
	var next *string
	if page.Next != "" {
		next = &page.Next
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "next": next})
}

func (s *Server) retryMailFailure(c echo.Context) error {
	id, err := pathID(c, "mailId")
	if err != nil {
		return err
	}
	if err := notify.Retry(c.Request().Context(), s.cfg.DB.For(c.Request().Context()), targetTenant(c).ID, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}
