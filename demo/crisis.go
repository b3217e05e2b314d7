package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// SeedCrisis gives the Amersfoort network one past crisis, when it has
// none yet: unrest around the plan for an asylum reception centre (AZC) in
// spring, with its phase changes, a poll of five allies, advice and
// decisions, two questions answered and carried back, and the aftercare:
// the next regular meeting and the evaluation. Each step is recorded on the
// day it happened (a service with that clock). Call it after SeedMeetings
// (the aftercare is one of the demo year's meetings).
func SeedCrisis(ctx context.Context, crises *crisis.Service, meetings *meeting.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service) error {
	t, err := tenants.GetBySlug(ctx, "amersfoort")
	if err != nil {
		return err
	}
	nets, err := networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil || len(nets) == 0 {
		return err
	}
	networkID := nets[0].ID
	existing, err := crises.List(ctx, networkID)
	if err != nil || len(existing) > 0 {
		return err
	}
	all, err := allySvc.List(ctx, networkID)
	if err != nil {
		return err
	}
	var active []uuid.UUID
	for _, a := range all {
		if a.Status == ally.StatusActive {
			active = append(active, a.ID)
		}
	}
	if len(active) < 5 {
		return nil
	}
	now := bondgenoten.NowOn(crises.Clock)
	today := bondgenoten.DateOf(now)
	at := func(daysAgo, hour int) time.Time {
		d := today.AddDays(-daysAgo)
		return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, bondgenoten.Amsterdam)
	}
	on := func(when time.Time) *crisis.Service {
		return &crisis.Service{DB: crises.DB, Signals: crises.Signals, Clock: bondgenoten.ClockFunc(func() time.Time { return when })}
	}
	// The aftercare is the demo year's meeting held 190 days ago; it was
	// planned when the crisis closed.
	var aftercare *uuid.UUID
	page, err := meetings.List(ctx, networkID, meeting.Filter{Limit: 50})
	if err != nil {
		return err
	}
	for _, m := range page.Items {
		if bondgenoten.DateOf(m.StartsAt) == today.AddDays(-190) {
			id := m.ID
			aftercare = &id
		}
	}
	seed := uuid.Nil // the seed acts for nobody
	c, err := on(at(232, 21)).Activate(ctx, networkID, seed, crisis.ActivateInput{
		Title:     "Onrust rond het AZC Amersfoort-Noord",
		Trigger:   "Na het raadsbesluit over de opvang in Amersfoort-Noord riepen berichten op sociale media op tot een protest bij de beoogde locatie.",
		Themes:    []string{"asylum-reception", "online", "demonstration"},
		Phase:     signal.PhaseRising,
		StartedAt: at(232, 20),
	})
	if err != nil {
		return fmt.Errorf("demo crisis: %w", err)
	}
	steps := []func() error{
		func() error {
			_, err := on(at(232, 22)).AddEntry(ctx, networkID, c.ID, seed, crisis.EntryInput{Kind: crisis.KindAdvice,
				Text: "Bondgenoten adviseren de burgemeester om vóór het weekend zelf in de wijk uitleg te geven, samen met de wijkagent."})
			return err
		},
		func() error {
			_, err := on(at(231, 10)).AddEntry(ctx, networkID, c.ID, seed, crisis.EntryInput{Kind: crisis.KindDecision,
				Text: "Driehoek besluit tot extra zichtbare politie bij de locatie en een informatieavond op donderdag."})
			return err
		},
		func() error {
			_, err := on(at(231, 12)).CreatePoll(ctx, networkID, c.ID, seed, crisis.PollInput{Question: "Wat hoort u in uw achterban over het AZC?", AllyIDs: active[:5]})
			return err
		},
		func() error {
			q1, err := on(at(231, 14)).AddEntry(ctx, networkID, c.ID, seed, crisis.EntryInput{Kind: crisis.KindQuestion, AllyID: &active[0],
				Text: "Worden moskeebezoekers beschermd als de onrust zich tegen moslims keert?"})
			if err != nil {
				return err
			}
			if _, err := on(at(230, 11)).AnswerQuestion(ctx, networkID, c.ID, q1.ID, crisis.AnswerInput{
				Answer: "De wijkagent loopt vrijdag bij het gebed langs; het moskeebestuur heeft een direct nummer.", CarriedBack: true}); err != nil {
				return err
			}
			q2, err := on(at(231, 15)).AddEntry(ctx, networkID, c.ID, seed, crisis.EntryInput{Kind: crisis.KindQuestion, AllyID: &active[1],
				Text: "Blijft de binnenstad bereikbaar als er wordt gedemonstreerd?"})
			if err != nil {
				return err
			}
			_, err = on(at(230, 16)).AnswerQuestion(ctx, networkID, c.ID, q2.ID, crisis.AnswerInput{
				Answer: "Ja; de demonstratie is aangemeld bij het Stadhuisplein en de route loopt buiten de winkelstraten.", CarriedBack: true})
			return err
		},
		func() error {
			_, err := on(at(229, 18)).ChangePhase(ctx, networkID, c.ID, seed, crisis.PhaseInput{Phase: signal.PhaseEscalation,
				Note: "Demonstratie bij de beoogde locatie; enkele vernielingen aan het bouwhek."})
			return err
		},
		func() error {
			_, err := on(at(226, 10)).ChangePhase(ctx, networkID, c.ID, seed, crisis.PhaseInput{Phase: signal.PhaseAftermath,
				Note: "Het blijft rustig; gesprekken in de wijk gaan door."})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo crisis: %w", err)
		}
	}
	d, err := crises.Detail(ctx, networkID, c.ID, crisis.View{Full: true})
	if err != nil || len(d.Polls) == 0 {
		return err
	}
	answers := []crisis.PollAnswerInput{
		{Mood: 4, Hears: "Zorgen dat de onrust zich tegen moslims keert.", Advice: "Laat de burgemeester in de moskee spreken.", Questions: "Is er extra toezicht bij het vrijdaggebed?"},
		{Mood: 3, Hears: "Ondernemers vrezen schade en wegblijvend publiek.", Advice: "Informeer over de route van de demonstratie."},
		{Mood: 4, Hears: "Jongeren delen filmpjes van de oproep; sommigen willen gaan kijken.", Advice: "Jongerenwerk extra op straat op vrijdagavond."},
		{Mood: 2, Hears: "In de sportclub wordt er weinig over gesproken.", Advice: "Geen extra actie nodig."},
		{Mood: 3, Hears: "Vrouwen voelen zich minder veilig op straat 's avonds.", Advice: "Zichtbare wijkagenten in Schothorst.", Questions: "Waar kunnen we terecht met meldingen?"},
	}
	for i, in := range answers {
		id := active[i]
		in.AllyID = &id
		if _, err := on(at(231, 16+i/2)).RecordAnswer(ctx, networkID, c.ID, d.Polls[0].ID, in); err != nil {
			return fmt.Errorf("demo crisis: %w", err)
		}
	}
	if aftercare == nil {
		return nil // no demo year: the crisis stays as it is
	}
	// The aftercare meeting was planned when the crisis closed and has been
	// held since; the service, rightly, takes only a meeting still ahead, so
	// the seed records the closing as it was on that day.
	return closeAsOf(ctx, crises, networkID, c.ID, *aftercare, at(215, 10))
}

func closeAsOf(ctx context.Context, crises *crisis.Service, networkID, id, aftercare uuid.UUID, when time.Time) error {
	c := &crisis.Crisis{ID: id, AftercareMeetingID: &aftercare, Lesson: true, EndedAt: &when, UpdatedAt: when.UTC(),
		WentWell: "Binnen een uur hadden we via de bondgenoten een beeld van de stemming in vijf achterbannen; vragen uit de wijk kregen dezelfde dag antwoord.",
		ToLearn:  "De eerste peiling kwam pas de dag na het raadsbesluit; een peiling vóór zo'n besluit had de onrust eerder laten zien. Een meldpunt voor vrouwen in Schothorst ontbrak."}
	u := when.UTC()
	c.EndedAt = &u
	_, err := crises.DB.Unscoped().NewUpdate().Model(c).Column("aftercare_meeting_id", "went_well", "to_learn", "lesson", "ended_at", "updated_at").
		Where("id = ? AND network_id = ?", id, networkID).Exec(ctx)
	return err
}
