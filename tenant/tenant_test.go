package tenant_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// setup returns a tenant service on db with a real, insert-only River client.
func setup(t *testing.T, db *store.DB) *tenant.Service {
	t.Helper()
	return tenanttest.Service(t, db)
}

func count(t *testing.T, db *store.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := db.Unscoped().NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func mustCreate(t *testing.T, s *tenant.Service, slug string, kind tenant.Kind) *tenant.Tenant {
	t.Helper()
	tn, err := s.Create(context.Background(), tenant.CreateInput{Slug: slug, Name: "Naam " + slug, Kind: kind})
	if err != nil {
		t.Fatalf("create %s: %v", slug, err)
	}
	return tn
}

func TestCreateGetUpdate(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		created, err := s.Create(ctx, tenant.CreateInput{Slug: "utrecht", Name: "  Gemeente Utrecht ", Kind: tenant.KindMunicipality, Region: "Midden-Nederland"})
		if err != nil {
			t.Fatal(err)
		}
		if created.Name != "Gemeente Utrecht" || created.Status != tenant.StatusActive {
			t.Fatalf("created = %+v; want trimmed name and status active", created)
		}
		got, err := s.GetBySlug(ctx, "utrecht")
		if err != nil || got.ID != created.ID || !got.CreatedAt.Equal(created.CreatedAt) {
			t.Fatalf("GetBySlug = %+v, %v; want %+v", got, err, created)
		}
		name, status := "Utrecht", tenant.StatusSuspended
		updated, err := s.Update(ctx, created.ID, tenant.UpdateInput{Name: &name, Status: &status})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := s.Get(ctx, created.ID)
		if again.Name != "Utrecht" || again.Status != tenant.StatusSuspended || again.Region != "Midden-Nederland" || !again.UpdatedAt.Equal(updated.UpdatedAt) {
			t.Fatalf("after update = %+v", again)
		}
		// The suspension's follow-up (its people's handover) is queued with it;
		// a change of name alone queues none.
		if n := count(t, db, "river_job", "kind = ?", tenant.StatusChangedArgs{}.Kind()); n != 1 {
			t.Fatalf("status-changed jobs after suspending = %d; want 1", n)
		}
		other := "Gemeente Utrecht"
		if _, err := s.Update(ctx, created.ID, tenant.UpdateInput{Name: &other, Status: &status}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "river_job", "kind = ?", tenant.StatusChangedArgs{}.Kind()); n != 1 {
			t.Fatalf("status-changed jobs after renaming = %d; want still 1", n)
		}
		if _, err := s.Get(ctx, uuid.New()); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("Get(unknown) = %v; want not_found", err)
		}
	})
}

func TestCreateRejectsBadInputAndWritesNothing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		mustCreate(t, s, "zeist", tenant.KindMunicipality)
		cases := []struct {
			name  string
			in    tenant.CreateInput
			code  string
			field string
			rule  string
		}{
			{"missing slug", tenant.CreateInput{Name: "X", Kind: tenant.KindMunicipality}, bondgenoten.EINVALID, "slug", "required"},
			{"uppercase slug", tenant.CreateInput{Slug: "Zeist", Name: "X", Kind: tenant.KindMunicipality}, bondgenoten.EINVALID, "slug", "slug"},
			{"double hyphen", tenant.CreateInput{Slug: "a--b", Name: "X", Kind: tenant.KindMunicipality}, bondgenoten.EINVALID, "slug", "slug"},
			{"short slug", tenant.CreateInput{Slug: "a", Name: "X", Kind: tenant.KindMunicipality}, bondgenoten.EINVALID, "slug", "min"},
			{"blank name", tenant.CreateInput{Slug: "ok", Name: "   ", Kind: tenant.KindMunicipality}, bondgenoten.EINVALID, "name", "required"},
			{"bad kind", tenant.CreateInput{Slug: "ok", Name: "X", Kind: "province"}, bondgenoten.EINVALID, "kind", "oneof"},
			{"bad status", tenant.CreateInput{Slug: "ok", Name: "X", Kind: tenant.KindBureau, Status: "gone"}, bondgenoten.EINVALID, "status", "oneof"},
			{"duplicate slug", tenant.CreateInput{Slug: "zeist", Name: "X", Kind: tenant.KindMunicipality}, bondgenoten.ECONFLICT, "slug", "unique"},
		}
		for _, c := range cases {
			_, err := s.Create(ctx, c.in)
			if code := bondgenoten.ErrorCode(err); code != c.code {
				t.Errorf("%s: code %q (%v); want %q", c.name, code, err, c.code)
				continue
			}
			if v, ok := bondgenoten.ErrorFields(err)[c.field]; !ok || v.Rule != bondgenoten.Rule(c.rule) {
				t.Errorf("%s: fields %v; want %s:%s", c.name, bondgenoten.ErrorFields(err), c.field, c.rule)
			}
		}
		if n := count(t, db, "tenants", "1 = 1"); n != 1 {
			t.Fatalf("tenants = %d; want 1", n)
		}
		if n := count(t, db, "river_job", "kind = ?", tenant.ProvisionedArgs{}.Kind()); n != 1 {
			t.Fatalf("provisioning jobs = %d; want 1 (only for the valid tenant)", n)
		}
	})
}

