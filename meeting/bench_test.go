package meeting_test

import (
	"context"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// benchNetwork is a busy network: 15 active allies and three years of
// monthly meetings, each with four agenda items, a report and two actions.
func benchNetwork(b *testing.B, db *store.DB) (fixture, *meeting.Meeting) {
	b.Helper()
	ctx := context.Background()
	f := setup(b, db)
	allies := &ally.Service{DB: db}
	for i := len(f.active); i < 15; i++ {
		a, err := allies.Create(ctx, f.network, ally.Input{Name: "Bondgenoot " + string(rune('A'+i)), Status: ally.StatusActive})
		if err != nil {
			b.Fatal(err)
		}
		f.active = append(f.active, a.ID)
	}
	var last *meeting.Meeting
	for i := range 36 {
		chair := f.active[i%len(f.active)]
		m := f.plan(b, now.AddDate(0, -36+i, 0), &chair)
		items := []meeting.AgendaItem{{Title: "Gemeente", Party: meeting.PartyMunicipality}, {Title: "Politie", Party: meeting.PartyPolice},
			{Title: "Bondgenoten", Party: meeting.PartyAllies}, {Title: "Rondvraag", Party: meeting.PartyAllies}}
		if err := f.meetings.PutAgenda(ctx, f.network, m.ID, meeting.AgendaInput{Items: items}); err != nil {
			b.Fatal(err)
		}
		var att []meeting.Attendance
		for j, id := range f.active {
			att = append(att, meeting.Attendance{AllyID: &id, Name: "Bondgenoot", Party: meeting.PartyAllies, Status: []string{"present", "excused"}[j%2]})
		}
		if err := f.meetings.PutReport(ctx, f.network, m.ID, meeting.Report{Attendance: att, Minutes: "Verslag", Decisions: []string{"Besluit"}}); err != nil {
			b.Fatal(err)
		}
		for _, p := range []meeting.Party{meeting.PartyMunicipality, meeting.PartyPolice} {
			if _, err := f.meetings.CreateAction(ctx, f.network, m.ID, meeting.ActionInput{Title: "Actie", OwnerParty: p, Status: meeting.ActionOpen}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := f.meetings.Close(ctx, f.network, m.ID, "bench"); err != nil {
			b.Fatal(err)
		}
		last = m
	}
	f.plan(b, now.Add(7*24*time.Hour), nil)
	return f, last
}

func benchEachDialect(b *testing.B, fn func(b *testing.B, f fixture, last *meeting.Meeting)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			f, last := benchNetwork(b, storetest.Open(b, d))
			b.ReportAllocs()
			fn(b, f, last)
		})
	}
}

// BenchmarkOverview is the network page's cadence block.
func BenchmarkOverview(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, f fixture, _ *meeting.Meeting) {
		for b.Loop() {
			if o, err := f.meetings.Overview(context.Background(), f.network); err != nil || o.Cadence.HeldLast12Months != 12 {
				b.Fatalf("%v %+v", err, o)
			}
		}
	})
}

// BenchmarkDetail is the meeting page: the meeting with its whole record.
func BenchmarkDetail(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, f fixture, last *meeting.Meeting) {
		for b.Loop() {
			if d, err := f.meetings.Detail(context.Background(), f.network, last.ID); err != nil || len(d.Attendance) != 15 {
				b.Fatalf("%v", err)
			}
		}
	})
}

// BenchmarkChairRotation is the planner's chair proposal.
func BenchmarkChairRotation(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, f fixture, _ *meeting.Meeting) {
		for b.Loop() {
			if turns, err := f.meetings.ChairRotation(context.Background(), f.network); err != nil || len(turns) != 15 {
				b.Fatalf("%v", err)
			}
		}
	})
}

// BenchmarkBalance is the reciprocity block: agenda and actions per party.
func BenchmarkBalance(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, f fixture, _ *meeting.Meeting) {
		for b.Loop() {
			if _, err := f.meetings.Balance(context.Background(), f.network); err != nil {
				b.Fatal(err)
			}
		}
	})
}
