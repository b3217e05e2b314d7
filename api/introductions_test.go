package api

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestIntroductionThroughTheAPI: a new staff member's programme (started by
// the follow-up of their first sign-in) takes contact moments and steps
// from them; bad input is a 400 or 409 with field messages and writes
// nothing; the coordinator sees it by name and may waive it, the tenant
// administrator reads it without allies' names, the overseeing bureau
// sees a percentage only; the sheet is an audited read of contacts.
func TestIntroductionThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		base, allies := utrechtNetwork(t, d)
		coord, staff, admin, advisor, liaison := d.browser(), d.browser(), d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		admin.login("tenant-admin@utrecht.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		liaison.login("crisis-liaison@utrecht.demo")
		utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
		var staffID uuid.UUID
		if err := db.Unscoped().NewSelect().Table("users").Column("id").Where("email = ?", "staff@utrecht.demo").Scan(ctx, &staffID); err != nil {
			t.Fatal(err)
		}
		if err := d.server.cfg.Introductions.ReconcileStaff(ctx, utrecht.ID, uuid.Nil); err != nil {
			t.Fatal(err)
		}

		resp, body := staff.get("/api/v1/me/introductions")
		wantStatus(t, "mine", resp, body, 200)
		mine := decode[struct {
			Items []struct {
				ID, NetworkID string
				Progress      introduction.Progress
			}
		}](t, []byte(body))
		var p string
		for _, it := range mine.Items {
			if base == "/api/v1/networks/"+it.NetworkID {
				p = base + "/introductions/" + it.ID
			}
		}
		if p == "" {
			t.Fatalf("no programme in the Utrecht network: %s", body)
		}
		resp, body = staff.get(p)
		wantStatus(t, "staff reads their own", resp, body, 200)
		if !strings.Contains(body, "Fatima") || !strings.Contains(body, `"canWrite":true`) || !strings.Contains(body, `"canWaive":false`) {
			t.Fatalf("own programme: %.500s", body)
		}

		today := bondgenoten.Today()
		contact := func(allyID, day string) string {
			return `{"allyId":"` + allyID + `","metOn":"` + day + `","mode":"in_person","note":"Koffie bij de moskee"}`
		}
		other := "/api/v1/networks/" + uuid.NewString()
		resp, body = staff.do("POST", p+"/contacts", contact(uuid.NewString(), today.String()), nil)
		wantRule(t, "an ally of no network of this one", resp, body, 400, "allyId", introduction.RuleAllyOfNetwork)
		resp, body = staff.do("POST", p+"/contacts", contact(allies[0], today.AddDays(1).String()), nil)
		wantRule(t, "tomorrow", resp, body, 400, "metOn", introduction.RuleNotFuture)
		resp, body = staff.do("POST", p+"/contacts", contact(allies[0], today.AddDays(-1).String()), nil)
		wantRule(t, "before the start", resp, body, 400, "metOn", introduction.RuleBeforeProgramme)
		resp, body = staff.do("POST", p+"/contacts", `{"allyId":"`+allies[0]+`","metOn":"`+today.String()+`","mode":"letter"}`, nil)
		wantFieldError(t, "a mode we do not know", resp, body, "mode", "oneof")
		resp, body = staff.do("POST", other+"/introductions/"+uuid.NewString()+"/contacts", contact(allies[0], today.String()), nil)
		wantStatus(t, "a network out of reach", resp, body, 404)
		resp, body = liaison.do("POST", p+"/contacts", contact(allies[0], today.String()), nil)
		wantStatus(t, "a crisis liaison", resp, body, 403)
		resp, body = admin.do("POST", p+"/contacts", contact(allies[0], today.String()), nil)
		wantStatus(t, "a tenant administrator", resp, body, 403)
		if n, _ := db.Unscoped().NewSelect().Model((*introduction.Contact)(nil)).Count(ctx); n != 0 {
			t.Fatalf("bad input wrote %d contact moments", n)
		}

		resp, body = staff.do("POST", p+"/contacts", contact(allies[0], today.String()), nil)
		wantStatus(t, "a contact moment", resp, body, 200)
		resp, body = coord.do("POST", p+"/contacts", contact(allies[1], today.String()), nil)
		wantStatus(t, "the coordinator logs one for them", resp, body, 200)
		resp, body = staff.do("POST", p+"/contacts", contact(allies[0], today.String()), nil)
		wantRule(t, "the same ally twice", resp, body, 409, "allyId", introduction.RuleStepDone)
		resp, body = staff.do("POST", p+"/steps/guide", `{"doneOn":"`+today.String()+`"}`, nil)
		wantStatus(t, "read the guide", resp, body, 200)
		resp, body = staff.do("POST", p+"/steps/guide", `{"doneOn":"`+today.String()+`"}`, nil)
		wantRule(t, "a step twice", resp, body, 409, "step", introduction.RuleStepDone)
		resp, body = staff.do("POST", p+"/steps/meeting", `{"doneOn":"`+today.String()+`"}`, nil)
		wantRule(t, "the meeting by hand", resp, body, 400, "step", introduction.RuleStep)

		// Another new colleague cannot act on this programme.
		var liaisonID uuid.UUID
		if err := db.Unscoped().NewSelect().Table("users").Column("id").Where("email = ?", "crisis-liaison@utrecht.demo").Scan(ctx, &liaisonID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Unscoped().NewInsert().Model(&identity.RoleAssignment{UserID: liaisonID, TenantID: utrecht.ID, Role: "staff",
			Source: identity.SourceAdmin, CreatedAt: time.Now().UTC()}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.server.cfg.Authz.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.server.cfg.Introductions.ReconcileStaff(ctx, utrecht.ID, liaisonID); err != nil {
			t.Fatal(err)
		}
		resp, body = liaison.do("POST", p+"/steps/partner", `{"doneOn":"`+today.String()+`"}`, nil)
		wantRule(t, "someone else's programme", resp, body, 403, "introductionId", introduction.RuleNotOwnProgramme)
		resp, body = liaison.get(p)
		wantRule(t, "reading someone else's", resp, body, 403, "introductionId", introduction.RuleNotOwnProgramme)

		resp, body = coord.get(base + "/introductions")
		wantStatus(t, "the coordinator's list", resp, body, 200)
		if !strings.Contains(body, `"personName":"Medewerker (demo)`) || !strings.Contains(body, `"access":"full"`) {
			t.Fatalf("coordinator list: %.600s", body)
		}
		// 2 allies met + the guide of 2 allies + 4 steps.
		if !strings.Contains(body, `"percent":50`) {
			t.Fatalf("progress: %.800s", body)
		}
		resp, body = admin.get(p)
		wantStatus(t, "the tenant administrator reads", resp, body, 200)
		if strings.Contains(body, "Fatima") || !strings.Contains(body, `"names":false`) {
			t.Fatalf("administrator sees allies' names: %.500s", body)
		}
		resp, body = advisor.get(base + "/introductions")
		wantStatus(t, "the bureau's list", resp, body, 200)
		if strings.Contains(body, "Medewerker") || !strings.Contains(body, `"personName":null`) || !strings.Contains(body, `"access":"progress"`) {
			t.Fatalf("bureau sees names: %.600s", body)
		}
		resp, body = advisor.get(p)
		wantStatus(t, "the bureau reads a programme", resp, body, 403)

		// The sheet: contact details, recorded in the audit trail; without
		// the trail it fails.
		before, _ := db.Unscoped().NewSelect().Table("audit_events").Where("object_type LIKE ?", "%/sheet").Count(ctx)
		resp, body = staff.get(p + "/sheet")
		wantStatus(t, "the sheet", resp, body, 200)
		if after, _ := db.Unscoped().NewSelect().Table("audit_events").Where("object_type LIKE ?", "%/sheet").Count(ctx); after <= before {
			t.Fatal("the sheet's read of contacts is not in the audit trail")
		}
		resp, body = admin.get(p + "/sheet")
		wantStatus(t, "the administrator's sheet", resp, body, 403)
		if _, err := db.Unscoped().ExecContext(ctx, "ALTER TABLE audit_events RENAME TO audit_events_away"); err != nil {
			t.Fatal(err)
		}
		resp, body = staff.get(p + "/sheet")
		if resp.StatusCode != 503 {
			t.Errorf("the sheet without an audit trail: %d %s; want 503", resp.StatusCode, body)
		}
		if _, err := db.Unscoped().ExecContext(ctx, "ALTER TABLE audit_events_away RENAME TO audit_events"); err != nil {
			t.Fatal(err)
		}

		resp, body = staff.do("POST", p+"/waive", `{"reason":"Ik ken iedereen al"}`, nil)
		wantStatus(t, "staff waive their own", resp, body, 403)
		resp, body = coord.do("POST", p+"/waive", `{"reason":""}`, nil)
		wantFieldError(t, "waive without a reason", resp, body, "reason", "required")
		resp, body = coord.do("POST", p+"/waive", `{"reason":"`+strings.Repeat("x", 501)+`"}`, nil)
		wantFieldError(t, "a long reason", resp, body, "reason", "max")
		resp, body = coord.do("POST", p+"/waive", `{"reason":"Komt over uit Zeist en kent het netwerk"}`, nil)
		wantStatus(t, "waive", resp, body, 200)
		if !strings.Contains(body, `"status":"waived"`) {
			t.Fatalf("waived: %.300s", body)
		}
		resp, body = staff.do("POST", p+"/steps/partner", `{"doneOn":"`+today.String()+`"}`, nil)
		wantRule(t, "a step of a waived programme", resp, body, 409, "status", introduction.RuleClosed)
	})
}
