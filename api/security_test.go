package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// Attacks from the outside test of issue 8: each test replays one and
// fails without its fix.

// meID is the signed-in person's user ID.
func (b *browser) meID() string {
	b.t.Helper()
	_, body := b.get("/api/v1/me")
	return decode[struct{ User struct{ ID string } }](b.t, []byte(body)).User.ID
}

type inboxBody struct {
	Items []struct {
		ID     string
		Kind   string
		Params map[string]string
	}
	Unread int
}

func (b *browser) inbox() inboxBody {
	b.t.Helper()
	resp, body := b.get("/api/v1/me/notifications")
	if resp.StatusCode != 200 {
		b.t.Fatalf("inbox: %d %s", resp.StatusCode, body)
	}
	return decode[inboxBody](b.t, []byte(body))
}

func (ib inboxBody) has(kind string) bool {
	for _, n := range ib.Items {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

type auditBody struct {
	Items []struct {
		UserID, ObjectType, ObjectID, Detail, Category string
		Allowed                                        bool
	}
}

func TestNobodyChangesTheirOwnRoles(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		admin, staff, coord := d.browser(), d.browser(), d.browser()
		admin.login("tenant-admin@utrecht.demo")
		staff.login("staff@utrecht.demo")
		coord.login("coordinator@utrecht.demo")
		adminID, staffID := admin.meID(), staff.meID()

		// The attack: an administrator makes themselves coordinator.
		resp, body := admin.do("PUT", "/api/v1/tenants/utrecht/users/"+adminID+"/roles", `{"roles":["tenant-admin","coordinator"]}`, nil)
		if p := decode[problemBody](t, []byte(body)); resp.StatusCode != 403 || !strings.Contains(p.Errors["userId"], "andere beheerder") {
			t.Fatalf("own roles: %d %s; want 403 saying another administrator changes them", resp.StatusCode, body)
		}
		// The attempt itself is in the trail.
		if _, trail := admin.get("/api/v1/tenants/utrecht/audit"); !strings.Contains(trail, `"objectType":"user_roles","objectId":"`+adminID+`","allowed":false`) {
			t.Fatalf("the refused self-grant is not in the trail: %s", trail)
		}
		if roles, _ := d.ids.RolesOf(context.Background(), mustUUID(t, adminID)); strings.Contains(strings.Join(roles, ","), "coordinator") {
			t.Fatalf("the admin's roles became %v", roles)
		}
		if resp, body := admin.get("/api/v1/networks"); resp.StatusCode == 200 && strings.Contains(body, "allies") {
			t.Fatalf("networks after the attempt: %s", body)
		}

		// Changing someone else's roles is audited and announced.
		resp, body = admin.do("PUT", "/api/v1/tenants/utrecht/users/"+staffID+"/roles", `{"roles":["coordinator"]}`, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("staff's roles: %d %s", resp.StatusCode, body)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/audit")
		found := false
		for _, e := range decode[auditBody](t, []byte(body)).Items {
			if e.ObjectType == "user_roles" && e.ObjectID == staffID && e.UserID == adminID &&
				strings.Contains(e.Detail, `"from":["staff"]`) && strings.Contains(e.Detail, `"to":["coordinator","staff"]`) {
				found = true
			}
		}
		if !found {
			t.Fatalf("no audit event of the role change (who, whom, from, to): %s", body)
		}
		if !staff.inbox().has("role_granted") {
			t.Error("the person who gained coordinator was not told")
		}
		if !coord.inbox().has("roles_changed") {
			t.Error("the coordinators were not told")
		}
		// One's notifications are one's own.
		n := staff.inbox().Items[0].ID
		if resp, _ := coord.do("POST", "/api/v1/me/notifications/"+n+"/read", "", nil); resp.StatusCode != 404 {
			t.Errorf("marking another person's notification: %d; want 404", resp.StatusCode)
		}
		before := staff.inbox().Unread
		if resp, _ := staff.do("POST", "/api/v1/me/notifications/"+n+"/read", "", nil); resp.StatusCode != 204 {
			t.Errorf("marking one's own notification: %d; want 204", resp.StatusCode)
		}
		if got := staff.inbox().Unread; got != before-1 {
			t.Errorf("unread after marking one = %d; want %d", got, before-1)
		}
		if resp, _ := staff.do("POST", "/api/v1/me/notifications/read-all", "", nil); resp.StatusCode != 204 {
			t.Errorf("marking all read: %d; want 204", resp.StatusCode)
		}
		if got := staff.inbox().Unread; got != 0 {
			t.Errorf("unread after marking = %d; want 0", got)
		}
	})
}

func TestAnOperatorCannotTakeOverALiveTenant(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		admin := d.browser()
		admin.login("tenant-admin@utrecht.demo") // Utrecht is in use from here on
		utrecht := mustTenant(t, d, "utrecht").String()
		op := d.browser()
		op.login("operator@platform.demo")

		evil := `{"issuer":"https://idp.evil.example","clientId":"x","clientSecret":"y","provisioning":"jit",` +
			`"emailDomains":["utrecht.demo"],"groupRoles":{"evil":["coordinator"]}}`
		resp, body := op.do("PUT", "/api/v1/operator/tenants/"+utrecht+"/sso", evil, nil)
		if resp.StatusCode != 202 || !strings.Contains(body, `"proposedBy"`) {
			t.Fatalf("operator's change on a live tenant: %d %s; want 202, a proposal", resp.StatusCode, body)
		}
		// Nothing changed: the tenant still signs in through its own provider.
		_, body = admin.get("/api/v1/tenants/utrecht/sso")
		if strings.Contains(body, "evil") {
			t.Fatalf("the proposal took effect without the tenant: %s", body)
		}
		d.browser().login("coordinator@utrecht.demo")
		// The tenant's administrators are told, and the trail has it.
		if !admin.inbox().has("sso_change_proposed") {
			t.Error("the tenant's administrators were not told of the proposal")
		}
		_, body = admin.get("/api/v1/tenants/utrecht/audit")
		if !strings.Contains(body, `"objectType":"sso_proposal"`) {
			t.Errorf("the proposal is not in the tenant's audit trail: %s", body)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/sso/proposal")
		if !strings.Contains(body, "idp.evil.example") || !strings.Contains(body, `"issuer"`) {
			t.Fatalf("the admin does not see the proposal: %s", body)
		}
		evilID := decode[struct{ Proposal struct{ ID string } }](t, []byte(body)).Proposal.ID
		choice := `{"id":"` + evilID + `"}`
		// The operator cannot confirm it.
		if resp, _ := op.do("POST", "/api/v1/tenants/utrecht/sso/proposal/confirm", choice, nil); resp.StatusCode != 404 {
			t.Errorf("operator confirming: %d; want 404 (out of reach)", resp.StatusCode)
		}
		// The admin refuses it: nothing changes, and it is gone.
		if resp, _ := admin.do("POST", "/api/v1/tenants/utrecht/sso/proposal/reject", choice, nil); resp.StatusCode != 204 {
			t.Fatalf("reject: %d", resp.StatusCode)
		}
		if resp, _ := admin.do("POST", "/api/v1/tenants/utrecht/sso/proposal/confirm", choice, nil); resp.StatusCode != 409 {
			t.Fatalf("confirming a rejected proposal: %d; want 409", resp.StatusCode)
		}
		// A harmless proposal is read by the admin; the operator swaps in a
		// hostile one before the admin confirms: the confirmation names the
		// one read, and is refused.
		_, body = admin.get("/api/v1/tenants/utrecht/sso")
		fair := strings.Replace(body, `"provisioning":"jit"`, `"provisioning":"approval"`, 1)
		fair = dropKeys(t, fair, "clientSecretSet", "updatedAt")
		if resp, body := op.do("PUT", "/api/v1/operator/tenants/"+utrecht+"/sso", fair, nil); resp.StatusCode != 202 {
			t.Fatalf("fair proposal: %d %s", resp.StatusCode, body)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/sso/proposal")
		read := `{"id":"` + decode[struct{ Proposal struct{ ID string } }](t, []byte(body)).Proposal.ID + `"}`
		if resp, body := op.do("PUT", "/api/v1/operator/tenants/"+utrecht+"/sso", evil, nil); resp.StatusCode != 202 {
			t.Fatalf("swapped proposal: %d %s", resp.StatusCode, body)
		}
		if resp, body := admin.do("POST", "/api/v1/tenants/utrecht/sso/proposal/confirm", read, nil); resp.StatusCode != 409 {
			t.Fatalf("confirming the proposal read after it was swapped: %d %s; want 409", resp.StatusCode, body)
		}
		if _, body := admin.get("/api/v1/tenants/utrecht/sso"); strings.Contains(body, "evil") {
			t.Fatalf("the swapped proposal took effect: %s", body)
		}
		// The operator proposes the fair one again; the admin reads and confirms it.
		if resp, body := op.do("PUT", "/api/v1/operator/tenants/"+utrecht+"/sso", fair, nil); resp.StatusCode != 202 {
			t.Fatalf("fair proposal again: %d %s", resp.StatusCode, body)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/sso/proposal")
		read = `{"id":"` + decode[struct{ Proposal struct{ ID string } }](t, []byte(body)).Proposal.ID + `"}`
		if resp, body := admin.do("POST", "/api/v1/tenants/utrecht/sso/proposal/confirm", read, nil); resp.StatusCode != 200 || !strings.Contains(body, `"provisioning":"approval"`) {
			t.Fatalf("confirm: %d %s", resp.StatusCode, body)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/audit")
		if !strings.Contains(body, `"objectType":"sso_settings"`) || !strings.Contains(body, `provisioning`) {
			t.Errorf("the confirmed change is not in the audit trail: %s", body)
		}

		// A partner of a live network counts as in use even before its own
		// people sign in: its sign-in decides who reaches the network's allies.
		heuvelrug := mustTenant(t, d, "basisteam-utrecht-centrum").String()
		if resp, body := op.do("PUT", "/api/v1/operator/tenants/"+heuvelrug+"/sso", strings.Replace(evil, "utrecht.demo", "basisteam-utrecht-centrum.demo", 1), nil); resp.StatusCode != 202 {
			t.Fatalf("operator's change on a network partner nobody signed in to: %d %s; want 202", resp.StatusCode, body)
		}
		// A tenant nobody signs in to yet is set up at once (bootstrap).
		if resp, body := d.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": "woerden", "name": "Gemeente Woerden", "kind": "municipality"}, operator()...); resp.StatusCode != 201 {
			t.Fatalf("create: %s", body)
		}
		woerden := mustTenant(t, d, "woerden").String()
		if resp, body := op.do("PUT", "/api/v1/operator/tenants/"+woerden+"/sso", strings.Replace(evil, "utrecht.demo", "woerden.demo", 1), nil); resp.StatusCode != 200 {
			t.Fatalf("bootstrap: %d %s; want 200", resp.StatusCode, body)
		}
	})
}

func dropKeys(t *testing.T, raw string, keys ...string) string {
	t.Helper()
	m := decode[map[string]any](t, []byte(raw))
	for _, k := range keys {
		delete(m, k)
	}
	return string(mustJSON(t, m))
}

func TestAuditOfSensitiveAccessFailsClosed(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, _ := utrechtNetwork(t, d)
		staff := d.browser()
		staff.login("staff@utrecht.demo")
		admin := d.browser()
		admin.login("tenant-admin@utrecht.demo")

		// A refused read with a NUL in the path is still recorded.
		// (The path is refused as bad input, 400, before it reaches the
		// database; the attempt at special-category data is recorded.)
		resp, _ := staff.get(base + "/allies/%00x/special")
		if resp.StatusCode != 400 {
			t.Fatalf("staff reading special-category data with a NUL in the path: %d; want 400", resp.StatusCode)
		}
		_, body := admin.get("/api/v1/tenants/utrecht/audit")
		if !strings.Contains(body, `\\x00x/special`) || !strings.Contains(body, `"allowed":false`) {
			t.Fatalf("the refusal with a NUL in the path is not in the trail: %s", body)
		}

		// So is an attempt at another network's allies, out of reach (404).
		foreign := "/api/v1/networks/" + uuid.NewString() + "/allies"
		if resp, _ := staff.get(foreign); resp.StatusCode != 404 {
			t.Fatalf("allies of a network out of reach: %d; want 404", resp.StatusCode)
		}
		_, body = admin.get("/api/v1/tenants/utrecht/audit")
		if !strings.Contains(body, strings.Split(foreign, "/")[4]) {
			t.Fatalf("the attempt at a network out of reach is not in the trail: %s", body)
		}

		// When the trail cannot be written, the read fails.
		if _, err := db.Unscoped().ExecContext(context.Background(), "ALTER TABLE audit_events RENAME TO audit_events_away"); err != nil {
			t.Fatal(err)
		}
		resp, body = staff.get(base + "/allies")
		if resp.StatusCode != 503 {
			t.Errorf("allies without an audit trail: %d %s; want 503", resp.StatusCode, body)
		}
		if _, err := db.Unscoped().ExecContext(context.Background(), "ALTER TABLE audit_events_away RENAME TO audit_events"); err != nil {
			t.Fatal(err)
		}
		if resp, _ := staff.get(base + "/allies"); resp.StatusCode != 200 {
			t.Errorf("allies with the trail back: %d; want 200", resp.StatusCode)
		}
	})
}

