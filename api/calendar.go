package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/calendar"
)

// calendarFeedPrefix is where feeds are served; their token is the
// credential, so the access log leaves it out.
const calendarFeedPrefix = "/api/v1/calendar-feeds/"

const calendarType = "text/calendar; charset=utf-8"

// writeCalendar answers an iCalendar document.
func (s *Server) writeCalendar(c echo.Context, name, filename string, events []calendar.Event) error {
	var buf bytes.Buffer
	if err := calendar.Write(&buf, name, s.cfg.PublicURL.String(), s.now(), events); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, no-store")
	if filename != "" {
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	}
	return c.Blob(http.StatusOK, calendarType, buf.Bytes())
}

func (s *Server) getMeetingCalendar(c echo.Context) error {
	id, err := pathID(c, "meetingId")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.cfg.Meetings.Get(ctx, currentNetworkID(c), id)
	if err != nil {
		return err
	}
	n, _, err := s.cfg.Networks.Get(ctx, m.NetworkID)
	if err != nil {
		return err
	}
	return s.writeCalendar(c, n.Name, "bijeenkomst-"+m.StartsAt.In(time.UTC).Format("20060102")+".ics",
		[]calendar.Event{{Meeting: *m, NetworkName: n.Name}})
}

type calendarFeedJSON struct {
	Active    bool       `json:"active"`
	CreatedAt *time.Time `json:"createdAt"`
	URL       string     `json:"url,omitempty"`
}

func (s *Server) getCalendarFeed(c echo.Context) error {
	f, err := s.cfg.Calendar.Get(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	if f == nil {
		return c.JSON(http.StatusOK, calendarFeedJSON{})
	}
	return c.JSON(http.StatusOK, calendarFeedJSON{Active: true, CreatedAt: &f.CreatedAt})
}

func (s *Server) renewCalendarFeed(c echo.Context) error {
	token, f, err := s.cfg.Calendar.Renew(c.Request().Context(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, calendarFeedJSON{Active: true, CreatedAt: &f.CreatedAt,
		URL: s.cfg.PublicURL.String() + calendarFeedPrefix + token})
}

func (s *Server) revokeCalendarFeed(c echo.Context) error {
	if err := s.cfg.Calendar.Revoke(c.Request().Context(), currentUser(c).ID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// getCalendarFeedFile serves a feed to a calendar app. What it holds is
// decided now, not when the address was made: the networks the user may
// read today.
func (s *Server) getCalendarFeedFile(c echo.Context) error {
	ctx := c.Request().Context()
	userID, err := s.cfg.Calendar.UserOf(ctx, c.Param("token"))
	if err != nil {
		return err
	}
	events, err := s.cfg.Calendar.Events(ctx, s.cfg.Authz.TenantsWhere(userID, authz.Org, authz.Read))
	if err != nil {
		return err
	}
	return s.writeCalendar(c, "Bondgenoten", "", events)
}
