package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// invalidStatus is what a field error answers, wherever problem.go maps it.
var invalidStatus = statusOf[bondgenoten.EINVALID]

// contentTables are the tables a refused write must leave as they were.
// Sessions, audit events, login attempts and the like change on any
// request and are left out.
var contentTables = []string{
	"tenants", "tenant_email_domains", "tenant_oidc", "users", "role_assignments", "oversight",
	"networks", "network_partners", "network_focus", "allies", "ally_owners",
	"meetings", "meeting_invitees", "agenda_items", "meeting_attendance", "meeting_decisions", "actions",
	"calendar_feeds",
}

// snapshot reads every row of the content tables, to prove a refused
// request wrote nothing.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range contentTables {
		var rows []map[string]any
		if err := db.Unscoped().NewSelect().Table(table).OrderExpr("1").Scan(context.Background(), &rows); err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		for _, r := range rows {
			keys := make([]string, 0, len(r))
			for k := range r {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			fmt.Fprintf(&b, "%s:", table)
			for _, k := range keys {
				fmt.Fprintf(&b, " %s=%v", k, r[k])
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// sameRows reports the rows that differ between two snapshots.
func sameRows(t *testing.T, what, before, after string) {
	t.Helper()
	if before == after {
		return
	}
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	was, is := in(before), in(after)
	var diff []string
	for l := range is {
		if !was[l] {
			diff = append(diff, "+ "+l)
		}
	}
	for l := range was {
		if !is[l] {
			diff = append(diff, "- "+l)
		}
	}
	sort.Strings(diff)
	t.Errorf("%s changed stored rows:\n%.3000s", what, strings.Join(diff, "\n"))
}

func wantFieldError(t *testing.T, what string, resp *http.Response, body, field, rule string) {
	t.Helper()
	if resp.StatusCode != invalidStatus {
		t.Errorf("%s: %d %.300s; want %d", what, resp.StatusCode, body, invalidStatus)
		return
	}
	p := decode[Problem](t, []byte(body))
	msg, ok := p.Errors[field]
	if !ok {
		t.Errorf("%s: errors %v; want one on %q", what, p.Errors, field)
		return
	}
	if rule != "" {
		if want := fieldMessage(language.Dutch, bondgenoten.FieldViolation{Rule: bondgenoten.Rule(rule), Param: "%"}); !strings.HasPrefix(msg, strings.SplitN(want, "%", 2)[0]) {
			t.Errorf("%s: %s = %q; want the %s message %q", what, field, msg, rule, want)
		}
	}
}

// TestDatesOutsideTheirSpanAreRefused replays the attack: a meeting at
// 9999-12-31T23:59:59Z was stored and then broke the network's meeting
// list, its detail and the descending order for everyone; year 0 was
// accepted; a series from 0000-01-01 wrote rows and answered 500. Every
// date and instant is now checked against its span before anything is
// written, and the list keeps working.
func TestDatesOutsideTheirSpanAreRefused(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, allies := utrechtNetwork(t, d)
		coord := d.browser()
		coord.login("coordinator@utrecht.demo")
		soon := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		resp, body := coord.do("POST", base+"/meetings", `{"startsAt":"`+soon.Format(time.RFC3339)+`"}`, nil)
		wantStatus(t, "a meeting in two days", resp, body, 201)
		m := decode[struct{ ID string }](t, []byte(body)).ID
		resp, body = coord.do("POST", base+"/meetings/"+m+"/actions", `{"title":"Bellen","ownerParty":"police","status":"open"}`, nil)
		wantStatus(t, "an action", resp, body, 201)
		action := decode[struct{ ID string }](t, []byte(body)).ID
		before := snapshot(t, db)

		today := bondgenoten.Today()
		inSixYears := time.Now().AddDate(6, 0, 0).UTC().Format(time.RFC3339)
		sixYearsAgo := time.Now().AddDate(-6, 0, 0).UTC().Format(time.RFC3339)
		nearlyFive := time.Now().AddDate(4, 10, 0).UTC().Format(time.RFC3339)
		cases := []struct {
			what, method, path, body, field, rule string
		}{
			{"meeting at the end of year 9999", "POST", base + "/meetings", `{"startsAt":"9999-12-31T23:59:59Z"}`, "startsAt", "date_range"},
			{"meeting in year 10000", "POST", base + "/meetings", `{"startsAt":"10000-01-01T00:00:00Z"}`, "startsAt", "date_time"},
			{"meeting in year 0", "POST", base + "/meetings", `{"startsAt":"0000-01-01T00:00:00Z"}`, "startsAt", "date_range"},
			{"meeting in six years", "POST", base + "/meetings", `{"startsAt":"` + inSixYears + `"}`, "startsAt", "date_range"},
			{"meeting six years ago", "POST", base + "/meetings", `{"startsAt":"` + sixYearsAgo + `"}`, "startsAt", "date_range"},
			{"meeting moved to year 9999", "PUT", base + "/meetings/" + m, `{"startsAt":"9999-12-31T23:59:59Z"}`, "startsAt", "date_range"},
			{"series from year 0", "POST", base + "/meetings/series", `{"firstStartsAt":"0000-01-01T00:00:00Z","count":3,"intervalWeeks":4}`, "firstStartsAt", "date_range"},
			{"series from year 9999", "POST", base + "/meetings/series", `{"firstStartsAt":"9999-12-31T23:59:59Z","count":3,"intervalWeeks":4}`, "firstStartsAt", "date_range"},
			{"series running past five years", "POST", base + "/meetings/series", `{"firstStartsAt":"` + nearlyFive + `","count":12,"intervalWeeks":26}`, "count", "series_range"},
			{"action due in year 0", "POST", base + "/meetings/" + m + "/actions", `{"title":"x","ownerParty":"police","status":"open","dueOn":"0000-01-01"}`, "dueOn", "date_range"},
			{"action due in year 9999", "PUT", base + "/actions/" + action, `{"title":"x","ownerParty":"police","status":"open","dueOn":"9999-12-31"}`, "dueOn", "date_range"},
			{"action due in ten years", "PUT", base + "/actions/" + action, `{"title":"x","ownerParty":"police","status":"open","dueOn":"` + today.AddDays(3660).String() + `"}`, "dueOn", "date_range"},
			{"ally starting in year 0", "POST", base + "/allies", `{"name":"Nul","status":"active","startsOn":"0000-01-01"}`, "startsOn", "date_range"},
			{"ally consenting in 9999", "PUT", base + "/allies/" + allies[0], `{"name":"Fatima","status":"active","contactPermitted":true,"consentOn":"9999-12-31"}`, "consentOn", "date_range"},
			{"special consent in year 0", "PUT", base + "/allies/" + allies[0] + "/special", `{"religion":"x","consentOn":"0000-01-01","consentHow":"mondeling"}`, "consentOn", "date_range"},
		}
		for _, c := range cases {
			resp, body := coord.do(c.method, c.path, c.body, nil)
			wantFieldError(t, c.what, resp, body, c.field, c.rule)
		}
		// The operator's oversight relations carry days too.
		bureau, _ := d.server.cfg.Tenants.GetBySlug(context.Background(), "bureau-rvs")
		veenendaal, _ := d.server.cfg.Tenants.GetBySlug(context.Background(), "veenendaal")
		resp, raw := d.do("POST", "/api/v1/operator/oversight", map[string]any{"bureauId": bureau.ID, "tenantId": veenendaal.ID, "startsOn": "0000-01-01", "grantedBy": "x"}, operator()...)
		wantFieldError(t, "oversight from year 0", resp, string(raw), "startsOn", "date_range")

		sameRows(t, "refused dates", before, snapshot(t, db))
		for _, path := range []string{base + "/meetings", base + "/meetings?order=desc", base + "/meetings/" + m, base + "/actions", base + "/overview"} {
			resp, body := coord.get(path)
			wantStatus(t, "after the attack: "+path, resp, body, 200)
		}
		// The edges of the spans are in.
		resp, body = coord.do("POST", base+"/meetings", `{"startsAt":"`+time.Now().AddDate(4, 11, 0).UTC().Format(time.RFC3339)+`"}`, nil)
		wantStatus(t, "a meeting in four years and eleven months", resp, body, 201)
		resp, body = coord.do("POST", base+"/allies", `{"name":"Oud","status":"active","startsOn":"1900-01-01"}`, nil)
		wantStatus(t, "an ally since 1900", resp, body, 201)
	})
}

// textProperty finds, in a request body schema, a member that takes text
// and a JSON value for it holding text: the string itself, or an array or
// object around it.
func textProperty(schema *openapi3.Schema, text string, anyString bool) (name, value string, ok bool) {
	if schema == nil {
		return "", "", false
	}
	for _, part := range schema.AllOf {
		if n, v, ok := textProperty(part.Value, text, anyString); ok {
			return n, v, true
		}
	}
	if !schema.Type.Is("object") {
		return "", "", false
	}
	names := make([]string, 0, len(schema.Properties))
	for n := range schema.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if v, ok := textValue(schema.Properties[n].Value, text, anyString, 0); ok {
			return n, v, true
		}
	}
	return "", "", false
}

