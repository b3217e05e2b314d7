package signal_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// now is the fixed moment the tests live at: Wednesday 2 December 2026.
var now = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

type fixture struct {
	db                    *store.DB
	clock                 *bondgenoten.TestClock
	signals               *signal.Service
	network, otherNetwork uuid.UUID
	ally, foreignAlly     uuid.UUID
	coordinator, staff    signal.Viewer
	otherStaff, liaison   signal.Viewer
	police                signal.Viewer
	municipality, unit    uuid.UUID
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

func setup(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(t, db)
	networks := &network.Service{DB: db, Tenants: ts}
	allies := &ally.Service{DB: db}
	f := &fixture{db: db, clock: bondgenoten.NewTestClock(now)}
	f.signals = &signal.Service{DB: db, Clock: f.clock}
	for i, town := range []string{"amersfoort", "zeist"} {
		mt, err := ts.Create(ctx, tenant.CreateInput{Slug: town, Name: town, Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		pt, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt-" + town, Name: "Basisteam " + town, Kind: tenant.KindPoliceUnit})
		if err != nil {
			t.Fatal(err)
		}
		n, _, err := networks.Create(ctx, mt.ID, network.CreateInput{Input: network.Input{Name: "Bondgenoten " + town, Level: "municipality"},
			Municipality: town, PoliceUnits: []string{"bt-" + town}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := allies.Create(ctx, n.ID, ally.Input{Name: "Bondgenoot " + town, Status: ally.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			f.otherNetwork, f.foreignAlly = n.ID, a.ID
			continue
		}
		f.network, f.ally, f.municipality, f.unit = n.ID, a.ID, mt.ID, pt.ID
		f.coordinator = signal.Viewer{UserID: addUser(t, db, mt.ID, "coordinator", "coordinator"), TenantID: mt.ID, WriteAll: true}
		f.staff = signal.Viewer{UserID: addUser(t, db, mt.ID, "staff", "staff"), TenantID: mt.ID}
		f.otherStaff = signal.Viewer{UserID: addUser(t, db, mt.ID, "staff2", "staff"), TenantID: mt.ID}
		f.liaison = signal.Viewer{UserID: addUser(t, db, mt.ID, "liaison", "crisis-liaison"), TenantID: mt.ID, SharedOnly: true}
		f.police = signal.Viewer{UserID: addUser(t, db, pt.ID, "agent", "coordinator"), TenantID: pt.ID, WriteAll: true, Police: true}
	}
	return f
}

func input(desc string) signal.Input {
	return signal.Input{ObservedAt: now.Add(-time.Hour), SourceKind: signal.SourceOwn, Theme: "asylum-reception", Level: 3,
		Evidence: signal.EvidenceExperienced, Phase: signal.PhaseRising, Description: desc}
}

func fields(t *testing.T, err error) map[string]bondgenoten.FieldViolation {
	t.Helper()
	e, ok := err.(*bondgenoten.Error)
	if !ok || e.Code != bondgenoten.EINVALID {
		t.Fatalf("error %v; want invalid input", err)
	}
	return e.Fields
}

func TestBadSignalsAreRefusedAndWriteNothing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		foreign := f.foreignAlly
		for name, c := range map[string]struct {
			change func(*signal.Input)
			field  string
			rule   bondgenoten.Rule
		}{
			"level six":         {func(in *signal.Input) { in.Level = 6 }, "level", bondgenoten.RuleMax},
			"level zero":        {func(in *signal.Input) { in.Level = 0 }, "level", bondgenoten.RuleRequired},
			"unknown theme":     {func(in *signal.Input) { in.Theme = "weather" }, "theme", signal.RuleTheme},
			"unknown phase":     {func(in *signal.Input) { in.Phase = "boiling" }, "phase", bondgenoten.RuleOneOf},
			"two days ahead":    {func(in *signal.Input) { in.ObservedAt = now.Add(25 * time.Hour) }, "observedAt", signal.RuleNotFuture},
			"year 1899":         {func(in *signal.Input) { in.ObservedAt = time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC) }, "observedAt", bondgenoten.RuleDateRange},
			"empty description": {func(in *signal.Input) { in.Description = "  " }, "description", bondgenoten.RuleRequired},
			"foreign ally":      {func(in *signal.Input) { in.SourceKind, in.SourceAllyID = signal.SourceAlly, &foreign }, "sourceAllyId", signal.RuleSourceAlly},
			"ally missing":      {func(in *signal.Input) { in.SourceKind = signal.SourceAlly }, "sourceAllyId", bondgenoten.RuleRequired},
			"NUL byte":          {func(in *signal.Input) { in.Description = "a\x00b" }, "description", bondgenoten.RuleNUL},
			"police note":       {func(in *signal.Input) { note := "x"; in.PoliceNote = &note }, "policeNote", signal.RulePoliceOnly},
		} {
			in := input("Onrust bij het AZC")
			c.change(&in)
			_, err := f.signals.Log(ctx, f.network, f.staff, in)
			if got := fields(t, err)[c.field]; got.Rule != c.rule {
				t.Errorf("%s: %s → %+v; want rule %s (all: %v)", name, c.field, got, c.rule, err)
			}
		}
		page, err := f.signals.List(ctx, f.network, f.coordinator, signal.Filter{})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("after refused input: %d signals, %v; want none", len(page.Items), err)
		}
	})
}

func TestSignalJourney(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		calm, err := f.signals.Log(ctx, f.network, f.staff, input("Gesprek in de moskee over het AZC"))
		if err != nil {
			t.Fatal(err)
		}
		in := input("Jongeren op scooters onderweg naar de demonstratie om stenen te gooien")
		in.Urgent, in.Level, in.Theme, in.Phase = true, 5, "demonstration", signal.PhaseEscalation
		in.SourceKind, in.SourceAllyID = signal.SourceAlly, &f.ally
		in.ObservedAt = now.Add(-3 * time.Hour)
		urgent, err := f.signals.Log(ctx, f.network, f.staff, in)
		if err != nil {
			t.Fatal(err)
		}
		if urgent.SourceAllyName != "Bondgenoot amersfoort" || urgent.FeedbackDueOn != (bondgenoten.Date{Year: 2026, Month: 12, Day: 16}) {
			t.Errorf("urgent signal: source %q, feedback due %s; want the ally and 14 days", urgent.SourceAllyName, urgent.FeedbackDueOn)
		}
		// Pages follow urgent first, then newest first, without gaps.
		third := input("Derde")
		third.ObservedAt = now.Add(-30 * time.Minute)
		if _, err := f.signals.Log(ctx, f.network, f.staff, third); err != nil {
			t.Fatal(err)
		}
		var order []string
		cursor := ""
		for range 4 {
			page, err := f.signals.List(ctx, f.network, f.coordinator, signal.Filter{Limit: 1, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, sg := range page.Items {
				order = append(order, sg.Description)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if strings.Join(order, "|") != in.Description+"|Derde|Gesprek in de moskee over het AZC" {
			t.Errorf("paged order: %q", order)
		}
		if _, err := f.signals.Update(ctx, f.network, calm.ID, f.coordinator, input("Gesprek in de moskee over het AZC")); err != nil {
			t.Fatal(err)
		}
		// Urgent first, though observed earlier.
		page, err := f.signals.List(ctx, f.network, f.coordinator, signal.Filter{})
		if err != nil || len(page.Items) != 3 || page.Items[0].ID != urgent.ID {
			t.Fatalf("list: %v %v; want the urgent one first", page.Items, err)
		}
		// The coordinators were told, without the signal's text.
		var msgs []notify.Notification
		if err := db.Unscoped().NewSelect().Model(&msgs).Where("kind = ?", notify.SignalUrgent).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 2 { // the municipality's and the police unit's coordinator
			t.Fatalf("urgent notifications: %d; want 2", len(msgs))
		}
		for _, m := range msgs {
			for _, v := range m.Params {
				if strings.Contains(v, "scooter") || strings.Contains(v, "Bondgenoot") {
					t.Errorf("notification carries signal content: %v", m.Params)
				}
			}
		}
		// Staff change their own signals only.
		if _, err := f.signals.Update(ctx, f.network, calm.ID, f.otherStaff, input("anders")); bondgenoten.ErrorCode(err) != bondgenoten.EFORBIDDEN {
			t.Errorf("other staff edits: %v; want forbidden", err)
		}
		if _, err := f.signals.Update(ctx, f.network, calm.ID, f.staff, input("Gesprek in de moskee, aangevuld")); err != nil {
			t.Errorf("own edit: %v", err)
		}
		// The crisis liaison sees nothing until it is shared.
		if _, err := f.signals.Get(ctx, f.network, urgent.ID, f.liaison); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("liaison before sharing: %v; want not found", err)
		}
		if _, err := f.signals.Share(ctx, f.network, urgent.ID, f.coordinator); err != nil {
			t.Fatal(err)
		}
		if _, err := f.signals.Share(ctx, f.network, urgent.ID, f.coordinator); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Errorf("sharing twice: %v; want conflict", err)
		}
		shared, err := f.signals.List(ctx, f.network, f.liaison, signal.Filter{})
		if err != nil || len(shared.Items) != 1 || shared.Items[0].ID != urgent.ID {
			t.Errorf("liaison after sharing: %v %v; want the shared one only", shared.Items, err)
		}
		// Assessment and feedback; an action of another network is refused.
		if _, err := f.signals.Assess(ctx, f.network, urgent.ID, f.coordinator, signal.AssessmentInput{Status: signal.StatusActed,
			ActionIDs: []uuid.UUID{uuid.New()}}); fields(t, err)["actionIds"].Rule != signal.RuleNetworkAction {
			t.Errorf("foreign action: %v", err)
		}
		got, err := f.signals.Assess(ctx, f.network, urgent.ID, f.coordinator, signal.AssessmentInput{Picture: "Groep van 20", Judgement: "Reëel",
			Decision: "ME ingezet", Status: signal.StatusActed})
		if err != nil || got.AssessmentDecision != "ME ingezet" || got.AssessedByName != "coordinator" {
			t.Fatalf("assess: %+v %v", got, err)
		}
		f.clock.AddDays(20)
		figures, err := f.signals.Figures(ctx, f.network, f.coordinator)
		if err != nil || figures.FeedbackOverdue != 3 || figures.UrgentOpen != 1 || figures.Open != 3 {
			t.Errorf("figures 20 days on: %+v %v; want 3 open and overdue, 1 urgent open", figures, err)
		}
		today := bondgenoten.DateOf(f.clock.Now())
		tomorrow := today.AddDays(1)
		if _, err := f.signals.RecordFeedback(ctx, f.network, urgent.ID, f.coordinator, signal.FeedbackInput{Text: "Besproken", FedBackOn: &tomorrow}); fields(t, err)["fedBackOn"].Rule != signal.RuleNotFuture {
			t.Errorf("feedback tomorrow: %v", err)
		}
		if _, err := f.signals.RecordFeedback(ctx, f.network, urgent.ID, f.coordinator, signal.FeedbackInput{Text: "Besproken met de bron", FedBackOn: &today}); err != nil {
			t.Fatal(err)
		}
		overdue := true
		late, err := f.signals.List(ctx, f.network, f.coordinator, signal.Filter{FeedbackOverdue: &overdue})
		if err != nil || len(late.Items) != 2 {
			t.Errorf("feedback overdue: %v %v; want the two without feedback", late.Items, err)
		}
	})
}

func TestPoliceNoteIsForThePoliceOnly(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		in := input("Bekende van de politie gezien")
		note := "Persoon is bekend in BVH"
		in.PoliceNote = &note
		sg, err := f.signals.Log(ctx, f.network, f.police, in)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.signals.PoliceNote(ctx, f.network, sg.ID, f.police); err != nil || got != note {
			t.Errorf("police reads: %q %v", got, err)
		}
		for name, v := range map[string]signal.Viewer{"coordinator": f.coordinator, "staff": f.staff} {
			if _, err := f.signals.PoliceNote(ctx, f.network, sg.ID, v); bondgenoten.ErrorCode(err) != bondgenoten.EFORBIDDEN {
				t.Errorf("%s reads the police note: %v; want forbidden", name, err)
			}
		}
		// An edit by the municipality's coordinator keeps the note.
		if _, err := f.signals.Update(ctx, f.network, sg.ID, f.coordinator, input("Aangevuld")); err != nil {
			t.Fatal(err)
		}
		// Nor can it erase the note with an empty one (an attack that
		// worked once).
		erase := input("Aangevuld")
		empty := ""
		erase.PoliceNote = &empty
		if _, err := f.signals.Update(ctx, f.network, sg.ID, f.coordinator, erase); fields(t, err)["policeNote"].Rule != signal.RulePoliceOnly {
			t.Errorf("an empty police note from the municipality: %v; want police_only", err)
		}
		// Writing the note does not show as a change to the others.
		before, _ := f.signals.Get(ctx, f.network, sg.ID, f.coordinator)
		f.clock.Advance(time.Minute)
		if _, err := f.signals.SetPoliceNote(ctx, f.network, sg.ID, f.police, note); err != nil {
			t.Fatal(err)
		}
		if after, _ := f.signals.Get(ctx, f.network, sg.ID, f.coordinator); !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("a police note write moved updatedAt: %v → %v", before.UpdatedAt, after.UpdatedAt)
		}
		if got, _ := f.signals.PoliceNote(ctx, f.network, sg.ID, f.police); got != note {
			t.Errorf("after another's edit the note is %q", got)
		}
	})
}

