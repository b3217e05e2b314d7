package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

func person(t *testing.T, db *store.DB, tenantID uuid.UUID, email string) uuid.UUID {
	t.Helper()
	now := time.Now().UTC()
	u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tenantID, Issuer: "test", Subject: email,
		Email: email, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
	if _, err := db.Unscoped().NewInsert().Model(u).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestNotificationsFollowTheirTransaction(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna, bert := person(t, db, tn.ID, "anna@zeist.demo"), person(t, db, tn.ID, "bert@zeist.demo")
		svc := &notify.Service{DB: db}
		msg := notify.Message{Kind: notify.RoleGranted, Params: map[string]string{"roles": "coordinator"}, Link: "/"}

		// A change that rolls back announces nothing.
		boom := errors.New("rollback")
		err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if err := notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, msg); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n, _ := svc.Unread(ctx, anna); n != 0 {
			t.Fatalf("unread after a rollback = %d; want 0", n)
		}
		// A committed one reaches each recipient once.
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna, anna, bert}, msg)
		}); err != nil {
			t.Fatal(err)
		}
		inbox, err := svc.List(ctx, anna, 0)
		if err != nil || len(inbox.Items) != 1 || inbox.Unread != 1 || inbox.Items[0].Params["roles"] != "coordinator" {
			t.Fatalf("anna's inbox = %+v, %v; want one unread", inbox, err)
		}
		// One's notifications are one's own.
		if err := svc.MarkRead(ctx, bert, inbox.Items[0].ID); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("bert marking anna's: %v; want not found", err)
		}
		if err := svc.MarkRead(ctx, anna, inbox.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.MarkRead(ctx, anna, inbox.Items[0].ID); err != nil {
			t.Fatalf("marking twice: %v; want no error", err)
		}
		if n, _ := svc.Unread(ctx, anna); n != 0 {
			t.Fatalf("anna unread = %d; want 0", n)
		}
		if n, _ := svc.Unread(ctx, bert); n != 1 {
			t.Fatalf("bert unread = %d; want 1", n)
		}
		if err := svc.MarkAllRead(ctx, bert); err != nil {
			t.Fatal(err)
		}
		if n, _ := svc.Unread(ctx, bert); n != 0 {
			t.Fatalf("bert unread after all read = %d; want 0", n)
		}
	})
}
