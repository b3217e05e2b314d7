// Package authz decides who may do what in which tenant (docs/design.md §4).
//
// The Casbin model (model.conf, RBAC with domains: a domain is a tenant) and
// the role → (category, action) rules (policy.csv) are embedded; the rules
// are defined once for all tenants. The per-tenant part — which user holds
// which role where — is read from role_assignments of active users, plus
// the derived role Overseer from today's oversight relations, by a
// read-only Casbin adapter over our own tables.
//
// Each load builds a new Casbin enforcer off to the side, compiles what it
// loaded into an immutable lookup table, and swaps both in atomically:
// checks never see a half-loaded policy and never touch the database.
// Replicas poll policy_version (see BumpVersion and Run).
package authz

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// PollInterval is how often Run looks at policy_version.
const PollInterval = 500 * time.Millisecond

// Enforcer answers access questions from memory. It is safe for concurrent
// use; Reload and Run replace its policy atomically.
type Enforcer struct {
	db     *store.DB
	logger *slog.Logger
	clock  bondgenoten.Clock // tells the day oversight is evaluated for

	loadMu sync.Mutex // one load at a time, so a newer policy is never replaced by an older one
	cur    atomic.Pointer[snapshot]
}

// snapshot is one loaded policy; it never changes once published.
type snapshot struct {
	casbin  *casbin.SyncedEnforcer    // the engine that loaded it, kept for cross-checks
	version int64                     // policy_version read before loading
	day     bondgenoten.Date          // the day oversight was evaluated for
	grants  map[grantKey]*grant       // (user, tenant) → roles and permissions
	reach   map[uuid.UUID][]uuid.UUID // user → the tenants they hold any role in
}

// grantKey is a user and a tenant, as raw UUID bytes.
type grantKey [32]byte

func keyOf(userID, tenantID uuid.UUID) (k grantKey) {
	copy(k[:16], userID[:])
	copy(k[16:], tenantID[:])
	return k
}

// grant is what a user holds in one tenant: a bit per role (catalogue
// order) and, per category, a bit per action — the union over those roles.
type grant struct {
	roles uint16
	perms [numCategories]uint16
}

// New loads the policy and returns an Enforcer on the system clock. A nil
// logger discards.
func New(ctx context.Context, db *store.DB, logger *slog.Logger) (*Enforcer, error) {
	return NewWithClock(ctx, db, logger, nil)
}