func TestCreateEnqueuesProvisioningInTheSameTransaction(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		tn := mustCreate(t, s, "houten", tenant.KindMunicipality)
		client := s.Jobs.(*jobs.Client)
		res, err := client.JobList(ctx, river.NewJobListParams().Kinds(tenant.ProvisionedArgs{}.Kind()))
		if err != nil || len(res.Jobs) != 1 {
			t.Fatalf("JobList = %d jobs, %v; want 1", len(res.Jobs), err)
		}
		var args tenant.ProvisionedArgs
		if err := json.Unmarshal(res.Jobs[0].EncodedArgs, &args); err != nil || args.TenantID != tn.ID {
			t.Fatalf("job args = %s; want tenant %s", res.Jobs[0].EncodedArgs, tn.ID)
		}
	})
}

func TestJobInsertedInTransactionFollowsIt(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		insertBoth := func(slug string, fail error) error {
			return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				now := "2026-11-29 10:00:00+00:00"
				id := uuid.Must(uuid.NewV7())
				if _, err := tx.ExecContext(ctx, "INSERT INTO tenants (id, slug, name, kind, created_at, updated_at) VALUES (?, ?, 'X', 'municipality', ?, ?)", id.String(), slug, now, now); err != nil {
					return err
				}
				if _, err := s.Jobs.InsertTx(ctx, tx.Tx, tenant.ProvisionedArgs{TenantID: id}, nil); err != nil {
					return err
				}
				return fail
			})
		}
		boom := errors.New("crash after both writes")
		if err := insertBoth("rolled-back", boom); !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if n, j := count(t, db, "tenants", "1 = 1"), count(t, db, "river_job", "1 = 1"); n != 0 || j != 0 {
			t.Fatalf("after rollback: %d tenants, %d jobs; want 0, 0", n, j)
		}
		if err := insertBoth("committed", nil); err != nil {
			t.Fatal(err)
		}
		if n, j := count(t, db, "tenants", "1 = 1"), count(t, db, "river_job", "1 = 1"); n != 1 || j != 1 {
			t.Fatalf("after commit: %d tenants, %d jobs; want 1, 1", n, j)
		}
	})
}

