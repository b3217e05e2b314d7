package api

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// utrechtNetwork returns the base path of the Utrecht demo network, with two
// active allies in it.
func utrechtNetwork(t *testing.T, d *demoEnv) (base string, allies []string) {
	t.Helper()
	ctx := context.Background()
	utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
	nets, err := d.server.cfg.Networks.List(ctx, []uuid.UUID{utrecht.ID})
	if err != nil || len(nets) != 1 {
		t.Fatalf("utrecht network: %v", err)
	}
	for _, name := range []string{"Fatima", "Johan"} {
		a, err := d.server.cfg.Allies.Create(ctx, nets[0].ID, ally.Input{Name: name, Status: ally.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		allies = append(allies, a.ID.String())
	}
	return "/api/v1/networks/" + nets[0].ID.String(), allies
}

func wantStatus(t *testing.T, what string, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: %d %s; want %d", what, resp.StatusCode, body, status)
	}
}

func TestMeetingsThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, allies := utrechtNetwork(t, d)
		coord, staff, advisor := d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")

		// An external chair is refused with a Dutch field message.
		past := time.Now().Add(-3 * time.Hour).UTC().Format(time.RFC3339)
		resp, body := coord.do("POST", base+"/meetings", `{"startsAt":"`+past+`","chairAllyId":"`+uuid.NewString()+`"}`, nil)
		wantStatus(t, "external chair", resp, body, 400)
		if p := decode[Problem](t, []byte(body)); !strings.Contains(p.Errors["chairAllyId"], "externe voorzitter") {
			t.Fatalf("chair message: %v", p.Errors)
		}
		// The rotation proposes who never chaired: Fatima (by name).
		resp, body = coord.get(base + "/chair-rotation")
		wantStatus(t, "rotation", resp, body, 200)
		if !strings.Contains(body, `"allyId":"`+allies[0]+`"`) || strings.Index(body, allies[0]) > strings.Index(body, allies[1]) {
			t.Fatalf("rotation: %s", body)
		}
		resp, body = coord.do("POST", base+"/meetings", `{"startsAt":"`+past+`","place":"Wijkcentrum","chairAllyId":"`+allies[0]+`","mealPlanned":true,"mealNotes":"halal"}`, nil)
		wantStatus(t, "plan", resp, body, 201)
		m := decode[struct{ ID string }](t, []byte(body)).ID

		// Staff read the record but do not write it; the bureau sees dates only.
		resp, body = staff.get(base + "/meetings/" + m)
		wantStatus(t, "staff reads the meeting", resp, body, 200)
		resp, body = staff.do("PUT", base+"/meetings/"+m+"/agenda", `{"items":[]}`, nil)
		wantStatus(t, "staff writes the agenda", resp, body, 403)
		resp, body = advisor.get(base + "/meetings")
		wantStatus(t, "bureau lists meetings", resp, body, 200)
		resp, body = advisor.get(base + "/meetings/" + m)
		wantStatus(t, "bureau reads the minutes", resp, body, 403)
		resp, body = advisor.get(base + "/overview")
		wantStatus(t, "bureau reads the overview", resp, body, 200)

		resp, body = coord.do("PUT", base+"/meetings/"+m+"/agenda", `{"items":[{"title":"Jaarwisseling","party":"police"},{"title":"Zorgen","party":"allies","notes":"x"}]}`, nil)
		wantStatus(t, "agenda", resp, body, 200)
		resp, body = coord.do("PUT", base+"/meetings/"+m+"/report", `{"attendance":[{"allyId":"`+allies[0]+`","name":"Fatima","party":"allies","status":"present"}],"minutes":"Verslag","decisions":["Besluit"]}`, nil)
		wantStatus(t, "report", resp, body, 200)
		resp, body = coord.do("POST", base+"/meetings/"+m+"/actions", `{"title":"Terugkoppelen","ownerParty":"municipality","status":"open","dueOn":"`+time.Now().AddDate(0, -1, 0).Format(time.DateOnly)+`"}`, nil)
		wantStatus(t, "action", resp, body, 201)
		if !strings.Contains(body, `"overdue":true`) {
			t.Fatalf("an action due a month ago is overdue: %s", body)
		}

		// Closing without a next meeting is refused, then allowed with a reason.
		resp, body = coord.do("POST", base+"/meetings/"+m+"/close", `{}`, nil)
		wantStatus(t, "close without next", resp, body, 409)
		if p := decode[Problem](t, []byte(body)); !strings.Contains(p.Errors["noNextReason"], "volgende bijeenkomst") {
			t.Fatalf("close message: %v", p.Errors)
		}
		resp, body = coord.do("POST", base+"/meetings/series", `{"firstStartsAt":"`+time.Now().Add(14*24*time.Hour).UTC().Format(time.RFC3339)+`","count":3,"intervalWeeks":8}`, nil)
		wantStatus(t, "series", resp, body, 201)
		resp, body = coord.do("POST", base+"/meetings/"+m+"/close", `{}`, nil)
		wantStatus(t, "close with the next one planned", resp, body, 200)
		detail := decode[struct {
			Status      string
			Chair       struct{ Name string }
			Agenda      []struct{ Party string }
			Actions     []struct{ Overdue bool }
			NextMeeting *struct{ ID string }
		}](t, []byte(body))
		if detail.Status != "held" || detail.Chair.Name != "Fatima" || len(detail.Agenda) != 2 || len(detail.Actions) != 1 || detail.NextMeeting == nil {
			t.Fatalf("closed meeting: %s", body)
		}

		resp, body = coord.get(base + "/balance")
		wantStatus(t, "balance", resp, body, 200)
		if !strings.Contains(body, `"agenda":{"allies":1,"municipality":0,"police":1}`) {
			t.Fatalf("balance: %s", body)
		}
		resp, body = coord.get(base + "/actions?overdue=true&party=municipality")
		wantStatus(t, "overdue actions", resp, body, 200)
		if strings.Count(body, `"id"`) != 1 {
			t.Fatalf("overdue actions: %s", body)
		}
		resp, body = coord.get(base + "/actions?overdue=perhaps")
		wantStatus(t, "bad filter", resp, body, 400)
		resp, body = coord.get(base + "/meetings?from=2026-13-01")
		wantStatus(t, "bad date", resp, body, 400)

		// The calendar file names the network and the place, never an ally.
		resp, body = coord.get(base + "/meetings/" + m + "/calendar.ics")
		wantStatus(t, "ics", resp, body, 200)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(body, "BEGIN:VEVENT") ||
			!strings.Contains(body, "Wijkcentrum") || !strings.Contains(body, "Bondgenoten Utrecht-Centrum") || strings.Contains(body, "Fatima") {
			t.Fatalf("ics: %s", body)
		}
	})
}