// TestSlowBodiesDoNotStarveOthers holds 50 uploads open that send their
// body one byte at a time, while another person keeps working. Before the
// fix each held a pooled connection (pinned for row-level security) from
// authorization on, and the pool of 20 ran dry on PostgreSQL.
func TestSlowBodiesDoNotStarveOthers(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, _ := utrechtNetwork(t, d)
		attacker, other := d.browser(), d.browser()
		attacker.login("coordinator@utrecht.demo")
		other.login("staff@utrecht.demo")
		u, _ := url.Parse(d.http.URL)
		var cookies []string
		for _, c := range attacker.client.Jar.Cookies(u) {
			cookies = append(cookies, c.Name+"="+c.Value)
		}

		const slow = 50
		conns := make([]net.Conn, 0, slow)
		t.Cleanup(func() {
			for _, c := range conns {
				_ = c.Close()
			}
		})
		for range slow {
			c, err := net.Dial("tcp", u.Host)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			fmt.Fprintf(c, "POST %s/allies HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: application/json\r\n"+
				"Sec-Fetch-Site: same-origin\r\nContent-Length: 1000\r\n\r\n{", base, u.Host, strings.Join(cookies, "; "))
		}
		stop := make(chan struct{})
		defer close(stop)
		go func() { // one more byte per upload every 200 ms
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					for _, c := range conns {
						_, _ = c.Write([]byte(" "))
					}
				}
			}
		}()
		time.Sleep(500 * time.Millisecond) // every upload is past its headers
		// Another person's reads of the same network keep answering.
		other.client.Timeout = 10 * time.Second
		for i := range 10 {
			req, _ := http.NewRequest("GET", d.http.URL+base+"/allies", nil)
			resp, err := other.client.Do(req)
			if err != nil {
				t.Fatalf("request %d of another person while 50 uploads crawl: %v", i, err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("request %d of another person: %d; want 200", i, resp.StatusCode)
			}
		}
		// The crawling person is capped: beyond their share they are told to wait.
		limited := 0
		for _, c := range conns {
			_ = c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil && resp.StatusCode == 429 {
				limited++
			}
		}
		if want := slow - DefaultMaxInFlightPerUser; limited != want {
			t.Errorf("uploads answered 429 = %d; want %d (all beyond %d in flight)", limited, want, DefaultMaxInFlightPerUser)
		}
	})
}

