package identity

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
)

// Package identity owns the tables users, role_assignments, sessions,
// login_attempts, tenant_oidc, tenant_email_domains and
// tenant_oidc_proposals. Other packages read users and their roles through
// these functions, batched by ID, on the connection they hold.

// UsersIn returns the users among ids that exist, by ID, in one query on db.
func UsersIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]*User, error) {
	out := map[uuid.UUID]*User{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []User
	if err := db.NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// RolesIn returns the roles users among ids hold in their own tenant, by
// user ID, in one query on db.
func RolesIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID][]string, error) {
	out := map[uuid.UUID][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []RoleAssignment
	if err := db.NewSelect().Model(&list).
		Where("role_assignment.user_id IN (?)", bun.In(ids)).
		Where("role_assignment.tenant_id = (SELECT u.tenant_id FROM users AS u WHERE u.id = role_assignment.user_id)").
		OrderExpr("role_assignment.user_id, role_assignment.role").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, ra := range list {
		out[ra.UserID] = append(out[ra.UserID], ra.Role)
	}
	return out, nil
}

// authz's policy loader reads users in one statement by their status and
// cannot import identity: its authz.ActiveUser must be StatusActive (a
// constant map with the key false twice does not compile).
var _ = map[bool]struct{}{false: {}, StatusActive == Status(authz.ActiveUser): {}}

// AddressesOf returns the email address of each active user among ids who
// has one: whom the product's email may reach, read when it is sent.
func AddressesOf(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []User
	err := db.NewSelect().Model(&list).Column("id", "email").
		Where("id IN (?) AND status = ? AND email <> ''", bun.In(ids), StatusActive).Scan(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, u := range list {
		out[u.ID] = u.Email
	}
	return out, nil
}