func TestTheCalendarFeedFollowsTheUsersAccessAndCanBeRevoked(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		base, _ := utrechtNetwork(t, d)
		coord := d.browser()
		coord.login("coordinator@utrecht.demo")
		resp, body := coord.do("POST", base+"/meetings", `{"startsAt":"2027-01-14T18:00:00Z","place":"Stadskantoor"}`, nil)
		wantStatus(t, "plan", resp, body, 201)

		resp, body = coord.get("/api/v1/me/calendar-feed")
		wantStatus(t, "no feed", resp, body, 200)
		if !strings.Contains(body, `"active":false`) {
			t.Fatalf("feed before: %s", body)
		}
		resp, body = coord.do("POST", "/api/v1/me/calendar-feed", "", nil)
		wantStatus(t, "renew", resp, body, 201)
		feedURL := decode[struct{ URL string }](t, []byte(body)).URL
		if !strings.HasPrefix(feedURL, d.http.URL+"/api/v1/calendar-feeds/") {
			t.Fatalf("feed url %q", feedURL)
		}
		feedPath := strings.TrimPrefix(feedURL, d.http.URL)
		app := &browser{t: t, base: d.http.URL, client: http.DefaultClient, env: d.env} // a calendar app: no cookies
		resp, body = app.get(feedPath)
		wantStatus(t, "feed", resp, body, 200)
		if !strings.Contains(body, "Stadskantoor") || !strings.Contains(body, "DTSTART:20270114T180000Z") {
			t.Fatalf("feed: %s", body)
		}
		if resp, body = coord.get("/api/v1/me/calendar-feed"); !strings.Contains(body, `"active":true`) || strings.Contains(body, "url") {
			t.Fatalf("feed state shows the address again: %d %s", resp.StatusCode, body)
		}

		// A new address replaces the old one.
		_, body = coord.do("POST", "/api/v1/me/calendar-feed", "", nil)
		newPath := strings.TrimPrefix(decode[struct{ URL string }](t, []byte(body)).URL, d.http.URL)
		if resp, _ := app.get(feedPath); resp.StatusCode != 404 {
			t.Fatalf("old address after renewal: %d", resp.StatusCode)
		}
		if resp, _ := app.get(newPath); resp.StatusCode != 200 {
			t.Fatalf("new address: %d", resp.StatusCode)
		}
		// A deactivated person's feed stops; so does a revoked one.
		u := new(identity.User)
		if err := db.Unscoped().NewSelect().Model(u).Where("email = ?", "coordinator@utrecht.demo").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Unscoped().NewUpdate().Model(u).Set("status = ?", identity.StatusDeactivated).WherePK().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if resp, _ := app.get(newPath); resp.StatusCode != 404 {
			t.Fatalf("deactivated user's feed: %d", resp.StatusCode)
		}
		if _, err := db.Unscoped().NewUpdate().Model(u).Set("status = ?", identity.StatusActive).WherePK().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		resp, body = coord.do("DELETE", "/api/v1/me/calendar-feed", "", nil)
		wantStatus(t, "revoke", resp, body, 204)
		if resp, _ := app.get(newPath); resp.StatusCode != 404 {
			t.Fatalf("revoked feed: %d", resp.StatusCode)
		}
	})
}

