package introduction_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

type fixture struct {
	db          *store.DB
	clock       *bondgenoten.TestClock
	svc         *introduction.Service
	meetings    *meeting.Service
	tenants     map[string]uuid.UUID
	network     uuid.UUID
	other       uuid.UUID // a network Amersfoort is no partner of
	allies      []uuid.UUID
	otherAlly   uuid.UUID
	coordinator uuid.UUID
	liaison     uuid.UUID
}

func addUser(t testing.TB, db *store.DB, tenantID uuid.UUID, name string, roles ...string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tenantID, Issuer: "test", Subject: name, Email: name + "@test.demo",
		Name: name, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
	if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	setRoles(t, db, tenantID, u.ID, roles...)
	return u.ID
}

func setRoles(t testing.TB, db *store.DB, tenantID, userID uuid.UUID, roles ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Unscoped().NewDelete().Model((*identity.RoleAssignment)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		ra := &identity.RoleAssignment{UserID: userID, TenantID: tenantID, Role: r, Source: identity.SourceAdmin, CreatedAt: time.Now().UTC()}
		if _, err := db.Unscoped().NewInsert().Model(ra).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// setup: Amersfoort and its police unit run a network with three active
// allies and a candidate; Zeist runs another with one ally. Amersfoort has
// a coordinator and a crisis liaison (who held their roles before, so the
// reconciler knows them).
func setup(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(t, db)
	f := &fixture{db: db, clock: bondgenoten.NewTestClock(time.Now()), tenants: map[string]uuid.UUID{}}
	f.svc = &introduction.Service{DB: db, Clock: f.clock}
	f.meetings = &meeting.Service{DB: db, Clock: f.clock}
	for slug, kind := range map[string]tenant.Kind{"amersfoort": tenant.KindMunicipality, "bt-amersfoort": tenant.KindPoliceUnit,
		"zeist": tenant.KindMunicipality, "bt-zeist": tenant.KindPoliceUnit} {
		tn, err := ts.Create(ctx, tenant.CreateInput{Slug: slug, Name: "Org " + slug, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		f.tenants[slug] = tn.ID
	}
	networks := &network.Service{DB: db, Tenants: ts}
	n, _, err := networks.Create(ctx, f.tenants["amersfoort"], network.CreateInput{Input: network.Input{Name: "Bondgenoten Amersfoort", Level: "municipality", Goals: "Doelen"},
		Municipality: "amersfoort", PoliceUnits: []string{"bt-amersfoort"}})
	if err != nil {
		t.Fatal(err)
	}
	f.network = n.ID
	o, _, err := networks.Create(ctx, f.tenants["zeist"], network.CreateInput{Input: network.Input{Name: "Bondgenoten Zeist", Level: "municipality"},
		Municipality: "zeist", PoliceUnits: []string{"bt-zeist"}})
	if err != nil {
		t.Fatal(err)
	}
	f.other = o.ID
	allies := &ally.Service{DB: db}
	for _, name := range []string{"Amina", "Berend", "Chaima"} {
		a, err := allies.Create(ctx, n.ID, ally.Input{Name: name, Status: ally.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		f.allies = append(f.allies, a.ID)
	}
	if _, err := allies.Create(ctx, n.ID, ally.Input{Name: "Kandidaat", Status: ally.StatusCandidate}); err != nil {
		t.Fatal(err)
	}
	a, err := allies.Create(ctx, o.ID, ally.Input{Name: "Zeister", Status: ally.StatusActive})
	if err != nil {
		t.Fatal(err)
	}
	f.otherAlly = a.ID
	f.coordinator = addUser(t, db, f.tenants["amersfoort"], "Coördinator", "coordinator")
	f.liaison = addUser(t, db, f.tenants["amersfoort"], "Liaison", "crisis-liaison")
	for _, u := range []uuid.UUID{f.coordinator, f.liaison} {
		if err := f.svc.ReconcileStaff(ctx, f.tenants["amersfoort"], u); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := f.svc.Mine(ctx, f.coordinator)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 {
		t.Fatalf("the coordinator gained the role in the test: %d programmes", len(mine))
	}
	// Make them an existing colleague: the coordinator's own programme is done with.
	if _, err := db.Unscoped().NewUpdate().Model((*introduction.Programme)(nil)).Set("status = 'completed'").Where("user_id = ?", f.coordinator).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

func notifications(t *testing.T, db *store.DB, userID uuid.UUID, kind string) int {
	t.Helper()
	n, err := db.Unscoped().NewSelect().Model((*notify.Notification)(nil)).Where("user_id = ? AND kind = ?", userID, kind).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func count(t *testing.T, db *store.DB, userID uuid.UUID) int {
	t.Helper()
	n, err := db.Unscoped().NewSelect().Model((*introduction.Programme)(nil)).Where("user_id = ?", userID).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestGainingTheRoleStartsAProgrammeOncePerNetwork(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		am := f.tenants["amersfoort"]
		nieuw := addUser(t, db, am, "Nieuw", "staff")
		for range 3 { // a job run again, or two changes in a row
			if err := f.svc.ReconcileStaff(ctx, am, nieuw); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.ReconcileStaff(ctx, am, uuid.Nil); err != nil {
			t.Fatal(err)
		}
		mine, err := f.svc.Mine(ctx, nieuw)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].NetworkID != f.network || mine[0].Status != introduction.StatusOpen {
			t.Fatalf("programmes: %+v", mine)
		}
		if p := mine[0].Progress; p.Total != 3+4 || p.Done != 0 || p.AlliesTotal != 3 {
			t.Fatalf("progress: %+v", p)
		}
		if n := notifications(t, db, nieuw, introduction.KindStarted); n != 1 {
			t.Fatalf("started notices: %d", n)
		}
		// The crisis liaison holds no network role: no programme.
		if n := count(t, db, f.liaison); n != 0 {
			t.Fatalf("liaison programmes: %d", n)
		}
		// Losing the role ends the programme, keeping it.
		setRoles(t, db, am, nieuw, "crisis-liaison")
		if err := f.svc.ReconcileStaff(ctx, am, nieuw); err != nil {
			t.Fatal(err)
		}
		mine, _ = f.svc.Mine(ctx, nieuw)
		if len(mine) != 1 || mine[0].Status != introduction.StatusEnded || mine[0].ClosedOn == nil {
			t.Fatalf("after losing the role: %+v", mine)
		}
		// Gaining it back reopens it: still one programme.
		setRoles(t, db, am, nieuw, "coordinator")
		if err := f.svc.ReconcileStaff(ctx, am, nieuw); err != nil {
			t.Fatal(err)
		}
		mine, _ = f.svc.Mine(ctx, nieuw)
		if len(mine) != 1 || mine[0].Status != introduction.StatusOpen {
			t.Fatalf("after gaining it again: %+v", mine)
		}
		// Deactivation ends it too.
		if _, err := db.Unscoped().NewUpdate().Model((*identity.User)(nil)).Set("status = ?", identity.StatusDeactivated).Where("id = ?", nieuw).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.ReconcileStaff(ctx, am, uuid.Nil); err != nil {
			t.Fatal(err)
		}
		mine, _ = f.svc.Mine(ctx, nieuw)
		if mine[0].Status != introduction.StatusEnded {
			t.Fatalf("after deactivation: %s", mine[0].Status)
		}
	})
}

func TestExistingColleaguesGetNoProgramme(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		// The coordinator holds the role still; Amersfoort joins Zeist's
		// network: no programme there, also after another role change.
		if _, err := db.Unscoped().NewInsert().Model(&struct {
			NetworkID uuid.UUID `bun:"network_id,type:uuid"`
			TenantID  uuid.UUID `bun:"tenant_id,type:uuid"`
			JoinedAt  time.Time `bun:"joined_at"`
		}{f.other, f.tenants["amersfoort"], time.Now().UTC()}).ModelTableExpr("network_partners").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		setRoles(t, db, f.tenants["amersfoort"], f.coordinator, "coordinator", "staff")
		if err := f.svc.ReconcileStaff(ctx, f.tenants["amersfoort"], f.coordinator); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, f.coordinator); n != 1 {
			t.Fatalf("coordinator programmes: %d; want only the one of setup", n)
		}
	})
}

func TestStepsAndBadInput(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		am := f.tenants["amersfoort"]
		nieuw := addUser(t, db, am, "Nieuw", "staff")
		if err := f.svc.ReconcileStaff(ctx, am, nieuw); err != nil {
			t.Fatal(err)
		}
		mine, _ := f.svc.Mine(ctx, nieuw)
		id := mine[0].ID
		today := f.clock.Now()
		day := bondgenoten.DateOf(today)
		before := func() int {
			n, _ := db.Unscoped().NewSelect().Model((*introduction.Contact)(nil)).Count(ctx)
			s, _ := db.Unscoped().NewSelect().Model((*introduction.StepDone)(nil)).Count(ctx)
			return int(n + s)
		}
		rows := before()
		for name, tc := range map[string]struct {
			in   introduction.ContactInput
			code string
		}{
			"ally of another network": {introduction.ContactInput{AllyID: f.otherAlly, MetOn: day, Mode: introduction.Phone}, bondgenoten.EINVALID},
			"future":                  {introduction.ContactInput{AllyID: f.allies[0], MetOn: day.AddDays(1), Mode: introduction.Phone}, bondgenoten.EINVALID},
			"before the programme":    {introduction.ContactInput{AllyID: f.allies[0], MetOn: day.AddDays(-1), Mode: introduction.Phone}, bondgenoten.EINVALID},
			"no mode":                 {introduction.ContactInput{AllyID: f.allies[0], MetOn: day}, bondgenoten.EINVALID},
			"introducer of elsewhere": {introduction.ContactInput{AllyID: f.allies[0], MetOn: day, Mode: introduction.Video, IntroducedBy: ptr(addUser(t, db, f.tenants["zeist"], "Zeist", "staff"))}, bondgenoten.EINVALID},
		} {
			if _, err := f.svc.LogContact(ctx, f.network, id, nieuw, tc.in); bondgenoten.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v; want %s", name, err, tc.code)
			}
		}
		// A programme of another network is not found through this one.
		if _, err := f.svc.LogContact(ctx, f.other, id, nieuw, introduction.ContactInput{AllyID: f.otherAlly, MetOn: day, Mode: introduction.Phone}); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("through another network: %v", err)
		}
		if _, err := f.svc.CompleteStep(ctx, f.network, id, nieuw, introduction.StepMeeting, introduction.StepInput{DoneOn: day}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Errorf("meeting by hand: %v", err)
		}
		if n := before(); n != rows {
			t.Fatalf("bad input wrote %d rows", n-rows)
		}
		d, err := f.svc.LogContact(ctx, f.network, id, nieuw, introduction.ContactInput{AllyID: f.allies[0], MetOn: day, Mode: introduction.InPerson, Note: " Koffie ", IntroducedBy: &f.coordinator})
		if err != nil {
			t.Fatal(err)
		}
		if d.Progress.AlliesMet != 1 || d.Allies[0].Contact == nil || d.Allies[0].Contact.Note != "Koffie" {
			t.Fatalf("after a contact: %+v", d.Progress)
		}
		if _, err := f.svc.LogContact(ctx, f.network, id, nieuw, introduction.ContactInput{AllyID: f.allies[0], MetOn: day, Mode: introduction.Phone}); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Errorf("second contact with the same ally: %v", err)
		}
		for _, st := range introduction.ManualSteps {
			if _, err := f.svc.CompleteStep(ctx, f.network, id, nieuw, st, introduction.StepInput{DoneOn: day}); err != nil {
				t.Fatal(st, err)
			}
		}
		if _, err := f.svc.CompleteStep(ctx, f.network, id, nieuw, introduction.StepGuide, introduction.StepInput{DoneOn: day}); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Errorf("a step twice: %v", err)
		}
		for _, a := range f.allies[1:] {
			if _, err := f.svc.LogContact(ctx, f.network, id, nieuw, introduction.ContactInput{AllyID: a, MetOn: day, Mode: introduction.Video}); err != nil {
				t.Fatal(err)
			}
		}
		// The meeting: the person is on the attendance of a held meeting.
		m, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: today.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		d, err = f.svc.Detail(ctx, f.network, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Meeting.Done || d.Meeting.NextID == nil || *d.Meeting.NextID != m.ID || d.Progress.Percent != 85 {
			t.Fatalf("before the meeting: %+v %+v", d.Meeting, d.Progress)
		}
		if len(d.Liaisons) != 1 || d.Liaisons[0].UserID != f.liaison || len(d.Partners) != 1 {
			t.Fatalf("liaisons %+v partners %+v", d.Liaisons, d.Partners)
		}
		f.clock.Advance(3 * time.Hour)
		if _, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := f.meetings.PutReport(ctx, f.network, m.ID, meeting.Report{Attendance: []meeting.Attendance{
			{Name: "nieuw", Party: meeting.PartyMunicipality, Status: "present"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.meetings.Close(ctx, f.network, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		res, err := f.svc.Scan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Completed != 1 {
			t.Fatalf("scan: %+v", res)
		}
		p, _ := f.svc.Get(ctx, f.network, id)
		if p.Status != introduction.StatusCompleted {
			t.Fatalf("status %s", p.Status)
		}
		if _, err := f.svc.CompleteStep(ctx, f.network, id, nieuw, introduction.StepGuide, introduction.StepInput{DoneOn: day}); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Errorf("a step of a completed programme: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestRemindersThenCoordinatorsOnceAndWaive(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		am := f.tenants["amersfoort"]
		nieuw := addUser(t, db, am, "Nieuw", "staff")
		if err := f.svc.ReconcileStaff(ctx, am, nieuw); err != nil {
			t.Fatal(err)
		}
		for day := 1; day <= 70; day++ {
			f.clock.AddDays(1)
			for range 2 { // run twice a day: nothing twice
				if _, err := f.svc.Scan(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Weeks 1..7 within the eight weeks (day 56 is the notice day).
		if n := notifications(t, db, nieuw, introduction.KindReminder); n != 7 {
			t.Fatalf("reminders: %d; want 7", n)
		}
		if n := notifications(t, db, f.coordinator, introduction.KindOverdue); n != 1 {
			t.Fatalf("coordinator notices: %d; want 1", n)
		}
		mine, _ := f.svc.Mine(ctx, nieuw)
		id := mine[0].ID
		if _, err := f.svc.Waive(ctx, f.network, id, f.coordinator, introduction.WaiveInput{Reason: "  "}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("waive without reason: %v", err)
		}
		long := make([]byte, 501)
		for i := range long {
			long[i] = 'x'
		}
		if _, err := f.svc.Waive(ctx, f.network, id, f.coordinator, introduction.WaiveInput{Reason: string(long)}); bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
			t.Fatalf("waive with a long reason: %v", err)
		}
		d, err := f.svc.Waive(ctx, f.network, id, f.coordinator, introduction.WaiveInput{Reason: "Komt over van Zeist en kent het netwerk"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != introduction.StatusWaived || d.WaiveReason == "" {
			t.Fatalf("waived: %+v", d.Programme)
		}
		if n := notifications(t, db, nieuw, introduction.KindWaived); n != 1 {
			t.Fatalf("waived notices: %d", n)
		}
		if _, err := f.svc.Waive(ctx, f.network, id, f.coordinator, introduction.WaiveInput{Reason: "Nog eens"}); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("waive twice: %v", err)
		}
	})
}
