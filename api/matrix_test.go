package api

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// The people of the matrix: one demo user per role, each with the tenant
// they belong to, a tenant their bureau oversees (if any) and a tenant out
// of their reach.
var matrixPeople = []struct {
	email, own, overseen, foreign string
	role                          authz.Role
}{
	{"coordinator@utrecht.demo", "utrecht", "zeist", "veenendaal", authz.Coordinator},
	{"staff@utrecht.demo", "utrecht", "zeist", "veenendaal", authz.Staff},
	{"crisis-liaison@utrecht.demo", "utrecht", "zeist", "veenendaal", authz.CrisisLiaison},
	{"tenant-admin@utrecht.demo", "utrecht", "zeist", "veenendaal", authz.TenantAdmin},
	{"bureau-advisor@bureau-rvs.demo", "bureau-rvs", "utrecht", "veenendaal", authz.BureauAdvisor},
	{"bureau-admin@bureau-rvs.demo", "bureau-rvs", "utrecht", "veenendaal", authz.BureauAdmin},
	{"operator@platform.demo", "platform", "zeist", "veenendaal", authz.Operator},
}

// expectTenantRoute transcribes docs/design.md §4 for the categories the
// tenant-scoped routes use: admin is for tenant admins (and bureau admins in
// their own bureau), audit for tenant admins; oversight is read by a
// tenant's coordinators and by bureau people in their own bureau, and
// managed by bureau admins. Bureau people reach the tenants
// their bureau oversees; nobody reaches anything else.
func expectTenantRoute(role authz.Role, relation string, acc access) string {
	c, a := acc.category, acc.action
	bureau := role == authz.BureauAdvisor || role == authz.BureauAdmin
	reach := relation == "own" || (relation == "overseen" && bureau)
	if !reach {
		return "hidden"
	}
	allowed := false
	if relation == "overseen" && c == authz.Tension {
		// An overseeing bureau reads the tension picture in aggregate.
		allowed = slices.Contains(acc.narrow, authz.ReadAggregate)
	}
	if relation == "own" {
		switch c {
		case authz.Tension:
			allowed = role == authz.Coordinator || role == authz.Staff || role == authz.CrisisLiaison || role == authz.TenantAdmin
		case authz.Admin:
			allowed = role == authz.TenantAdmin || role == authz.BureauAdmin || role == authz.Operator
		case authz.Audit:
			allowed = (role == authz.TenantAdmin || role == authz.BureauAdmin || role == authz.Operator) && a == authz.Read
		case authz.Oversight:
			if a == authz.Manage {
				allowed = role == authz.BureauAdmin
			} else {
				allowed = role == authz.Coordinator || role == authz.BureauAdvisor || role == authz.BureauAdmin
			}
		}
	}
	if allowed {
		return "allowed"
	}
	return "forbidden"
}