func TestRelationshipOwnersAreCoordinatorsOrStaffOfAPartner(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, _ := utrechtNetwork(t, d)
		coord := d.browser()
		coord.login("coordinator@utrecht.demo")
		for _, email := range []string{"staff@utrecht.demo", "tenant-admin@utrecht.demo", "coordinator@basisteam-utrecht-centrum.demo"} {
			d.browser().login(email) // provisions the person
		}
		idOf := func(email string) string {
			u := new(identity.User)
			if err := db.Unscoped().NewSelect().Model(u).Where("email = ?", email).Scan(context.Background()); err != nil {
				t.Fatal(err)
			}
			return u.ID.String()
		}
		owner := func(slug, email string) string {
			return `{"tenant":"` + slug + `","userId":"` + idOf(email) + `"}`
		}
		resp, body := coord.get(base)
		if !strings.Contains(body, `"staff":[{"id":"`+idOf("staff@utrecht.demo")) {
			t.Fatalf("network partners list their staff: %d %s", resp.StatusCode, body)
		}
		for what, owners := range map[string]string{
			"a tenant admin":          owner("utrecht", "tenant-admin@utrecht.demo"),
			"a person of another org": `{"tenant":"utrecht","userId":"` + idOf("coordinator@basisteam-utrecht-centrum.demo") + `"}`,
			"two for one partner":     owner("utrecht", "staff@utrecht.demo") + "," + owner("utrecht", "coordinator@utrecht.demo"),
		} {
			resp, body := coord.do("POST", base+"/allies", `{"name":"Karim","status":"candidate","relationshipOwners":[`+owners+`]}`, nil)
			wantStatus(t, what, resp, body, 400)
		}
		resp, body = coord.do("POST", base+"/allies", `{"name":"Karim","status":"candidate","relationshipOwners":[`+
			owner("utrecht", "staff@utrecht.demo")+","+owner("basisteam-utrecht-centrum", "coordinator@basisteam-utrecht-centrum.demo")+`]}`, nil)
		wantStatus(t, "owners on both sides", resp, body, 201)
		got := decode[struct {
			RelationshipOwners []struct{ Tenant, Name string }
		}](t, []byte(body))
		if len(got.RelationshipOwners) != 2 {
			t.Fatalf("owners: %s", body)
		}
		if resp, body := coord.get(base + "/allies"); !strings.Contains(body, `"relationshipOwners":[{"tenant"`) {
			t.Fatalf("list shows owners: %d %s", resp.StatusCode, body)
		}
	})
}

// upload posts a file as multipart form data.
func (b *browser) upload(path, name string, content []byte) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, _ := w.CreateFormFile("file", name)
	_, _ = part.Write(content)
	_ = w.Close()
	req, _ := http.NewRequest("POST", b.base+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	b.env.checkAgainstDocument(req, resp, got)
	return resp, string(got)
}

func TestImportAndExportThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, _ := utrechtNetwork(t, d)
		coord, staff := d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		before := d.count("allies")

		bad := "naam;e-mail;status\nAnouk;anouk@example.org;actief\n;geen-adres;actief\nBram;anouk@example.org;onbekend\n"
		resp, body := coord.upload(base+"/allies/import?dryRun=true", "bondgenoten.csv", []byte(bad))
		wantStatus(t, "dry run", resp, body, 200)
		rep := decode[struct {
			DryRun  bool
			Rows    int
			Valid   int
			Created int
			Errors  []struct {
				Row     int
				Field   string
				Message string
			}
		}](t, []byte(body))
		if !rep.DryRun || rep.Rows != 3 || rep.Valid != 1 || rep.Created != 0 || len(rep.Errors) < 4 {
			t.Fatalf("dry run report: %s", body)
		}
		rows := map[int]bool{}
		for _, e := range rep.Errors {
			rows[e.Row] = true
			if e.Message == "" || e.Message == "Ongeldige waarde." {
				t.Errorf("row %d %s without a specific message: %q", e.Row, e.Field, e.Message)
			}
		}
		if !rows[3] || !rows[4] || rows[2] {
			t.Fatalf("rows with errors: %v; want 3 and 4", rows)
		}
		resp, body = coord.upload(base+"/allies/import", "bondgenoten.csv", []byte(bad))
		wantStatus(t, "import with errors", resp, body, 200)
		if d.count("allies") != before {
			t.Fatal("an import with errors wrote allies")
		}
		resp, body = staff.upload(base+"/allies/import?dryRun=true", "bondgenoten.csv", []byte(bad))
		wantStatus(t, "staff imports", resp, body, 403)
		resp, body = coord.upload(base+"/allies/import", "bondgenoten.pdf", []byte(bad))
		wantStatus(t, "a pdf", resp, body, 400)
		resp, body = coord.upload(base+"/allies/import", "bondgenoten.csv", []byte("naam;schoenmaat\nAnouk;40\n"))
		wantStatus(t, "unknown column", resp, body, 400)
		if p := decode[Problem](t, []byte(body)); !strings.Contains(p.Errors["file"], "schoenmaat") {
			t.Fatalf("unknown column message: %v", p.Errors)
		}
		resp, body = coord.upload(base+"/allies/import", "groot.csv", bytes.Repeat([]byte("x"), importBodyLimit+1))
		wantStatus(t, "too large", resp, body, 413)

		good := "naam;e-mail;status;wijk\nAnouk;anouk@example.org;actief;Overvecht\nBram;bram@example.org;kandidaat;Zuilen\n"
		resp, body = coord.upload(base+"/allies/import", "bondgenoten.csv", []byte(good))
		wantStatus(t, "import", resp, body, 201)
		if d.count("allies") != before+2 {
			t.Fatalf("allies after import: %d; want %d", d.count("allies"), before+2)
		}

		resp, body = staff.get(base + "/allies?q=overvecht&status=active")
		wantStatus(t, "filtered list", resp, body, 200)
		if got := decode[struct{ Items []struct{ Name string } }](t, []byte(body)); len(got.Items) != 1 || got.Items[0].Name != "Anouk" {
			t.Fatalf("allies in Overvecht: %s", body)
		}
		resp, body = staff.get(base + "/allies?status=gone")
		wantStatus(t, "bad status filter", resp, body, 400)
		resp, body = staff.get(base + "/allies/export?format=csv")
		wantStatus(t, "staff exports", resp, body, 403)
		resp, body = coord.get(base + "/allies/export?format=csv")
		wantStatus(t, "export", resp, body, 200)
		if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(body, "\ufeffnaam;") || !strings.Contains(body, "Overvecht") {
			t.Fatalf("export: %v %.200s", resp.Header, body)
		}
		resp, body = coord.get(base + "/allies/export")
		wantStatus(t, "xlsx export", resp, body, 200)
		if !strings.HasPrefix(body, "PK") {
			t.Fatalf("xlsx export is not a zip: %.20q", body)
		}
		resp, body = coord.get(base + "/allies/export?format=pdf")
		wantStatus(t, "pdf export", resp, body, 400)
		// Exports are in the audit trail, allowed and refused.
		n, err := db.Unscoped().NewSelect().Table("audit_events").Where("action = ?", "export").Count(context.Background())
		if err != nil || n < 3 {
			t.Fatalf("audited exports: %d %v; want at least 3", n, err)
		}
	})
}