func TestListPagesByNameWithCursor(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		for _, slug := range []string{"e-stad", "a-stad", "d-stad", "b-stad", "c-stad"} {
			mustCreate(t, s, slug, tenant.KindMunicipality)
		}
		mustCreate(t, s, "bureau-x", tenant.KindBureau)
		archived := tenant.StatusArchived
		c, _ := s.GetBySlug(ctx, "c-stad")
		if _, err := s.Update(ctx, c.ID, tenant.UpdateInput{Status: &archived}); err != nil {
			t.Fatal(err)
		}
		var slugs []string
		cursor := ""
		for range 10 {
			page, err := s.Directory(ctx, tenant.KindMunicipality, 2, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, tn := range page.Items {
				slugs = append(slugs, tn.Slug)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		want := []string{"a-stad", "b-stad", "d-stad", "e-stad"}
		if len(slugs) != len(want) {
			t.Fatalf("directory = %v; want %v", slugs, want)
		}
		for i := range want {
			if slugs[i] != want[i] {
				t.Fatalf("directory = %v; want %v", slugs, want)
			}
		}
		if _, err := s.List(ctx, tenant.Filter{Cursor: "!!"}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("bad cursor: %v; want invalid", err)
		}
		if _, err := s.List(ctx, tenant.Filter{Limit: 5000}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("limit 5000: %v; want invalid", err)
		}
	})
}

func TestOversight(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		bureau := mustCreate(t, s, "bureau-rvs", tenant.KindBureau)
		other := mustCreate(t, s, "politie-voor-iedereen", tenant.KindBureau)
		town := mustCreate(t, s, "utrecht", tenant.KindMunicipality)
		start, _ := bondgenoten.ParseDate("2026-01-01")
		o, err := s.CreateOversight(ctx, tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: start, GrantedBy: "Operator Demo"})
		if err != nil {
			t.Fatal(err)
		}
		today := bondgenoten.Today()
		// Asking is not overseeing: reach starts when the town accepts.
		if ok, err := s.ActiveOversight(ctx, bureau.ID, town.ID, today); err != nil || ok {
			t.Fatalf("ActiveOversight before consent = %v, %v; want false", ok, err)
		}
		if _, err := s.AcceptOversight(ctx, o.ID, other.ID, "Iemand anders", nil); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("accept by another tenant: %v; want not found", err)
		}
		if _, err := s.AcceptOversight(ctx, o.ID, town.ID, "Beheerder Utrecht", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptOversight(ctx, o.ID, town.ID, "Beheerder Utrecht", nil); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("second accept: %v; want conflict", err)
		}
		if ok, err := s.ActiveOversight(ctx, bureau.ID, town.ID, today); err != nil || !ok {
			t.Fatalf("ActiveOversight = %v, %v; want true", ok, err)
		}

		bad := []struct {
			name  string
			in    tenant.OversightInput
			code  string
			field string
		}{
			{"duplicate open relation", tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: start, GrantedBy: "X"}, bondgenoten.ECONFLICT, "tenantId"},
			{"municipality as bureau", tenant.OversightInput{BureauID: town.ID, TenantID: bureau.ID, StartsOn: start, GrantedBy: "X"}, bondgenoten.EINVALID, "bureauId"},
			{"bureau overseeing bureau", tenant.OversightInput{BureauID: bureau.ID, TenantID: other.ID, StartsOn: start, GrantedBy: "X"}, bondgenoten.EINVALID, "tenantId"},
			{"unknown tenant", tenant.OversightInput{BureauID: bureau.ID, TenantID: uuid.New(), StartsOn: start, GrantedBy: "X"}, bondgenoten.EINVALID, "tenantId"},
			{"no granter", tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: start}, bondgenoten.EINVALID, "grantedBy"},
			{"end before start", tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: start, EndsOn: &bondgenoten.Date{Year: 2025, Month: 1, Day: 1}, GrantedBy: "X"}, bondgenoten.EINVALID, "endsOn"},
		}
		for _, c := range bad {
			_, err := s.CreateOversight(ctx, c.in)
			if bondgenoten.ErrorCode(err) != c.code {
				t.Errorf("%s: %v; want %s", c.name, err, c.code)
			} else if _, ok := bondgenoten.ErrorFields(err)[c.field]; !ok {
				t.Errorf("%s: fields %v; want %s", c.name, bondgenoten.ErrorFields(err), c.field)
			}
		}
		if n := count(t, db, "oversight", "1 = 1"); n != 1 {
			t.Fatalf("oversight rows = %d; want 1", n)
		}

		// Revoking today ends the reach at once, and history stays.
		revoked, err := s.UpdateOversight(ctx, o.ID, tenant.OversightUpdate{EndsOn: bondgenoten.Patch[bondgenoten.Date]{Set: true, Value: &today}}, "Operator Demo")
		if err != nil {
			t.Fatal(err)
		}
		if revoked.ActiveOn(today) {
			t.Fatal("revoked relation still active today")
		}
		if ok, _ := s.ActiveOversight(ctx, bureau.ID, town.ID, today); ok {
			t.Fatal("ActiveOversight after revoke = true")
		}
		// A new relation may start after the old one ended.
		second, err := s.CreateOversight(ctx, tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: today, GrantedBy: "Operator Demo"})
		if err != nil {
			t.Fatalf("new relation after revoke: %v", err)
		}
		// The overseen side ends a relation too, and then it cannot be accepted.
		if _, err := s.AcceptOversight(ctx, second.ID, town.ID, "Beheerder Utrecht", nil); err != nil {
			t.Fatal(err)
		}
		ended, err := s.EndOversight(ctx, second.ID, town.ID, "Beheerder Utrecht")
		if err != nil || ended.EndedBy != "Beheerder Utrecht" || ended.ActiveOn(today) {
			t.Fatalf("EndOversight = %+v, %v; want ended today by the town", ended, err)
		}
		if ok, _ := s.ActiveOversight(ctx, bureau.ID, town.ID, today); ok {
			t.Fatal("ActiveOversight after the town ended it = true")
		}
		if _, err := s.EndOversight(ctx, second.ID, town.ID, "Beheerder Utrecht"); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("second end: %v; want conflict", err)
		}
		// A third, after the second ended, to test reopening below.
		if _, err := s.CreateOversight(ctx, tenant.OversightInput{BureauID: bureau.ID, TenantID: town.ID, StartsOn: today, GrantedBy: "Operator Demo"}); err != nil {
			t.Fatalf("third relation: %v", err)
		}
		// Reopening the old one would make two open-ended relations.
		_, err = s.UpdateOversight(ctx, o.ID, tenant.OversightUpdate{EndsOn: bondgenoten.Patch[bondgenoten.Date]{Set: true}}, "Operator Demo")
		if bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("reopen: %v; want conflict", err)
		}
		list, err := s.ListOversight(ctx, tenant.OversightFilter{TenantID: town.ID})
		if err != nil || len(list) != 3 {
			t.Fatalf("ListOversight = %d, %v; want 3", len(list), err)
		}
		got, err := s.GetOversight(ctx, o.ID)
		if err != nil || got.EndsOn == nil || *got.EndsOn != today {
			t.Fatalf("GetOversight = %+v, %v; want ended today", got, err)
		}
	})
}
