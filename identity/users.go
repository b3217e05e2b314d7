package identity

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Claims are what an ID token tells us about a person.
type Claims struct {
	Subject       string
	Email         string
	EmailVerified *bool // nil when the provider does not say
	Name          string
	Groups        []string
}

// provision finds or creates the user behind verified claims inside tx, and
// brings their group-sourced roles in line with the groups they have now.
// Admin-given roles stay. A new person is active at once (JIT) or pending
// until approved, per the tenant's settings.
func (s *Service) provision(ctx context.Context, tx bun.Tx, t *tenant.Tenant, st *Settings, c Claims) (*User, error) {
	now := s.now()
	u := new(User)
	err := tx.NewSelect().Model(u).
		Where("tenant_id = ? AND issuer = ? AND subject = ?", t.ID, st.Issuer, c.Subject).Scan(ctx)
	switch bondgenoten.ErrorCode(store.MapError(err)) {
	case "":
		u.Email, u.Name, u.UpdatedAt, u.LastLoginAt = c.Email, c.Name, now, &now
		if _, err := tx.NewUpdate().Model(u).Column("email", "name", "updated_at", "last_login_at").WherePK().Exec(ctx); err != nil {
			return nil, err
		}
	case bondgenoten.ENOTFOUND:
		status := StatusPending
		if st.Provisioning == ProvisionJIT {
			status = StatusActive
		}
		u = &User{
			ID: uuid.Must(uuid.NewV7()), TenantID: t.ID, Issuer: st.Issuer, Subject: c.Subject,
			Email: c.Email, Name: c.Name, Status: status, CreatedAt: now, UpdatedAt: now, LastLoginAt: &now,
		}
		if _, err := tx.NewInsert().Model(u).Exec(ctx); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	if u.Status == StatusDeactivated {
		return u, nil
	}
	changed, err := s.syncGroupRoles(ctx, tx, t, u, st.groupRoles(), c.Groups)
	if err != nil {
		return nil, err
	}
	if changed {
		return u, authz.BumpVersion(ctx, tx)
	}
	return u, nil
}

// syncGroupRoles makes the user's group-sourced roles exactly those their
// groups map to, and reports whether anything changed.
func (s *Service) syncGroupRoles(ctx context.Context, tx bun.Tx, t *tenant.Tenant, u *User, mapping map[string][]string, groups []string) (bool, error) {
	allowed := authz.RolesFor(t.Kind)
	want := map[string]bool{}
	for _, g := range groups {
		for _, r := range mapping[g] {
			if slices.Contains(allowed, authz.Role(r)) {
				want[r] = true
			}
		}
	}
	var have []RoleAssignment
	if err := tx.NewSelect().Model(&have).Where("user_id = ?", u.ID).Scan(ctx); err != nil {
		return false, err
	}
	before := roleNames(have)
	after := slices.Clone(before)
	changed := false
	for _, ra := range have {
		if want[ra.Role] {
			delete(want, ra.Role) // held already, from a group or an admin
			continue
		}
		if ra.Source == SourceGroup {
			if _, err := tx.NewDelete().Model(&ra).WherePK().Exec(ctx); err != nil {
				return false, err
			}
			after = slices.DeleteFunc(after, func(r string) bool { return r == ra.Role })
			changed = true
		}
	}
	for r := range want {
		ra := &RoleAssignment{UserID: u.ID, TenantID: t.ID, Role: r, Source: SourceGroup, CreatedAt: s.now()}
		if _, err := tx.NewInsert().Model(ra).Exec(ctx); err != nil {
			return false, err
		}
		after = append(after, r)
		changed = true
	}
	if changed {
		rc := roleChange{clock: s.Clock, followUp: s.staffChanged, tenant: t, target: u, from: before, to: after, source: SourceGroup}
		if err := rc.record(ctx, tx); err != nil {
			return false, err
		}
	}
	return changed, nil
}

// UserView is a user as tenant admins see them.
type UserView struct {
	ID          uuid.UUID  `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Status      Status     `json:"status"`
	Roles       []string   `json:"roles"`
	GroupRoles  []string   `json:"groupRoles"` // the roles that come from the provider's groups
	CreatedAt   time.Time  `json:"createdAt"`
	LastLoginAt *time.Time `json:"lastLoginAt"`
}

// Users lists a tenant's users by name with their roles.
func (s *Service) Users(ctx context.Context, tenantID uuid.UUID) ([]UserView, error) {
	var users []User
	if err := s.DB.For(ctx).NewSelect().Model(&users).Where("tenant_id = ?", tenantID).OrderExpr("name, email, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var roles []RoleAssignment
	if err := s.DB.For(ctx).NewSelect().Model(&roles).Where("tenant_id = ?", tenantID).Order("role").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	byUser := map[uuid.UUID][]RoleAssignment{}
	for _, r := range roles {
		byUser[r.UserID] = append(byUser[r.UserID], r)
	}
	out := make([]UserView, 0, len(users))
	for _, u := range users {
		out = append(out, u.view(byUser[u.ID]))
	}
	return out, nil
}

func (u *User) view(assignments []RoleAssignment) UserView {
	v := UserView{ID: u.ID, Email: u.Email, Name: u.Name, Status: u.Status, Roles: []string{}, GroupRoles: []string{},
		CreatedAt: u.CreatedAt, LastLoginAt: u.LastLoginAt}
	for _, a := range assignments {
		v.Roles = append(v.Roles, a.Role)
		if a.Source == SourceGroup {
			v.GroupRoles = append(v.GroupRoles, a.Role)
		}
	}
	slices.Sort(v.Roles)
	slices.Sort(v.GroupRoles)
	return v
}

// assignmentsOf loads a user's role assignments inside tx.
func assignmentsOf(ctx context.Context, tx bun.Tx, userID uuid.UUID) ([]RoleAssignment, error) {
	var out []RoleAssignment
	err := tx.NewSelect().Model(&out).Where("user_id = ?", userID).Scan(ctx)
	return out, err
}

// RolesOf returns a user's stored roles, sorted.
func (s *Service) RolesOf(ctx context.Context, userID uuid.UUID) ([]string, error) {
	var roles []string
	err := s.DB.For(ctx).NewSelect().Model((*RoleAssignment)(nil)).Column("role").Where("user_id = ?", userID).Order("role").Scan(ctx, &roles)
	return roles, store.MapError(err)
}

// tenantUser loads a user of tenantID inside tx; users of other tenants are
// not found.
func tenantUser(ctx context.Context, tx bun.Tx, tenantID, userID uuid.UUID) (*User, error) {
	u := new(User)
	if err := tx.NewSelect().Model(u).Where("id = ? AND tenant_id = ?", userID, tenantID).Scan(ctx); err != nil {
		return nil, err
	}
	return u, nil
}

// SetStatus approves (active) or deactivates a user. Deactivation ends all
// their sessions at once; both take effect in authorization immediately.
func (s *Service) SetStatus(ctx context.Context, tenantID, userID uuid.UUID, status Status) (*UserView, error) {
	var out UserView
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := tenantUser(ctx, tx, tenantID, userID)
		if err != nil {
			return err
		}
		changed := u.Status != status
		u.Status, u.UpdatedAt = status, s.now()
		if _, err := tx.NewUpdate().Model(u).Column("status", "updated_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		if changed {
			if err := s.staffChanged(ctx, tx, tenantID, u.ID); err != nil {
				return err
			}
		}
		if status == StatusDeactivated {
			if _, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
				return err
			}
		}
		assignments, err := assignmentsOf(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		out = u.view(assignments)
		return authz.BumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	s.reloadPolicy(ctx)
	return &out, nil
}

// SetRoles replaces the roles an admin (actor) gave a user; roles from
// groups stay as the identity provider says at the next login. Nobody
// changes their own roles: an administrator who could would grant
// themselves any access. Every change is audited and, when it grants a
// role that sees allies' personal data, announced (see roleChange).
func (s *Service) SetRoles(ctx context.Context, t *tenant.Tenant, actor *User, userID uuid.UUID, roles []string) (*UserView, error) {
	if actor == nil || actor.ID == userID {
		refused := &bondgenoten.Error{Code: bondgenoten.EFORBIDDEN, Message: "nobody changes their own roles",
			Fields: map[string]bondgenoten.FieldViolation{"userId": {Rule: RuleNotOwnRoles}}}
		if actor == nil {
			return nil, refused
		}
		// The attempt is part of the record: who tried to widen their own reach.
		detail, _ := json.Marshal(map[string]any{"to": sortedCopy(roles), "refused": "own roles"})
		if err := authz.Record(ctx, s.DB.For(ctx), authz.Event{
			At: s.now(), TenantID: t.ID, UserID: actor.ID, Category: authz.Admin, Action: authz.Write,
			ObjectType: "user_roles", ObjectID: userID.String(), Allowed: false, Detail: string(detail),
		}); err != nil {
			return nil, bondgenoten.Errorf(bondgenoten.EUNAVAILABLE, "audit trail cannot be written")
		}
		return nil, refused
	}
	allowed := authz.RolesFor(t.Kind)
	for _, r := range roles {
		if !slices.Contains(allowed, authz.Role(r)) {
			return nil, bondgenoten.Invalid("roles", RuleRole, rolesParam(allowed))
		}
	}
	var out UserView
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := tenantUser(ctx, tx, t.ID, userID)
		if err != nil {
			return err
		}
		before, err := assignmentsOf(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*RoleAssignment)(nil)).Where("user_id = ? AND source = ?", u.ID, SourceAdmin).Exec(ctx); err != nil {
			return err
		}
		have, err := assignmentsOf(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		for _, r := range roles {
			if slices.ContainsFunc(have, func(a RoleAssignment) bool { return a.Role == r }) {
				continue // already held through a group (or listed twice)
			}
			a := RoleAssignment{UserID: u.ID, TenantID: t.ID, Role: r, Source: SourceAdmin, CreatedAt: s.now()}
			if _, err := tx.NewInsert().Model(&a).Exec(ctx); err != nil {
				return err
			}
			have = append(have, a)
		}
		out = u.view(have)
		rc := roleChange{clock: s.Clock, followUp: s.staffChanged, tenant: t, actorID: actor.ID, actor: actor.DisplayName(), target: u,
			from: roleNames(before), to: roleNames(have), source: SourceAdmin}
		if err := rc.record(ctx, tx); err != nil {
			return err
		}
		return authz.BumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	s.reloadPolicy(ctx)
	return &out, nil
}

// Person is someone's name and email, as colleagues in other partner
// organisations of a network see them.
type Person struct {
	ID    uuid.UUID `json:"id"`
	Name  string    `json:"name"`
	Email string    `json:"email"`
}

// HoldersOf returns, per tenant, the active users holding role there.
func (s *Service) HoldersOf(ctx context.Context, tenantIDs []uuid.UUID, role string) (map[uuid.UUID][]Person, error) {
	out := map[uuid.UUID][]Person{}
	if len(tenantIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		TenantID uuid.UUID `bun:"tenant_id"`
		ID       uuid.UUID `bun:"id"`
		Name     string    `bun:"name"`
		Email    string    `bun:"email"`
	}
	err := s.DB.For(ctx).NewSelect().TableExpr("users AS u").
		ColumnExpr("u.tenant_id, u.id, u.name, u.email").
		Join("JOIN role_assignments AS ra ON ra.user_id = u.id AND ra.tenant_id = u.tenant_id").
		Where("u.tenant_id IN (?) AND ra.role = ? AND u.status = ?", bun.In(tenantIDs), role, StatusActive).
		OrderExpr("u.name, u.email").Scan(ctx, &rows)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, r := range rows {
		out[r.TenantID] = append(out[r.TenantID], Person{r.ID, r.Name, r.Email})
	}
	return out, nil
}

// HoldersIn lists the active users of tenantID holding any of roles, read
// in db (the transaction of a change that tells them something).
func HoldersIn(ctx context.Context, db bun.IDB, tenantID uuid.UUID, roles ...string) ([]uuid.UUID, error) {
	var out []uuid.UUID
	if len(roles) == 0 {
		return out, nil
	}
	err := db.NewSelect().TableExpr("role_assignments AS ra").ColumnExpr("DISTINCT ra.user_id").
		Join("JOIN users AS u ON u.id = ra.user_id").
		Where("ra.tenant_id = ? AND ra.role IN (?) AND u.status = ?", tenantID, bun.In(roles), StatusActive).
		Scan(ctx, &out)
	return out, store.MapError(err)
}

// TellNetwork notifies, in db (the transaction of the change), the active
// holders of roles in each active partner of the network: one
// notify.Add per partner tenant, dated by clock. m names the network at
// most — never allies, special-category data or a signal's content.
func TellNetwork(ctx context.Context, db bun.IDB, clock bondgenoten.Clock, networkID uuid.UUID, roles []string, m notify.Message) error {
	partners, err := network.ActivePartnersIn(ctx, db, []uuid.UUID{networkID})
	if err != nil {
		return err
	}
	for _, p := range partners[networkID] {
		to, err := HoldersIn(ctx, db, p, roles...)
		if err != nil {
			return err
		}
		if err := notify.Add(ctx, db, clock, p, to, m); err != nil {
			return err
		}
	}
	return nil
}