func TestThemes(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		own, err := f.signals.AddTheme(ctx, f.network, signal.ThemeInput{Label: "Vuurwerk"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.signals.AddTheme(ctx, f.network, signal.ThemeInput{Label: "vuurwerk"}); fields(t, err)["label"].Rule != bondgenoten.RuleUnique {
			t.Errorf("duplicate label: %v", err)
		}
		if _, err := f.signals.AddTheme(ctx, f.network, signal.ThemeInput{Label: "Jongeren"}); fields(t, err)["label"].Rule != bondgenoten.RuleUnique {
			t.Errorf("a national label: %v", err)
		}
		in := input("Vuurwerkoverlast")
		in.Theme = own.Key
		sg, err := f.signals.Log(ctx, f.network, f.staff, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.signals.SetThemeArchived(ctx, f.network, "youth", true); fields(t, err)["key"].Rule != signal.RuleNationalTheme {
			t.Errorf("archiving a national theme: %v", err)
		}
		if _, err := f.signals.SetThemeArchived(ctx, f.otherNetwork, own.Key, true); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("archiving another network's theme: %v", err)
		}
		if _, err := f.signals.SetThemeArchived(ctx, f.network, own.Key, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.signals.Log(ctx, f.network, f.staff, in); fields(t, err)["theme"].Rule != signal.RuleTheme {
			t.Errorf("new signal with an archived theme: %v", err)
		}
		// The signal that has it keeps it on an edit.
		if _, err := f.signals.Update(ctx, f.network, sg.ID, f.staff, in); err != nil {
			t.Errorf("edit keeping an archived theme: %v", err)
		}
		// Another network does not know it.
		if _, err := f.signals.Log(ctx, f.otherNetwork, f.staff, in); fields(t, err)["theme"].Rule != signal.RuleTheme {
			t.Errorf("another network's theme: %v", err)
		}
	})
}

func TestTensionPicture(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		// Asylum reception: calm months ago, rising to high tension now.
		for i, c := range []struct {
			daysAgo, level int
			theme          string
		}{{100, 2, "asylum-reception"}, {40, 2, "asylum-reception"}, {10, 4, "asylum-reception"}, {3, 4, "asylum-reception"}, {1, 5, "asylum-reception"},
			{2, 2, "youth"}} {
			in := input("signaal")
			in.ObservedAt, in.Level, in.Theme = now.AddDate(0, 0, -c.daysAgo), c.level, c.theme
			if _, err := f.signals.Log(ctx, f.network, f.staff, in); err != nil {
				t.Fatalf("signal %d: %v", i, err)
			}
		}
		p, err := f.signals.Tension(ctx, []uuid.UUID{f.network}, language.Dutch)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Themes) != 2 || p.Themes[0].Theme != "asylum-reception" || p.Themes[0].Label != "Asielopvang" {
			t.Fatalf("themes: %+v", p.Themes)
		}
		azc := p.Themes[0]
		if azc.Level == nil || *azc.Level != 4 || azc.Trend == nil || *azc.Trend != signal.TrendRising || *azc.OpenSignals != 4 {
			t.Errorf("asylum reception: level %v trend %v open %v; want 4, rising, 4 (the one of 100 days ago is outside twelve weeks)", azc.Level, azc.Trend, azc.OpenSignals)
		}
		if p.Level == nil || *p.Level != 4 || len(p.Weeks) != signal.Weeks {
			t.Errorf("overall: %v, %d weeks", p.Level, len(p.Weeks))
		}
		last := p.Weeks[signal.Weeks-1]
		if last.Week != "2026-W49" || *last.MaxLevel != 5 || *last.Count < 2 {
			t.Errorf("this week: %+v", last)
		}
		p.Coarsen("Eigen thema")
		for _, w := range p.Weeks {
			if w.Count != nil || w.CountBand == nil {
				t.Errorf("week %s shows an exact count to those who see bands: %+v", w.Week, w)
			}
		}
		if last := p.Weeks[signal.Weeks-1]; *last.CountBand != signal.BandFew || !last.CountBelowThree {
			t.Errorf("this week's band: %s; want 1-2 (Monday and Tuesday)", *last.CountBand)
		}
		if p.Themes[1].OpenSignals != nil || *p.Themes[1].OpenSignalsBand != signal.BandFew || !p.Themes[1].OpenSignalsBelowThree {
			t.Errorf("youth's single open signal is shown: %+v", p.Themes[1])
		}
	})
}

