// Package api is the HTTP face of the product: Echo routes, thin handlers
// that call domain services, the OpenAPI document, and the one place where
// domain errors become HTTP problem details.
package api

import (
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo-contrib/echoprometheus"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Config wires the server to its services.
type Config struct {
	DB       *store.DB
	Tenants  *tenant.Service
	Health   *health.Service
	Identity *identity.Service
	Networks *network.Service
	Allies   *ally.Service
	Meetings *meeting.Service
	Signals  *signal.Service
	// Crises serves crisis mode; nil makes one on DB.
	Crises *crisis.Service
	// Evaluations serves the half-yearly evaluation; nil makes one on DB.
	Evaluations *evaluation.Service
	// Introductions serves new colleagues' network introductions; nil makes one on DB.
	Introductions *introduction.Service
	Calendar      *calendar.Service
	// Notify serves people's notifications; nil makes one on DB.
	Notify *notify.Service
	Authz  *authz.Enforcer
	Logger *slog.Logger
	// PublicURL is where browsers reach us (cookies, OIDC callback, CSRF origin).
	PublicURL *url.URL
	// DevIDP, when set (demo mode), is the built-in identity provider,
	// served under /dev-idp/.
	DevIDP http.Handler
	// DevMail, when set (demo mode), is the demo mailbox, served under
	// /dev-mail/; without it that path is not found.
	DevMail http.Handler
	// Jobs, when set, is River UI, served under /admin/jobs/ to platform
	// operators only (JobsUIPrefix).
	Jobs http.Handler
	// OperatorToken is the bootstrap bearer token of the operator API; empty
	// leaves operators to sign in through SSO only.
	OperatorToken string
	// Frontend holds the built web app (index.html, assets/); nil or empty
	// serves a short notice instead.
	Frontend fs.FS
	// Metrics receives the HTTP and job metrics served at /metrics.
	Metrics *prometheus.Registry
	// BodyLimit caps request bodies, e.g. "1M".
	BodyLimit string
	// PublicRateLimit is how many requests a minute one client address may
	// make to the routes that need no sign-in; 0 means no limit.
	PublicRateLimit int
	// TrustedProxies are the load balancers whose X-Forwarded-For names the
	// client; without them the connection's address is the client's.
	TrustedProxies []*net.IPNet
	// MaxInFlightPerUser caps one person's requests served at once (429
	// beyond it); 0 means DefaultMaxInFlightPerUser.
	MaxInFlightPerUser int
	// Clock tells handlers the time and "today" (nil is the system clock).
	// Give the services the same one.
	Clock bondgenoten.Clock
}

// now is the current instant on the server's clock, as stored.
func (s *Server) now() time.Time { return bondgenoten.NowOn(s.cfg.Clock) }

// today is the calendar day in Europe/Amsterdam on the server's clock.
func (s *Server) today() bondgenoten.Date { return bondgenoten.TodayOn(s.cfg.Clock) }

// validate checks input by its tags, with day-bound spans as of today.
func (s *Server) validate(in any) error { return bondgenoten.ValidateOn(in, s.today()) }

// Server holds the Echo instance and the services handlers call.
type Server struct {
	*echo.Echo
	cfg      Config
	inFlight *inFlight
	accessOf map[string]access // "METHOD /path/:param" → the route's declaration
}

// route is one /api/v1 endpoint. Every route is listed here with who may
// call it, so tests can check each against the OpenAPI document and the
// authorization matrix.
type route struct {
	method, path, operationID string
	handler                   echo.HandlerFunc
	access                    access
}

func (s *Server) routes() []route {
	const (
		read, write = authz.Read, authz.Write
		t           = "/api/v1/tenants/:tenant"
	)
	base := []route{
		{http.MethodGet, "/api/v1/openapi.json", "getOpenAPI", s.getOpenAPI, public},
		{http.MethodGet, "/api/v1/tenants", "listTenantDirectory", s.listTenantDirectory, public},
		{http.MethodGet, "/api/v1/login/lookup", "lookupLogin", s.lookupLogin, public},

		{http.MethodGet, "/api/v1/me", "getMe", s.getMe, self(read)},
		{http.MethodGet, "/api/v1/me/sessions", "listMySessions", s.listMySessions, self(read)},
		{http.MethodDelete, "/api/v1/me/sessions/:sessionId", "endMySession", s.endMySession, self(write)},
		{http.MethodGet, "/api/v1/me/calendar-feed", "getCalendarFeed", s.getCalendarFeed, self(read)},
		{http.MethodPost, "/api/v1/me/calendar-feed", "renewCalendarFeed", s.renewCalendarFeed, self(write)},
		{http.MethodDelete, "/api/v1/me/calendar-feed", "revokeCalendarFeed", s.revokeCalendarFeed, self(write)},
		{http.MethodGet, "/api/v1/me/notifications", "listNotifications", s.listNotifications, self(read)},
		{http.MethodPost, "/api/v1/me/notifications/read-all", "markAllNotificationsRead", s.markAllNotificationsRead, self(write)},
		{http.MethodPost, "/api/v1/me/notifications/:notificationId/read", "markNotificationRead", s.markNotificationRead, self(write)},
		{http.MethodGet, "/api/v1/me/notification-preferences", "getNotificationPreferences", s.getNotificationPreferences, self(read)},
		{http.MethodPut, "/api/v1/me/notification-preferences", "putNotificationPreferences", s.putNotificationPreferences, self(write)},
		{http.MethodGet, "/api/v1/calendar-feeds/:token", "getCalendarFeedFile", s.getCalendarFeedFile, public},

		{http.MethodGet, t + "/users", "listUsers", s.listUsers, inTenant(authz.Admin, read)},
		{http.MethodGet, t + "/mail-failures", "listMailFailures", s.listMailFailures, inTenant(authz.Admin, read)},
		{http.MethodPost, t + "/mail-failures/:mailId/retry", "retryMailFailure", s.retryMailFailure, inTenant(authz.Admin, write)},
		{http.MethodPost, t + "/users/:userId/approve", "approveUser", s.setUserStatus(identity.StatusActive), inTenant(authz.Admin, write)},
		{http.MethodPost, t + "/users/:userId/deactivate", "deactivateUser", s.setUserStatus(identity.StatusDeactivated), inTenant(authz.Admin, write)},
		{http.MethodPut, t + "/users/:userId/roles", "setUserRoles", s.setUserRoles, inTenant(authz.Admin, write)},
		{http.MethodGet, t + "/roles", "listTenantRoles", s.listTenantRoles, inTenant(authz.Admin, read)},
		{http.MethodGet, t + "/sso", "getSSO", s.getSSO, inTenant(authz.Admin, read)},
		{http.MethodPut, t + "/sso", "putSSO", s.putSSO, inTenant(authz.Admin, write)},
		{http.MethodGet, t + "/sso/proposal", "getSSOProposal", s.getSSOProposal, inTenant(authz.Admin, read)},
		{http.MethodPost, t + "/sso/proposal/confirm", "confirmSSOProposal", s.confirmSSOProposal, inTenant(authz.Admin, write)},
		{http.MethodPost, t + "/sso/proposal/reject", "rejectSSOProposal", s.rejectSSOProposal, inTenant(authz.Admin, write)},
		{http.MethodGet, t + "/audit", "listAudit", s.listAudit, inTenant(authz.Audit, read)},
		{http.MethodGet, t + "/oversight", "listTenantOversight", s.listTenantOversight, inTenant(authz.Oversight, read)},
		{http.MethodPost, t + "/oversight", "createTenantOversight", s.createTenantOversight, inTenant(authz.Oversight, authz.Manage)},
		{http.MethodPatch, t + "/oversight/:oversightId", "updateTenantOversight", s.updateTenantOversight, inTenant(authz.Oversight, authz.Manage)},
		{http.MethodGet, t + "/bureaus", "listTenantBureaus", s.listTenantOversight, inTenant(authz.Admin, read)},
		{http.MethodPost, t + "/oversight/:oversightId/accept", "acceptOversight", s.acceptOversight, inTenant(authz.Admin, write)},
		{http.MethodPost, t + "/oversight/:oversightId/end", "endOversightByTenant", s.endOversightByTenant, inTenant(authz.Admin, write)},

		{http.MethodGet, "/api/v1/networks", "listNetworks", s.listNetworks, self(read)},
		{http.MethodPost, "/api/v1/networks", "createNetwork", s.createNetwork, inOwnTenant(authz.Org, write)},
		{http.MethodGet, "/api/v1/networks/:networkId", "getNetwork", s.getNetwork, inNetwork(authz.Org, read)},
		{http.MethodPatch, "/api/v1/networks/:networkId", "updateNetwork", s.updateNetwork, inNetwork(authz.Org, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/partners", "addNetworkPartner", s.addNetworkPartner, inNetwork(authz.Org, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/partners/:tenant/leave", "requestNetworkLeave", s.partnerAction("leave"), inNetwork(authz.Org, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/partners/:tenant/withdraw-leave", "withdrawNetworkLeave", s.partnerAction("withdraw-leave"), inNetwork(authz.Org, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/partners/:tenant/confirm-leave", "confirmNetworkLeave", s.partnerAction("confirm-leave"), inNetwork(authz.Org, write)},

		{http.MethodGet, "/api/v1/networks/:networkId/allies", "listAllies", s.listAllies, inNetwork(authz.Contacts, read)},
		{http.MethodPost, "/api/v1/networks/:networkId/allies", "createAlly", s.createAlly, inNetwork(authz.Contacts, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/allies/:allyId", "getAlly", s.getAlly, inNetwork(authz.Contacts, read)},
		{http.MethodPut, "/api/v1/networks/:networkId/allies/:allyId", "updateAlly", s.updateAlly, inNetwork(authz.Contacts, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/allies/:allyId/special", "getAllySpecial", s.getAllySpecial, inNetwork(authz.Sensitive, read)},
		{http.MethodPut, "/api/v1/networks/:networkId/allies/:allyId/special", "putAllySpecial", s.putAllySpecial, inNetwork(authz.Sensitive, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/allies/import", "importAllies", s.importAllies, inNetwork(authz.Contacts, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/allies/export", "exportAllies", s.exportAllies, inNetwork(authz.Contacts, authz.Export)},
		{http.MethodGet, "/api/v1/networks/:networkId/representation", "getRepresentation", s.getRepresentation, inNetwork(authz.Org, read)},
		{http.MethodGet, "/api/v1/networks/:networkId/coverage", "getCoverage", s.getCoverage, inNetwork(authz.Org, read)},
		{http.MethodPut, "/api/v1/networks/:networkId/coverage", "putFocus", s.putFocus, inNetwork(authz.Org, write)},

		{http.MethodGet, "/api/v1/networks/:networkId/overview", "getNetworkOverview", s.getNetworkOverview, inNetwork(authz.Org, read)},
		{http.MethodGet, "/api/v1/networks/:networkId/balance", "getNetworkBalance", s.getNetworkBalance, inNetwork(authz.Minutes, read)},
		{http.MethodGet, "/api/v1/networks/:networkId/chair-rotation", "getChairRotation", s.getChairRotation, inNetwork(authz.Contacts, read)},
		{http.MethodGet, "/api/v1/networks/:networkId/meetings", "listMeetings", s.listMeetings, inNetwork(authz.Org, read)},
		{http.MethodPost, "/api/v1/networks/:networkId/meetings", "createMeeting", s.createMeeting, inNetwork(authz.Org, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/meetings/series", "planMeetingSeries", s.planMeetingSeries, inNetwork(authz.Org, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/meetings/:meetingId", "getMeeting", s.getMeeting, inNetwork(authz.Minutes, read)},
		{http.MethodPut, "/api/v1/networks/:networkId/meetings/:meetingId", "updateMeeting", s.updateMeeting, inNetwork(authz.Org, write)},
		{http.MethodPut, "/api/v1/networks/:networkId/meetings/:meetingId/agenda", "putMeetingAgenda", s.putMeetingAgenda, inNetwork(authz.Minutes, write)},
		{http.MethodPut, "/api/v1/networks/:networkId/meetings/:meetingId/report", "putMeetingReport", s.putMeetingReport, inNetwork(authz.Minutes, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/meetings/:meetingId/close", "closeMeeting", s.closeMeeting, inNetwork(authz.Minutes, write)},
		{http.MethodPost, "/api/v1/networks/:networkId/meetings/:meetingId/cancel", "cancelMeeting", s.cancelMeeting, inNetwork(authz.Org, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/meetings/:meetingId/calendar.ics", "getMeetingCalendar", s.getMeetingCalendar, inNetwork(authz.Org, read)},
		{http.MethodPost, "/api/v1/networks/:networkId/meetings/:meetingId/actions", "createAction", s.createAction, inNetwork(authz.Minutes, write)},
		{http.MethodGet, "/api/v1/networks/:networkId/actions", "listActions", s.listActions, inNetwork(authz.Minutes, read)},
		{http.MethodPut, "/api/v1/networks/:networkId/actions/:actionId", "updateAction", s.updateAction, inNetwork(authz.Minutes, write)},

		{http.MethodGet, "/api/v1/operator/tenants", "listTenants", s.listTenants, platform(read)},
		{http.MethodPost, "/api/v1/operator/tenants", "createTenant", s.createTenant, platform(write)},
		{http.MethodGet, "/api/v1/operator/tenants/:tenantId", "getTenant", s.getTenant, platform(read)},
		{http.MethodPatch, "/api/v1/operator/tenants/:tenantId", "updateTenant", s.updateTenant, platform(write)},
		{http.MethodGet, "/api/v1/operator/tenants/:tenantId/health", "listTenantHealth", s.listTenantHealth, platform(read)},
		{http.MethodGet, "/api/v1/operator/tenants/:tenantId/sso", "getTenantSSO", s.operatorSSO(s.getSSO), platform(read)},
		{http.MethodPut, "/api/v1/operator/tenants/:tenantId/sso", "putTenantSSO", s.operatorSSO(s.putTenantSSO), platform(write)},
		{http.MethodGet, "/api/v1/operator/oversight", "listOversight", s.listOversight, platform(read)},
		{http.MethodPost, "/api/v1/operator/oversight", "createOversight", s.createOversight, platform(write)},
		{http.MethodGet, "/api/v1/operator/oversight/:oversightId", "getOversight", s.getOversight, platform(read)},
		{http.MethodPatch, "/api/v1/operator/oversight/:oversightId", "updateOversight", s.updateOversight, platform(write)},
	}
	return slices.Concat(base, s.signalRoutes(), s.crisisRoutes(), s.evaluationRoutes(), s.introductionRoutes())
}

// New builds the HTTP server with all middleware and routes.
func New(cfg Config) *Server {
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.PublicURL == nil {
		cfg.PublicURL = &url.URL{Scheme: "http", Host: "127.0.0.1:8080"}
	}
	if cfg.Metrics == nil {
		cfg.Metrics = prometheus.NewRegistry()
	}
	cfg.Clock = bondgenoten.ClockOr(cfg.Clock)
	if cfg.Signals == nil {
		cfg.Signals = &signal.Service{DB: cfg.DB, Clock: cfg.Clock}
	}
	if cfg.Crises == nil {
		cfg.Crises = &crisis.Service{DB: cfg.DB, Clock: cfg.Clock, Signals: cfg.Signals}
	}
	if cfg.Evaluations == nil {
		cfg.Evaluations = &evaluation.Service{DB: cfg.DB, Clock: cfg.Clock}
	}
	if cfg.Introductions == nil {
		cfg.Introductions = &introduction.Service{DB: cfg.DB, Clock: cfg.Clock}
	}
	if cfg.Notify == nil {
		cfg.Notify = &notify.Service{DB: cfg.DB, Clock: cfg.Clock}
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = clientIP(cfg.TrustedProxies)
	s := &Server{Echo: e, cfg: cfg, inFlight: newInFlight(cfg.MaxInFlightPerUser)}
	limited := publicLimit(cfg.PublicRateLimit)
	e.HTTPErrorHandler = s.handleError

	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		// Accept a caller's ID only when it looks like one, to keep logs clean.
		Generator: newRequestID,
		RequestIDHandler: func(c echo.Context, id string) {
			c.Set(requestIDKey, id)
		},
	}))
	e.Use(s.accessLog())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll:   true,
		DisablePrintStack: true, // the error handler logs it with the request ID
	}))
	e.Use(echoprometheus.NewMiddlewareWithConfig(echoprometheus.MiddlewareConfig{
		Namespace:  "bondgenoten",
		Subsystem:  "http",
		Registerer: cfg.Metrics,
		// The Host header is the client's to choose: as a label it would let
		// anyone create unbounded series.
		LabelFuncs: map[string]echoprometheus.LabelValueFunc{
			"host": func(echo.Context, error) string { return "" },
		},
		// Health probes and scrapes would drown the real traffic.
		Skipper: func(c echo.Context) bool {
			p := c.Path()
			return p == "/metrics" || p == "/healthz" || p == "/readyz"
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'",
	}))
	e.Use(s.securityHeaders) // Cache-Control: no-store on the API, HSTS over https (headers.go)
	// API-Version: info.version of the document, on every /api/ response (version.go).
	e.Use(apiVersionHeader())
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: cfg.BodyLimit,
		// Imports carry spreadsheets; their handler applies its own limit.
		Skipper: func(c echo.Context) bool { return c.Path() == "/api/v1/networks/:networkId/allies/import" },
	}))
	e.Use(s.csrfGuard)
	e.Use(s.checkRequestText) // NUL and non-UTF-8 text in path and query (input.go), refusals of audited data audited

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(cfg.Metrics, promhttp.HandlerOpts{})))

	s.accessOf = map[string]access{}
	for _, r := range s.routes() {
		s.accessOf[r.method+" "+r.path] = r.access
		mw := []echo.MiddlewareFunc{s.authorize(r.access)}
		if r.access.scope == scopePublic && r.operationID != "getOpenAPI" {
			mw = append([]echo.MiddlewareFunc{limited}, mw...)
		}
		e.Add(r.method, r.path, r.handler, mw...)
	}
	e.GET("/auth/:tenant/login", s.startLogin, limited)
	e.GET("/auth/callback", s.finishLogin, limited)
	e.POST("/auth/logout", s.logout)
	if cfg.DevIDP != nil {
		e.Any("/dev-idp/*", echo.WrapHandler(cfg.DevIDP))
	}
	if cfg.DevMail != nil {
		e.GET("/dev-mail", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/dev-mail/") })
		e.GET("/dev-mail/*", echo.WrapHandler(cfg.DevMail))
	} else {
		// Not the web app either: without --demo there is no mailbox.
		e.Any("/dev-mail*", func(echo.Context) error { return echo.ErrNotFound })
	}
	if cfg.Jobs != nil {
		e.Any(JobsUIPrefix+"*", echo.WrapHandler(cfg.Jobs), s.operatorsOnly)
	}
	spa := newSPA(cfg.Frontend)
	e.RouteNotFound("/*", func(c echo.Context) error { return s.fallback(c, spa) })
	return s
}

func (s *Server) notify() *notify.Service { return s.cfg.Notify }

// fallback answers every request no route took: 405 with Allow when the
// path exists for other methods, 404 problem under /api and for non-GET
// requests, and the web app (SPA fallback) otherwise.
func (s *Server) fallback(c echo.Context, spa *spa) error {
	req := c.Request()
	if allow := s.allowedMethods(req.URL.Path); len(allow) > 0 {
		c.Set(echo.ContextKeyHeaderAllow, strings.Join(allow, ", "))
		return echo.ErrMethodNotAllowed
	}
	if strings.HasPrefix(req.URL.Path, "/api/") || strings.HasPrefix(req.URL.Path, "/auth/") ||
		strings.HasPrefix(req.URL.Path, "/dev-idp") || (req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return echo.ErrNotFound
	}
	return spa.serve(c)
}

var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowedMethods lists the methods that have a real route for path.
func (s *Server) allowedMethods(path string) []string {
	var allow []string
	for _, m := range routeMethods {
		c := s.NewContext(&http.Request{Method: m, URL: &url.URL{Path: path}, Header: http.Header{}}, nil)
		s.Router().Find(m, path, c)
		if p := c.Path(); p != "" && p != "/*" {
			allow = append(allow, m)
		}
	}
	return allow
}

// HTTPServer returns an *http.Server for addr with timeouts that keep slow
// clients from holding connections.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
}
