package demo

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// SeedEvaluations gives the demo networks their half-yearly evaluations,
// to each that has none yet: Amersfoort one completed half a year ago (all
// allies stay, two improvement points) and the next one due in 25 days;
// Zeist one 20 days overdue. Each step is recorded on the day it happened
// (a service with that clock). Call it after SeedCrisis.
func SeedEvaluations(ctx context.Context, evaluations *evaluation.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service) error {
	today := bondgenoten.TodayOn(evaluations.Clock)
	on := func(daysAgo int) *evaluation.Service {
		d := today.AddDays(-daysAgo)
		when := time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, bondgenoten.Amsterdam)
		return &evaluation.Service{DB: evaluations.DB, Clock: bondgenoten.ClockFunc(func() time.Time { return when })}
	}
	networkOf := func(slug string) (uuid.UUID, bool, error) {
		t, err := tenants.GetBySlug(ctx, slug)
		if err != nil {
			return uuid.Nil, false, err
		}
		nets, err := networks.List(ctx, []uuid.UUID{t.ID})
		if err != nil || len(nets) == 0 {
			return uuid.Nil, false, err
		}
		existing, err := evaluations.List(ctx, nets[0].ID)
		return nets[0].ID, err == nil && len(existing) == 0, err
	}
	// start opens an evaluation daysAgo covering the period from fromDaysAgo.
	start := func(networkID uuid.UUID, daysAgo, fromDaysAgo int) (*evaluation.Evaluation, error) {
		e, err := on(daysAgo).Start(ctx, networkID)
		if err != nil {
			return nil, err
		}
		// The networks were recorded in the product today; their history
		// (the demo year) is older: the period starts where it did.
		if _, err := evaluations.DB.Unscoped().NewUpdate().Model((*evaluation.Evaluation)(nil)).
			Set("period_from = ?", today.AddDays(-fromDaysAgo)).Where("id = ?", e.ID).Exec(ctx); err != nil {
			return nil, err
		}
		return e, nil
	}
	yes, no := true, false

	amersfoort, fresh, err := networkOf("amersfoort")
	if err != nil {
		return err
	}
	if fresh && amersfoort != uuid.Nil {
		done, err := start(amersfoort, 205, 372)
		if err != nil {
			return err
		}
		all, err := allySvc.List(ctx, amersfoort)
		if err != nil {
			return err
		}
		var decisions []evaluation.DecisionInput
		for _, a := range all {
			if a.Status == ally.StatusActive {
				decisions = append(decisions, evaluation.DecisionInput{AllyID: a.ID, Decision: evaluation.Keep})
			}
		}
		goals := "Een representatieve groep bondgenoten die vijf keer per jaar meedenkt over actuele thema's, en bij spanning binnen een dag de temperatuur van de achterban kan opnemen."
		if _, err := on(190).Complete(ctx, amersfoort, done.ID, uuid.Nil, evaluation.CompleteInput{SaveInput: evaluation.SaveInput{
			RightPeople: &no, RightPeopleNote: "De jongeren uit Amersfoort-Noord en de Eritrese gemeenschap zitten nog niet aan tafel.",
			GoalsClear: &yes, GoalsNote: "Na de onrust rond het AZC aangescherpt: snel thermometeren hoort erbij.",
			Goals:      &goals,
			Conclusion: "Alle bondgenoten blijven. We werven gericht in de witte vlekken.",
			Decisions:  decisions,
			Points: []evaluation.PointInput{
				{Title: "Twee bondgenoten werven uit de witte vlekken", OwnerParty: meeting.PartyMunicipality},
				{Title: "Wijkagenten stellen zich voor bij de jongerenwerkers in Noord", OwnerParty: meeting.PartyPolice},
			},
		}}); err != nil {
			return err
		}
		if _, err := start(amersfoort, 5, 190); err != nil {
			return err
		}
	}
	zeist, fresh, err := networkOf("zeist")
	if err != nil {
		return err
	}
	if fresh && zeist != uuid.Nil {
		if _, err := start(zeist, 50, 230); err != nil {
			return err
		}
	}
	return nil
}
