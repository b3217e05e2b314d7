package meeting_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// told is a network whose partners have a coordinator and a staff member
// each, and allies who may be contacted, on a clock the test moves.
type told struct {
	db       *store.DB
	clock    *bondgenoten.TestClock
	meetings *meeting.Service
	network  uuid.UUID
	allies   []uuid.UUID // active, contact permitted
	coords   []uuid.UUID // one per partner
	staff    []uuid.UUID // one per partner
}

func addUser(t testing.TB, db *store.DB, tenantID uuid.UUID, name string, roles ...string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tenantID, Issuer: "test", Subject: name, Email: name + "@test.demo",
		Name: name, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
	if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		ra := &identity.RoleAssignment{UserID: u.ID, TenantID: tenantID, Role: r, Source: identity.SourceAdmin, CreatedAt: now}
		if _, err := db.Unscoped().NewInsert().Model(ra).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return u.ID
}

func setupTold(t testing.TB, db *store.DB, phase network.Phase) *told {
	t.Helper()
	ctx := context.Background()
	f := &told{db: db, clock: bondgenoten.NewTestClock(now)}
	ts := tenanttest.Service(t, db)
	networks := &network.Service{DB: db, Tenants: ts, Clock: f.clock}
	allies := &ally.Service{DB: db, Clock: f.clock}
	mt, err := ts.Create(ctx, tenant.CreateInput{Slug: "houten", Name: "Houten", Kind: tenant.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	pt, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt-houten", Name: "Basisteam Houten", Kind: tenant.KindPoliceUnit})
	if err != nil {
		t.Fatal(err)
	}
	n, _, err := networks.Create(ctx, mt.ID, network.CreateInput{Input: network.Input{Name: "Bondgenoten Houten", Level: "municipality", Phase: phase},
		Municipality: "houten", PoliceUnits: []string{"bt-houten"}})
	if err != nil {
		t.Fatal(err)
	}
	f.network = n.ID
	consent := bondgenoten.DateOf(now)
	for _, name := range []string{"Anna", "Bilal", "Chen"} {
		a, err := allies.Create(ctx, n.ID, ally.Input{Name: name, Email: name + "@ally.demo", Status: ally.StatusActive,
			ContactPermitted: true, ConsentOn: &consent})
		if err != nil {
			t.Fatal(err)
		}
		f.allies = append(f.allies, a.ID)
	}
	if _, err := allies.Create(ctx, n.ID, ally.Input{Name: "Dirk", Status: ally.StatusCandidate}); err != nil {
		t.Fatal(err)
	}
	for i, tid := range []uuid.UUID{mt.ID, pt.ID} {
		f.coords = append(f.coords, addUser(t, db, tid, "coordinator"+string(rune('a'+i)), "coordinator"))
		f.staff = append(f.staff, addUser(t, db, tid, "staff"+string(rune('a'+i)), "staff"))
		addUser(t, db, tid, "liaison"+string(rune('a'+i)), "crisis-liaison") // hears nothing of meetings
	}
	f.meetings = &meeting.Service{DB: db, Clock: f.clock}
	return f
}

// notes returns the notifications of kind, by user.
func (f *told) notes(t *testing.T, kind string) map[uuid.UUID]int {
	t.Helper()
	var list []notify.Notification
	if err := f.db.Unscoped().NewSelect().Model(&list).Where("kind = ?", kind).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[uuid.UUID]int{}
	for _, n := range list {
		out[n.UserID]++
		for k := range n.Params {
			if k != "network" && k != "when" && k != "meetingKind" && k != "held" && k != "minimum" {
				t.Errorf("%s carries parameter %q", kind, k)
			}
		}
	}
	return out
}

// allyMails returns the outbox rows of kind to allies, by ally.
func (f *told) allyMails(t *testing.T, kind string) map[uuid.UUID][]notify.Mail {
	t.Helper()
	var list []notify.Mail
	if err := f.db.Unscoped().NewSelect().Model(&list).Where("kind = ? AND ally_id IS NOT NULL", kind).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[uuid.UUID][]notify.Mail{}
	for _, m := range list {
		out[*m.AllyID] = append(out[*m.AllyID], m)
	}
	return out
}

func (f *told) wantPartnersTold(t *testing.T, kind string, times int) {
	t.Helper()
	got := f.notes(t, kind)
	for _, u := range append(append([]uuid.UUID{}, f.coords...), f.staff...) {
		if got[u] != times {
			t.Errorf("%s: user told %d times; want %d", kind, got[u], times)
		}
	}
	if len(got) != len(f.coords)+len(f.staff) {
		t.Errorf("%s told %d people; want the %d coordinators and staff", kind, len(got), len(f.coords)+len(f.staff))
	}
}

func wantAllyMails(t *testing.T, got map[uuid.UUID][]notify.Mail, allies []uuid.UUID, method string, meetingID uuid.UUID) {
	t.Helper()
	if len(got) != len(allies) {
		t.Errorf("mailed %d allies; want %d", len(got), len(allies))
	}
	for _, a := range allies {
		if len(got[a]) != 1 {
			t.Errorf("ally got %d emails; want 1", len(got[a]))
			continue
		}
		m := got[a][0]
		if m.CalendarMethod != method || m.MeetingID == nil || *m.MeetingID != meetingID || m.Link != "" {
			t.Errorf("ally email %+v; want %s of the meeting without a link", m, method)
		}
	}
}

func TestAnEmergencyMeetingIsToldAtOnceInItsTransaction(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setupTold(t, db, "active")
		invited := f.allies[:2]
		at := now.Add(5 * time.Hour)

		// Told in the planning's transaction: a rollback leaves nothing.
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			m := &meeting.Meeting{ID: uuid.Must(uuid.NewV7()), NetworkID: f.network, Kind: meeting.KindEmergency, StartsAt: at,
				DurationMinutes: 60, Status: meeting.StatusPlanned, CreatedAt: now, UpdatedAt: now, InvitedAllyIDs: invited}
			if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
				return err
			}
			if err := meeting.Announced(f.meetings, ctx, tx, m); err != nil {
				return err
			}
			if n, err := tx.NewSelect().Model((*notify.Mail)(nil)).Count(ctx); err != nil || n == 0 {
				t.Errorf("inside the transaction: %d outbox rows, %v", n, err)
			}
			return errors.New("roll back")
		})
		if err == nil {
			t.Fatal("no rollback")
		}
		if n, err := db.Unscoped().NewSelect().Model((*notify.Mail)(nil)).Count(ctx); err != nil || n != 0 {
			t.Fatalf("after rollback: %d outbox rows, %v; want none", n, err)
		}
		if n, err := db.Unscoped().NewSelect().Model((*notify.Notification)(nil)).Count(ctx); err != nil || n != 0 {
			t.Fatalf("after rollback: %d notifications, %v; want none", n, err)
		}

		m, err := f.meetings.Plan(ctx, f.network, meeting.Input{Kind: meeting.KindEmergency, StartsAt: at, Place: "Raadhuis", InvitedAllyIDs: invited})
		if err != nil {
			t.Fatal(err)
		}
		wantAllyMails(t, f.allyMails(t, meeting.KindEmergencyPlanned), invited, notify.CalendarRequest, m.ID)
		f.wantPartnersTold(t, meeting.KindEmergencyPlanned, 1)
		// Within two days: the invitation is the reminder, none follows.
		if n, err := f.meetings.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("reminders after an emergency invitation: %d %v; want 0", n, err)
		}

		// Moved: the invitees get the updated invitation, the partners are told.
		in := meeting.Input{Kind: meeting.KindEmergency, StartsAt: at.Add(time.Hour), Place: "Raadhuis", InvitedAllyIDs: invited}
		f.clock.Advance(time.Minute)
		if _, err := f.meetings.Update(ctx, f.network, m.ID, in); err != nil {
			t.Fatal(err)
		}
		wantAllyMails(t, f.allyMails(t, meeting.KindChanged), invited, notify.CalendarRequest, m.ID)
		f.wantPartnersTold(t, meeting.KindChanged, 1)
		// A change that is no move (the meal) sends nothing.
		in.MealPlanned = true
		if _, err := f.meetings.Update(ctx, f.network, m.ID, in); err != nil {
			t.Fatal(err)
		}
		f.wantPartnersTold(t, meeting.KindChanged, 1)
		// One more invitee, one less: an invitation and a cancellation.
		in.InvitedAllyIDs = []uuid.UUID{f.allies[1], f.allies[2]}
		if _, err := f.meetings.Update(ctx, f.network, m.ID, in); err != nil {
			t.Fatal(err)
		}
		wantAllyMails(t, f.allyMails(t, meeting.KindInvitation), f.allies[2:], notify.CalendarRequest, m.ID)
		wantAllyMails(t, f.allyMails(t, meeting.KindCancelled), f.allies[:1], notify.CalendarCancel, m.ID)

		// A past emergency meeting, recorded afterwards, tells nobody.
		before := len(f.notes(t, meeting.KindEmergencyPlanned))
		if _, err := f.meetings.Plan(ctx, f.network, meeting.Input{Kind: meeting.KindEmergency, StartsAt: now.Add(-48 * time.Hour), InvitedAllyIDs: invited}); err != nil {
			t.Fatal(err)
		}
		if got := len(f.notes(t, meeting.KindEmergencyPlanned)); got != before {
			t.Errorf("a past emergency meeting told %d more", got-before)
		}
	})
}