func TestOversightNeedsTheOverseenSidesConsent(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		bureau, advisor, veenendaal := d.browser(), d.browser(), d.browser()
		bureau.login("bureau-admin@bureau-rvs.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		veenendaal.login("tenant-admin@veenendaal.demo")
		resp, body := bureau.do("POST", "/api/v1/tenants/bureau-rvs/oversight", `{"tenant":"veenendaal","startsOn":"2026-01-01"}`, nil)
		if resp.StatusCode != 201 {
			t.Fatalf("request: %d %s", resp.StatusCode, body)
		}
		rel := decode[struct{ ID string }](t, []byte(body)).ID
		if !veenendaal.inbox().has("oversight_requested") {
			t.Error("Veenendaal's administrator was not told of the request")
		}
		// The attack: the bureau reaches Veenendaal's networks at once.
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/oversight"); resp.StatusCode != 404 {
			t.Fatalf("before consent: %d; want 404", resp.StatusCode)
		}
		// The bureau widens its request while Veenendaal's admin reads it:
		// the acceptance names the terms read, and is refused.
		read := `{"startsOn":"2026-01-01","endsOn":null}`
		if resp, body := bureau.do("PATCH", "/api/v1/tenants/bureau-rvs/oversight/"+rel, `{"startsOn":"2025-01-01"}`, nil); resp.StatusCode != 200 {
			t.Fatalf("bureau changing its pending request: %d %s", resp.StatusCode, body)
		}
		if resp, body := veenendaal.do("POST", "/api/v1/tenants/veenendaal/oversight/"+rel+"/accept", read, nil); resp.StatusCode != 409 {
			t.Fatalf("accepting terms that changed since they were read: %d %s; want 409", resp.StatusCode, body)
		}
		if resp, body := veenendaal.do("POST", "/api/v1/tenants/veenendaal/oversight/"+rel+"/accept", `{"startsOn":"2025-01-01","endsOn":null}`, nil); resp.StatusCode != 200 {
			t.Fatalf("accept: %d %s", resp.StatusCode, body)
		}
		if !bureau.inbox().has("oversight_accepted") {
			t.Error("the bureau's administrator was not told of the consent")
		}
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/oversight"); resp.StatusCode != 403 {
			t.Fatalf("after consent: %d; want 403 (in reach)", resp.StatusCode)
		}
		// The overseen side ends it, and the reach ends at once.
		if resp, body := veenendaal.do("POST", "/api/v1/tenants/veenendaal/oversight/"+rel+"/end", "", nil); resp.StatusCode != 200 || !strings.Contains(body, `"endedBy"`) {
			t.Fatalf("end: %d %s", resp.StatusCode, body)
		}
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/oversight"); resp.StatusCode != 404 {
			t.Fatalf("after the end: %d; want 404", resp.StatusCode)
		}
		// The bureau (or an operator) cannot revive what the organisation ended.
		if resp, body := bureau.do("PATCH", "/api/v1/tenants/bureau-rvs/oversight/"+rel, `{"endsOn":null}`, nil); resp.StatusCode != 409 {
			t.Fatalf("bureau reviving an ended relation: %d %s; want 409", resp.StatusCode, body)
		}
		if resp, body := d.do("PATCH", "/api/v1/operator/oversight/"+rel, map[string]any{"endsOn": nil}, operator()...); resp.StatusCode != 409 {
			t.Fatalf("operator reviving an ended relation: %d %s; want 409", resp.StatusCode, body)
		}
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/oversight"); resp.StatusCode != 404 {
			t.Fatalf("after the attempts to revive: %d; want 404", resp.StatusCode)
		}
		// Accepted terms can be cut short by the bureau, never widened.
		resp, body = bureau.do("POST", "/api/v1/tenants/bureau-rvs/oversight", `{"tenant":"veenendaal","startsOn":"2027-06-01","endsOn":"2027-12-31"}`, nil)
		if resp.StatusCode != 201 {
			t.Fatalf("second request: %d %s", resp.StatusCode, body)
		}
		later := decode[struct{ ID string }](t, []byte(body)).ID
		if resp, _ := veenendaal.do("POST", "/api/v1/tenants/veenendaal/oversight/"+later+"/accept", `{"startsOn":"2027-06-01","endsOn":"2027-12-31"}`, nil); resp.StatusCode != 200 {
			t.Fatalf("accept the second: %d", resp.StatusCode)
		}
		for _, widen := range []string{`{"startsOn":"2026-01-01"}`, `{"endsOn":"2030-12-31"}`, `{"endsOn":null}`} {
			if resp, body := bureau.do("PATCH", "/api/v1/tenants/bureau-rvs/oversight/"+later, widen, nil); resp.StatusCode != 409 {
				t.Errorf("bureau widening accepted terms with %s: %d %s; want 409", widen, resp.StatusCode, body)
			}
		}
		if resp, body := bureau.do("PATCH", "/api/v1/tenants/bureau-rvs/oversight/"+later, `{"endsOn":"2027-09-30"}`, nil); resp.StatusCode != 200 {
			t.Errorf("bureau shortening accepted terms: %d %s; want 200", resp.StatusCode, body)
		}
		// Every step is in both organisations' trails, and both sides read theirs.
		if _, trail := bureau.get("/api/v1/tenants/bureau-rvs/audit"); !strings.Contains(trail, `\"step\":\"accepted\"`) {
			t.Errorf("the bureau's trail lacks the acceptance: %.600s", trail)
		}
		_, body = veenendaal.get("/api/v1/tenants/veenendaal/audit")
		for _, step := range []string{"requested", "accepted", "ended", "changed"} {
			if !strings.Contains(body, `\"step\":\"`+step+`\"`) {
				t.Errorf("Veenendaal's trail lacks the step %q: %.600s", step, body)
			}
		}
		if !bureau.inbox().has("oversight_ended") {
			t.Error("the bureau's administrator was not told of the end")
		}
		// A network's page names the bureaus that see its figures.
		coord := d.browser()
		coord.login("coordinator@amersfoort.demo")
		_, body = coord.get("/api/v1/networks")
		if !strings.Contains(body, `"overseenBy":[{"slug":"bureau-rvs"`) || !strings.Contains(body, `"slug":"politie-voor-iedereen"`) {
			t.Errorf("Amersfoort's network does not name the bureaus that see it: %s", body)
		}
	})
}

