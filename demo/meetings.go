package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// demoMeeting is one held meeting of the demo year: what was discussed,
// decided and agreed.
type demoMeeting struct {
	daysAgo   int
	place     string
	meal      string
	agenda    []meeting.AgendaItem
	minutes   string
	decisions []string
	actions   []demoAction
}

// demoAction is an action agreed in a demo meeting, due a number of days
// before the day of seeding (after it when negative).
type demoAction struct {
	in         meeting.ActionInput
	dueDaysAgo int
}

func item(title string, p meeting.Party) meeting.AgendaItem {
	return meeting.AgendaItem{Title: title, Party: p}
}

func action(title string, p meeting.Party, owner string, dueDaysAgo int, st meeting.ActionStatus, feedback string) demoAction {
	return demoAction{meeting.ActionInput{Title: title, OwnerParty: p, OwnerName: owner, Status: st, Feedback: feedback}, dueDaysAgo}
}

const (
	muni   = meeting.PartyMunicipality
	police = meeting.PartyPolice
	allies = meeting.PartyAllies
)

// amersfoortYear is a year of the Amersfoort network: five meetings, each
// opened with a meal, with topics from all three parties.
var amersfoortYear = []demoMeeting{
	{330, "Buurthuis De Kruiskamp", "Halal en vegetarisch", []meeting.AgendaItem{
		item("Kennismaking en verwachtingen", muni), item("Werkwijze wijkteam bij incidenten", police), item("Zorgen over jongeren rond het winkelcentrum", allies)},
		"Iedereen stelde zich voor. De politie lichtte toe hoe het wijkteam werkt bij incidenten. Bondgenoten maken zich zorgen over groepjes jongeren bij het winkelcentrum Kruiskamp.",
		[]string{"We komen vijf keer per jaar bij elkaar, steeds op een andere plek in de stad."},
		[]demoAction{
			action("Jongerenwerk uitnodigen voor de volgende bijeenkomst", muni, "OOV-adviseur", 300, meeting.ActionDone, "Jongerenwerk Kruiskamp schoof aan in maart; er komt een vast overleg."),
			action("Contactgegevens wijkagenten delen met bondgenoten", police, "Wijkagent Kruiskamp", 310, meeting.ActionDone, "Gedeeld via de coördinator."),
		}},
	{260, "Moskee De Koepel", "Halal; rekening houden met de vastenmaand", []meeting.AgendaItem{
		item("Terugblik op de jaarwisseling", police), item("Spanningen na berichten op sociale media", allies), item("Subsidieregeling buurtinitiatieven", muni)},
		"De jaarwisseling verliep rustiger dan vorig jaar. Bondgenoten signaleerden onrust na berichten op sociale media; de gemeente legt uit hoe de subsidieregeling werkt.",
		[]string{"Bondgenoten melden signalen over sociale media direct bij de coördinator."},
		[]demoAction{
			action("Voorlichting over de subsidieregeling in Schothorst", muni, "Wijkmanager Schothorst", 200, meeting.ActionDone, "Voorlichtingsavond gehouden met 25 bezoekers."),
			action("Achterban informeren over melden bij de politie", allies, "Ayşe Yılmaz (fictief)", 220, meeting.ActionDone, "Besproken in de vrouwenvereniging."),
		}},
	{190, "Sporthal Nieuwland", "Vegetarisch", []meeting.AgendaItem{
		item("Evaluatie: zijn we nog representatief?", muni), item("Overlast rond de sportvelden", allies), item("Nieuwe teamchef stelt zich voor", police), item("Idee: gezamenlijke buurtschouw", allies)},
		"Halfjaarlijkse evaluatie: de Ghanese gemeenschap en ouderen zijn nog niet vertegenwoordigd. De nieuwe teamchef stelde zich voor. Bondgenoten stellen een buurtschouw voor.",
		[]string{"We werven een bondgenoot uit de Ghanese gemeenschap.", "In het najaar houden we een buurtschouw in Nieuwland."},
		[]demoAction{
			action("Kandidaat uit de Ghanese gemeenschap benaderen", muni, "OOV-adviseur", 150, meeting.ActionDone, "Ruben Mensah is kandidaat en heeft het intakegesprek gehad."),
			action("Buurtschouw Nieuwland organiseren", police, "Wijkagent Nieuwland", 20, meeting.ActionInProgress, ""),
		}},
	{120, "Stadhuis Amersfoort", "Halal en vegetarisch; één gast met notenallergie", []meeting.AgendaItem{
		item("Stand van zaken acties", muni), item("Veiligheidsgevoel ondernemers binnenstad", allies), item("Inzet bij de kermis", police)},
		"De ondernemers in de binnenstad voelen zich minder veilig na twee inbraken. De politie vertelde over de inzet bij de kermis.",
		[]string{"De gemeente koppelt terug wat er met het advies over de verlichting is gedaan."},
		[]demoAction{
			action("Advies over straatverlichting binnenstad voorleggen aan de wethouder", muni, "OOV-adviseur", 60, meeting.ActionOpen, ""),
			action("Extra surveillance in de avonduren binnenstad", police, "Teamchef", 90, meeting.ActionDone, "Vier weken extra surveillance; geen nieuwe inbraken gemeld."),
		}},
	{50, "Buurthuis Schothorst", "Vegetarisch", []meeting.AgendaItem{
		item("Signalen na het incident bij het station", allies), item("Crisisprotocol en de rol van bondgenoten", muni), item("Terugkoppeling surveillance binnenstad", police)},
		"Na het incident bij het station deelden bondgenoten wat er in hun achterban leeft. De gemeente lichtte het crisisprotocol toe.",
		[]string{"Bij een incident belt de coördinator binnen een uur de bondgenoten."},
		[]demoAction{
			action("Belboom bondgenoten testen", muni, "Coördinator", -14, meeting.ActionOpen, ""),
			action("Bijeenkomst in de moskee over het incident", allies, "Samira El Amrani (fictief)", 30, meeting.ActionOpen, ""),
		}},
}

