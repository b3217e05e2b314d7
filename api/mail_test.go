package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestEmailPreferencesAreOnesOwn(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		coord, staff := d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		const path = "/api/v1/me/notification-preferences"

		if resp, body := coord.get(path); resp.StatusCode != 200 || !strings.Contains(body, `"email":"immediate"`) || !strings.Contains(body, `"language":"nl"`) {
			t.Fatalf("defaults: %d %s", resp.StatusCode, body)
		}
		if resp, body := coord.do("PUT", path, `{"email":"digest","language":"en"}`, nil); resp.StatusCode != 200 || !strings.Contains(body, `"digest"`) {
			t.Fatalf("choose digest: %d %s", resp.StatusCode, body)
		}
		if _, body := coord.get(path); !strings.Contains(body, `"email":"digest"`) || !strings.Contains(body, `"language":"en"`) {
			t.Fatalf("after choosing: %s", body)
		}
		// Bad input: a clear field error and nothing changed.
		for _, bad := range []string{`{"email":"hourly","language":"nl"}`, `{"email":"app"}`, `{"email":"app","language":"nl","userId":"x"}`, `{"email":"app\u0000","language":"nl"}`} {
			resp, body := coord.do("PUT", path, bad, nil)
			if resp.StatusCode != 400 || !strings.Contains(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("PUT %s: %d %s; want 400 problem", bad, resp.StatusCode, body)
			}
		}
		if _, body := coord.get(path); !strings.Contains(body, `"email":"digest"`) {
			t.Fatalf("a refused change changed something: %s", body)
		}
		// The staff member's are their own, untouched.
		if _, body := staff.get(path); !strings.Contains(body, `"email":"immediate"`) {
			t.Fatalf("staff's preferences: %s", body)
		}
	})
}

// failedMail puts one email of tenantSlug's in the outbox as failed for good.
func failedMail(t *testing.T, d *demoEnv, tenantSlug string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	tn, err := d.server.cfg.Tenants.GetBySlug(ctx, tenantSlug)
	if err != nil {
		t.Fatal(err)
	}
	ally := uuid.Must(uuid.NewV7())
	now := time.Now().UTC()
	row := &notify.Mail{ID: uuid.Must(uuid.NewV7()), TenantID: tn.ID, AllyID: &ally, Kind: "meeting_reminder",
		Params: map[string]string{"network": "Utrecht-Oost"}, State: notify.MailFailed, Attempts: 10,
		LastError: "550 mailbox unavailable", CreatedAt: now, FinishedAt: &now}
	if _, err := d.db.Unscoped().NewInsert().Model(row).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return row.ID
}

