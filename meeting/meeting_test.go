package meeting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// now is the fixed moment the tests live at: a Sunday in winter time.
var now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

type fixture struct {
	meetings *meeting.Service
	network  uuid.UUID
	active   []uuid.UUID // active allies, by name
	other    uuid.UUID   // a candidate (not active) ally
	foreign  uuid.UUID   // an active ally of another network
}

// setup makes a network with three active allies, a candidate, and a
// second network with an ally of its own.
func setup(t testing.TB, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(t, db)
	networks := &network.Service{DB: db, Tenants: ts}
	allies := &ally.Service{DB: db}
	var f fixture
	for i, town := range []string{"utrecht", "zeist"} {
		mt, err := ts.Create(ctx, tenant.CreateInput{Slug: town, Name: town, Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt-" + town, Name: "Basisteam " + town, Kind: tenant.KindPoliceUnit}); err != nil {
			t.Fatal(err)
		}
		n, _, err := networks.Create(ctx, mt.ID, network.CreateInput{Input: network.Input{Name: "Bondgenoten " + town, Level: "municipality"},
			Municipality: town, PoliceUnits: []string{"bt-" + town}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			a, err := allies.Create(ctx, n.ID, ally.Input{Name: "Elders", Status: ally.StatusActive})
			if err != nil {
				t.Fatal(err)
			}
			f.foreign = a.ID
			continue
		}
		f.network = n.ID
		for _, name := range []string{"Anna", "Bilal", "Chen"} {
			a, err := allies.Create(ctx, n.ID, ally.Input{Name: name, Status: ally.StatusActive})
			if err != nil {
				t.Fatal(err)
			}
			f.active = append(f.active, a.ID)
		}
		c, err := allies.Create(ctx, n.ID, ally.Input{Name: "Dirk", Status: ally.StatusCandidate})
		if err != nil {
			t.Fatal(err)
		}
		f.other = c.ID
	}
	f.meetings = &meeting.Service{DB: db, Clock: bondgenoten.ClockFunc(func() time.Time { return now })}
	return f
}

func (f fixture) plan(t testing.TB, at time.Time, chair *uuid.UUID) *meeting.Meeting {
	t.Helper()
	m, err := f.meetings.Plan(context.Background(), f.network, meeting.Input{StartsAt: at, Place: "Buurthuis", ChairAllyID: chair})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func wantField(t *testing.T, err error, code, field string, rule bondgenoten.Rule) {
	t.Helper()
	if bondgenoten.ErrorCode(err) != code || bondgenoten.ErrorFields(err)[field].Rule != rule {
		t.Fatalf("got %v %v; want %s with %s: %s", err, bondgenoten.ErrorFields(err), code, field, rule)
	}
}

func TestTheChairIsAnActiveAllyOfTheNetwork(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		at := now.Add(72 * time.Hour)
		for name, chair := range map[string]uuid.UUID{"candidate": f.other, "other network's ally": f.foreign, "nobody": uuid.New()} {
			_, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: at, ChairAllyID: &chair})
			if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID || bondgenoten.ErrorFields(err)["chairAllyId"].Rule != "active_ally" {
				t.Errorf("chair %s: %v; want active_ally", name, err)
			}
		}
		m := f.plan(t, at, &f.active[0])
		if *m.ChairAllyID != f.active[0] || m.DurationMinutes != meeting.DefaultDurationMinutes || m.Status != meeting.StatusPlanned {
			t.Fatalf("planned %+v", m)
		}
		list, err := f.meetings.List(ctx, f.network, meeting.Filter{})
		if err != nil || len(list.Items) != 1 {
			t.Fatalf("refused plans left rows: %v %d", err, len(list.Items))
		}
	})
}

func TestAnEmergencyMeetingInvitesSelectedActiveAllies(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		in := meeting.Input{Kind: meeting.KindEmergency, StartsAt: now.Add(2 * time.Hour)}
		_, err := f.meetings.Plan(ctx, f.network, in)
		wantField(t, err, bondgenoten.EINVALID, "invitedAllyIds", "required")
		in.InvitedAllyIDs = []uuid.UUID{f.active[0], f.other}
		_, err = f.meetings.Plan(ctx, f.network, in)
		wantField(t, err, bondgenoten.EINVALID, "invitedAllyIds", "active_ally")
		in.InvitedAllyIDs = []uuid.UUID{f.active[2], f.active[0], f.active[2]}
		m, err := f.meetings.Plan(ctx, f.network, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.meetings.Get(ctx, f.network, m.ID)
		if err != nil || len(got.InvitedAllyIDs) != 2 || got.Kind != meeting.KindEmergency {
			t.Fatalf("emergency meeting: %v %+v; want two invitees", err, got)
		}
		// A regular meeting invites everyone: invitees are not kept.
		regular, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: now.Add(time.Hour), InvitedAllyIDs: []uuid.UUID{f.active[0]}})
		if err != nil || len(regular.InvitedAllyIDs) != 0 {
			t.Fatalf("regular meeting: %v %v", err, regular.InvitedAllyIDs)
		}
	})
}