// completeBodies are bodies that would be stored as they are, with TEXT for
// the text under attack in the named member: the refusal must come from
// the text alone.
var completeBodies = map[string][2]string{
	"createAlly":        {"name", `{"name":TEXT,"status":"candidate"}`},
	"updateAlly":        {"neighbourhood", `{"name":"Fatima","status":"active","neighbourhood":TEXT}`},
	"putAllySpecial":    {"religion", `{"religion":TEXT,"consentOn":"2026-01-05","consentHow":"mondeling"}`},
	"putFocus":          {"communities", `{"communities":[TEXT],"neighbourhoods":[]}`},
	"createMeeting":     {"place", `{"startsAt":"` + time.Now().Add(72*time.Hour).UTC().Format(time.RFC3339) + `","place":TEXT}`},
	"updateMeeting":     {"mealNotes", `{"startsAt":"` + time.Now().Add(72*time.Hour).UTC().Format(time.RFC3339) + `","mealNotes":TEXT}`},
	"planMeetingSeries": {"place", `{"firstStartsAt":"` + time.Now().Add(72*time.Hour).UTC().Format(time.RFC3339) + `","count":2,"intervalWeeks":6,"place":TEXT}`},
	"putMeetingAgenda":  {"items", `{"items":[{"title":TEXT,"party":"police"}]}`},
	"putMeetingReport":  {"decisions", `{"attendance":[],"minutes":"","decisions":[TEXT]}`},
	"cancelMeeting":     {"reason", `{"reason":TEXT}`},
	"createAction":      {"title", `{"title":TEXT,"ownerParty":"police","status":"open"}`},
	"updateAction":      {"feedback", `{"title":"Bellen","ownerParty":"police","status":"done","feedback":TEXT}`},
	"createNetwork":     {"name", `{"name":TEXT,"level":"district","municipality":"utrecht","policeUnits":["basisteam-utrecht-centrum"]}`},
	"updateNetwork":     {"goals", `{"name":"Bondgenoten Utrecht","level":"district","goals":TEXT}`},
	"addNetworkPartner": {"tenant", `{"tenant":TEXT}`},
	"createTenant":      {"name", `{"slug":"nieuw","name":TEXT,"kind":"municipality"}`},
	"updateTenant":      {"region", `{"region":TEXT}`},
	"createOversight":   {"grantedBy", `{"bureauId":"BUREAU","tenantId":"VEENENDAAL","startsOn":"2026-01-01","grantedBy":TEXT}`},
}

