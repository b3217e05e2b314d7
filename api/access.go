package api

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// scope says whose data a route touches, and so in which tenant (Casbin
// domain) its permission is checked.
type scope int

const (
	scopeNone     scope = iota // not declared: a test fails on it
	scopePublic                // no login: the directory, the API document
	scopeSelf                  // the caller's own account: any active, signed-in user
	scopeTenant                // a tenant named by the :tenant path parameter
	scopePlatform              // platform operations, for operators
	scopeOwn                   // the caller's own tenant (creating what it takes part in)
	scopeNetwork               // a network named by :networkId, reached through its partners
)

// access is what a route declares: scope, object category and action. Every
// /api/v1 request passes authorize, the single enforcement point.
type access struct {
	scope    scope
	category authz.Category
	action   authz.Action
	// narrow lists the narrower forms of action that also let a caller in
	// (e.g. signals read-shared for crisis liaisons), tried in order after
	// action itself. The handler learns which one held (grantedAction) and
	// limits its answer to it: the form is decided here, its meaning there.
	narrow []authz.Action
}

// or returns a with narrower forms of its action that also grant the route.
func (a access) or(narrow ...authz.Action) access {
	a.narrow = append(append([]authz.Action{}, a.narrow...), narrow...)
	return a
}

var (
	public = access{scope: scopePublic}
)

func self(a authz.Action) access { return access{scope: scopeSelf, category: authz.Self, action: a} }
func inTenant(c authz.Category, a authz.Action) access {
	return access{scope: scopeTenant, category: c, action: a}
}
func platform(a authz.Action) access {
	return access{scope: scopePlatform, category: authz.Tenants, action: a}
}
func inOwnTenant(c authz.Category, a authz.Action) access {
	return access{scope: scopeOwn, category: c, action: a}
}
func inNetwork(c authz.Category, a authz.Action) access {
	return access{scope: scopeNetwork, category: c, action: a}
}

// forms lists the actions that grant the route, its own first.
func (a access) forms() []authz.Action { return append([]authz.Action{a.action}, a.narrow...) }

// Context keys of the authenticated caller.
const (
	ctxUser     = "user"
	ctxSession  = "session"
	ctxTenant   = "tenant"   // the tenant a scopeTenant route acts on
	ctxNetwork  = "network"  // the network a scopeNetwork route acts on
	ctxPartners = "partners" // that network's active partner tenants
	ctxGranted  = "granted"  // the form of the route's action that let the caller in
)

// grantedAction is the form of the route's action that let the caller in:
// the plain action, or one of the narrower forms the route also accepts.
// Handlers of routes with narrow forms limit their answer by it.
func grantedAction(c echo.Context) authz.Action {
	a, _ := c.Get(ctxGranted).(authz.Action)
	return a
}

func currentUser(c echo.Context) *identity.User {
	u, _ := c.Get(ctxUser).(*identity.User)
	return u
}

func currentSession(c echo.Context) *identity.Session {
	sess, _ := c.Get(ctxSession).(*identity.Session)
	return sess
}

func targetTenant(c echo.Context) *tenant.Tenant {
	t, _ := c.Get(ctxTenant).(*tenant.Tenant)
	return t
}

