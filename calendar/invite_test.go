package calendar_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// parseOne reads a file MeetingFile made: its method and its one event.
func parseOne(t *testing.T, data []byte) (string, *ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, data)
	}
	if len(cal.Events()) != 1 {
		t.Fatalf("%d events; want 1\n%s", len(cal.Events()), data)
	}
	var method string
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			method = p.Value
		}
	}
	return method, cal.Events()[0]
}

func prop(ev *ics.VEvent, p ics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestMeetingFileInvitesUpdatesAndCancels(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 12, 10, 19, 0, 0, 0, bondgenoten.Amsterdam)
		clock := bondgenoten.NewTestClock(start.Add(-7 * 24 * time.Hour))
		ts := tenanttest.Service(t, db)
		mt, err := ts.Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt-heuvelrug", Name: "Basisteam Heuvelrug", Kind: tenant.KindPoliceUnit}); err != nil {
			t.Fatal(err)
		}
		outsider, err := ts.Create(ctx, tenant.CreateInput{Slug: "houten", Name: "Houten", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := (&network.Service{DB: db, Tenants: ts, Clock: clock}).Create(ctx, mt.ID, network.CreateInput{
			Input: network.Input{Name: "Bondgenoten Zeist", Level: "municipality"}, Municipality: "zeist", PoliceUnits: []string{"bt-heuvelrug"}})
		if err != nil {
			t.Fatal(err)
		}
		chair, err := (&ally.Service{DB: db, Clock: clock}).Create(ctx, n.ID, ally.Input{Name: "Fatima Yilmaz", Status: ally.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		meetings := &meeting.Service{DB: db, Clock: clock}
		in := meeting.Input{Kind: meeting.KindEmergency, StartsAt: start, DurationMinutes: 90, Place: "Dorpshuis, Zeist",
			ChairAllyID: &chair.ID, InvitedAllyIDs: []uuid.UUID{chair.ID}}
		m, err := meetings.Plan(ctx, n.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		calendars := &calendar.Service{DB: db, Clock: clock, Organizer: "noreply@bondgenoten.example"}

		name, data, err := calendars.MeetingFile(ctx, mt.ID, m.ID, notify.CalendarRequest)
		if err != nil {
			t.Fatal(err)
		}
		if name != "bijeenkomst-2026-12-10.ics" {
			t.Errorf("file name %q", name)
		}
		method, ev := parseOne(t, data)
		uid := m.ID.String() + "@bondgenoten"
		if method != "REQUEST" || prop(ev, ics.ComponentPropertyUniqueId) != uid || prop(ev, ics.ComponentPropertyStatus) != "CONFIRMED" {
			t.Fatalf("invitation: method %q, uid %q, status %q\n%s", method, prop(ev, ics.ComponentPropertyUniqueId), prop(ev, ics.ComponentPropertyStatus), data)
		}
		if at, err := ev.GetStartAt(); err != nil || !at.Equal(start) {
			t.Errorf("start %v %v; want %v", at, err, start)
		}
		if end, err := ev.GetEndAt(); err != nil || !end.Equal(start.Add(90*time.Minute)) {
			t.Errorf("end %v %v", end, err)
		}
		if got := prop(ev, ics.ComponentPropertySummary); got != "Spoedbijeenkomst Bondgenoten Zeist" {
			t.Errorf("summary %q", got)
		}
		if got := prop(ev, ics.ComponentPropertyLocation); got != "Dorpshuis, Zeist" {
			t.Errorf("location %q", got)
		}
		if got := prop(ev, ics.ComponentPropertyOrganizer); got != "mailto:noreply@bondgenoten.example" {
			t.Errorf("organizer %q", got)
		}
		if strings.Contains(string(data), "Fatima") || strings.Contains(string(data), "Yilmaz") {
			t.Errorf("the file names an ally:\n%s", data)
		}
		seq := func(ev *ics.VEvent) int {
			n, err := strconv.Atoi(prop(ev, ics.ComponentPropertySequence))
			if err != nil {
				t.Fatalf("sequence: %v", err)
			}
			return n
		}
		first := seq(ev)

		// Moved: the same UID with a higher SEQUENCE.
		clock.Advance(time.Hour)
		in.StartsAt = start.Add(30 * time.Minute)
		if _, err := meetings.Update(ctx, n.ID, m.ID, in); err != nil {
			t.Fatal(err)
		}
		_, data, err = calendars.MeetingFile(ctx, mt.ID, m.ID, notify.CalendarRequest)
		if err != nil {
			t.Fatal(err)
		}
		_, moved := parseOne(t, data)
		if prop(moved, ics.ComponentPropertyUniqueId) != uid || seq(moved) <= first {
			t.Fatalf("moved: uid %q, sequence %d after %d", prop(moved, ics.ComponentPropertyUniqueId), seq(moved), first)
		}
		// A place with a bare carriage return cannot add a property for
		// readers that take CR for a new line; lines end in CRLF.
		clock.Advance(time.Hour)
		in.Place = "Thuis\rATTENDEE:mailto:spy@evil.example\nX-ALT-DESC:<script>"
		if _, err := meetings.Update(ctx, n.ID, m.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, data, err = calendars.MeetingFile(ctx, mt.ID, m.ID, notify.CalendarRequest); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '\r' || r == '\n' }) {
			if strings.HasPrefix(line, "ATTENDEE") || strings.HasPrefix(line, "X-ALT-DESC") {
				t.Fatalf("the place added a property %q:\n%q", line, data)
			}
		}
		if strings.Count(string(data), "\r") != strings.Count(string(data), "\r\n") || !strings.Contains(string(data), "\r\n") {
			t.Fatalf("lines do not end in CRLF only:\n%q", data)
		}
		_, moved = parseOne(t, data)

		// Cancelled: METHOD:CANCEL, STATUS:CANCELLED, the same UID, higher
		// still — also when an invitation is asked for by then.
		clock.Advance(time.Hour)
		if _, err := meetings.Cancel(ctx, n.ID, m.ID, "Rust keerde terug"); err != nil {
			t.Fatal(err)
		}
		for _, asked := range []string{notify.CalendarCancel, notify.CalendarRequest} {
			_, data, err = calendars.MeetingFile(ctx, mt.ID, m.ID, asked)
			if err != nil {
				t.Fatal(err)
			}
			method, off := parseOne(t, data)
			if method != "CANCEL" || prop(off, ics.ComponentPropertyStatus) != "CANCELLED" ||
				prop(off, ics.ComponentPropertyUniqueId) != uid || seq(off) <= seq(moved) {
				t.Fatalf("cancellation (asked %s): method %q\n%s", asked, method, data)
			}
		}

		// Only for a partner of the meeting's network, only the two methods.
		if _, _, err := calendars.MeetingFile(ctx, outsider.ID, m.ID, notify.CalendarRequest); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("another tenant: %v; want not found", err)
		}
		if _, _, err := calendars.MeetingFile(ctx, mt.ID, uuid.New(), notify.CalendarRequest); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("no such meeting: %v; want not found", err)
		}
		if _, _, err := calendars.MeetingFile(ctx, mt.ID, m.ID, "PUBLISH"); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Errorf("method PUBLISH: %v; want invalid", err)
		}
	})
}
