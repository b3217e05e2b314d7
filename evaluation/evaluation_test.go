package evaluation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/identity"
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
	svc         *evaluation.Service
	meetings    *meeting.Service
	network     uuid.UUID
	allies      []uuid.UUID // three active allies
	candidate   uuid.UUID
	coordinator map[string]uuid.UUID // by partner slug
	staff       uuid.UUID
	admin       uuid.UUID // the municipality's tenant administrator
	advisor     uuid.UUID // the overseeing bureau's advisor
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
	for _, r := range roles {
		ra := &identity.RoleAssignment{UserID: u.ID, TenantID: tenantID, Role: r, Source: identity.SourceAdmin, CreatedAt: now}
		if _, err := db.Unscoped().NewInsert().Model(ra).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return u.ID
}

// setup: Amersfoort and its police unit run a network (started today on
// the system clock) with three active allies and a candidate; Bureau RVS
// oversees the municipality (accepted); the test clock starts now.
func setup(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(t, db)
	f := &fixture{db: db, clock: bondgenoten.NewTestClock(time.Now()), coordinator: map[string]uuid.UUID{}}
	f.svc = &evaluation.Service{DB: db, Clock: f.clock}
	f.meetings = &meeting.Service{DB: db, Clock: f.clock}
	ids := map[string]uuid.UUID{}
	for slug, kind := range map[string]tenant.Kind{"amersfoort": tenant.KindMunicipality, "bt-amersfoort": tenant.KindPoliceUnit, "bureau-rvs": tenant.KindBureau} {
		tn, err := ts.Create(ctx, tenant.CreateInput{Slug: slug, Name: "Org " + slug, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		ids[slug] = tn.ID
	}
	o, err := ts.CreateOversight(ctx, tenant.OversightInput{BureauID: ids["bureau-rvs"], TenantID: ids["amersfoort"], StartsOn: bondgenoten.Today(), GrantedBy: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.AcceptOversight(ctx, o.ID, o.TenantID, "Test", nil); err != nil {
		t.Fatal(err)
	}
	networks := &network.Service{DB: db, Tenants: ts}
	n, _, err := networks.Create(ctx, ids["amersfoort"], network.CreateInput{Input: network.Input{Name: "Bondgenoten Amersfoort", Level: "municipality", Goals: "Oude doelen"},
		Municipality: "amersfoort", PoliceUnits: []string{"bt-amersfoort"}})
	if err != nil {
		t.Fatal(err)
	}
	f.network = n.ID
	allies := &ally.Service{DB: db}
	for _, name := range []string{"Amina", "Berend", "Chaima"} {
		a, err := allies.Create(ctx, n.ID, ally.Input{Name: name, Status: ally.StatusActive, Constituency: "Gemeenschap " + name})
		if err != nil {
			t.Fatal(err)
		}
		f.allies = append(f.allies, a.ID)
	}
	c, err := allies.Create(ctx, n.ID, ally.Input{Name: "Daan", Status: ally.StatusCandidate})
	if err != nil {
		t.Fatal(err)
	}
	f.candidate = c.ID
	f.coordinator["amersfoort"] = addUser(t, db, ids["amersfoort"], "coord-gemeente", "coordinator")
	f.coordinator["bt-amersfoort"] = addUser(t, db, ids["bt-amersfoort"], "coord-politie", "coordinator")
	f.staff = addUser(t, db, ids["amersfoort"], "staff", "staff")
	f.admin = addUser(t, db, ids["amersfoort"], "admin", "tenant-admin")
	f.advisor = addUser(t, db, ids["bureau-rvs"], "advisor", "bureau-advisor")
	return f
}

// told counts userID's notifications of kind.
func (f *fixture) told(t testing.TB, userID uuid.UUID, kind string) int {
	t.Helper()
	n, err := f.db.Unscoped().NewSelect().Model((*notify.Notification)(nil)).Where("user_id = ? AND kind = ?", userID, kind).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func (f *fixture) evaluations(t testing.TB) []evaluation.Evaluation {
	t.Helper()
	list, err := f.svc.List(context.Background(), f.network)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// at puts the clock at noon in Amsterdam on day.
func (f *fixture) at(day bondgenoten.Date) { f.clock.Set(day.Noon()) }

func (f *fixture) scan(t testing.TB) evaluation.ScanResult {
	t.Helper()
	res, err := f.svc.Scan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAddMonths(t *testing.T) {
	for in, want := range map[string]string{"2026-08-31": "2027-02-28", "2026-01-15": "2026-07-15", "2027-08-31": "2028-02-29", "2026-12-02": "2027-06-02"} {
		d, _ := bondgenoten.ParseDate(in)
		if got := evaluation.AddMonths(d, 6).String(); got != want {
			t.Errorf("AddMonths(%s, 6) = %s; want %s", in, got, want)
		}
	}
}

func TestScanIsIdempotentMovesWithTheClockAndRemindsOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		start := bondgenoten.Today()
		due := evaluation.NextDue(start, network.DefaultEvaluationIntervalMonths)

		if res := f.scan(t); res.Opened != 0 {
			t.Fatalf("a new network is not due: %+v", res)
		}
		f.at(due.AddDays(-1))
		if res := f.scan(t); res.Opened != 0 || len(f.evaluations(t)) != 0 {
			t.Fatalf("a day early: %+v", res)
		}
		// Six months after the start: one evaluation, however often the
		// scan runs.
		f.at(due)
		if res := f.scan(t); res.Opened != 1 {
			t.Fatalf("due: %+v", res)
		}
		if res := f.scan(t); res.Opened != 0 || res.Reminded != 0 {
			t.Fatalf("second run: %+v", res)
		}
		list := f.evaluations(t)
		if len(list) != 1 || list[0].PeriodFrom != start || list[0].OpenedOn != due || list[0].DueOn != due.AddDays(evaluation.DueInDays) {
			t.Fatalf("evaluations: %+v", list)
		}
		e := list[0]
		for slug, c := range f.coordinator {
			if got := f.told(t, c, evaluation.KindDue); got != 1 {
				t.Fatalf("coordinator of %s told %d times", slug, got)
			}
		}
		if f.told(t, f.staff, evaluation.KindDue) != 0 || f.told(t, f.admin, evaluation.KindDue) != 0 {
			t.Fatal("only coordinators hear of a new evaluation")
		}
		// A week before the due day, on it, 14 days after: each once.
		f.at(e.DueOn.AddDays(-evaluation.ReminderDaysBefore - 1))
		if res := f.scan(t); res.Reminded != 0 {
			t.Fatalf("eight days before: %+v", res)
		}
		f.at(e.DueOn.AddDays(-evaluation.ReminderDaysBefore))
		if res := f.scan(t); res.Reminded != 1 {
			t.Fatalf("a week before: %+v", res)
		}
		f.scan(t)
		if got := f.told(t, f.coordinator["amersfoort"], evaluation.KindReminder); got != 1 {
			t.Fatalf("reminded %d times a week before", got)
		}
		f.at(e.DueOn)
		if res := f.scan(t); res.Reminded != 1 {
			t.Fatalf("on the due day: %+v", res)
		}
		f.scan(t)
		if got := f.told(t, f.coordinator["bt-amersfoort"], evaluation.KindReminder); got != 2 {
			t.Fatalf("reminders: %d", got)
		}
		f.at(e.DueOn.AddDays(evaluation.OverdueAfterDays - 1))
		if res := f.scan(t); res.Reminded+res.Overdue != 0 {
			t.Fatalf("13 days late: %+v", res)
		}
		f.at(e.DueOn.AddDays(evaluation.OverdueAfterDays))
		if res := f.scan(t); res.Overdue != 1 {
			t.Fatalf("14 days late: %+v", res)
		}
		f.scan(t)
		if f.told(t, f.admin, evaluation.KindOverdue) != 1 || f.told(t, f.advisor, evaluation.KindOverdue) != 1 {
			t.Fatal("the administrator and the bureau's advisor hear once")
		}
		if f.told(t, f.coordinator["amersfoort"], evaluation.KindOverdue) != 0 || f.told(t, f.staff, evaluation.KindOverdue) != 0 {
			t.Fatal("the overdue notice is for administrators and bureaus")
		}
		// The notice carries the network's name and the day, nothing of allies.
		var notes []notify.Notification
		if err := db.Unscoped().NewSelect().Model(&notes).Where("kind LIKE 'evaluation_%'").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			for k, v := range n.Params {
				if k != "network" && k != "dueOn" && k != "when" || strings.Contains(v, "Amina") {
					t.Fatalf("param %s=%q", k, v)
				}
			}
		}
		// Completed, the next one opens six months after completion.
		yes := true
		decisions := []evaluation.DecisionInput{}
		for _, a := range f.allies {
			decisions = append(decisions, evaluation.DecisionInput{AllyID: a, Decision: evaluation.Keep})
		}
		doneOn := bondgenoten.TodayOn(f.clock)
		if _, err := f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, evaluation.CompleteInput{SaveInput: evaluation.SaveInput{
			RightPeople: &yes, GoalsClear: &yes, Decisions: decisions}}); err != nil {
			t.Fatal(err)
		}
		next := evaluation.NextDue(doneOn, 6)
		f.at(next.AddDays(-1))
		if res := f.scan(t); res.Opened != 0 {
			t.Fatalf("before the next: %+v", res)
		}
		f.at(next)
		if res := f.scan(t); res.Opened != 1 {
			t.Fatalf("the next: %+v", res)
		}
		list = f.evaluations(t)
		if len(list) != 2 || list[0].PeriodFrom != doneOn || !list[0].Open() {
			t.Fatalf("the next covers from the completion: %+v", list[0])
		}
		// A shorter interval is the network's choice.
		if _, err := f.svc.Start(ctx, f.network); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("a second open evaluation: %v", err)
		}
	})
}

func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var e *bondgenoten.Error
	if !errorAs(err, &e) || e.Code != bondgenoten.EINVALID {
		t.Fatalf("want EINVALID, got %v", err)
	}
	for _, f := range fields {
		if _, ok := e.Fields[f]; !ok {
			t.Fatalf("no error on %s: %v", f, e.Fields)
		}
	}
}