// authorize enforces a route's declaration. Outside the caller's reach an
// object answers 404, so its existence does not leak; inside it, a missing
// permission answers 403.
func (s *Server) authorize(a access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.SetRequest(c.Request().WithContext(authz.WithRequestID(c.Request().Context(), requestID(c))))
			switch a.scope {
			case scopePublic:
				return next(c)
			case scopePlatform:
				if s.bootstrapToken(c) {
					if err := readBody(c); err != nil {
						return err
					}
					return next(c)
				}
			}
			user, err := s.authenticate(c)
			if err != nil {
				return err
			}
			// A person's requests in flight are capped, and a request's
			// body is read before its scope takes a database connection:
			// slow clients then hold their own goroutines, never the pool.
			if !s.inFlight.enter(user.ID) {
				// Close the connection after answering: the server does
				// not then wait to drain an unread (perhaps crawling) body.
				c.Response().Header().Set("Retry-After", "1")
				c.Response().Header().Set(echo.HeaderConnection, "close")
				return echo.NewHTTPError(http.StatusTooManyRequests)
			}
			defer s.inFlight.leave(user.ID)
			if err := readBody(c); err != nil {
				return err
			}
			ctx := c.Request().Context()
			switch a.scope {
			case scopeSelf:
				// Every active user may see and manage their own account and
				// sessions, roles or not (a person whose groups map to no role
				// must still be able to see that and sign out).
			case scopePlatform:
				if !s.cfg.Authz.Allowed(user.ID, user.TenantID, a.category, a.action) {
					return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "operators only")
				}
			case scopeTenant:
				t, err := s.cfg.Tenants.GetBySlug(ctx, c.Param("tenant"))
				if err != nil {
					return err
				}
				if t.ID != user.TenantID && !s.cfg.Authz.Reaches(user.ID, t.ID) {
					return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "tenant out of reach")
				}
				granted, allowed := a.action, false
				for _, f := range a.forms() {
					if s.cfg.Authz.Allowed(user.ID, t.ID, a.category, f) {
						granted, allowed = f, true
						break
					}
				}
				if authz.Audited(a.category) {
					if err := s.recordAudit(c, user, t.ID, access{scope: a.scope, category: a.category, action: granted}, "", allowed); err != nil {
						return err
					}
				}
				if !allowed {
					return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "no %s %s", a.category, a.action)
				}
				c.Set(ctxTenant, t)
				c.Set(ctxGranted, granted)
			case scopeOwn:
				if !s.cfg.Authz.Allowed(user.ID, user.TenantID, a.category, a.action) {
					return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "no %s %s", a.category, a.action)
				}
			case scopeNetwork:
				if err := s.authorizeNetwork(c, user, a); err != nil {
					return err
				}
				// The second wall: the request's queries run on one
				// connection limited to this network by row-level security.
				scoped, release, err := s.cfg.DB.ScopeToNetwork(ctx, currentNetworkID(c))
				if err != nil {
					return err
				}
				defer release()
				c.SetRequest(c.Request().WithContext(scoped))
			default:
				return bondgenoten.Errorf(bondgenoten.EINTERNAL, "route without access declaration")
			}
			return next(c)
		}
	}
}

// checkRequestText refuses NUL and non-UTF-8 text in the path and query
// before anything reaches the database (requestTextError). Such a request
// for audited data (contacts, special-category data, signals) is still a
// refused attempt at it, and the trail records it for a signed-in caller.
func (s *Server) checkRequestText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := requestTextError(c)
		if err == nil {
			return next(c)
		}
		if a, ok := s.accessOf[c.Request().Method+" "+c.Path()]; ok && authz.Audited(a.category) {
			if user, aerr := s.authenticate(c); aerr == nil {
				if aerr := s.recordAudit(c, user, user.TenantID, a, c.Request().URL.Path, false); aerr != nil {
					return aerr
				}
			}
		}
		return err
	}
}

// readBody reads a request's whole body into memory, within the largest
// body any route accepts (the server-wide limit, applied by its middleware
// as the body is read, is smaller for every route but the import). A client
// too slow to send it meets the server's read timeout.
func readBody(c echo.Context) error {
	req := c.Request()
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, importBodyLimit))
	if err != nil {
		var he *echo.HTTPError // the body limit middleware's 413
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &he):
			return he
		case errors.As(err, &tooLarge):
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return echo.NewHTTPError(http.StatusRequestTimeout)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	return nil
}

// inFlight counts each person's requests being served, so one account
// (or one stolen session) cannot occupy the server for everyone.
type inFlight struct {
	max int
	mu  sync.Mutex
	n   map[uuid.UUID]int
}

func newInFlight(max int) *inFlight {
	if max <= 0 {
		max = DefaultMaxInFlightPerUser
	}
	return &inFlight{max: max, n: map[uuid.UUID]int{}}
}

// DefaultMaxInFlightPerUser is enough for a web app's parallel requests.
const DefaultMaxInFlightPerUser = 16

func (f *inFlight) enter(id uuid.UUID) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[id] >= f.max {
		return false
	}
	f.n[id]++
	return true
}

func (f *inFlight) leave(id uuid.UUID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[id]--; f.n[id] <= 0 {
		delete(f.n, id)
	}
}

// recordAudit writes an authorization decision on audited data (contacts,
// sensitive, signals) to the trail of the caller's tenant. It fails closed:
// when the record cannot be written the request fails, allowed or not, so
// no read of such data and no refusal goes unrecorded.
func (s *Server) recordAudit(c echo.Context, user *identity.User, tenantID uuid.UUID, a access, object string, allowed bool) error {
	ctx := c.Request().Context()
	err := authz.Record(ctx, s.cfg.DB.For(ctx), authz.Event{
		At:       s.now(),
		TenantID: tenantID, UserID: user.ID, Category: a.category, Action: a.action,
		ObjectType: c.Path(), ObjectID: object, Allowed: allowed, RequestID: requestID(c),
	})
	if err != nil {
		s.cfg.Logger.Error("audit write failed: request refused", "err", err, "request_id", requestID(c))
		return bondgenoten.Errorf(bondgenoten.EUNAVAILABLE, "audit trail cannot be written")
	}
	return nil
}

