package authz

import (
	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
)

// CasbinAllowed asks the Casbin enforcer behind the current snapshot, for
// tests that compare it with the compiled table Allowed reads.
func (e *Enforcer) CasbinAllowed(userID, tenantID uuid.UUID, c Category, a Action) bool {
	ok, err := e.cur.Load().casbin.Enforce(userID.String(), tenantID.String(), string(c), string(a))
	if err != nil {
		panic(err)
	}
	return ok
}

// SetClock replaces the clock the Enforcer reads the calendar day from.
// Call it before Run.
func (e *Enforcer) SetClock(c bondgenoten.Clock) { e.clock = c }

// LoadedVersion is the policy_version of the current snapshot.
func (e *Enforcer) LoadedVersion() int64 { return e.cur.Load().version }

// PolicyCSV is the embedded policy.
var PolicyCSV = policyCSV
