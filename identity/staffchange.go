package identity

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/authz"
)

// StaffChangedArgs tells the workers that a person's standing in a
// network's work may have changed: they gained or lost the coordinator or
// staff role, or were deactivated or approved. It is inserted in the
// transaction of the change, so a change that commits cannot miss its
// follow-up (a new colleague's introduction, a leaver's handover) and one
// that rolls back causes none.
//
// The job holds IDs only. Its workers read the state as it is when they
// run and bring their own records in line with it, so a job run twice, or
// two changes in quick succession, have the effect of the last state once.
type StaffChangedArgs struct {
	TenantID uuid.UUID `json:"tenantId"`
	UserID   uuid.UUID `json:"userId"`
}

func (StaffChangedArgs) Kind() string { return "staff.changed" }

// NetworkRoles are the roles that do a network's work on a partner's side:
// the ones a new colleague is introduced for and a leaver hands over.
var NetworkRoles = []authz.Role{authz.Coordinator, authz.Staff}

// IsNetworkRole tells whether role does a network's work.
func IsNetworkRole(role string) bool { return slices.Contains(NetworkRoles, authz.Role(role)) }

// networkRolesDiffer tells whether from and to differ in a network role.
func networkRolesDiffer(from, to []string) bool {
	for _, r := range NetworkRoles {
		if slices.Contains(from, string(r)) != slices.Contains(to, string(r)) {
			return true
		}
	}
	return false
}

// staffChanged inserts the follow-up job in tx; without a job inserter
// (tests of this package alone) there is none.
func (s *Service) staffChanged(ctx context.Context, tx bun.Tx, tenantID, userID uuid.UUID) error {
	if s.Jobs == nil {
		return nil
	}
	_, err := s.Jobs.InsertTx(ctx, tx.Tx, StaffChangedArgs{TenantID: tenantID, UserID: userID}, nil)
	return err
}