func TestASeriesKeepsTheLocalTimeAcrossSummerTime(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		// 19:00 in Amsterdam on 2027-03-11 (winter time); the clocks go
		// forward on 2027-03-28.
		first := time.Date(2027, 3, 11, 19, 0, 0, 0, bondgenoten.Amsterdam)
		list, err := f.meetings.PlanSeries(ctx, f.network, meeting.SeriesInput{FirstStartsAt: first, Count: 3, IntervalWeeks: 2, Place: "Stadhuis"})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"2027-03-11 19:00 CET", "2027-03-25 19:00 CET", "2027-04-08 19:00 CEST"}
		for i, m := range list {
			if got := m.StartsAt.In(bondgenoten.Amsterdam).Format("2006-01-02 15:04 MST"); got != want[i] || *m.SeriesID != *list[0].SeriesID {
				t.Errorf("meeting %d at %s; want %s in one series", i, got, want[i])
			}
		}
		stored, err := f.meetings.List(ctx, f.network, meeting.Filter{})
		if err != nil || len(stored.Items) != 3 || !stored.Items[2].StartsAt.Equal(list[2].StartsAt) {
			t.Fatalf("stored series: %v %+v", err, stored.Items)
		}
		_, err = f.meetings.PlanSeries(ctx, f.network, meeting.SeriesInput{FirstStartsAt: first, Count: 13, IntervalWeeks: 2})
		wantField(t, err, bondgenoten.EINVALID, "count", "max")
	})
}

func TestAMeetingClosesOnlyWithTheNextOnePlannedOrAReason(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		held := f.plan(t, now.Add(-2*time.Hour), &f.active[0])
		future := f.plan(t, now.Add(time.Hour), nil)

		_, err := f.meetings.Close(ctx, f.network, future.ID, "")
		wantField(t, err, bondgenoten.ECONFLICT, "startsAt", "not_started")

		// The only later meeting is cancelled: it does not count.
		if _, err := f.meetings.Cancel(ctx, f.network, future.ID, "Zaal niet beschikbaar"); err != nil {
			t.Fatal(err)
		}
		_, err = f.meetings.Close(ctx, f.network, held.ID, "")
		wantField(t, err, bondgenoten.ECONFLICT, "noNextReason", "next_meeting_required")
		if m, _ := f.meetings.Get(ctx, f.network, held.ID); m.Status != meeting.StatusPlanned {
			t.Fatalf("refused close changed the meeting: %s", m.Status)
		}

		next := f.plan(t, now.Add(14*24*time.Hour), nil)
		closed, err := f.meetings.Close(ctx, f.network, held.ID, "dit wordt genegeerd")
		if err != nil || closed.Status != meeting.StatusHeld || closed.ClosedAt == nil || closed.NoNextReason != "" {
			t.Fatalf("close with the next one planned: %v %+v", err, closed)
		}
		_, err = f.meetings.Close(ctx, f.network, held.ID, "")
		wantField(t, err, bondgenoten.ECONFLICT, "status", "meeting_held")
		_, err = f.meetings.Update(ctx, f.network, held.ID, meeting.Input{StartsAt: now})
		wantField(t, err, bondgenoten.ECONFLICT, "status", "meeting_held")

		// Without a next one, a written reason lets it close.
		last := &meeting.Service{DB: db, Clock: bondgenoten.ClockFunc(func() time.Time { return now.Add(15 * 24 * time.Hour) })}
		closed, err = last.Close(ctx, f.network, next.ID, "Het netwerk stopt na deze bijeenkomst.")
		if err != nil || closed.NoNextReason != "Het netwerk stopt na deze bijeenkomst." {
			t.Fatalf("close with a reason: %v %+v", err, closed)
		}
		// Another network's meeting is not found.
		if _, err := f.meetings.Close(ctx, uuid.New(), held.ID, "x"); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("close through another network: %v", err)
		}
	})
}

