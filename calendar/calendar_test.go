package calendar_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestWriteRendersMeetingsThatCalendarsRead(t *testing.T) {
	start := time.Date(2027, 3, 30, 19, 0, 0, 0, bondgenoten.Amsterdam) // summer time: 17:00 UTC
	created := start.Add(-48 * time.Hour)
	held := meeting.Meeting{ID: uuid.New(), NetworkID: uuid.New(), Kind: meeting.KindRegular, StartsAt: start.UTC(), DurationMinutes: 90,
		Place: "Buurthuis, zaal 2", Status: meeting.StatusPlanned, CreatedAt: created, UpdatedAt: created}
	off := held
	off.ID, off.Kind, off.Status = uuid.New(), meeting.KindEmergency, meeting.StatusCancelled
	var buf bytes.Buffer
	err := calendar.Write(&buf, "Bondgenoten Zeist", "https://bondgenoten.example", time.Now(), []calendar.Event{
		{Meeting: held, NetworkName: "Bondgenoten Zeist"}, {Meeting: off, NetworkName: "Bondgenoten Zeist"},
	})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatalf("our own file does not parse: %v\n%s", err, buf.String())
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("events = %d; want 2", len(events))
	}
	ev := events[0]
	at, err := ev.GetStartAt()
	if err != nil || !at.Equal(start) {
		t.Fatalf("start %v %v; want %v", at, err, start)
	}
	end, _ := ev.GetEndAt()
	if !end.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("end %v", end)
	}
	if got := ev.GetProperty(ics.ComponentPropertyLocation).Value; got != "Buurthuis, zaal 2" {
		t.Fatalf("location %q", got)
	}
	if got := ev.GetProperty(ics.ComponentPropertyUniqueId).Value; got != held.ID.String()+"@bondgenoten" {
		t.Fatalf("uid %q", got)
	}
	if got := ev.GetProperty(ics.ComponentPropertyUrl).Value; got != "https://bondgenoten.example/netwerken/"+held.NetworkID.String()+"/bijeenkomsten/"+held.ID.String() {
		t.Fatalf("url %q", got)
	}
	second := events[1]
	if second.GetProperty(ics.ComponentPropertyStatus).Value != string(ics.ObjectStatusCancelled) ||
		!strings.HasPrefix(second.GetProperty(ics.ComponentPropertySummary).Value, "Spoedbijeenkomst") {
		t.Fatalf("cancelled emergency meeting: %s", buf.String())
	}
}

func TestUnknownFeedTokensFindNobody(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &calendar.Service{DB: db}
		// A token nobody holds is not found, whatever its shape (renewal and
		// revocation are tested through the API, with real users).
		for _, token := range []string{"", "x", strings.Repeat("a", 43)} {
			if _, err := s.UserOf(ctx, token); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
				t.Fatalf("token %q: %v", token, err)
			}
		}
		if f, err := s.Get(ctx, uuid.New()); f != nil || err != nil {
			t.Fatalf("feed of nobody: %v %v", f, err)
		}
		n, err := db.Unscoped().NewSelect().Table("calendar_feeds").Count(ctx)
		if err != nil || n != 0 {
			t.Fatalf("feeds: %d %v", n, err)
		}
	})
}
