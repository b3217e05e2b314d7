package api

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
)

// Cookies. With Secure, the __Host- prefix pins the session cookie to our
// origin (no Domain, Path=/).
const (
	sessionCookie = "bg_session"
	loginCookie   = "bg_login"
)

// secureCookies is true except on plain-http loopback (local demo, tests).
func (s *Server) secureCookies() bool {
	u := s.cfg.PublicURL
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return !(host == "localhost" || (ip != nil && ip.IsLoopback()))
}

func (s *Server) sessionCookieName() string {
	if s.secureCookies() {
		return "__Host-" + sessionCookie
	}
	return sessionCookie
}

func (s *Server) origin() string {
	u := s.cfg.PublicURL
	return u.Scheme + "://" + u.Host
}

func (s *Server) callbackURL() string { return s.origin() + "/auth/callback" }

func (s *Server) setCookie(c echo.Context, name, value, path string, maxAge time.Duration) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(c echo.Context, name, path string) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// loginPage sends the browser to the web app's login page with a reason.
func loginPage(c echo.Context, reason string) error {
	return c.Redirect(http.StatusSeeOther, "/inloggen?fout="+url.QueryEscape(reason))
}

// startLogin: GET /auth/:tenant/login[?return_to=/path][&login_hint=email]
func (s *Server) startLogin(c echo.Context) error {
	// The login cookie and the callback live on the public URL's host: a
	// login started on another name for this server (localhost instead of
	// 127.0.0.1) moves there first, or it could never complete.
	if c.Request().Host != s.cfg.PublicURL.Host {
		return c.Redirect(http.StatusFound, s.origin()+c.Request().URL.RequestURI())
	}
	purpose := identity.PurposeLogin
	if c.QueryParam("test") == "1" {
		// A test of the SSO settings is for the organisation's own
		// administrators: anyone else could use it to probe who exists.
		if err := s.mayTestSSO(c); err != nil {
			return err
		}
		purpose = identity.PurposeTest
	}
	start, err := s.cfg.Identity.StartLogin(c.Request().Context(), identity.LoginRequest{
		TenantSlug: c.Param("tenant"), ReturnTo: c.QueryParam("return_to"), LoginHint: c.QueryParam("login_hint"),
		CallbackURL: s.callbackURL(), Purpose: purpose,
	})
	if err != nil {
		switch bondgenoten.ErrorCode(err) {
		case bondgenoten.EINVALID:
			return err // an off-site return_to: refuse outright
		case bondgenoten.ENOTFOUND:
			return loginPage(c, "unknown_organisation")
		}
		s.cfg.Logger.Error("login start failed", "err", err, "request_id", requestID(c))
		return loginPage(c, "unavailable")
	}
	s.setCookie(c, loginCookie, start.BrowserToken, "/auth/", start.AttemptMaxAge)
	return c.Redirect(http.StatusFound, start.RedirectURL)
}

// mayTestSSO: only a signed-in administrator of the organisation may start
// a test sign-in for it.
func (s *Server) mayTestSSO(c echo.Context) error {
	user, err := s.authenticate(c)
	if err != nil {
		return err
	}
	t, err := s.cfg.Tenants.GetBySlug(c.Request().Context(), c.Param("tenant"))
	if err != nil || t.ID != user.TenantID || !s.cfg.Authz.Allowed(user.ID, t.ID, authz.Admin, authz.Write) {
		return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only the organisation's administrators test its sign-in")
	}
	return nil
}

// finishLogin: GET /auth/callback — the identity provider sends the browser back here.
func (s *Server) finishLogin(c echo.Context) error {
	browser := ""
	if ck, err := c.Cookie(loginCookie); err == nil {
		browser = ck.Value
	}
	s.clearCookie(c, loginCookie, "/auth/")
	res, err := s.cfg.Identity.FinishLogin(c.Request().Context(), identity.CallbackRequest{
		State: c.QueryParam("state"), Code: c.QueryParam("code"), Error: c.QueryParam("error"),
		BrowserToken: browser, CallbackURL: s.callbackURL(), UserAgent: c.Request().UserAgent(),
	})
	if err != nil {
		var le *identity.LoginError
		if errors.As(err, &le) {
			s.cfg.Logger.Warn("login refused", "reason", le.Reason.Error(), "cause", le.Cause.Error(), "request_id", requestID(c))
			if le.Purpose == identity.PurposeTest {
				q := url.Values{"sso_test": {"failed"}, "fout": {le.Reason.Error()}}
				return c.Redirect(http.StatusSeeOther, le.ReturnTo+"?"+q.Encode())
			}
			return loginPage(c, le.Reason.Error())
		}
		s.cfg.Logger.Error("login failed", "err", err, "request_id", requestID(c))
		return loginPage(c, "unavailable")
	}
	if res.Purpose == identity.PurposeTest {
		// The tested account is not named in the URL (history, logs,
		// referrers): the admin just signed in with it and knows it.
		q := url.Values{"sso_test": {"ok"}}
		return c.Redirect(http.StatusSeeOther, res.ReturnTo+"?"+q.Encode())
	}
	// A new session replaces any old one in this browser.
	if old, err := c.Cookie(s.sessionCookieName()); err == nil {
		_, _, _ = s.cfg.Identity.Logout(c.Request().Context(), old.Value)
	}
	s.setCookie(c, s.sessionCookieName(), res.SessionToken, "/", s.cfg.Identity.SessionLifetime())
	return c.Redirect(http.StatusSeeOther, res.ReturnTo)
}

// logout: POST /auth/logout — ends the session here, then at the identity
// provider when it offers RP-initiated logout.
func (s *Server) logout(c echo.Context) error {
	next := s.origin() + "/"
	if ck, err := c.Cookie(s.sessionCookieName()); err == nil {
		tenantID, hint, err := s.cfg.Identity.Logout(c.Request().Context(), ck.Value)
		switch bondgenoten.ErrorCode(err) {
		case "":
			if u := s.cfg.Identity.EndSessionURL(c.Request().Context(), tenantID, hint, s.origin()+"/"); u != "" {
				next = u
			}
		case bondgenoten.ENOTFOUND: // ended already
		default:
			// The session could not be ended (the database is down): say
			// so, rather than pretend and leave it usable.
			return err
		}
	}
	s.clearCookie(c, s.sessionCookieName(), "/")
	return c.Redirect(http.StatusSeeOther, next)
}