// TestAuthorizationMatrix calls every /api/v1 route as every role on its
// own, an overseen and a foreign tenant, and checks allow / 403 / 404.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		// A pending person in every tenant, for the user routes to act on.
		pending := map[string]uuid.UUID{}
		for _, slug := range []string{"utrecht", "zeist", "veenendaal", "bureau-rvs", "platform"} {
			tn, err := d.server.cfg.Tenants.GetBySlug(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tn.ID, Issuer: "matrix", Subject: slug,
				Email: "wacht@" + slug + ".demo", Name: "Wacht " + slug, Status: identity.StatusPending,
				CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
			if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			pending[slug] = u.ID
		}
		// A failed email in every tenant, for its administrators to send again.
		mailOf := map[string]string{}
		for slug := range pending {
			mailOf[slug] = failedMail(t, d, slug).String()
		}
		// A relation of each tenant's own, for the routes that act on one.
		relationOf := map[string]string{}
		for slug := range pending {
			tn, _ := d.server.cfg.Tenants.GetBySlug(ctx, slug)
			rel, err := d.server.cfg.Tenants.ListOversight(ctx, tenant.OversightFilter{BureauID: tn.ID})
			if err != nil {
				t.Fatal(err)
			}
			relationOf[slug] = uuid.NewString()
			if len(rel) > 0 {
				relationOf[slug] = rel[0].ID.String()
			}
		}
		// A waiting request of Politie voor Iedereen to each municipality,
		// for the routes with which the overseen side answers.
		pvi, _ := d.server.cfg.Tenants.GetBySlug(ctx, "politie-voor-iedereen")
		for _, slug := range []string{"utrecht", "zeist", "veenendaal"} {
			tn, _ := d.server.cfg.Tenants.GetBySlug(ctx, slug)
			existing, _ := d.server.cfg.Tenants.ListOversight(ctx, tenant.OversightFilter{BureauID: pvi.ID, TenantID: tn.ID})
			if len(existing) > 0 {
				relationOf[slug] = existing[0].ID.String()
				continue
			}
			o, err := d.server.cfg.Tenants.CreateOversight(ctx, tenant.OversightInput{BureauID: pvi.ID, TenantID: tn.ID, StartsOn: bondgenoten.Today(), GrantedBy: "Matrix"})
			if err != nil {
				t.Fatal(err)
			}
			relationOf[slug] = o.ID.String()
		}
		// Networks: the Utrecht and Zeist demo networks, and one of two
		// organisations nobody in the matrix reaches.
		for slug, kind := range map[string]string{"oudewater": "municipality", "basisteam-ijssel": "police_unit"} {
			if resp, body := d.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": slug, "name": slug, "kind": kind}, operator()...); resp.StatusCode != 201 {
				t.Fatalf("create %s: %s", slug, body)
			}
		}
		oudewater, _ := d.server.cfg.Tenants.GetBySlug(ctx, "oudewater")
		foreignNet, _, err := d.server.cfg.Networks.Create(ctx, oudewater.ID, network.CreateInput{
			Input: network.Input{Name: "Bondgenoten Oudewater", Level: "municipality"}, Municipality: "oudewater", PoliceUnits: []string{"basisteam-ijssel"}})
		if err != nil {
			t.Fatal(err)
		}
		networkOf := map[string]string{"foreign": foreignNet.ID.String()}
		for rel, slug := range map[string]string{"own": "utrecht", "overseen": "zeist"} {
			tn, _ := d.server.cfg.Tenants.GetBySlug(ctx, slug)
			list, err := d.server.cfg.Networks.List(ctx, []uuid.UUID{tn.ID})
			if err != nil || len(list) != 1 {
				t.Fatalf("demo network of %s: %v", slug, err)
			}
			networkOf[rel] = list[0].ID.String()
		}
		// An ally in each of those networks, for the ally routes.
		allyOf := map[string]string{}
		for rel, id := range networkOf {
			a, err := d.server.cfg.Allies.Create(ctx, uuid.MustParse(id), ally.Input{Name: "Bondgenoot " + rel, Status: ally.StatusCandidate})
			if err != nil {
				t.Fatal(err)
			}
			allyOf[rel] = a.ID.String()
		}
		// A meeting with an action in each, for the meeting routes.
		meetingOf, actionOf := map[string]string{}, map[string]string{}
		for rel, id := range networkOf {
			m, err := d.server.cfg.Meetings.Plan(ctx, uuid.MustParse(id), meeting.Input{StartsAt: time.Now().Add(24 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			a, err := d.server.cfg.Meetings.CreateAction(ctx, m.NetworkID, m.ID, meeting.ActionInput{Title: "Actie " + rel, OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen})
			if err != nil {
				t.Fatal(err)
			}
			meetingOf[rel], actionOf[rel] = m.ID.String(), a.ID.String()
		}
		// A signal (logged by Utrecht's staff member, shared with the crisis
		// organisation), an own theme and a shared mood picture in each, for
		// the signal routes.
		d.browser().login("staff@utrecht.demo") // their account exists from their first sign-in
		var staffID uuid.UUID
		if err := db.Unscoped().NewSelect().Table("users").Column("id").Where("email = ?", "staff@utrecht.demo").Scan(ctx, &staffID); err != nil {
			t.Fatal(err)
		}
		signalOf, themeOf, moodOf := map[string]string{}, map[string]string{}, map[string]string{}
		for rel, id := range networkOf {
			sigs := d.server.cfg.Signals
			nid := uuid.MustParse(id)
			by := signal.Viewer{UserID: staffID, TenantID: uuid.Nil, WriteAll: true}
			if err := db.Unscoped().NewSelect().Table("users").Column("tenant_id").Where("id = ?", staffID).Scan(ctx, &by.TenantID); err != nil {
				t.Fatal(err)
			}
			sg, err := sigs.Log(ctx, nid, by, signal.Input{ObservedAt: time.Now().Add(-time.Hour), SourceKind: signal.SourceOwn, Theme: "youth",
				Level: 2, Evidence: signal.EvidenceExperienced, Phase: signal.PhaseSimmering, Description: "Signaal " + rel})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sigs.Share(ctx, nid, sg.ID, by); err != nil {
				t.Fatal(err)
			}
			th, err := sigs.AddTheme(ctx, nid, signal.ThemeInput{Label: "Thema " + rel})
			if err != nil {
				t.Fatal(err)
			}
			today := bondgenoten.Today()
			m, err := sigs.DraftMood(ctx, nid, by, signal.PeriodInput{PeriodFrom: &today, PeriodTo: &today}, language.Dutch)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sigs.ShareMood(ctx, nid, m.ID, by); err != nil {
				t.Fatal(err)
			}
			signalOf[rel], themeOf[rel], moodOf[rel] = sg.ID.String(), th.Key, m.ID.String()
		}
		// An active crisis in each, with a question and a poll of an active
		// ally, for the crisis routes (the rapid contact list answers while
		// it lasts).
		crisisOf, entryOf, pollOf := map[string]string{}, map[string]string{}, map[string]string{}
		for rel, id := range networkOf {
			nid := uuid.MustParse(id)
			cr, err := d.server.cfg.Crises.Activate(ctx, nid, staffID, crisis.ActivateInput{Title: "Crisis " + rel, Trigger: "Onrust",
				Phase: signal.PhaseRising, StartedAt: time.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			q, err := d.server.cfg.Crises.AddEntry(ctx, nid, cr.ID, staffID, crisis.EntryInput{Kind: crisis.KindQuestion, Text: "Vraag " + rel})
			if err != nil {
				t.Fatal(err)
			}
			a, err := d.server.cfg.Allies.Create(ctx, nid, ally.Input{Name: "Gepeild " + rel, Status: ally.StatusActive})
			if err != nil {
				t.Fatal(err)
			}
			p, err := d.server.cfg.Crises.CreatePoll(ctx, nid, cr.ID, staffID, crisis.PollInput{Question: "Hoe is de sfeer?", AllyIDs: []uuid.UUID{a.ID}})
			if err != nil {
				t.Fatal(err)
			}
			crisisOf[rel], entryOf[rel], pollOf[rel] = cr.ID.String(), q.ID.String(), p.ID.String()
		}
		// An open evaluation in each, for the evaluation routes.
		evaluationOf := map[string]string{}
		for rel, id := range networkOf {
			ev, err := d.server.cfg.Evaluations.Start(ctx, uuid.MustParse(id))
			if err != nil {
				t.Fatal(err)
			}
			evaluationOf[rel] = ev.ID.String()
		}
		// The staff member's introduction in the Utrecht network (gaining the
		// role at their first sign-in started it), for the introduction routes.
		introductionOf := map[string]string{"overseen": uuid.NewString(), "foreign": uuid.NewString()}
		utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
		if err := d.server.cfg.Introductions.ReconcileStaff(ctx, utrecht.ID, staffID); err != nil {
			t.Fatal(err)
		}
		mine, err := d.server.cfg.Introductions.Mine(ctx, staffID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range mine {
			if p.NetworkID.String() == networkOf["own"] {
				introductionOf["own"] = p.ID.String()
			}
		}
		if introductionOf["own"] == "" {
			t.Fatal("no introduction of the staff member in the Utrecht network")
		}
		routes := d.server.routes()
		checked := 0
		for _, p := range matrixPeople {
			b := d.browser()
			b.login(p.email)
			for _, r := range routes {
				relations := []string{"own"}
				if r.access.scope == scopeTenant || r.access.scope == scopeNetwork {
					relations = []string{"own", "overseen", "foreign"}
				}
				for _, rel := range relations {
					slug := map[string]string{"own": p.own, "overseen": p.overseen, "foreign": p.foreign}[rel]
					if r.access.scope == scopeNetwork {
						slug = p.own // partner actions name the caller's own organisation
					}
					path := strings.NewReplacer(
						":networkId", networkOf[rel], ":allyId", allyOf[rel], ":meetingId", meetingOf[rel], ":actionId", actionOf[rel],
						":signalId", signalOf[rel], ":themeKey", themeOf[rel], ":moodPictureId", moodOf[rel],
						":crisisId", crisisOf[rel], ":entryId", entryOf[rel], ":pollId", pollOf[rel], ":mailId", mailOf[slug],
						":evaluationId", evaluationOf[rel], ":introductionId", introductionOf[rel], ":step", "guide",
						":token", "onbekend",
						":tenant", slug, ":userId", pending[slug].String(),
						":tenantId", uuid.NewString(), ":oversightId", relationOf[slug], ":sessionId", uuid.NewString(),
					).Replace(r.path)
					if r.path == "/api/v1/login/lookup" {
						path += "?email=x%40utrecht.demo"
					}
					body := ""
					switch r.method {
					case "POST", "PUT", "PATCH":
						body = "{}"
						if strings.HasSuffix(r.path, "/oversight") {
							// Already overseen: an allowed call answers 409 and
							// changes nobody's reach for the cells after it.
							body = `{"tenant":"amersfoort","startsOn":"2026-01-01"}`
						}
						if strings.HasSuffix(r.path, "/roles") {
							body = `{"roles":[]}`
						}
						if strings.HasSuffix(r.path, "/approve") || strings.HasSuffix(r.path, "/deactivate") {
							body = ""
						}
					}
					resp, got := b.do(r.method, path, body, nil)
					status := resp.StatusCode
					var want string
					switch r.access.scope {
					case scopePublic:
						want = "allowed"
					case scopeSelf:
						want = "allowed"
					case scopePlatform:
						want = "forbidden"
						if p.role == authz.Operator {
							want = "allowed"
						}
					case scopeTenant:
						want = expectTenantRoute(p.role, rel, r.access)
					case scopeOwn:
						want = "forbidden"
						if p.role == authz.Coordinator {
							want = "allowed"
						}
					case scopeNetwork:
						want = expectNetworkRoute(p.role, p.own, rel, r.access)
						// Police notes are for police-unit partners' people,
						// and nobody in the matrix is one.
						if strings.HasSuffix(r.path, "/police-note") && want == "allowed" {
							want = "forbidden"
						}
					}
					ok := false
					switch want {
					case "allowed":
						ok = status != 401 && status != 403 && (status != 404 || (r.access.scope != scopeTenant && r.access.scope != scopeNetwork))
					case "forbidden":
						ok = status == 403
					case "hidden":
						ok = status == 404
					}
					if !ok {
						t.Errorf("%s on %s tenant (%s): %s %s → %d; want %s\n%.200s", p.role, rel, slug, r.method, path, status, want, got)
					}
					checked++
				}
			}
		}
		if want := len(matrixPeople) * countRelations(routes); checked != want {
			t.Fatalf("checked %d cells; want %d", checked, want)
		}
		t.Logf("checked %d route × role × tenant cells", checked)
	})
}

// expectNetworkRoute: the "own" network is Utrecht's (its people are
// partners; Bureau RVS oversees both its partners), "overseen" is Zeist's
// (overseen by Bureau RVS, foreign to Utrecht's people) and "foreign" has
// partners nobody in the matrix reaches. Partners' local roles read; only
// their coordinators write; overseers read; nobody else sees it.
//
// Allies (contacts) are for the partners' coordinators and staff; their
// special-category data (sensitive) and exports for coordinators only; the
// bureau sees neither, only the network, its meeting dates and cadence and
// its aggregated make-up (org). Meeting contents and actions (minutes) are
// for the partners' coordinators (write) and staff (read).
func expectNetworkRoute(role authz.Role, home, rel string, acc access) string {
	bureau := role == authz.BureauAdvisor || role == authz.BureauAdmin
	partner := rel == "own" && home == "utrecht"
	overseer := bureau && (rel == "own" || rel == "overseen")
	if !partner && !overseer {
		return "hidden"
	}
	c, a := acc.category, acc.action
	narrow := func(n authz.Action) bool { return slices.Contains(acc.narrow, n) }
	allowed := false
	switch c {
	case authz.Signals:
		// Signal content: the partners' coordinators (write) and staff (read,
		// and write their own); crisis liaisons what was shared.
		switch {
		case a == authz.Read:
			allowed = partner && (role == authz.Coordinator || role == authz.Staff || (role == authz.CrisisLiaison && narrow(authz.ReadShared)))
		default:
			allowed = partner && (role == authz.Coordinator || (role == authz.Staff && narrow(authz.WriteOwn)))
		}
	case authz.Tension:
		// Levels: every local role of a partner, and overseeing bureaus in
		// aggregate.
		allowed = (partner && role != authz.Operator && !bureau) || (overseer && narrow(authz.ReadAggregate))
	case authz.Org:
		allowed = (a == authz.Read) || (partner && role == authz.Coordinator)
	case authz.Contacts:
		if a == authz.ReadCrisis {
			// The rapid contact list: coordinators and crisis liaisons.
			allowed = partner && (role == authz.Coordinator || role == authz.CrisisLiaison)
			break
		}
		allowed = partner && (role == authz.Coordinator || (a == authz.Read && role == authz.Staff))
	case authz.Minutes:
		allowed = partner && (role == authz.Coordinator || (a == authz.Read && role == authz.Staff))
	case authz.Sensitive:
		allowed = partner && role == authz.Coordinator
	case authz.Onboarding:
		// Introductions: the person (staff: their own) and the partners'
		// coordinators work on them; tenant administrators read them;
		// overseeing bureaus read progress only (the list).
		if a == authz.Read {
			allowed = (partner && (role == authz.Coordinator || role == authz.TenantAdmin || (role == authz.Staff && narrow(authz.ReadOwn)))) ||
				(overseer && narrow(authz.ReadProgress))
		} else {
			allowed = partner && (role == authz.Coordinator || (role == authz.Staff && narrow(authz.WriteOwn)))
		}
	case authz.Evaluations:
		// The partners' coordinators write; their staff and tenant
		// administrators read; overseeing bureaus read the summary.
		if a == authz.Read {
			allowed = (partner && (role == authz.Coordinator || role == authz.Staff || role == authz.TenantAdmin)) ||
				(overseer && narrow(authz.ReadSummary))
		} else {
			allowed = partner && role == authz.Coordinator
		}
	}
	if allowed {
		return "allowed"
	}
	return "forbidden"
}

func countRelations(routes []route) int {
	n := 0
	for _, r := range routes {
		if r.access.scope == scopeTenant || r.access.scope == scopeNetwork {
			n += 3
		} else {
			n++
		}
	}
	return n
}