func TestAgendaReportAndActionsMakeUpTheMeetingRecord(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		m := f.plan(t, now.Add(-time.Hour), &f.active[1])
		next := f.plan(t, now.Add(30*24*time.Hour), nil)

		err := f.meetings.PutAgenda(ctx, f.network, m.ID, meeting.AgendaInput{Items: []meeting.AgendaItem{{Title: "", Party: "press"}}})
		if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID || len(bondgenoten.ErrorFields(err)) != 2 {
			t.Fatalf("bad agenda item: %v %v; want two field errors", err, bondgenoten.ErrorFields(err))
		}
		agenda := []meeting.AgendaItem{{Title: "Jaarwisseling", Party: meeting.PartyPolice}, {Title: "Zorgen in de wijk", Party: meeting.PartyAllies, Notes: "Samira"}}
		if err := f.meetings.PutAgenda(ctx, f.network, m.ID, meeting.AgendaInput{Items: agenda}); err != nil {
			t.Fatal(err)
		}
		err = f.meetings.PutReport(ctx, f.network, m.ID, meeting.Report{Attendance: []meeting.Attendance{{AllyID: &f.foreign, Name: "Elders", Party: meeting.PartyAllies, Status: "present"}}})
		wantField(t, err, bondgenoten.EINVALID, "attendance", "network_ally")
		report := meeting.Report{
			Attendance: []meeting.Attendance{
				{AllyID: &f.active[0], Name: "Anna", Party: meeting.PartyAllies, Status: "present"},
				{Name: "Wijkagent", Party: meeting.PartyPolice, Status: "excused"},
			},
			Minutes: "  Goed gesprek.  ", Decisions: []string{"We delen signalen binnen een dag."},
		}
		if err := f.meetings.PutReport(ctx, f.network, m.ID, report); err != nil {
			t.Fatal(err)
		}
		a, err := f.meetings.CreateAction(ctx, f.network, m.ID, meeting.ActionInput{Title: "Terugkoppelen", OwnerParty: meeting.PartyMunicipality, Status: meeting.ActionOpen})
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.meetings.Detail(ctx, f.network, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Chair == nil || d.Chair.Name != "Bilal" || len(d.Agenda) != 2 || d.Agenda[1].Notes != "Samira" || d.AgendaItems != 2 ||
			len(d.Attendance) != 2 || d.Attendance[1].Status != "excused" || d.Minutes != "Goed gesprek." ||
			len(d.Decisions) != 1 || len(d.Actions) != 1 || d.Actions[0].ID != a.ID || d.Next == nil || d.Next.ID != next.ID {
			t.Fatalf("detail: %+v", d)
		}
		// A cancelled meeting's record is closed.
		if _, err := f.meetings.Cancel(ctx, f.network, next.ID, "Geannuleerd"); err != nil {
			t.Fatal(err)
		}
		err = f.meetings.PutAgenda(ctx, f.network, next.ID, meeting.AgendaInput{Items: agenda})
		wantField(t, err, bondgenoten.ECONFLICT, "status", "meeting_cancelled")
		_, err = f.meetings.CreateAction(ctx, f.network, next.ID, meeting.ActionInput{Title: "x", OwnerParty: meeting.PartyPolice, Status: meeting.ActionOpen})
		wantField(t, err, bondgenoten.ECONFLICT, "status", "meeting_cancelled")
		_, err = f.meetings.Cancel(ctx, f.network, next.ID, "")
		wantField(t, err, bondgenoten.EINVALID, "reason", "required")
	})
}

func TestTheChairRotatesToWhoChairedLeastRecently(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		anna, bilal, chen := f.active[0], f.active[1], f.active[2]
		first := f.plan(t, now.Add(-60*24*time.Hour), &bilal)
		second := f.plan(t, now.Add(-30*24*time.Hour), &anna)
		f.plan(t, now.Add(-20*24*time.Hour), nil) // without a chair: ignored
		for _, m := range []*meeting.Meeting{first, second} {
			if _, err := f.meetings.Close(ctx, f.network, m.ID, "reden"); err != nil {
				t.Fatal(err)
			}
		}
		turns, err := f.meetings.ChairRotation(ctx, f.network)
		if err != nil {
			t.Fatal(err)
		}
		order := func() string {
			s := ""
			for _, tr := range turns {
				s += fmt.Sprintf("%s:%d ", tr.Name, tr.TimesChaired)
			}
			return s
		}
		if turns[0].AllyID != chen || turns[1].AllyID != bilal || turns[2].AllyID != anna || turns[1].TimesChaired != 1 || turns[0].LastChairedAt != nil {
			t.Fatalf("rotation %s; want Chen (never), Bilal, Anna", order())
		}
		// Chen is down to chair the next meeting: the proposal moves on.
		f.plan(t, now.Add(7*24*time.Hour), &chen)
		if turns, err = f.meetings.ChairRotation(ctx, f.network); err != nil || turns[0].AllyID != bilal || turns[2].AllyID != chen || turns[2].TimesChaired != 0 {
			t.Fatalf("rotation %s, %v; want Bilal first and Chen last", order(), err)
		}
	})
}