func TestFailedEmailsAreForTheTenantsAdministrators(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		admin, coord, other := d.browser(), d.browser(), d.browser()
		admin.login("tenant-admin@utrecht.demo")
		coord.login("coordinator@utrecht.demo")
		other.login("tenant-admin@houten.demo")
		id := failedMail(t, d, "utrecht")
		list := "/api/v1/tenants/utrecht/mail-failures"

		resp, body := admin.get(list)
		if resp.StatusCode != 200 || !strings.Contains(body, id.String()) || !strings.Contains(body, `"recipient":"ally"`) ||
			!strings.Contains(body, "550 mailbox unavailable") {
			t.Fatalf("admin's list: %d %s", resp.StatusCode, body)
		}
		if strings.Contains(body, "Utrecht-Oost") {
			t.Fatalf("the list shows the email's parameters: %s", body)
		}
		if resp, _ := coord.get(list); resp.StatusCode != 403 {
			t.Fatalf("coordinator: %d; want 403", resp.StatusCode)
		}
		if resp, _ := other.get(list); resp.StatusCode != 403 && resp.StatusCode != 404 {
			t.Fatalf("another tenant's administrator: %d; want 403 or 404", resp.StatusCode)
		}
		// Another tenant's administrator cannot retry it through their own tenant.
		if resp, _ := other.do("POST", "/api/v1/tenants/houten/mail-failures/"+id.String()+"/retry", "", nil); resp.StatusCode != 404 {
			t.Fatalf("retry through another tenant: %d; want 404", resp.StatusCode)
		}
		if resp, body := admin.do("POST", list+"/"+id.String()+"/retry", "", nil); resp.StatusCode != 202 {
			t.Fatalf("retry: %d %s", resp.StatusCode, body)
		}
		if _, body := admin.get(list); strings.Contains(body, id.String()) {
			t.Fatalf("a retried email is still listed as failed: %s", body)
		}
		if resp, _ := admin.do("POST", list+"/"+id.String()+"/retry", "", nil); resp.StatusCode != 404 {
			t.Fatalf("second retry: %d; want 404", resp.StatusCode)
		}

		// Pages: three failures, two a page.
		for range 3 {
			failedMail(t, d, "utrecht")
			time.Sleep(2 * time.Millisecond) // distinct times, newest first
		}
		resp, body = admin.get(list + "?limit=2")
		first := decode[struct {
			Items []struct{ ID string }
			Next  *string
		}](t, []byte(body))
		if resp.StatusCode != 200 || len(first.Items) != 2 || first.Next == nil {
			t.Fatalf("first page: %d %s", resp.StatusCode, body)
		}
		resp, body = admin.get(list + "?limit=2&cursor=" + *first.Next)
		second := decode[struct {
			Items []struct{ ID string }
			Next  *string
		}](t, []byte(body))
		if resp.StatusCode != 200 || len(second.Items) != 1 || second.Next != nil || second.Items[0].ID == first.Items[0].ID || second.Items[0].ID == first.Items[1].ID {
			t.Fatalf("second page: %d %s", resp.StatusCode, body)
		}
		if resp, _ := admin.get(list + "?cursor=kapot"); resp.StatusCode != 400 {
			t.Fatalf("a damaged cursor: %d; want 400", resp.StatusCode)
		}
	})
}

func TestTheMailboxAndJobsAreGuarded(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	d := setupDemo(t, db)
	// Without --demo there is no mailbox: not the web app, a 404.
	resp, _ := d.browser().get("/dev-mail/")
	if resp.StatusCode != 404 {
		t.Fatalf("/dev-mail/ without a mailbox: %d; want 404", resp.StatusCode)
	}

	// River UI behind the operators' session: they read it and act on jobs;
	// nobody else does, signed in or not.
	anonymous, coord, admin, operator := d.browser(), d.browser(), d.browser(), d.browser()
	coord.login("coordinator@utrecht.demo")
	admin.login("tenant-admin@utrecht.demo")
	operator.login("operator@platform.demo")
	if resp, _ := anonymous.get(JobsUIPrefix); resp.StatusCode != 401 {
		t.Fatalf("jobs signed out: %d; want 401", resp.StatusCode)
	}
	for _, b := range []*browser{coord, admin} {
		if resp, body := b.get(JobsUIPrefix + "api/jobs"); resp.StatusCode != 403 || strings.Contains(body, "river ui") {
			t.Fatalf("jobs as a tenant's user: %d %s; want 403", resp.StatusCode, body)
		}
		if resp, body := b.do("POST", JobsUIPrefix+"api/jobs/retry", `{}`, nil); resp.StatusCode != 403 || strings.Contains(body, "river ui") {
			t.Fatalf("acting on jobs as a tenant's user: %d %s; want 403", resp.StatusCode, body)
		}
	}
	if resp, body := operator.get(JobsUIPrefix); resp.StatusCode != 200 || body != "river ui GET" {
		t.Fatalf("jobs as operator: %d %s", resp.StatusCode, body)
	}
	if resp, body := operator.do("POST", JobsUIPrefix+"api/jobs/retry", `{}`, nil); resp.StatusCode != 200 || body != "river ui POST" {
		t.Fatalf("acting on jobs as operator: %d %s", resp.StatusCode, body)
	}
}