// zeistStart is the Zeist network's first meeting: getting to know each
// other, and agreeing how to work.
var zeistStart = []demoMeeting{
	{20, "Gemeentehuis Zeist", "Vegetarisch en halal", []meeting.AgendaItem{
		item("Kennismaking en de bondgenotenaanpak", muni), item("Hoe werkt het basisteam Heuvelrug", police), item("Wat speelt er in Kerckebosch", allies)},
		"Eerste bijeenkomst. De gemeente lichtte de bondgenotenaanpak toe, de politie het basisteam. Bondgenoten vertelden wat er in hun wijken speelt.",
		[]string{"We werven nog bondgenoten in Den Dolder en Austerlitz."},
		[]demoAction{
			action("Kandidaten in Den Dolder en Austerlitz benaderen", muni, "OOV-adviseur", -30, meeting.ActionOpen, ""),
		}},
}

// SeedMeetings gives the Amersfoort network a year of meetings and the
// Zeist network its first one — held ones with agenda, attendance, minutes,
// decisions and actions, and the next one planned — when they have none yet.
func SeedMeetings(ctx context.Context, meetings *meeting.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service) error {
	if err := seedMeetings(ctx, meetings, allySvc, networks, tenants, "amersfoort", amersfoortYear, 9, "Bibliotheek Eemhuis"); err != nil {
		return err
	}
	return seedMeetings(ctx, meetings, allySvc, networks, tenants, "zeist", zeistStart, 25, "Buurthuis Kerckebosch")
}

func seedMeetings(ctx context.Context, meetings *meeting.Service, allySvc *ally.Service, networks *network.Service, tenants *tenant.Service,
	slug string, year []demoMeeting, nextInDays int, nextPlace string) error {
	t, err := tenants.GetBySlug(ctx, slug)
	if err != nil {
		return err
	}
	nets, err := networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil || len(nets) == 0 {
		return err
	}
	networkID := nets[0].ID
	existing, err := meetings.List(ctx, networkID, meeting.Filter{Limit: 1})
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
	if len(active) == 0 {
		return nil
	}
	// Days count from today on the meeting service's clock.
	today := bondgenoten.TodayOn(meetings.Clock)
	at := func(daysFromNow int) time.Time {
		d := today.AddDays(daysFromNow)
		return time.Date(d.Year, d.Month, d.Day, 19, 0, 0, 0, bondgenoten.Amsterdam)
	}
	// Plan them all first: a meeting closes only with a later one planned.
	planned := make([]*meeting.Meeting, 0, len(year)+1)
	for i, dm := range year {
		chair := active[i%len(active)].ID
		m, err := meetings.Plan(ctx, networkID, meeting.Input{StartsAt: at(-dm.daysAgo), Place: dm.place, ChairAllyID: &chair, MealPlanned: true, MealNotes: dm.meal})
		if err != nil {
			return fmt.Errorf("demo meeting: %w", err)
		}
		planned = append(planned, m)
	}
	next := active[len(year)%len(active)].ID
	if _, err := meetings.Plan(ctx, networkID, meeting.Input{StartsAt: at(nextInDays), Place: nextPlace, ChairAllyID: &next, MealPlanned: true, MealNotes: "Halal en vegetarisch"}); err != nil {
		return fmt.Errorf("demo meeting: %w", err)
	}
	for i, dm := range year {
		m := planned[i]
		if err := meetings.PutAgenda(ctx, networkID, m.ID, meeting.AgendaInput{Items: dm.agenda}); err != nil {
			return err
		}
		report := meeting.Report{Minutes: dm.minutes, Decisions: dm.decisions, Attendance: []meeting.Attendance{
			{Name: "OOV-adviseur gemeente", Party: muni, Status: "present"},
			{Name: "Wijkagent", Party: police, Status: "present"},
		}}
		for j, a := range active {
			status := "present"
			if (i+j)%4 == 3 {
				status = "excused"
			}
			report.Attendance = append(report.Attendance, meeting.Attendance{AllyID: &a.ID, Name: a.Name, Party: allies, Status: status})
		}
		if err := meetings.PutReport(ctx, networkID, m.ID, report); err != nil {
			return err
		}
		for _, da := range dm.actions {
			in, due := da.in, today.AddDays(-da.dueDaysAgo)
			in.DueOn = &due
			if _, err := meetings.CreateAction(ctx, networkID, m.ID, in); err != nil {
				return err
			}
		}
		if _, err := meetings.Close(ctx, networkID, m.ID, ""); err != nil {
			return err
		}
	}
	return nil
}