func mustUUID(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSpecialCategoryMakeUpResistsDifferencing replays the attack: staff saw
// "christelijk: 3" among five active allies; a coordinator paused one; the
// value disappeared, and the staff ally list shows who was paused.
func TestSpecialCategoryMakeUpResistsDifferencing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		base, _ := utrechtNetwork(t, d) // two active allies without special data
		netID := mustUUID(t, strings.TrimPrefix(base, "/api/v1/networks/"))
		today := bondgenoten.Today()
		var christians []uuid.UUID
		for i, religion := range []string{"christelijk", "christelijk", "christelijk"} {
			a, err := d.server.cfg.Allies.Create(ctx, netID, ally.Input{Name: fmt.Sprint("Gelovige ", i), Status: ally.StatusActive, Constituency: "Turkse gemeenschap"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.server.cfg.Allies.PutSpecial(ctx, netID, a.ID, ally.SpecialInput{Religion: religion, ConsentOn: &today, ConsentHow: "schriftelijk"}); err != nil {
				t.Fatal(err)
			}
			christians = append(christians, a.ID)
		}
		coord, staff, advisor, liaison := d.browser(), d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		liaison.login("crisis-liaison@utrecht.demo")

		_, before := staff.get(base + "/representation")
		if _, err := db.Unscoped().ExecContext(ctx, "UPDATE allies SET status = 'paused' WHERE id = ?", christians[0].String()); err != nil {
			t.Fatal(err)
		}
		_, after := staff.get(base + "/representation")
		for _, body := range []string{before, after} {
			if strings.Contains(body, "christelijk") || !strings.Contains(body, `"religions":null`) || !strings.Contains(body, `"specialCategories":"restricted"`) {
				t.Fatalf("staff's make-up carries special-category counts: %s", body)
			}
		}
		// The coordinator, who may read each ally's values, sees the counts.
		if _, body := coord.get(base + "/representation"); !strings.Contains(body, `"specialCategories":"shown"`) {
			t.Fatalf("coordinator's make-up: %s", body)
		}

		// Coverage: one ally covers the Turkish community after the pause
		// is undone for two; those who do not see the allies get "< 3".
		if _, err := db.Unscoped().ExecContext(ctx, "UPDATE allies SET status = 'paused' WHERE id = ?", christians[1].String()); err != nil {
			t.Fatal(err)
		}
		if resp, body := coord.do("PUT", base+"/coverage", `{"communities":["Turkse gemeenschap","Jongeren"],"neighbourhoods":[]}`, nil); resp.StatusCode != 200 {
			t.Fatalf("focus: %d %s", resp.StatusCode, body)
		}
		for who, b := range map[string]*browser{"bureau advisor": advisor, "crisis liaison": liaison} {
			_, body := b.get(base + "/coverage")
			if !strings.Contains(body, `{"name":"Turkse gemeenschap","allies":null,"fewerThanThree":true}`) ||
				!strings.Contains(body, `{"name":"Jongeren","allies":0,"fewerThanThree":false}`) {
				t.Errorf("%s's coverage: %s; want < 3 for one ally, 0 for a white spot", who, body)
			}
		}
		if _, body := staff.get(base + "/coverage"); !strings.Contains(body, `{"name":"Turkse gemeenschap","allies":1,"fewerThanThree":false}`) {
			t.Errorf("staff's coverage: %s; want the exact count", body)
		}
	})
}