func TestTheReminderGoesOutOnceTwoDaysBefore(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setupTold(t, db, "active")
		m, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: now.Add(72 * time.Hour), Place: "Buurthuis"})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := f.meetings.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("three days before: %d %v; want no reminder", n, err)
		}
		f.clock.Advance(25 * time.Hour) // 47 hours before
		for run, want := range []int{1, 0} {
			if n, err := f.meetings.SendReminders(ctx); err != nil || n != want {
				t.Fatalf("run %d: %d reminders, %v; want %d", run+1, n, err, want)
			}
		}
		// Every active ally who may be contacted; the candidate not.
		wantAllyMails(t, f.allyMails(t, meeting.KindReminder), f.allies, notify.CalendarRequest, m.ID)
		f.wantPartnersTold(t, meeting.KindReminder, 1)

		// Moved a week on: the updated invitation now, a new reminder then.
		f.clock.Advance(time.Minute)
		moved, err := f.meetings.Update(ctx, f.network, m.ID, meeting.Input{StartsAt: m.StartsAt.Add(7 * 24 * time.Hour), Place: "Buurthuis"})
		if err != nil {
			t.Fatal(err)
		}
		wantAllyMails(t, f.allyMails(t, meeting.KindChanged), f.allies, notify.CalendarRequest, m.ID)
		if moved.RemindedAt != nil {
			t.Fatalf("moved a week on, still reminded at %v", moved.RemindedAt)
		}
		f.clock.AddDays(7)
		if n, err := f.meetings.SendReminders(ctx); err != nil || n != 1 {
			t.Fatalf("two days before the new date: %d %v; want 1", n, err)
		}

		// Cancelled: the invitees get the cancellation at once.
		if _, err := f.meetings.Cancel(ctx, f.network, m.ID, "Zaal niet beschikbaar"); err != nil {
			t.Fatal(err)
		}
		wantAllyMails(t, f.allyMails(t, meeting.KindCancelled), f.allies, notify.CalendarCancel, m.ID)
		f.wantPartnersTold(t, meeting.KindCancelled, 1)

		// A regular meeting moved before its reminder sends nothing yet.
		later, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(30 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		changes := len(f.notes(t, meeting.KindChanged))
		if _, err := f.meetings.Update(ctx, f.network, later.ID, meeting.Input{StartsAt: later.StartsAt.Add(time.Hour), Place: "Elders"}); err != nil {
			t.Fatal(err)
		}
		if got := len(f.notes(t, meeting.KindChanged)); got != changes {
			t.Errorf("a move before the reminder told %d more", got-changes)
		}
	})
}

