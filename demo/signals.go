package demo

import (
	"context"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// demoSignal is one signal of the demo year, observed a number of days
// before the day of seeding. fromAlly picks an active ally (by position)
// as its source; -1 is the staff member's own observation, -2 "other".
type demoSignal struct {
	daysAgo  int
	theme    string
	level    int
	evidence signal.Evidence
	phase    signal.Phase
	fromAlly int
	urgent   bool
	text     string
	// What came of it: an assessment, feedback to the source, shared
	// with the crisis organisation.
	decision, feedback string
	shared             bool
	status             signal.Status
}

const (
	evidenced   = signal.EvidenceEvidenced
	experienced = signal.EvidenceExperienced
	expected    = signal.EvidenceExpected
	simmering   = signal.PhaseSimmering
	rising      = signal.PhaseRising
	escalation  = signal.PhaseEscalation
	aftermath   = signal.PhaseAftermath
	own, other  = -1, -2
)

// amersfoortSignals: a year of what the allies noticed, with tension
// rising over the last two months around the planned asylum reception
// centre (AZC) in Amersfoort-Noord — the guide's "thermometeren".
var amersfoortSignals = []demoSignal{
	{350, "polarisation", 2, experienced, simmering, 0, false, "Discussie in de moskee over polarisatie na berichten op sociale media; vooral jongeren voelen zich aangesproken.", "Besproken in het netwerk; geen verdere actie.", "Teruggekoppeld aan de bron na de bijeenkomst.", false, signal.StatusClosed},
	{330, "youth", 2, evidenced, simmering, 2, false, "Groepje jongeren hangt 's avonds rond bij het winkelcentrum Kruiskamp; bewoners voelen zich onveilig.", "Jongerenwerk en wijkagent lopen samen een avondronde.", "Jongerenwerker heeft de bewoners gesproken.", false, signal.StatusClosed},
	{300, "grief", 1, experienced, aftermath, 4, false, "Na het overlijden van een bekende jongere in Schothorst is er behoefte aan een herdenking.", "Gemeente faciliteert een stille tocht.", "De familie is gebeld over de tocht.", false, signal.StatusClosed},
	{270, "discrimination", 3, experienced, simmering, 0, false, "Meldingen van bekladde gevels met racistische leuzen bij twee moskeeën.", "Aangifte gedaan; buurtgesprek gepland.", "Bestuur van de moskee is geïnformeerd.", true, signal.StatusClosed},
	{240, "international", 3, expected, simmering, 4, false, "Spanningen in Turkije leiden tot felle discussies tussen Turks-Nederlandse families; zorgen over meningsverschillen op straat.", "Bondgenoten van Turkse herkomst gebeld voor hun advies; geen aanwijzingen voor onrust.", "Bondgenoot gebeld met de uitkomst.", false, signal.StatusClosed},
	{210, "online", 2, evidenced, simmering, own, false, "Oproep op een lokaal Telegram-kanaal om 'de straat op te gaan' tegen nieuwe woningbouw.", "Monitoren; geen vervolg gevonden.", "", false, signal.StatusClosed},
	{180, "lgbti", 2, experienced, simmering, 3, false, "Spanning rond de regenboogvlag bij de sportvereniging; een paar ouders dreigen hun kinderen af te melden.", "Gesprek met het bestuur; vlag blijft.", "Bestuur heeft de ouders gesproken.", false, signal.StatusClosed},
	{150, "youth", 3, evidenced, rising, 2, false, "Twee groepen jongeren uit Kruiskamp en Schothorst zoeken elkaar op via Snapchat.", "Jongerenwerk en politie grijpen vroeg in; ouders benaderd.", "Jongerenwerker heeft teruggekoppeld.", true, signal.StatusActed},
	{120, "demonstration", 2, expected, simmering, 1, false, "Ondernemers verwachten een boerenprotest met trekkers in de binnenstad.", "Evenementenoverleg; verkeersplan.", "Ondernemersvereniging geïnformeerd.", false, signal.StatusClosed},
	{95, "asylum-reception", 2, expected, simmering, 0, false, "Eerste vragen in de wijk over het plan voor een asielzoekerscentrum (AZC) in Amersfoort-Noord.", "Gemeente organiseert een informatieavond.", "Uitnodiging voor de informatieavond gedeeld.", false, signal.StatusClosed},
	{60, "asylum-reception", 3, experienced, rising, 1, false, "Op de informatieavond over het AZC was de toon gespannen; een kleine groep riep om te protesteren.", "Beeld: onrust beperkt tot een kleine groep. Oordeel: verdere mobilisatie mogelijk. Besluit: thermometeren via het netwerk.", "Ondernemers hoorden van de burgemeester wat er met hun zorgen gebeurt.", true, signal.StatusActed},
	{45, "online", 3, evidenced, rising, own, false, "Facebookgroep 'Amersfoort zegt nee' groeit snel en deelt het adres van de beoogde AZC-locatie.", "Online monitoring; melding bij het platform.", "", true, signal.StatusAssessing},
	{35, "asylum-reception", 3, experienced, rising, 0, false, "In de moskee maken mensen zich zorgen dat de onrust over het AZC zich tegen moslims keert.", "Gesprek met het moskeebestuur en de wijkagent.", "Bestuur teruggebeld.", false, signal.StatusActed},
	{28, "polarisation", 3, experienced, rising, 4, false, "Vrouwen in Schothorst horen op het schoolplein uitspraken tegen vluchtelingen; kinderen nemen het over.", "Schoolleiding en opbouwwerk ingelicht.", "", false, signal.StatusAssessing},
	{21, "asylum-reception", 4, evidenced, rising, other, false, "Een buurtbewoner (anoniem) meldt dat flyers zijn verspreid met een oproep tot een demonstratie bij het gemeentehuis.", "Demonstratie aangemeld; burgemeester spreekt de organisatoren.", "", true, signal.StatusActed},
	{14, "asylum-reception", 4, experienced, rising, 1, false, "Ondernemers in de binnenstad vrezen rellen tijdens de raadsvergadering over het AZC.", "Extra inzet politie rond de raadsvergadering.", "", true, signal.StatusActed},
	{9, "youth", 3, experienced, rising, 2, false, "Jongeren in Kruiskamp zeggen dat 'iedereen' naar de demonstratie gaat; sommigen praten over vuurwerk.", "Jongerenwerk in gesprek; ouders benaderd.", "", false, signal.StatusAssessing},
	{6, "asylum-reception", 5, evidenced, escalation, 2, true, "Tijdens de demonstratie: een groep jongeren is op scooters onderweg naar de AZC-locatie om stenen te gooien.", "Direct gedeeld met de crisisorganisatie; ME ter plaatse.", "", true, signal.StatusActed},
	{5, "asylum-reception", 4, experienced, aftermath, 0, false, "Na de demonstratie is de gemeenschap bang; vragen of hun kinderen veilig naar school kunnen.", "", "", false, signal.StatusNew},
	{3, "asylum-reception", 4, experienced, rising, 4, false, "In Schothorst gaat het gerucht dat er een tweede demonstratie komt, dit weekend.", "", "", false, signal.StatusNew},
	{1, "online", 4, evidenced, rising, own, true, "Oproep op sociale media om zaterdag 'het AZC te bezoeken'; 300 keer gedeeld.", "", "", false, signal.StatusNew},
}

// zeistSignals: a network that has just begun.
var zeistSignals = []demoSignal{
	{40, "youth", 2, experienced, simmering, 0, false, "Overlast van jongeren bij het station; bewoners klagen.", "", "", false, signal.StatusNew},
	{20, "grief", 1, experienced, aftermath, own, false, "Herdenking van een verkeersslachtoffer; behoefte aan een plek voor bloemen.", "Gemeente wijst een plek aan.", "Familie geïnformeerd.", false, signal.StatusClosed},
	{4, "polarisation", 3, expected, rising, 0, false, "Zorgen over een lezing van een omstreden spreker in het cultuurhuis.", "", "", false, signal.StatusNew},
}

// SeedSignals gives the Amersfoort network a year of signals with one
// mood picture, and the Zeist network a few, when they have none yet.
// Each signal is logged on the day it was observed (a service with that
// clock), so feedback due dates and overdue flags are as they would be.
func SeedSignals(ctx context.Context, signals *signal.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service) error {
	if err := seedSignals(ctx, signals, allySvc, networks, tenants, "amersfoort", amersfoortSignals, true); err != nil {
		return err
	}
	return seedSignals(ctx, signals, allySvc, networks, tenants, "zeist", zeistSignals, false)
}

func seedSignals(ctx context.Context, signals *signal.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service,
	slug string, year []demoSignal, mood bool) error {
	t, err := tenants.GetBySlug(ctx, slug)
	if err != nil {
		return err
	}
	nets, err := networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil || len(nets) == 0 {
		return err
	}
	networkID := nets[0].ID
	existing, err := signals.List(ctx, networkID, signal.Viewer{}, signal.Filter{Limit: 1})
	if err != nil || len(existing.Items) > 0 {
		return err
	}
	all, err := allySvc.List(ctx, networkID)
	if err != nil {
		return err
	}
	var active []ally.Ally
	for _, a := range all {
		if a.Status == ally.StatusActive {
			active = append(active, a)
		}
	}
	now := bondgenoten.NowOn(signals.Clock)
	seed := signal.Viewer{TenantID: t.ID, WriteAll: true} // the seed acts for nobody
	for _, d := range year {
		observed := now.AddDate(0, 0, -d.daysAgo).Add(-2 * time.Hour)
		at := &signal.Service{DB: signals.DB, Clock: bondgenoten.ClockFunc(func() time.Time { return observed.Add(time.Hour) })}
		in := signal.Input{ObservedAt: observed, SourceKind: signal.SourceOwn, Theme: d.theme, Level: d.level, Evidence: d.evidence,
			Phase: d.phase, Description: d.text, Urgent: d.urgent}
		switch {
		case d.fromAlly == other:
			in.SourceKind, in.SourceOther = signal.SourceOther, "Buurtbewoner, anoniem"
		case d.fromAlly >= 0 && len(active) > 0:
			a := active[d.fromAlly%len(active)]
			in.SourceKind, in.SourceAllyID, in.Area, in.Community = signal.SourceAlly, &a.ID, a.Neighbourhood, a.Constituency
		}
		sg, err := at.Log(ctx, networkID, seed, in)
		if err != nil {
			return err
		}
		if d.decision != "" || d.status != signal.StatusNew {
			if _, err := at.Assess(ctx, networkID, sg.ID, seed, signal.AssessmentInput{Decision: d.decision, Status: d.status}); err != nil {
				return err
			}
		}
		if d.shared {
			if _, err := at.Share(ctx, networkID, sg.ID, seed); err != nil {
				return err
			}
		}
		if d.feedback != "" {
			day := bondgenoten.DateOf(observed).AddDays(3)
			if today := bondgenoten.DateOf(now); today.Before(day) {
				day = today
			}
			later := &signal.Service{DB: signals.DB, Clock: bondgenoten.ClockFunc(func() time.Time { return day.Noon() })}
			if _, err := later.RecordFeedback(ctx, networkID, sg.ID, seed, signal.FeedbackInput{Text: d.feedback, FedBackOn: &day}); err != nil {
				return err
			}
		}
	}
	if !mood {
		return nil
	}
	to := bondgenoten.DateOf(now)
	from := to.AddDays(-27)
	m, err := signals.DraftMood(ctx, networkID, seed, signal.PeriodInput{PeriodFrom: &from, PeriodTo: &to}, language.Dutch)
	if err != nil {
		return err
	}
	_, err = signals.ShareMood(ctx, networkID, m.ID, seed)
	return err
}