func TestMoodPicture(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		in := input("Zorgen over de komst van het AZC")
		in.SourceKind, in.SourceAllyID = signal.SourceAlly, &f.ally
		if _, err := f.signals.Log(ctx, f.network, f.staff, in); err != nil {
			t.Fatal(err)
		}
		from, to := bondgenoten.Date{Year: 2026, Month: 11, Day: 4}, bondgenoten.Date{Year: 2026, Month: 12, Day: 2}
		long := bondgenoten.Date{Year: 2026, Month: 1, Day: 1}
		if _, err := f.signals.DraftMood(ctx, f.network, f.coordinator, signal.PeriodInput{PeriodFrom: &long, PeriodTo: &to}, language.Dutch); fields(t, err)["periodTo"].Rule != signal.RulePeriod {
			t.Errorf("a year's picture: %v", err)
		}
		m, err := f.signals.DraftMood(ctx, f.network, f.coordinator, signal.PeriodInput{PeriodFrom: &from, PeriodTo: &to}, language.Dutch)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Body, "Zorgen over de komst van het AZC") || !strings.Contains(m.Body, "Asielopvang") {
			t.Errorf("draft lacks the period's signals:\n%s", m.Body)
		}
		if strings.Contains(m.Body, "Bondgenoot amersfoort") {
			t.Errorf("draft names the source:\n%s", m.Body)
		}
		if _, err := f.signals.Mood(ctx, f.network, m.ID, f.liaison); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Errorf("liaison reads a draft: %v", err)
		}
		m, err = f.signals.UpdateMood(ctx, f.network, m.ID, f.coordinator, signal.MoodInput{Title: "Sfeerbeeld Amersfoort, één maand", Body: m.Body + "\nAdvies: blijf in gesprek."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.signals.ShareMood(ctx, f.network, m.ID, f.coordinator); err != nil {
			t.Fatal(err)
		}
		if got, err := f.signals.Mood(ctx, f.network, m.ID, f.liaison); err != nil || got.SharedAt == nil {
			t.Errorf("liaison after sharing: %v", err)
		}
		doc, err := m.PDF("Bondgenoten Amersfoort", language.Dutch, now)
		if err != nil {
			t.Fatal(err)
		}
		// Core fonts write cp1252 text: "één" is there as bytes E9 E9 6E.
		if !bytes.HasPrefix(doc, []byte("%PDF-")) || !bytes.Contains(doc, []byte("Sfeerbeeld Amersfoort, \xe9\xe9n maand")) ||
			!bytes.Contains(doc, []byte("/Lang (nl-NL)")) || !bytes.Contains(doc, []byte("/Title")) {
			t.Errorf("PDF lacks its text, title or language (%d bytes)", len(doc))
		}
		if text := m.PlainText(); !strings.HasPrefix(text, "Sfeerbeeld Amersfoort, één maand\n") {
			t.Errorf("plain text: %q", text)
		}
	})
}