// authenticate resolves the session cookie to an active user.
func (s *Server) authenticate(c echo.Context) (*identity.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	cookie, err := c.Cookie(s.sessionCookieName())
	if err != nil {
		return nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "not signed in")
	}
	sess, user, err := s.cfg.Identity.Authenticate(c.Request().Context(), cookie.Value)
	if err != nil {
		return nil, err
	}
	c.Set(ctxUser, user)
	c.Set(ctxSession, sess)
	return user, nil
}

// bootstrapToken accepts the static operator token: the documented way to
// create the platform tenant and its SSO before any operator can sign in.
func (s *Server) bootstrapToken(c echo.Context) bool {
	want := s.cfg.OperatorToken
	got, ok := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	return want != "" && ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// csrfGuard refuses state-changing requests that carry a session cookie but
// come from another site. Browsers send Sec-Fetch-Site (and Origin) on such
// requests; a request with neither and a cookie is refused too.
func (s *Server) csrfGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if _, err := req.Cookie(s.sessionCookieName()); err != nil {
			return next(c) // no ambient credentials: nothing to forge
		}
		switch site := req.Header.Get("Sec-Fetch-Site"); site {
		case "same-origin", "none":
			return next(c)
		case "":
			if origin := req.Header.Get("Origin"); origin != "" && origin == s.origin() {
				return next(c)
			}
		}
		return &bondgenoten.Error{Code: bondgenoten.EFORBIDDEN, Message: "cross-site request refused"}
	}
}

// authorizeNetwork: a network is in reach when one of its active partners
// is (own tenant, or overseen by the caller's bureau); the permission must
// hold in one of them. Writes need it in the caller's own tenant, as a
// partner: a bureau overseeing a partner reads, but never edits.
func (s *Server) authorizeNetwork(c echo.Context, user *identity.User, a access) error {
	// A refused attempt at audited data is recorded too, also when the
	// network is out of reach or does not exist: the trail shows who tried
	// to read allies they may not see, not only who did.
	refuse := func(err error) error {
		if authz.Audited(a.category) {
			object := auditObject(c)
			if object == "" {
				object = c.Param("networkId")
			}
			if aerr := s.recordAudit(c, user, user.TenantID, a, object, false); aerr != nil {
				return aerr
			}
		}
		return err
	}
	id, err := uuid.Parse(c.Param("networkId"))
	if err != nil {
		return refuse(bondgenoten.Errorf(bondgenoten.ENOTFOUND, "malformed network id"))
	}
	partners, err := s.cfg.Networks.ActivePartners(c.Request().Context(), id)
	if bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND {
		return refuse(err)
	} else if err != nil {
		return err
	}
	if !s.cfg.Authz.ReachesNetwork(user.ID, user.TenantID, partners) {
		return refuse(bondgenoten.Errorf(bondgenoten.ENOTFOUND, "network out of reach"))
	}
	granted, allowed := a.action, false
	for _, f := range a.forms() {
		if s.cfg.Authz.AllowedInNetwork(user.ID, user.TenantID, partners, a.category, f) {
			granted, allowed = f, true
			break
		}
	}
	if authz.Audited(a.category) {
		object := auditObject(c)
		if object == "" {
			object = id.String()
		}
		if err := s.recordAudit(c, user, user.TenantID, access{scope: a.scope, category: a.category, action: granted}, object, allowed); err != nil {
			return err
		}
	}
	if !allowed {
		return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "no %s %s in this network", a.category, a.action)
	}
	c.Set(ctxNetwork, id)
	c.Set(ctxPartners, partners)
	c.Set(ctxGranted, granted)
	return nil
}

// auditObject names the object an audited network route is about: the
// most specific of its path parameters.
func auditObject(c echo.Context) string {
	for _, p := range []string{"allyId", "signalId", "moodPictureId", "pollId", "crisisId"} {
		if v := c.Param(p); v != "" {
			return v
		}
	}
	return ""
}

// mayReadInNetwork reports whether the caller may read category cat in the
// network the route is about (in one of its active partners), for handlers
// whose answer depends on more than the route's own permission.
func (s *Server) mayReadInNetwork(c echo.Context, cat authz.Category) bool {
	user := currentUser(c)
	partners, _ := c.Get(ctxPartners).([]uuid.UUID)
	return s.cfg.Authz.AllowedInNetwork(user.ID, user.TenantID, partners, cat, authz.Read)
}
