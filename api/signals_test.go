package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// signalBody is a valid signal as JSON, with overrides.
func signalBody(over map[string]any) string {
	in := map[string]any{"observedAt": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), "sourceKind": "own", "theme": "demonstration",
		"level": 5, "evidence": "evidenced", "phase": "escalation", "urgent": true,
		"description": "Jongeren op scooters onderweg naar de demonstratie om stenen te gooien"}
	for k, v := range over {
		in[k] = v
	}
	b, _ := json.Marshal(in)
	return string(b)
}

// The journeys of issue 10 over HTTP: staff logs an urgent signal, the
// coordinators are told (without its text), the crisis liaison sees it
// only once shared, every read is audited, the police note is for the
// police, the bureau sees the tension picture without small counts.
func TestSignalJourneyOverHTTP(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, allies := utrechtNetwork(t, d)
		staff, coord, liaison, police, bureau := d.browser(), d.browser(), d.browser(), d.browser(), d.browser()
		staff.login("staff@utrecht.demo")
		coord.login("coordinator@utrecht.demo")
		liaison.login("crisis-liaison@utrecht.demo")
		police.login("coordinator@basisteam-utrecht-centrum.demo")
		bureau.login("bureau-advisor@bureau-rvs.demo")

		// Bad input: a clear problem, nothing written.
		for name, over := range map[string]map[string]any{
			"level 6":          {"level": 6},
			"unknown theme":    {"theme": "weer"},
			"unknown phase":    {"phase": "kokend"},
			"two days ahead":   {"observedAt": time.Now().Add(49 * time.Hour).UTC().Format(time.RFC3339)},
			"year 10000":       {"observedAt": "10000-01-01T00:00:00Z"},
			"empty":            {"description": ""},
			"NUL":              {"description": "a\u0000b"},
			"another's ally":   {"sourceKind": "ally", "sourceAllyId": "00000000-0000-7000-8000-000000000000"},
			"police note":      {"policeNote": "BVH"},
			"level as a word":  {"level": "hoog"},
			"an unknown field": {"mood": 3},
		} {
			resp, body := staff.do("POST", base+"/signals", signalBody(over), nil)
			if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %s; want a 400 problem", name, resp.StatusCode, body)
			}
		}
		if n := d.count("signals"); n != 0 {
			t.Fatalf("refused input wrote %d signals", n)
		}

		resp, body := staff.do("POST", base+"/signals", signalBody(map[string]any{"sourceKind": "ally", "sourceAllyId": allies[0]}), nil)
		wantStatus(t, "staff logs an urgent signal", resp, body, 201)
		sg := decode[signalJSON](t, []byte(body))
		if sg.Source.AllyName == nil || *sg.Source.AllyName != "Fatima" || !sg.MayEdit || sg.MayAssess || sg.HasPoliceNote != nil {
			t.Errorf("staff's view: %+v", sg)
		}
		path := base + "/signals/" + sg.ID.String()

		// The coordinators of both partners are told, without the text.
		for _, b := range []*browser{coord, police} {
			_, inbox := b.do("GET", "/api/v1/me/notifications", "", nil)
			if !strings.Contains(inbox, `"signal_urgent"`) || strings.Contains(inbox, "scooters") || strings.Contains(inbox, "Fatima") {
				t.Errorf("coordinator's inbox: %s", inbox)
			}
		}

		// Staff do not assess or share; the liaison does not see it yet.
		resp, body = staff.do("POST", path+"/share", "", nil)
		wantStatus(t, "staff shares", resp, body, 403)
		resp, body = staff.do("PUT", path+"/assessment", `{"status":"acted"}`, nil)
		wantStatus(t, "staff assesses", resp, body, 403)
		resp, body = liaison.do("GET", path, "", nil)
		wantStatus(t, "liaison before sharing", resp, body, 404)
		_, body = liaison.do("GET", base+"/signals", "", nil)
		if strings.Contains(body, sg.ID.String()) {
			t.Errorf("liaison's list shows an unshared signal: %s", body)
		}

		// Reads are audited: the trail names the signal.
		before := d.count("audit_events")
		resp, body = coord.do("GET", path, "", nil)
		wantStatus(t, "coordinator reads", resp, body, 200)
		var audited int
		if err := db.Unscoped().NewSelect().Table("audit_events").ColumnExpr("count(*)").
			Where("category = 'signals' AND object_id = ?", sg.ID.String()).Scan(t.Context(), &audited); err != nil || audited == 0 {
			t.Errorf("reads of the signal in the trail: %d %v", audited, err)
		}
		if d.count("audit_events") <= before {
			t.Errorf("the read wrote no audit record")
		}

		// The coordinator assesses, shares and feeds back.
		resp, body = coord.do("PUT", path+"/assessment", `{"picture":"Groep van twintig","judgement":"Reëel","decision":"ME ter plaatse","status":"acted"}`, nil)
		wantStatus(t, "assess", resp, body, 200)
		resp, body = coord.do("POST", path+"/share", "", nil)
		wantStatus(t, "share", resp, body, 200)
		resp, body = coord.do("POST", path+"/share", "", nil)
		wantStatus(t, "share twice", resp, body, 409)
		today := time.Now().In(time.UTC).Format(time.DateOnly)
		resp, body = coord.do("PUT", path+"/feedback", `{"text":"Besproken met de bron","fedBackOn":"`+today+`"}`, nil)
		wantStatus(t, "feedback", resp, body, 200)

		// Now the liaison reads it, without the source's name.
		resp, body = liaison.do("GET", path, "", nil)
		wantStatus(t, "liaison after sharing", resp, body, 200)
		seen := decode[signalJSON](t, []byte(body))
		if seen.Source.AllyName != nil || seen.Source.AllyID != nil || seen.MayEdit || seen.Shared == nil {
			t.Errorf("liaison's view: %+v", seen)
		}

		// The police note: written and read by the police only.
		resp, body = police.do("PUT", path+"/police-note", `{"text":"Twee bekenden in BVH"}`, nil)
		wantStatus(t, "police writes the note", resp, body, 200)
		resp, body = coord.do("GET", path+"/police-note", "", nil)
		wantStatus(t, "municipality reads the police note", resp, body, 403)
		// Nor may the municipality erase it with an empty one (an attack
		// that worked once).
		resp, body = coord.do("PUT", path, signalBody(map[string]any{"policeNote": ""}), nil)
		wantStatus(t, "municipality erases the police note", resp, body, 400)
		resp, body = police.do("GET", path+"/police-note", "", nil)
		if resp.StatusCode != 200 || !strings.Contains(body, "BVH") {
			t.Errorf("police reads the note: %d %s", resp.StatusCode, body)
		}
		_, body = coord.do("GET", path, "", nil)
		if strings.Contains(body, "BVH") || strings.Contains(body, "hasPoliceNote\":true") {
			t.Errorf("the municipality's view carries the police note: %s", body)
		}

		// The tension picture: full for the partners, small counts hidden
		// from the overseeing bureau; never any text.
		resp, body = coord.do("GET", base+"/tension", "", nil)
		wantStatus(t, "coordinator's tension", resp, body, 200)
		if !strings.Contains(body, `"openSignals":1`) {
			t.Errorf("coordinator's tension lacks the count: %.300s", body)
		}
		// Those who do not read every signal see counts in bands, so that
		// no difference (week total minus theme, organisation minus network,
		// now minus before) gives one signal away — an attack that worked
		// when only counts below three were hidden.
		countDigits := regexp.MustCompile(`"(count|openSignals)":[0-9]`)
		for name, b := range map[string]*browser{"bureau": bureau, "liaison": liaison} {
			resp, body = b.do("GET", base+"/tension", "", nil)
			wantStatus(t, name+"'s tension", resp, body, 200)
			if countDigits.MatchString(body) || !strings.Contains(body, `"openSignalsBand":"1-2"`) || strings.Contains(body, "scooters") {
				t.Errorf("%s's tension shows an exact count or text: %.400s", name, body)
			}
		}
		resp, body = bureau.do("GET", base+"/signal-themes", "", nil)
		wantStatus(t, "bureau reads the network's own themes", resp, body, 403)
		resp, body = bureau.do("GET", path, "", nil)
		wantStatus(t, "bureau reads a signal", resp, body, 403)
		resp, body = bureau.do("GET", "/api/v1/tenants/utrecht/tension", "", nil)
		wantStatus(t, "bureau's tension of Utrecht", resp, body, 200)
		if countDigits.MatchString(body) {
			t.Errorf("bureau's organisation picture shows an exact count: %.300s", body)
		}

		// A mood picture, shared, as PDF and text.
		from := time.Now().AddDate(0, 0, -7).Format(time.DateOnly)
		resp, body = coord.do("POST", base+"/mood-pictures", `{"periodFrom":"`+from+`","periodTo":"`+today+`"}`, nil)
		wantStatus(t, "mood picture", resp, body, 201)
		mood := decode[moodJSON](t, []byte(body))
		if strings.Contains(mood.Body, "Fatima") || !strings.Contains(mood.Body, "scooters") {
			t.Errorf("mood picture: %s", mood.Body)
		}
		mp := base + "/mood-pictures/" + mood.ID.String()
		resp, body = liaison.do("GET", mp, "", nil)
		wantStatus(t, "liaison reads a draft", resp, body, 404)
		resp, body = coord.do("POST", mp+"/share", "", nil)
		wantStatus(t, "share mood", resp, body, 200)
		resp, body = liaison.do("GET", mp+"/pdf", "", nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") || !strings.Contains(body, "Sfeerbeeld") {
			t.Errorf("pdf: %d %s %.20q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		resp, body = liaison.do("GET", mp+"/text", "", nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || !strings.HasPrefix(body, "Sfeerbeeld") {
			t.Errorf("text: %d %s", resp.StatusCode, body)
		}

		// The overview counts what is owed.
		resp, body = coord.do("GET", base+"/overview", "", nil)
		if resp.StatusCode != 200 || !strings.Contains(body, `"urgentOpen":1`) {
			t.Errorf("overview: %d %.300s", resp.StatusCode, body)
		}
		_, body = bureau.do("GET", base+"/overview", "", nil)
		if !strings.Contains(body, `"signals":null`) {
			t.Errorf("bureau's overview shows signal counts: %.300s", body)
		}
		if resp := doRaw(d.server, http.MethodGet, path); resp.StatusCode != 401 {
			t.Errorf("anonymous read: %d", resp.StatusCode)
		}
	})
}