func errorAs(err error, target **bondgenoten.Error) bool {
	e, ok := err.(*bondgenoten.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestCompleteAppliesOutcomesAtomically(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		// A month on: a meeting held last week with attendance and an
		// agenda, and the next one planned.
		f.clock.AddDays(30)
		held, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(-7 * 24 * time.Hour), ChairAllyID: &f.allies[0], MealPlanned: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.meetings.PutAgenda(ctx, f.network, held.ID, meeting.AgendaInput{Items: []meeting.AgendaItem{
			{Title: "Jongeren", Party: meeting.PartyAllies}, {Title: "Veiligheid", Party: meeting.PartyPolice}}}); err != nil {
			t.Fatal(err)
		}
		if err := f.meetings.PutReport(ctx, f.network, held.ID, meeting.Report{Attendance: []meeting.Attendance{
			{AllyID: &f.allies[0], Name: "Amina", Party: meeting.PartyAllies, Status: "present"},
			{AllyID: &f.allies[1], Name: "Berend", Party: meeting.PartyAllies, Status: "excused"},
			{Name: "Wijkagent", Party: meeting.PartyPolice, Status: "present"}}}); err != nil {
			t.Fatal(err)
		}
		next, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(14 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.meetings.Close(ctx, f.network, held.ID, ""); err != nil {
			t.Fatal(err)
		}
		e, err := f.svc.Start(ctx, f.network)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.Get(ctx, f.network, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		fig := d.Figures
		if fig.Meetings.Held != 1 || fig.Meetings.WithMeal != 1 || fig.Meetings.WithChair != 1 || fig.ActiveNeverChaired != 2 ||
			fig.Meetings.Agenda[meeting.PartyAllies] != 1 || fig.Meetings.Attendance[meeting.PartyAllies].Excused != 1 ||
			fig.Allies.Active != 3 || fig.Allies.Candidates != 1 || len(d.Decisions) != 3 {
			t.Fatalf("figures: %+v %+v decisions %d", fig, fig.Meetings, len(d.Decisions))
		}
		yes, no := true, false
		goals := "Nieuwe doelen"
		in := evaluation.CompleteInput{SaveInput: evaluation.SaveInput{
			RightPeople: &no, RightPeopleNote: "Jongeren ontbreken", GoalsClear: &yes, Goals: &goals,
			Decisions: []evaluation.DecisionInput{
				{AllyID: f.allies[0], Decision: evaluation.Pause, Note: "Even rust"},
				{AllyID: f.allies[1], Decision: evaluation.Replace, Note: "Verhuisd"},
			},
			Points: []evaluation.PointInput{{Title: "Jongeren werven", OwnerParty: meeting.PartyMunicipality}},
		}}
		// A decision missing, questions unanswered: field errors, nothing
		// changes.
		_, err = f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, evaluation.CompleteInput{SaveInput: evaluation.SaveInput{Decisions: in.Decisions}})
		wantFields(t, err, "decisions."+f.allies[2].String(), "rightPeople", "goalsClear")
		// A replacement needs its reason; the candidate is no active ally.
		bad := in
		bad.Decisions = []evaluation.DecisionInput{{AllyID: f.allies[0], Decision: evaluation.Replace}, {AllyID: f.candidate, Decision: evaluation.Keep}}
		_, err = f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, bad)
		wantFields(t, err, "decisions."+f.allies[0].String()+".note", "decisions."+f.candidate.String())
		bad.Decisions = []evaluation.DecisionInput{{AllyID: f.allies[0], Decision: "fire"}}
		_, err = f.svc.Save(ctx, f.network, e.ID, bad.SaveInput)
		wantFields(t, err, "decisions[0].decision")

		in.Decisions = append(in.Decisions, evaluation.DecisionInput{AllyID: f.allies[2], Decision: evaluation.Keep})
		// The improvement points' meeting is cancelled: the action cannot be
		// made after the allies were changed, and everything rolls back.
		cancelled, err := f.meetings.Plan(ctx, f.network, meeting.Input{StartsAt: f.clock.Now().Add(30 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.meetings.Cancel(ctx, f.network, cancelled.ID, "Geen zaal"); err != nil {
			t.Fatal(err)
		}
		failing := in
		failing.MeetingID = &cancelled.ID
		if _, err := f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, failing); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("completing onto a cancelled meeting: %v", err)
		}
		found, err := ally.AlliesIn(ctx, db.Unscoped(), f.network, f.allies)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range found {
			if a.Status != ally.StatusActive {
				t.Fatalf("rolled back: %s is %s", a.Name, a.Status)
			}
		}
		if d, _ := f.svc.Get(ctx, f.network, e.ID); !d.Open() || d.Goals != "Oude doelen" || len(d.Points) != 0 {
			t.Fatalf("rolled back: %+v goals %q points %v", d.Evaluation, d.Goals, d.Points)
		}
		actions, _ := meeting.ActionsIn(ctx, db.Unscoped(), f.network, nil)
		if len(actions) != 0 {
			t.Fatal("no action")
		}

		// Completed: paused, left, kept; the point is an action of the next
		// meeting; figures frozen; goals edited in place.
		done, err := f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, in)
		if err != nil {
			t.Fatal(err)
		}
		today := bondgenoten.TodayOn(f.clock)
		found, _ = ally.AlliesIn(ctx, db.Unscoped(), f.network, f.allies)
		if found[f.allies[0]].Status != ally.StatusPaused || found[f.allies[1]].Status != ally.StatusLeft ||
			*found[f.allies[1]].LeftOn != today || found[f.allies[1]].LeftReason != "Verhuisd" || found[f.allies[2]].Status != ally.StatusActive {
			t.Fatalf("outcomes: %+v %+v %+v", found[f.allies[0]], found[f.allies[1]], found[f.allies[2]])
		}
		if done.Open() || *done.PeriodTo != today || done.MeetingID == nil || *done.MeetingID != next.ID || done.Goals != goals ||
			len(done.Points) != 1 || done.Points[0].ActionID == nil || done.Figures.Allies.Active != 3 || len(done.Decisions) != 3 {
			t.Fatalf("completed: %+v %+v", done.Evaluation, done.Points)
		}
		acts, _ := meeting.ActionsIn(ctx, db.Unscoped(), f.network, []uuid.UUID{*done.Points[0].ActionID})
		if a := acts[*done.Points[0].ActionID]; a == nil || a.OwnerParty != meeting.PartyMunicipality || a.MeetingID != next.ID || a.Status != meeting.ActionOpen {
			t.Fatalf("action: %+v", a)
		}
		// Frozen: a later change does not move the report.
		f.clock.AddDays(10)
		again, _ := f.svc.Get(ctx, f.network, e.ID)
		if again.Figures.PeriodTo != today || again.Figures.Allies.Active != 3 {
			t.Fatalf("figures moved: %+v", again.Figures)
		}
		if _, err := f.svc.Complete(ctx, f.network, e.ID, uuid.Nil, in); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("completing twice: %v", err)
		}
		if _, err := f.svc.Save(ctx, f.network, e.ID, in.SaveInput); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("saving a completed one: %v", err)
		}
		// The report: names for full access only.
		for a, wantName := range map[evaluation.Access]bool{evaluation.AccessFull: true, evaluation.AccessNoNames: false, evaluation.AccessSummary: false} {
			doc, err := again.PDF(language.Dutch, a, again.UpdatedAt)
			if err != nil {
				t.Fatal(err)
			}
			s := string(doc)
			if !strings.HasPrefix(s, "%PDF-") || !strings.Contains(s, "Bijeenkomsten gehouden") || strings.Contains(s, "Berend") != wantName {
				t.Fatalf("access %d: names %v", a, strings.Contains(s, "Berend"))
			}
		}
	})
}