func TestCadenceCountsTheLastYearAndFlagsAnUnplannedNextMeeting(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		o, err := f.meetings.Overview(ctx, f.network)
		if err != nil || o.ActiveAllies != 3 || o.MaxActiveAllies != network.DefaultMaxActiveAllies || o.Cadence.Overdue || o.Cadence.PlanNextBy != nil {
			t.Fatalf("new network: %v %+v", err, o)
		}
		old := f.plan(t, now.AddDate(-1, 0, -1), nil) // 13 months ago: outside the year
		held := []*meeting.Meeting{old}
		for _, days := range []int{300, 200, 100, 20} {
			held = append(held, f.plan(t, now.Add(-time.Duration(days)*24*time.Hour), nil))
		}
		for _, m := range held {
			if _, err := f.meetings.Close(ctx, f.network, m.ID, "voor de test"); err != nil {
				t.Fatal(err)
			}
		}
		o, err = f.meetings.Overview(ctx, f.network)
		if err != nil {
			t.Fatal(err)
		}
		c := o.Cadence
		wantBy := bondgenoten.DateOf(now.Add(-20 * 24 * time.Hour)).AddDays(network.DefaultPlanNextWithinDays)
		if c.HeldLast12Months != 4 || !c.OnTarget || c.LastHeld == nil || c.LastHeld.ID != held[4].ID || c.NextMeeting != nil ||
			c.PlanNextBy == nil || *c.PlanNextBy != wantBy || !c.Overdue || c.TargetPerYear != 5 || c.MinimumPerYear != 4 {
			t.Fatalf("cadence %+v; want 4 held, on target, overdue since %s", c, wantBy)
		}
		next := f.plan(t, now.Add(10*24*time.Hour), nil)
		o, _ = f.meetings.Overview(ctx, f.network)
		if o.Cadence.Overdue || o.Cadence.PlanNextBy != nil || o.Cadence.NextMeeting == nil || o.Cadence.NextMeeting.ID != next.ID {
			t.Fatalf("with the next one planned: %+v", o.Cadence)
		}
	})
}

