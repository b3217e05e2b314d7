package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
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
