package identity_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// staffJobs counts the staff.changed jobs for userID.
func staffJobs(t *testing.T, db *store.DB, userID string) int {
	t.Helper()
	var args []string
	if err := db.Unscoped().NewSelect().Table("river_job").Column("args").
		Where("kind = ?", identity.StaffChangedArgs{}.Kind()).Scan(context.Background(), &args); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range args {
		if containsAll(a, userID) {
			n++
		}
	}
	return n
}

// A change of someone's network roles or status causes exactly one
// follow-up job, in the change's transaction; other changes cause none.
func TestNetworkRoleAndStatusChangesInsertTheirFollowUp(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		e.ids.Jobs = e.tenants.Jobs
		ctx := context.Background()
		utrecht := e.tenant("utrecht")
		admin := e.login("tenant-admin@utrecht.demo").User
		if n := staffJobs(t, db, admin.ID.String()); n != 0 {
			t.Fatalf("a tenant-admin's first sign-in caused %d staff jobs; want 0 (not a network role)", n)
		}
		staff := e.login("staff@utrecht.demo").User
		want := 1 // the first sign-in gave the staff role through the group
		check := func(step string) {
			t.Helper()
			if n := staffJobs(t, db, staff.ID.String()); n != want {
				t.Fatalf("%s: %d staff jobs; want %d", step, n, want)
			}
		}
		check("first sign-in with the staff group")
		e.login("staff@utrecht.demo")
		check("second sign-in, nothing changed")
		if _, err := e.ids.SetRoles(ctx, utrecht, admin, staff.ID, []string{"crisis-liaison"}); err != nil {
			t.Fatal(err)
		}
		check("a role that does no network work added")
		if _, err := e.ids.SetRoles(ctx, utrecht, admin, staff.ID, []string{"crisis-liaison", "coordinator"}); err != nil {
			t.Fatal(err)
		}
		want++
		check("coordinator given by an administrator")
		if _, err := e.ids.SetRoles(ctx, utrecht, admin, staff.ID, []string{"coordinator", "no-such-role"}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("unknown role: %v; want invalid", err)
		}
		check("a refused change")
		if _, err := e.ids.SetStatus(ctx, utrecht.ID, staff.ID, identity.StatusDeactivated); err != nil {
			t.Fatal(err)
		}
		want++
		check("deactivated")
		if _, err := e.ids.SetStatus(ctx, utrecht.ID, staff.ID, identity.StatusDeactivated); err != nil {
			t.Fatal(err)
		}
		check("deactivated again (no change)")
		if _, err := e.ids.SetStatus(ctx, utrecht.ID, staff.ID, identity.StatusActive); err != nil {
			t.Fatal(err)
		}
		want++
		check("active again")
	})
}
