package authz

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// modelConf is the Casbin model: RBAC with domains, a domain being a tenant.
//
//go:embed model.conf
var modelConf string

// policyCSV holds the role → (category, action) rules, defined once for all
// tenants.
//
//go:embed policy.csv
var policyCSV string

// errReadOnly is returned by the adapter's write methods: roles change
// through the identity and tenant packages, never through Casbin.
var errReadOnly = errors.New("authz: the policy adapter is read-only; change role_assignments, users or oversight instead")

// tableAdapter is a read-only persist.Adapter over our own tables. It loads
// the p rules from the embedded policy.csv and the g rules (user, role,
// tenant) from role_assignments of active users, plus the derived overseer
// rules from oversight relations in force on day.
//
// Casbin's LoadPolicy takes no context, so an adapter is made for one load
// and carries the context of that load.
type tableAdapter struct {
	ctx    context.Context
	db     bun.IDB
	day    bondgenoten.Date
	logger *slog.Logger

	// what the last load found, for the log line
	stored, derived, ignored int
}

var _ persist.Adapter = (*tableAdapter)(nil)

// assignmentsSQL selects every g rule in one statement, so stored and
// derived roles come from one consistent view of the database. That is why
// it reads identity's role_assignments and users and tenant's tenants and
// oversight itself (allowed in tableowner_test.go); their statuses and
// kinds are the owners' constants.
//
// Stored: a role assignment counts only for an active user, in the user's
// own tenant, while that tenant is active (a suspended or archived tenant's
// people hold nothing). Derived: a bureau-advisor or bureau-admin of a bureau holds
// overseer in each tenant the bureau oversees on the given day
// (tenant.ActiveOnSQL takes that day twice; its columns exist only in
// oversight, so they need no alias).
const (
	// ActiveUser is identity.StatusActive, which authz cannot import
	// (identity imports authz); identity fails to compile when they differ.
	ActiveUser   = "active"
	activeTenant = string(tenant.StatusActive)
)

const assignmentsSQL = `
SELECT ra.user_id, ra.tenant_id, ra.role, t.kind, 0 AS derived
FROM role_assignments AS ra
JOIN users AS u ON u.id = ra.user_id
JOIN tenants AS t ON t.id = ra.tenant_id
WHERE u.status = '` + ActiveUser + `' AND u.tenant_id = ra.tenant_id AND t.status = '` + activeTenant + `'
UNION ALL
SELECT DISTINCT ra.user_id, o.tenant_id, '` + string(Overseer) + `', t.kind, 1
FROM role_assignments AS ra
JOIN users AS u ON u.id = ra.user_id
JOIN tenants AS b ON b.id = ra.tenant_id
JOIN oversight AS o ON o.bureau_id = ra.tenant_id
JOIN tenants AS t ON t.id = o.tenant_id
WHERE u.status = '` + ActiveUser + `' AND u.tenant_id = ra.tenant_id
  AND b.status = '` + activeTenant + `' AND t.status = '` + activeTenant + `'
  AND b.kind = '` + string(tenant.KindBureau) + `'
  AND ra.role IN ('` + string(BureauAdvisor) + `', '` + string(BureauAdmin) + `')
  AND ` + tenant.ActiveOnSQL

// LoadPolicy fills m with the embedded p rules and the g rules read from the
// database.
func (a *tableAdapter) LoadPolicy(m model.Model) error {
	sc := bufio.NewScanner(strings.NewReader(policyCSV))
	for sc.Scan() {
		if err := persist.LoadPolicyLine(strings.TrimSpace(sc.Text()), m); err != nil {
			return fmt.Errorf("policy.csv: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}

	rows, err := a.db.QueryContext(a.ctx, assignmentsSQL, a.day, a.day)
	if err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	defer rows.Close()
	a.stored, a.derived, a.ignored = 0, 0, 0
	for rows.Next() {
		var (
			userID, tenantID uuid.UUID
			role             Role
			kind             tenant.Kind
			derived          int
		)
		if err := rows.Scan(&userID, &tenantID, &role, &kind, &derived); err != nil {
			return fmt.Errorf("load role assignments: %w", err)
		}
		// A stored row is checked against the catalogue, so a stored
		// "overseer" (never assignable) grants nothing.
		if derived == 1 {
			if kind != tenant.KindMunicipality && kind != tenant.KindPoliceUnit {
				a.ignored++
				continue
			}
			a.derived++
		} else {
			if !Assignable(kind, role) {
				// Written by a bug or by hand: never grant it. IDs only in logs.
				a.logger.Warn("authz: ignoring a role assignment not valid for the tenant's kind",
					"user_id", userID, "tenant_id", tenantID, "role", role, "tenant_kind", kind)
				a.ignored++
				continue
			}
			a.stored++
		}
		rule := []string{"g", userID.String(), string(role), tenantID.String()}
		if err := persist.LoadPolicyArray(rule, m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	return nil
}

func (a *tableAdapter) SavePolicy(model.Model) error { return errReadOnly }

func (a *tableAdapter) AddPolicy(string, string, []string) error { return errReadOnly }

func (a *tableAdapter) RemovePolicy(string, string, []string) error { return errReadOnly }

func (a *tableAdapter) RemoveFilteredPolicy(string, string, int, ...string) error {
	return errReadOnly
}
