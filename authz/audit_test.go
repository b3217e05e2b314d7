package authz_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

func TestAuditRoundTrip(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		other := v.tenant("zeist", tenant.KindMunicipality)
		user := v.user(muni, "active", authz.Staff)
		ctx := v.ctx

		base := time.Date(2026, 11, 29, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
		events := []authz.Event{
			{At: base, TenantID: muni, UserID: user, Category: authz.Contacts, Action: authz.Read,
				ObjectType: "ally", ObjectID: uuid.NewString(), Allowed: true, RequestID: "req-1"},
			{At: base.Add(time.Second), TenantID: muni, UserID: user, Category: authz.Sensitive, Action: authz.Read,
				ObjectType: "ally", ObjectID: uuid.NewString(), Allowed: false, RequestID: "req-2"},
			{At: base.Add(2 * time.Second), TenantID: muni, Category: authz.Signals, Action: authz.Write,
				ObjectType: "signal", Allowed: true}, // no user: a system action
			{At: base.Add(3 * time.Second), TenantID: other, UserID: user, Category: authz.Signals, Action: authz.Read, Allowed: false},
		}
		for _, e := range events {
			if err := authz.Record(ctx, db.Unscoped(), e); err != nil {
				t.Fatalf("Record: %v", err)
			}
		}
		// Without At and ID, Record fills them in.
		if err := authz.Record(ctx, db.Unscoped(), authz.Event{TenantID: other, Category: authz.Contacts, Action: authz.Read}); err != nil {
			t.Fatal(err)
		}
		if err := authz.Record(ctx, db.Unscoped(), authz.Event{TenantID: muni}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("Record without category: %v; want invalid", err)
		}

		got, err := authz.ListAudit(ctx, db.Unscoped(), muni, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("ListAudit(muni) = %d events; want 3", len(got))
		}
		for i, g := range got {
			w := events[2-i] // newest first
			if g.ID == uuid.Nil || g.ID.Version() != 7 {
				t.Errorf("event %d: id %s; want a UUIDv7", i, g.ID)
			}
			if !g.At.Equal(w.At.Truncate(time.Microsecond)) || g.At.Location() != time.UTC {
				t.Errorf("event %d: at %v; want %v in UTC", i, g.At, w.At.UTC().Truncate(time.Microsecond))
			}
			if g.TenantID != w.TenantID || g.UserID != w.UserID || g.Category != w.Category || g.Action != w.Action ||
				g.ObjectType != w.ObjectType || g.ObjectID != w.ObjectID || g.Allowed != w.Allowed || g.RequestID != w.RequestID {
				t.Errorf("event %d: got %+v; want %+v", i, g, w)
			}
		}

		got, err = authz.ListAudit(ctx, db.Unscoped(), muni, 2)
		if err != nil || len(got) != 2 || got[0].RequestID != "" || got[1].RequestID != "req-2" {
			t.Fatalf("ListAudit limit 2 = %+v, %v", got, err)
		}
		got, err = authz.ListAudit(ctx, db.Unscoped(), other, 10)
		if err != nil || len(got) != 2 || got[0].At.Before(time.Now().Add(-time.Minute)) {
			t.Fatalf("ListAudit(other) = %+v, %v; want the defaulted event first", got, err)
		}
		if _, err := authz.ListAudit(ctx, db.Unscoped(), muni, 100000); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("ListAudit with a huge limit: %v; want invalid", err)
		}
		got, err = authz.ListAudit(ctx, db.Unscoped(), uuid.New(), 10)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("ListAudit(unknown tenant) = %v, %v; want an empty list", got, err)
		}
	})
}