func TestCadenceConditionsRaiseOnceAndAgainAfterClearing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setupTold(t, db, "starting")
		check := func(raised, cleared int) {
			t.Helper()
			run, err := f.meetings.CheckCadence(ctx)
			if err != nil || run.Raised != raised || run.Cleared != cleared {
				t.Fatalf("cadence run %+v %v; want raised %d, cleared %d", run, err, raised, cleared)
			}
		}
		coordsTold := func(kind string, times int) {
			t.Helper()
			got := f.notes(t, kind)
			for _, c := range f.coords {
				if got[c] != times {
					t.Errorf("%s: coordinator told %d times; want %d", kind, got[c], times)
				}
			}
			if len(got) != len(f.coords) {
				t.Errorf("%s told %d people; want the %d coordinators only", kind, len(got), len(f.coords))
			}
		}
		// A new network has its plan-next-within days to plan a meeting.
		check(0, 0)
		f.clock.AddDays(network.DefaultPlanNextWithinDays + 1)
		check(1, 0)
		check(0, 0)
		coordsTold(meeting.KindCadenceNoNext, 1)

		// Planned: cleared. Once it has passed without a next: raised again.
		m, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(7 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		check(0, 1)
		f.clock.AddDays(8)
		if _, err := f.meetings.Close(ctx, f.network, m.ID, "Na de zomer"); err != nil {
			t.Fatal(err)
		}
		check(0, 0) // within the plan-next-within days of the last
		f.clock.AddDays(network.DefaultPlanNextWithinDays)
		check(1, 0)
		coordsTold(meeting.KindCadenceNoNext, 2)

		// A year on with one meeting held: below the minimum, once.
		f.clock.AddDays(365)
		check(1, 0)
		check(0, 0)
		coordsTold(meeting.KindCadenceBelowMinimum, 1)
		// Four held in the past year: cleared (and the next one planned).
		for i := 4; i >= 1; i-- {
			held, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(-time.Duration(i) * 30 * 24 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.meetings.Close(ctx, f.network, held.ID, "ingehaald"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(14 * 24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		check(0, 2)
		// Ten months on only two of them are in the past twelve months, and
		// the planned one has passed without a next.
		f.clock.AddDays(290)
		check(2, 0)
		coordsTold(meeting.KindCadenceBelowMinimum, 2)
		coordsTold(meeting.KindCadenceNoNext, 3)
	})
}

func TestAnExploringNetworkIsNotToldOfItsCadence(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setupTold(t, db, "exploring")
		f.clock.AddDays(400)
		if run, err := f.meetings.CheckCadence(context.Background()); err != nil || run.Raised != 0 {
			t.Fatalf("exploring: %+v %v; want nothing raised", run, err)
		}
	})
}