func textValue(s *openapi3.Schema, text string, anyString bool, depth int) (string, bool) {
	if s == nil || depth > 4 {
		return "", false
	}
	switch {
	case s.Type.Includes("string") && (anyString || len(s.Enum) == 0 && s.Format == ""):
		return `"` + text + `"`, true
	case s.Type.Is("array") && s.Items != nil:
		if v, ok := textValue(s.Items.Value, text, anyString, depth+1); ok {
			return "[" + v + "]", true
		}
	case s.Type.Is("object"):
		if n, v, ok := textProperty(s, text, anyString); ok {
			return `{"` + n + `":` + v + `}`, true
		}
	}
	return "", false
}

// TestTextWithNULOrInvalidUnicodeIsRefused replays the attack on every
// route that takes a JSON body: NUL characters answered 500 (PostgreSQL
// refuses them), invalid UTF-8 and lone surrogate escapes were stored as
// replacement characters. Each is now a field error before any handler,
// and nothing is written.
func TestTextWithNULOrInvalidUnicodeIsRefused(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		base, allies := utrechtNetwork(t, d)
		network := strings.TrimPrefix(base, "/api/v1/networks/")
		utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
		m, err := d.server.cfg.Meetings.Plan(ctx, uuid.MustParse(network), meeting.Input{StartsAt: time.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		a, err := d.server.cfg.Meetings.CreateAction(ctx, m.NetworkID, m.ID, meeting.ActionInput{Title: "Actie", OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen})
		if err != nil {
			t.Fatal(err)
		}
		coordUser := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: utrecht.ID, Issuer: "input", Subject: "signaal",
			Email: "signaal@utrecht.demo", Name: "Signaal", Status: identity.StatusActive, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if _, err := db.Unscoped().NewInsert().Model(coordUser).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		logger := signal.Viewer{UserID: coordUser.ID, TenantID: utrecht.ID, WriteAll: true}
		sg, err := d.server.cfg.Signals.Log(ctx, m.NetworkID, logger, signal.Input{ObservedAt: time.Now().Add(-time.Hour), SourceKind: signal.SourceOwn,
			Theme: "youth", Level: 2, Evidence: signal.EvidenceExpected, Phase: signal.PhaseSimmering, Description: "Signaal"})
		if err != nil {
			t.Fatal(err)
		}
		theme, err := d.server.cfg.Signals.AddTheme(ctx, m.NetworkID, signal.ThemeInput{Label: "Eigen thema"})
		if err != nil {
			t.Fatal(err)
		}
		today := bondgenoten.Today()
		mood, err := d.server.cfg.Signals.DraftMood(ctx, m.NetworkID, logger, signal.PeriodInput{PeriodFrom: &today, PeriodTo: &today}, language.Dutch)
		if err != nil {
			t.Fatal(err)
		}
		pending := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: utrecht.ID, Issuer: "input", Subject: "wacht",
			Email: "wacht@utrecht.demo", Name: "Wacht", Status: identity.StatusPending, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
		if _, err := db.Unscoped().NewInsert().Model(pending).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		bureau, _ := d.server.cfg.Tenants.GetBySlug(ctx, "bureau-rvs")
		veenendaal, _ := d.server.cfg.Tenants.GetBySlug(ctx, "veenendaal")
		relations, err := d.server.cfg.Tenants.ListOversight(ctx, tenant.OversightFilter{BureauID: bureau.ID})
		if err != nil || len(relations) == 0 {
			t.Fatalf("bureau relations: %v", err)
		}

		coord, admin, bureauAdmin := d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		admin.login("tenant-admin@utrecht.demo")
		bureauAdmin.login("bureau-admin@bureau-rvs.demo")

		doc, err := LoadOpenAPI()
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, db)
		covered := 0
		for _, r := range d.server.routes() {
			if r.method != http.MethodPost && r.method != http.MethodPut && r.method != http.MethodPatch {
				continue
			}
			item := doc.Paths.Find(echoToOpenAPIPath(r.path))
			if item == nil {
				t.Fatalf("%s %s is not in the document", r.method, r.path)
			}
			op := item.GetOperation(r.method)
			if op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				continue // no JSON body (actions without one, the spreadsheet import)
			}
			schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			// A member that takes text; else (a body of days only) any
			// member that takes a string.
			anyString := false
			member, nul, ok := textProperty(schema, `a\u0000b`, anyString)
			if !ok {
				anyString = true
				member, nul, ok = textProperty(schema, `a\u0000b`, anyString)
			}
			if !ok {
				t.Errorf("%s %s: no string member found in its request body", r.method, r.path)
				continue
			}
			_, surrogate, _ := textProperty(schema, `a\ud800b`, anyString)
			_, lowSurrogate, _ := textProperty(schema, `a\udc00b`, anyString)

			// Who may call it, and on what.
			caller, slug := coord, "utrecht"
			var header []string
			switch {
			case r.access.scope == scopePlatform:
				caller, header = nil, operator()
			case r.access.scope == scopeTenant && r.access.category == authz.Oversight:
				caller, slug = bureauAdmin, "bureau-rvs"
			case r.access.scope == scopeTenant:
				caller = admin
			}
			path := strings.NewReplacer(
				":networkId", network, ":allyId", allies[0], ":meetingId", m.ID.String(), ":actionId", a.ID.String(),
				":tenantId", utrecht.ID.String(), ":tenant", slug, ":userId", pending.ID.String(),
				":oversightId", relations[0].ID.String(),
				":signalId", sg.ID.String(), ":themeKey", theme.Key, ":moodPictureId", mood.ID.String(),
			).Replace(r.path)
			send := func(body string) (*http.Response, string) {
				if caller == nil {
					resp, got := d.do(r.method, path, body, header...)
					return resp, string(got)
				}
				return caller.do(r.method, path, body, nil)
			}

			what := r.operationID
			if c, ok := completeBodies[r.operationID]; ok {
				body := strings.NewReplacer("BUREAU", bureau.ID.String(), "VEENENDAAL", veenendaal.ID.String()).Replace(c[1])
				for text, rule := range map[string]string{`"a\u0000b"`: "nul", `"\u0000"`: "nul", `"a\udfffb"`: "utf8", `"\ud83d"`: "utf8", "\"\xc3\x28\"": "utf8"} {
					field := c[0]
					if rule == "utf8" && !strings.Contains(text, `\u`) {
						field = "body"
					}
					resp, got := send(strings.Replace(body, "TEXT", text, 1))
					wantFieldError(t, what+" (complete) with "+text, resp, got, field, rule)
				}
			}
			resp, body := send(`{"` + member + `":` + nul + `}`)
			wantFieldError(t, what+" with NUL in "+member, resp, body, member, "nul")
			resp, body = send(`{"` + member + `":` + surrogate + `}`)
			wantFieldError(t, what+" with a lone high surrogate in "+member, resp, body, member, "utf8")
			resp, body = send(`{"` + member + `":` + lowSurrogate + `}`)
			wantFieldError(t, what+" with a lone low surrogate in "+member, resp, body, member, "utf8")
			resp, body = send(`{"` + member + `":` + strings.Replace(nul, `a\u0000b`, "a\xff\xfeb", 1) + `}`)
			wantFieldError(t, what+" with invalid UTF-8", resp, body, "body", "utf8")
			covered++
		}
		if covered < 15 {
			t.Fatalf("covered %d JSON write routes; the route scan is broken", covered)
		}
		sameRows(t, "refused text", before, snapshot(t, db))
		t.Logf("covered %d JSON write routes", covered)

		// Text that only looks like it: an escaped backslash before u0000, a
		// proper surrogate pair, and U+FFFD itself are fine.
		resp, body := coord.do("POST", base+"/allies", `{"name":"C:\\u0000 \ud83d\ude00 \ufffd","status":"candidate"}`, nil)
		wantStatus(t, "text that only looks like NUL", resp, body, 201)
		if got := decode[struct{ Name string }](t, []byte(body)).Name; got != `C:\u0000 😀 �` {
			t.Fatalf("stored name %q", got)
		}
	})
}