func TestBalanceAndActionsShowReciprocity(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		recent := f.plan(t, now.Add(-30*24*time.Hour), nil)
		old := f.plan(t, now.AddDate(-2, 0, 0), nil)
		for m, parties := range map[*meeting.Meeting][]meeting.Party{
			recent: {meeting.PartyAllies, meeting.PartyAllies, meeting.PartyPolice},
			old:    {meeting.PartyMunicipality},
		} {
			var items []meeting.AgendaItem
			for _, p := range parties {
				items = append(items, meeting.AgendaItem{Title: "Onderwerp", Party: p})
			}
			if err := f.meetings.PutAgenda(ctx, f.network, m.ID, meeting.AgendaInput{Items: items}); err != nil {
				t.Fatal(err)
			}
		}
		today := bondgenoten.DateOf(now)
		due := func(days int) *bondgenoten.Date { d := today.AddDays(days); return &d }
		inputs := []meeting.ActionInput{
			{Title: "Verlichting", OwnerParty: meeting.PartyMunicipality, DueOn: due(-3), Status: meeting.ActionOpen},  // overdue
			{Title: "Voorlichting", OwnerParty: meeting.PartyMunicipality, DueOn: due(-3), Status: meeting.ActionDone}, // done, not overdue
			{Title: "Surveillance", OwnerParty: meeting.PartyPolice, DueOn: due(5), Status: meeting.ActionInProgress},  // in progress
			{Title: "Achterban informeren", OwnerParty: meeting.PartyAllies, Status: meeting.ActionOpen},               // no due date
			{Title: "Buurtschouw", OwnerParty: meeting.PartyAllies, DueOn: due(-1), Status: meeting.ActionInProgress},  // overdue
		}
		for _, in := range inputs {
			if _, err := f.meetings.CreateAction(ctx, f.network, recent.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		b, err := f.meetings.Balance(ctx, f.network)
		if err != nil {
			t.Fatal(err)
		}
		if b.Agenda[meeting.PartyAllies] != 2 || b.Agenda[meeting.PartyPolice] != 1 || b.Agenda[meeting.PartyMunicipality] != 0 {
			t.Fatalf("agenda balance %v; the two-year-old item must not count", b.Agenda)
		}
		if m := b.Actions[meeting.PartyMunicipality]; m.Open != 1 || m.Done != 1 || m.Overdue != 1 {
			t.Fatalf("municipality actions %+v", m)
		}
		if a := b.Actions[meeting.PartyAllies]; a.Open != 1 || a.InProgress != 1 || a.Overdue != 1 {
			t.Fatalf("allies actions %+v", a)
		}

		yes := true
		page, err := f.meetings.ListActions(ctx, f.network, meeting.ActionFilter{Overdue: &yes}, today)
		if err != nil || len(page.Items) != 2 || page.Items[0].Title != "Verlichting" || page.Items[1].Title != "Buurtschouw" {
			t.Fatalf("overdue actions: %v %+v", err, page.Items)
		}
		// Soonest due first, without a due date last; pages of two.
		var titles []string
		cursor := ""
		for {
			page, err := f.meetings.ListActions(ctx, f.network, meeting.ActionFilter{Limit: 2, Cursor: cursor}, today)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range page.Items {
				titles = append(titles, a.Title)
				if a.MeetingStartsAt.IsZero() {
					t.Fatalf("action without its meeting's start: %+v", a)
				}
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if fmt.Sprint(titles) != "[Verlichting Voorlichting Buurtschouw Surveillance Achterban informeren]" {
			t.Fatalf("order %v", titles)
		}
		page, err = f.meetings.ListActions(ctx, f.network, meeting.ActionFilter{Party: meeting.PartyPolice}, today)
		if err != nil || len(page.Items) != 1 || page.Items[0].Title != "Surveillance" {
			t.Fatalf("police actions: %v %+v", err, page.Items)
		}
		_, err = f.meetings.ListActions(ctx, f.network, meeting.ActionFilter{Party: "press"}, today)
		wantField(t, err, bondgenoten.EINVALID, "party", "oneof")

		upd, err := f.meetings.UpdateAction(ctx, f.network, page.Items[0].ID, meeting.ActionInput{Title: "Surveillance", OwnerParty: meeting.PartyPolice,
			Status: meeting.ActionDone, Feedback: "Vier weken extra surveillance."})
		if err != nil || upd.Status != meeting.ActionDone || upd.Feedback != "Vier weken extra surveillance." || upd.MeetingStartsAt.IsZero() {
			t.Fatalf("update action: %v %+v", err, upd)
		}
		if _, err := f.meetings.UpdateAction(ctx, uuid.New(), upd.ID, meeting.ActionInput{Title: "x", OwnerParty: meeting.PartyPolice, Status: meeting.ActionDone}); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("update through another network: %v", err)
		}
	})
}

func TestMeetingsListByDayInAmsterdamWithPages(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		// 00:30 on 1 December in Amsterdam is still 30 November in UTC.
		early := f.plan(t, time.Date(2026, 12, 1, 0, 30, 0, 0, bondgenoten.Amsterdam), nil)
		for d := 2; d <= 5; d++ {
			f.plan(t, time.Date(2026, 12, d, 19, 0, 0, 0, bondgenoten.Amsterdam), nil)
		}
		day := bondgenoten.Date{Year: 2026, Month: 12, Day: 1}
		page, err := f.meetings.List(ctx, f.network, meeting.Filter{From: &day, To: &day})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != early.ID {
			t.Fatalf("1 December: %v %+v", err, page.Items)
		}
		var got []time.Time
		cursor := ""
		for {
			page, err := f.meetings.List(ctx, f.network, meeting.Filter{Descending: true, Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.Items {
				got = append(got, m.StartsAt)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if len(got) != 5 || !got[0].After(got[1]) || !got[4].Equal(early.StartsAt) {
			t.Fatalf("descending pages: %v", got)
		}
		_, err = f.meetings.List(ctx, f.network, meeting.Filter{Status: "done"})
		wantField(t, err, bondgenoten.EINVALID, "status", "oneof")
	})
}