// NewWithClock is New on clock (nil is the system clock): oversight is
// evaluated for the calendar day in Europe/Amsterdam on clock, and Run
// reloads when that day changes. Give it the clock the services have.
func NewWithClock(ctx context.Context, db *store.DB, logger *slog.Logger, clock bondgenoten.Clock) (*Enforcer, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := &Enforcer{db: db, logger: logger, clock: bondgenoten.ClockOr(clock)}
	if err := e.Reload(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// Allowed reports whether user may do a with category c in tenant. It reads
// memory only and does not allocate. Unknown users, tenants, categories and
// actions are denied.
func (e *Enforcer) Allowed(userID, tenantID uuid.UUID, c Category, a Action) bool {
	g := e.cur.Load().grants[keyOf(userID, tenantID)]
	if g == nil {
		return false
	}
	ci, ok := categoryIndex[c]
	if !ok {
		return false
	}
	ai, ok := actionIndex[a]
	if !ok {
		return false
	}
	return g.perms[ci]&(1<<ai) != 0
}

// Reaches reports whether user holds any role, stored or derived, in
// tenant. The API answers 404 for a tenant out of reach (so nobody learns
// that it exists) and 403 for a missing permission within reach.
func (e *Enforcer) Reaches(userID, tenantID uuid.UUID) bool {
	return e.cur.Load().grants[keyOf(userID, tenantID)] != nil
}

// TenantsWhere lists the tenants in which user may do a with category c:
// for listing objects that span tenants (networks) without asking each.
func (e *Enforcer) TenantsWhere(userID uuid.UUID, c Category, a Action) []uuid.UUID {
	cur := e.cur.Load()
	var out []uuid.UUID
	for _, tenantID := range cur.reach[userID] {
		if e.Allowed(userID, tenantID, c, a) {
			out = append(out, tenantID)
		}
	}
	return out
}

// Roles lists the roles user holds in tenant, stored and derived, sorted by
// name; nil when none.
func (e *Enforcer) Roles(userID, tenantID uuid.UUID) []Role {
	g := e.cur.Load().grants[keyOf(userID, tenantID)]
	if g == nil {
		return nil
	}
	var out []Role
	for i, r := range roles {
		if g.roles&(1<<i) != 0 {
			out = append(out, r.role)
		}
	}
	slices.Sort(out)
	return out
}

// Reload loads the policy from the database now and swaps it in. Call it
// after committing a change of roles, user status or oversight (with
// BumpVersion in that transaction) for the change to apply on this replica
// at once; Run brings it to the others.
func (e *Enforcer) Reload(ctx context.Context) error {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	start := time.Now()
	s, a, err := e.load(ctx)
	if err != nil {
		return err
	}
	e.cur.Store(s)
	e.logger.Info("authz: policy loaded",
		"version", s.version, "day", s.day.String(),
		"assignments", a.stored, "derived", a.derived, "ignored", a.ignored,
		"duration", time.Since(start).Round(time.Microsecond))
	return nil
}

// Run polls policy_version every PollInterval and reloads when the version
// or the calendar day in Amsterdam (oversight is date-bound) has changed.
// It returns when ctx ends. While the database is unreachable the last
// loaded policy stays in force.
func (e *Enforcer) Run(ctx context.Context) {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := e.poll(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil && !failing:
			failing = true
			e.logger.Warn("authz: policy refresh failed; keeping the loaded policy", "err", err)
		case err == nil && failing:
			failing = false
			e.logger.Info("authz: policy refresh works again")
		}
	}
}

// today is the calendar day in Europe/Amsterdam on the enforcer's clock.
func (e *Enforcer) today() bondgenoten.Date { return bondgenoten.TodayOn(e.clock) }

func (e *Enforcer) poll(ctx context.Context) error {
	s := e.cur.Load()
	v, err := readVersion(ctx, e.db.Unscoped())
	if err != nil {
		return err
	}
	if v == s.version && e.today() == s.day {
		return nil
	}
	return e.Reload(ctx)
}

// load builds a new snapshot: it reads the version first, so a change
// committed during the load is caught by the next poll.
func (e *Enforcer) load(ctx context.Context) (*snapshot, *tableAdapter, error) {
	day := e.today()
	version, err := readVersion(ctx, e.db.Unscoped())
	if err != nil {
		return nil, nil, err
	}
	m, err := model.NewModelFromString(modelConf)
	if err != nil {
		return nil, nil, fmt.Errorf("authz: model: %w", err)
	}
	a := &tableAdapter{ctx: ctx, db: e.db.Unscoped(), day: day, logger: e.logger}
	ce, err := casbin.NewSyncedEnforcer(m, a)
	if err != nil {
		return nil, nil, fmt.Errorf("authz: load policy: %w", err)
	}
	grants, err := compile(ce)
	if err != nil {
		return nil, nil, err
	}
	reach := make(map[uuid.UUID][]uuid.UUID)
	for k := range grants {
		userID, tenantID := uuid.UUID(k[:16]), uuid.UUID(k[16:])
		reach[userID] = append(reach[userID], tenantID)
	}
	return &snapshot{casbin: ce, version: version, day: day, grants: grants, reach: reach}, a, nil
}

// compile turns what Casbin loaded into the lookup table Allowed reads: the
// p rules into a permission set per role, the g rules into a grant per
// (user, tenant). The model's matcher is plain equality on category and
// action plus a role link in the tenant, which this reproduces exactly; a
// test compares both on every role, category, action and tenant.
func compile(ce *casbin.SyncedEnforcer) (map[grantKey]*grant, error) {
	var perms [numRoles][numCategories]uint16
	ps, err := ce.GetPolicy()
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if len(p) != 3 {
			return nil, fmt.Errorf("authz: policy rule %v: want role, category, action", p)
		}
		ri, okR := roleIndex[Role(p[0])]
		ci, okC := categoryIndex[Category(p[1])]
		ai, okA := actionIndex[Action(p[2])]
		if !okR || !okC || !okA {
			return nil, fmt.Errorf("authz: policy rule %v names an unknown role, category or action", p)
		}
		perms[ri][ci] |= 1 << ai
	}
	gs, err := ce.GetNamedGroupingPolicy("g")
	if err != nil {
		return nil, err
	}
	grants := make(map[grantKey]*grant, len(gs))
	for _, g := range gs {
		if len(g) != 3 {
			return nil, fmt.Errorf("authz: role rule %v: want user, role, tenant", g)
		}
		userID, err1 := uuid.Parse(g[0])
		tenantID, err2 := uuid.Parse(g[2])
		ri, ok := roleIndex[Role(g[1])]
		if err1 != nil || err2 != nil || !ok {
			return nil, fmt.Errorf("authz: role rule %v is malformed", g)
		}
		k := keyOf(userID, tenantID)
		gr := grants[k]
		if gr == nil {
			gr = new(grant)
			grants[k] = gr
		}
		gr.roles |= 1 << ri
		for ci := range gr.perms {
			gr.perms[ci] |= perms[ri][ci]
		}
	}
	return grants, nil
}

func readVersion(ctx context.Context, db bun.IDB) (int64, error) {
	var v int64
	err := db.NewSelect().Table("policy_version").Column("version").Where("id = 1").Scan(ctx, &v)
	if err != nil {
		return 0, fmt.Errorf("authz: read policy version: %w", err)
	}
	return v, nil
}

// BumpVersion increments policy_version. Run it in the transaction that
// changes roles, a user's status or oversight; then call Reload on this
// replica. Other replicas reload within a second (Run).
func BumpVersion(ctx context.Context, db bun.IDB) error {
	return store.BumpPolicyVersion(ctx, db)
}