// withRequestText makes sure the server checks query and path text. Once
// api/server.go installs checkRequestText for every route, the probe sees
// it and nothing is added; until then the test adds it itself.
func withRequestText(t *testing.T, e *env) {
	t.Helper()
	resp, _ := e.do("GET", "/api/v1/tenants?probe=%00", nil)
	if resp.StatusCode != invalidStatus {
		t.Log("checkRequestText is not installed in api/server.go; the test installs it")
		e.server.Use(checkRequestText)
	}
}

// TestQueryAndPathTextWithNULOrInvalidUTF8IsRefused: list filters, cursors
// and path parameters reach the database as text too; PostgreSQL refuses
// NUL in them with a 500. They are field errors, named by the parameter.
func TestQueryAndPathTextWithNULOrInvalidUTF8IsRefused(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		withRequestText(t, d.env)
		base, _ := utrechtNetwork(t, d)
		if _, err := d.server.cfg.Allies.Create(context.Background(), uuid.MustParse(strings.TrimPrefix(base, "/api/v1/networks/")), ally.Input{Name: "Ahmed", Status: ally.StatusActive}); err != nil {
			t.Fatal(err)
		}
		coord, admin := d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		admin.login("tenant-admin@utrecht.demo")
		for _, bad := range []string{"%00", "%ff", "a%00b", "%ed%a0%80"} {
			for _, c := range []struct {
				b           *browser
				path, field string
			}{
				{coord, base + "/allies?q=" + bad, "q"},
				{coord, base + "/allies?status=" + bad, "status"},
				{coord, base + "/allies?cursor=" + bad, "cursor"},
				{coord, base + "/meetings?status=" + bad, "status"},
				{coord, base + "/actions?party=" + bad, "party"},
				{coord, "/api/v1/tenants?kind=" + bad, "kind"},
				{coord, "/api/v1/login/lookup?email=x" + bad + "%40utrecht.demo", "email"},
				{coord, base + "/allies?" + bad + "=1", "query"},
				{admin, "/api/v1/tenants/utrecht" + bad + "/audit", "tenant"},
			} {
				resp, body := c.b.get(c.path)
				rule := "nul"
				if !strings.Contains(bad, "00") {
					rule = "utf8"
				}
				wantFieldError(t, c.path, resp, body, c.field, rule)
			}
		}
		// Ordinary text still works.
		resp, body := coord.get(base + "/allies?q=" + url.QueryEscape("Ahmed"))
		wantStatus(t, "search", resp, body, 200)
		if !strings.Contains(body, "Ahmed") {
			t.Fatalf("search: %s", body)
		}
	})
}
