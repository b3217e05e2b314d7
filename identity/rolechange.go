package identity

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// roleChange is one change of a user's roles, as the tenant's audit trail
// keeps it: who (the actor; uuid.Nil for the identity provider's groups at
// sign-in), whom, from what to what.
type roleChange struct {
	tenant   *tenant.Tenant
	actorID  uuid.UUID
	actor    string // the actor's name for people; "" for the identity provider
	target   *User
	from, to []string
	source   string            // SourceAdmin or SourceGroup
	clock    bondgenoten.Clock // the service's, for the audit event and the notifications
	// followUp inserts the StaffChangedArgs job when a network role
	// changes (Service.staffChanged).
	followUp func(ctx context.Context, tx bun.Tx, tenantID, userID uuid.UUID) error
}

// gained lists the roles in to that were not in from.
func (rc roleChange) gained() []string {
	var out []string
	for _, r := range rc.to {
		if !slices.Contains(rc.from, r) {
			out = append(out, r)
		}
	}
	return out
}

// record writes the change to the tenant's audit trail and, when the user
// gains a role that sees allies' contact or special-category data, tells
// the user and the tenant's coordinators — all in tx, the transaction of
// the change itself: a change that rolls back leaves no trace, and one that
// commits cannot go unrecorded.
func (rc roleChange) record(ctx context.Context, tx bun.Tx) error {
	from, to := sortedCopy(rc.from), sortedCopy(rc.to)
	if slices.Equal(from, to) {
		return nil
	}
	detail, _ := json.Marshal(map[string]any{"from": from, "to": to, "source": rc.source})
	if err := authz.Record(ctx, tx, authz.Event{
		At:       bondgenoten.NowOn(rc.clock),
		TenantID: rc.tenant.ID, UserID: rc.actorID, Category: authz.Admin, Action: authz.Write,
		ObjectType: "user_roles", ObjectID: rc.target.ID.String(), Allowed: true, Detail: string(detail),
	}); err != nil {
		return err
	}
	if rc.followUp != nil && networkRolesDiffer(from, to) {
		if err := rc.followUp(ctx, tx, rc.tenant.ID, rc.target.ID); err != nil {
			return err
		}
	}
	var sensitive []string
	for _, r := range rc.gained() {
		if authz.Role(r).SeesPersonalData() {
			sensitive = append(sensitive, r)
		}
	}
	if len(sensitive) == 0 {
		return nil
	}
	if err := notify.Add(ctx, tx, rc.clock, rc.tenant.ID, []uuid.UUID{rc.target.ID}, notify.Message{
		Kind:   notify.RoleGranted,
		Params: map[string]string{"roles": strings.Join(sensitive, ","), "by": rc.actor, "source": rc.source},
		Link:   "/",
	}); err != nil {
		return err
	}
	var coordinators []uuid.UUID
	if err := tx.NewSelect().TableExpr("role_assignments AS ra").ColumnExpr("ra.user_id").
		Join("JOIN users AS u ON u.id = ra.user_id").
		Where("ra.tenant_id = ? AND ra.role = ? AND u.status = ? AND u.id <> ?",
			rc.tenant.ID, string(authz.Coordinator), StatusActive, rc.target.ID).
		Scan(ctx, &coordinators); err != nil {
		return err
	}
	return notify.Add(ctx, tx, rc.clock, rc.tenant.ID, coordinators, notify.Message{
		Kind: notify.RolesChanged,
		Params: map[string]string{
			"user": rc.target.DisplayName(), "roles": strings.Join(sensitive, ","),
			"by": rc.actor, "source": rc.source,
		},
		// Coordinators are told, not asked: they need not administer users
		// (the users page is the administrators'), so no link to it.
		Link: "/",
	})
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// DisplayName is how colleagues see a person: name, else email.
func (u *User) DisplayName() string {
	if u == nil {
		return ""
	}
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// roleNames lists the roles of assignments.
func roleNames(as []RoleAssignment) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.Role)
	}
	return out
}
