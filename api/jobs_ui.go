package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/authz"
)

// JobsUIPrefix is where River UI is served: the operators' view of the
// background jobs (evaluations, reminders, mail). Its arguments hold IDs
// only, never personal data.
const JobsUIPrefix = "/admin/jobs/"

// operatorsOnly puts River UI behind the same session and authorization
// as the API: platform operators read it, and only they may act on a job
// (retry, cancel, delete).
func (s *Server) operatorsOnly(next echo.HandlerFunc) echo.HandlerFunc {
	read, write := s.authorize(platform(authz.Read))(next), s.authorize(platform(authz.Write))(next)
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead:
			return read(c)
		}
		return write(c)
	}
}
