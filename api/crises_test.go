package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// The contact list's vCard is checked for status and content type only.
func init() { openapi3filter.RegisterBodyDecoder("text/vcard", openapi3filter.FileBodyDecoder) }

// wantRule checks a refusal's status and that field carries rule's Dutch
// message.
func wantRule(t *testing.T, what string, resp *http.Response, body string, status int, field string, rule bondgenoten.Rule) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: %d %.300s; want %d", what, resp.StatusCode, body, status)
	}
	p := decode[Problem](t, []byte(body))
	want := fieldMessage(language.Dutch, bondgenoten.FieldViolation{Rule: rule})
	if p.Errors[field] != want {
		t.Fatalf("%s: errors %v; want %q on %s", what, p.Errors, want, field)
	}
}

type crisisBody struct {
	ID      string
	Phase   string
	EndedAt *time.Time
	Entries []struct {
		ID, Kind, AllyName, Answer string
		CarriedBack                bool
	}
	Polls []struct {
		ID           string
		Asked        int
		Answered     *int
		AnsweredBand *string
		Communities  []crisis.CommunityFigures
		Answers      []crisis.AnswerView
	}
	AnswersVisible bool
}

func TestCrisisModeThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		ctx := context.Background()
		base, _ := utrechtNetwork(t, d)
		networkID := uuid.MustParse(strings.TrimPrefix(base, "/api/v1/networks/"))
		consent := bondgenoten.Today()
		var allies []string
		for i, name := range []string{"Amina", "Berend", "Chaima", "Dirk"} {
			community := "Marokkaans-Nederlands"
			if i == 3 {
				community = "Buurtvereniging"
			}
			a, err := d.server.cfg.Allies.Create(ctx, networkID, ally.Input{Name: name, Status: ally.StatusActive, Mobile: "+31 6 1234 567" + string(rune('0'+i)),
				Constituency: community, ContactPermitted: true, ConsentOn: &consent})
			if err != nil {
				t.Fatal(err)
			}
			allies = append(allies, a.ID.String())
		}
		coord, staff, liaison := d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		liaison.login("crisis-liaison@utrecht.demo")

		// The contact list answers only during a crisis.
		resp, body := coord.get(base + "/crisis-contacts")
		wantRule(t, "contacts before activation", resp, body, 409, "crisis", crisis.RuleNoActiveCrisis)
		resp, body = coord.get(base + "/crises")
		wantStatus(t, "no crises", resp, body, 200)

		start := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)
		activate := `{"title":"Onrust rond het azc","trigger":"Berichten op sociale media","themes":["asylum-reception"],"phase":"rising","startedAt":"` + start + `"}`
		// Crisis liaisons and staff read, but do not activate.
		resp, body = liaison.do("POST", base+"/crises", activate, nil)
		wantStatus(t, "liaison activates", resp, body, 403)
		resp, body = staff.do("POST", base+"/crises", activate, nil)
		wantStatus(t, "staff activates", resp, body, 403)
		// Bad input writes nothing.
		before := snapshot(t, db)
		resp, body = coord.do("POST", base+"/crises", strings.Replace(activate, `"rising"`, `"boiling"`, 1), nil)
		wantFieldError(t, "unknown phase", resp, body, "phase", "oneof")
		resp, body = coord.do("POST", base+"/crises", strings.Replace(activate, `"asylum-reception"`, `"no-such-theme"`, 1), nil)
		wantFieldError(t, "unknown theme", resp, body, "themes", string(crisis.RuleCrisisTheme))
		resp, body = coord.do("POST", base+"/crises", strings.Replace(activate, `Onrust`, `On\u0000rust`, 1), nil)
		wantFieldError(t, "NUL in the title", resp, body, "title", "nul")
		resp, body = coord.do("POST", base+"/crises", strings.Replace(activate, start, "9999-12-31T23:00:00Z", 1), nil)
		wantFieldError(t, "start in year 9999", resp, body, "startedAt", "date_range")
		resp, body = coord.do("POST", base+"/crises", strings.Replace(activate, start, beyondADay(time.Now()).Format(time.RFC3339), 1), nil)
		wantFieldError(t, "start more than a day ahead", resp, body, "startedAt", string(crisis.RuleCrisisNotFuture))
		sameRows(t, "refused activations", before, snapshot(t, db))

		resp, body = coord.do("POST", base+"/crises", activate, nil)
		wantStatus(t, "activate", resp, body, 201)
		cid := decode[struct{ ID string }](t, []byte(body)).ID
		c := base + "/crises/" + cid
		resp, body = coord.do("POST", base+"/crises", activate, nil)
		wantRule(t, "a second crisis", resp, body, 409, "network", crisis.RuleCrisisActive)
		if !liaison.inbox().has(notify.CrisisActivated) || !coord.inbox().has(notify.CrisisActivated) {
			t.Fatal("coordinators and crisis liaisons are told")
		}
		if staff.inbox().has(notify.CrisisActivated) {
			t.Fatal("staff are not told")
		}
		// Everyone in the network sees the banner.
		resp, body = staff.get(base)
		wantStatus(t, "network", resp, body, 200)
		if n := decode[struct{ ActiveCrisis *crisisBannerJSON }](t, []byte(body)); n.ActiveCrisis == nil || n.ActiveCrisis.ID.String() != cid {
			t.Fatalf("banner: %s", body)
		}

		// The contact list: coordinators and liaisons during the crisis, never staff.
		resp, body = coord.get(base + "/crisis-contacts")
		wantStatus(t, "contacts during the crisis", resp, body, 200)
		if !strings.Contains(body, `"tel":"tel:+3161234567`) || !strings.Contains(body, `"role":"coordinator"`) {
			t.Fatalf("contacts: %s", body)
		}
		resp, body = liaison.get(base + "/crisis-contacts")
		wantStatus(t, "liaison's contacts", resp, body, 200)
		resp, body = staff.get(base + "/crisis-contacts")
		wantStatus(t, "staff's contacts", resp, body, 403)
		resp, body = coord.get(base + "/crisis-contacts.vcf")
		wantStatus(t, "vCard", resp, body, 200)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/vcard") || !strings.Contains(body, "BEGIN:VCARD\r\nVERSION:4.0\r\n") ||
			!strings.Contains(body, "FN:Amina\r\n") || !strings.Contains(body, "TEL;TYPE=cell;VALUE=uri:tel:+31612345670\r\n") {
			t.Fatalf("vCard %s: %s", ct, body)
		}

		// Decisions, advice and questions.
		resp, body = liaison.do("POST", c+"/entries", `{"kind":"decision","text":"x"}`, nil)
		wantStatus(t, "liaison writes", resp, body, 403)
		resp, body = coord.do("POST", c+"/entries", `{"kind":"decision","text":"Extra surveillance bij het azc"}`, nil)
		wantStatus(t, "decision", resp, body, 201)
		decision := decode[struct{ ID string }](t, []byte(body)).ID
		resp, body = coord.do("POST", c+"/entries", `{"kind":"question","text":"Is het azc veilig?","allyId":"`+uuid.NewString()+`"}`, nil)
		wantFieldError(t, "question from an ally of no network", resp, body, "allyId", string(meeting.RuleNetworkAlly))
		resp, body = coord.do("POST", c+"/entries", `{"kind":"question","text":"Is het azc veilig?","allyId":"`+allies[0]+`"}`, nil)
		wantStatus(t, "question", resp, body, 201)
		question := decode[struct{ ID string }](t, []byte(body)).ID
		resp, body = coord.do("PUT", c+"/entries/"+decision+"/answer", `{"answer":"x"}`, nil)
		wantFieldError(t, "answering a decision", resp, body, "answer", string(crisis.RuleQuestionOnly))
		resp, body = coord.do("PUT", c+"/entries/"+question+"/answer", `{"answer":"Ja, er is extra toezicht.","carriedBack":true}`, nil)
		wantStatus(t, "answer", resp, body, 200)

		// A poll of three allies of one community: its aggregate shows.
		resp, body = coord.do("POST", c+"/polls", `{"question":"Wat hoort u?","allyIds":["`+allies[0]+`","`+uuid.NewString()+`"]}`, nil)
		wantFieldError(t, "poll of a stranger", resp, body, "allyIds", string(meeting.RuleNetworkAlly))
		resp, body = coord.do("POST", c+"/polls", `{"question":"Wat hoort u?","allyIds":["`+allies[0]+`","`+allies[1]+`","`+allies[2]+`"]}`, nil)
		wantStatus(t, "poll", resp, body, 201)
		poll := decode[crisisBody](t, []byte(body)).Polls[0].ID
		answers := c + "/polls/" + poll + "/answers"
		before = snapshot(t, db)
		resp, body = coord.do("POST", answers, `{"allyId":"`+allies[3]+`","mood":3}`, nil)
		wantFieldError(t, "answer of an ally not in the poll", resp, body, "allyId", string(crisis.RulePollAlly))
		resp, body = coord.do("POST", answers, `{"allyId":"`+allies[0]+`","mood":6}`, nil)
		wantFieldError(t, "mood 6", resp, body, "mood", "max")
		resp, body = coord.do("POST", answers, `{"allyId":"`+allies[0]+`","mood":0}`, nil)
		wantFieldError(t, "mood 0", resp, body, "mood", "required")
		resp, body = coord.do("POST", answers, `{"allyId":"`+allies[0]+`","mood":3,"hears":"o\u0000nrust"}`, nil)
		wantFieldError(t, "NUL in what they hear", resp, body, "hears", "nul")
		sameRows(t, "refused answers", before, snapshot(t, db))
		for i, mood := range []int{4, 3, 5} {
			resp, body = coord.do("POST", answers, `{"allyId":"`+allies[i]+`","mood":`+string(rune('0'+mood))+`,"hears":"Zorgen over veiligheid","advice":"Informatieavond"}`, nil)
			wantStatus(t, "answer", resp, body, 200)
		}
		full := decode[crisisBody](t, []byte(body))
		if p := full.Polls[0]; p.Answered == nil || *p.Answered != 3 || len(p.Answers) != 3 || p.Answers[0].AllyName == "" || len(p.Communities) != 1 ||
			p.Communities[0].Answered == nil || *p.Communities[0].Answered != 3 || *p.Communities[0].MeanMood != 4 {
			t.Fatalf("full poll: %+v", full.Polls)
		}
		// Crisis liaisons see aggregates only, no answers and no names.
		resp, body = liaison.get(c)
		wantStatus(t, "liaison reads the crisis", resp, body, 200)
		l := decode[crisisBody](t, []byte(body))
		if l.AnswersVisible || l.Polls[0].Answers != nil || strings.Contains(body, "Amina") || strings.Contains(body, "Zorgen") {
			t.Fatalf("liaison's crisis: %s", body)
		}
		// Nor anything to difference or join (an attack that worked once):
		// no ally IDs on questions (the contact list would name them), the
		// number of answers as a band, the mood as a whole number.
		if strings.Contains(body, allies[0]) {
			t.Errorf("liaison's crisis carries an ally's ID: %s", body)
		}
		if p := l.Polls[0]; p.Answered != nil || p.AnsweredBand == nil || *p.AnsweredBand != "3-9" ||
			p.Communities[0].Answered != nil || p.Communities[0].AnsweredBand == nil || *p.Communities[0].MeanMood != 4 {
			t.Errorf("liaison's poll is not in bands: %+v", p)
		}
		resp, body = coord.do("POST", c+"/phase", `{"phase":"rising"}`, nil)
		wantFieldError(t, "the same phase", resp, body, "phase", string(crisis.RulePhaseUnchanged))
		resp, body = coord.do("POST", c+"/phase", `{"phase":"escalation","note":"Demonstratie aangekondigd"}`, nil)
		wantStatus(t, "phase", resp, body, 200)
		resp, body = coord.get(c + "/timeline")
		wantStatus(t, "timeline", resp, body, 200)
		for _, kind := range []string{`"started"`, `"phase"`, `"decision"`, `"question"`, `"poll"`, `"poll_answer"`} {
			if !strings.Contains(body, `"kind":`+kind) {
				t.Fatalf("timeline lacks %s: %s", kind, body)
			}
		}
		resp, body = liaison.get(c + "/timeline")
		wantStatus(t, "liaison's timeline", resp, body, 200)
		if strings.Contains(body, "Amina") || strings.Contains(body, "Zorgen") || strings.Contains(body, `"poll_answer"`) {
			t.Fatalf("liaison's timeline names allies or counts answers one by one: %s", body)
		}

		// Closing asks for aftercare: a planned meeting ahead, and the evaluation.
		evaluation := `"wentWell":"Snel contact met de bondgenoten","toLearn":"Eerder een peiling","lesson":true`
		resp, body = coord.do("POST", c+"/close", `{`+evaluation+`}`, nil)
		wantFieldError(t, "close without aftercare", resp, body, "aftercareMeetingId", "required")
		past, err := d.server.cfg.Meetings.Plan(ctx, networkID, meeting.Input{StartsAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		resp, body = coord.do("POST", c+"/close", `{"aftercareMeetingId":"`+past.ID.String()+`",`+evaluation+`}`, nil)
		wantFieldError(t, "aftercare in the past", resp, body, "aftercareMeetingId", string(crisis.RuleAftercareMeeting))
		next, err := d.server.cfg.Meetings.Plan(ctx, networkID, meeting.Input{StartsAt: time.Now().Add(14 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		resp, body = liaison.do("POST", c+"/close", `{"aftercareMeetingId":"`+next.ID.String()+`",`+evaluation+`}`, nil)
		wantStatus(t, "liaison closes", resp, body, 403)
		resp, body = coord.do("POST", c+"/close", `{"aftercareMeetingId":"`+next.ID.String()+`",`+evaluation+`}`, nil)
		wantStatus(t, "close", resp, body, 200)
		if cl := decode[crisisBody](t, []byte(body)); cl.EndedAt == nil {
			t.Fatalf("closed: %s", body)
		}
		resp, body = coord.get(base + "/crisis-contacts")
		wantRule(t, "contacts after closing", resp, body, 409, "crisis", crisis.RuleNoActiveCrisis)
		resp, body = coord.do("POST", c+"/entries", `{"kind":"advice","text":"Te laat"}`, nil)
		wantRule(t, "advice after closing", resp, body, 409, "crisis", crisis.RuleCrisisEnded)
		resp, body = staff.get(base)
		if n := decode[struct{ ActiveCrisis *crisisBannerJSON }](t, []byte(body)); n.ActiveCrisis != nil {
			t.Fatalf("banner after closing: %s", body)
		}
		resp, body = staff.get(base + "/crises")
		wantStatus(t, "past crises", resp, body, 200)
		if !strings.Contains(body, `"aftercareMeetingId":"`+next.ID.String()+`"`) {
			t.Fatalf("past crises: %s", body)
		}
		resp, body = coord.get(base + "/crises/" + uuid.NewString())
		wantStatus(t, "a crisis that does not exist", resp, body, 404)
		// A new crisis may start once the last one is closed.
		resp, body = coord.do("POST", base+"/crises", activate, nil)
		wantStatus(t, "a new crisis", resp, body, 201)
	})
}

// beyondADay is an instant more than a day after now that is still within
// tomorrow in Amsterdam — the last day dates may name — whatever the time
// of day the test runs (a fixed 30 hours crossed into the day after
// tomorrow in the evening).
func beyondADay(now time.Time) time.Time {
	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	local := now.In(amsterdam)
	endOfTomorrow := time.Date(local.Year(), local.Month(), local.Day()+2, 0, 0, 0, 0, amsterdam)
	dayAhead := now.Add(24 * time.Hour)
	return dayAhead.Add(endOfTomorrow.Sub(dayAhead) / 2).UTC().Truncate(time.Second)
}
