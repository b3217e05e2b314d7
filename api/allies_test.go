package api

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestAlliesThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		coord, staff, liaison, advisor := d.browser(), d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		liaison.login("crisis-liaison@utrecht.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
		nets, _ := d.server.cfg.Networks.List(ctx, []uuid.UUID{utrecht.ID})
		base := "/api/v1/networks/" + nets[0].ID.String()

		// The network allows 15 active allies by default; lower it to 2 to test the cap.
		if resp, body := coord.do("PATCH", base, `{"name":"Bondgenoten Utrecht-Centrum","level":"district","maxActiveAllies":2}`, nil); resp.StatusCode != 200 {
			t.Fatalf("lower the cap: %d %s", resp.StatusCode, body)
		}
		var ids []string
		for _, name := range []string{"Fatima", "Johan"} {
			resp, body := coord.do("POST", base+"/allies", `{"name":"`+name+`","status":"active","mobile":"06 12345678","contactPermitted":true,"consentOn":"2026-11-01","neighbourhood":"Kanaleneiland"}`, nil)
			if resp.StatusCode != 201 {
				t.Fatalf("add %s: %d %s", name, resp.StatusCode, body)
			}
			ids = append(ids, decode[struct{ ID string }](t, []byte(body)).ID)
		}
		resp, body := coord.do("POST", base+"/allies", `{"name":"Derde","status":"active"}`, nil)
		if p := decode[problemBody](t, []byte(body)); resp.StatusCode != 409 || !strings.Contains(p.Errors["status"], "2 actieve bondgenoten") {
			t.Fatalf("third active ally: %d %s; want 409 naming the cap", resp.StatusCode, body)
		}

		// Contacts: coordinators and staff; the crisis liaison only during a crisis; the bureau never.
		if resp, body := staff.get(base + "/allies"); resp.StatusCode != 200 || !strings.Contains(body, "Fatima") {
			t.Fatalf("staff reading allies: %d", resp.StatusCode)
		}
		for name, b := range map[string]*browser{"crisis liaison": liaison, "bureau advisor": advisor} {
			if resp, _ := b.get(base + "/allies"); resp.StatusCode != 403 {
				t.Errorf("%s reading allies: %d; want 403", name, resp.StatusCode)
			}
		}
		// Special-category data: coordinators only, with consent, every read audited.
		if resp, _ := staff.get(base + "/allies/" + ids[0] + "/special"); resp.StatusCode != 403 {
			t.Fatalf("staff reading special data: %d; want 403", resp.StatusCode)
		}
		if resp, body := coord.do("PUT", base+"/allies/"+ids[0]+"/special", `{"religion":"Islam"}`, nil); resp.StatusCode != 400 || !strings.Contains(body, "consentOn") {
			t.Fatalf("special data without consent: %d %s", resp.StatusCode, body)
		}
		if resp, body := coord.do("PUT", base+"/allies/"+ids[0]+"/special", `{"religion":"Islam","consentOn":"2026-11-01","consentHow":"schriftelijk"}`, nil); resp.StatusCode != 200 {
			t.Fatalf("special data with consent: %d %s", resp.StatusCode, body)
		}
		if resp, body := coord.get(base + "/allies/" + ids[0] + "/special"); resp.StatusCode != 200 || !strings.Contains(body, "Islam") {
			t.Fatalf("coordinator reading special data: %d %s", resp.StatusCode, body)
		}
		events, err := authz.ListAudit(ctx, db.Unscoped(), utrecht.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var sensitiveReads, deniedStaff int
		for _, e := range events {
			if e.Category == authz.Sensitive && e.Action == authz.Read && e.ObjectID == ids[0] {
				if e.Allowed {
					sensitiveReads++
				} else {
					deniedStaff++
				}
			}
		}
		if sensitiveReads != 1 || deniedStaff != 1 {
			t.Fatalf("audit: %d allowed and %d denied sensitive reads of the ally; want 1 and 1", sensitiveReads, deniedStaff)
		}
		// White spots: the coordinators list what should be covered; everyone who sees the network sees it.
		if resp, _ := staff.do("PUT", base+"/coverage", `{"neighbourhoods":["Kanaleneiland"]}`, nil); resp.StatusCode != 403 {
			t.Fatalf("staff setting the lists: %d; want 403", resp.StatusCode)
		}
		if resp, body := coord.do("PUT", base+"/coverage", `{"neighbourhoods":["Kanaleneiland","Overvecht"],"communities":["Jongeren"]}`, nil); resp.StatusCode != 200 || !strings.Contains(body, `"whiteSpots":2`) {
			t.Fatalf("setting the lists: %d %s", resp.StatusCode, body)
		}
		// The bureau sees two allies as "fewer than three", as in the make-up; staff see the count.
		if resp, body := advisor.get(base + "/coverage"); resp.StatusCode != 200 || !strings.Contains(body, `{"name":"Kanaleneiland","allies":null,"fewerThanThree":true}`) {
			t.Fatalf("coverage for the bureau: %d %s", resp.StatusCode, body)
		}
		if resp, body := staff.get(base + "/coverage"); resp.StatusCode != 200 || !strings.Contains(body, `{"name":"Kanaleneiland","allies":2,"fewerThanThree":false}`) {
			t.Fatalf("coverage for staff: %d %s", resp.StatusCode, body)
		}
		// Everyone who sees the network sees the make-up, in counts of three or more.
		resp, body = advisor.get(base + "/representation")
		if resp.StatusCode != 200 || strings.Contains(body, "Islam") || !strings.Contains(body, `"activeAllies":2`) {
			t.Fatalf("representation for the bureau: %d %s", resp.StatusCode, body)
		}
	})
}
