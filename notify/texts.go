package notify

import (
	"strings"
	"time"
)

// text is the subject (one line) and the body's first paragraph of an
// email, per kind and language. Placeholders {network}, {tenant},
// {bureau} and {when} come from the notification's parameters; nothing
// else is put in, so an email says what happened, where, and links to the
// product — never a name of an ally, special-category data or what a
// signal says.
type text struct{ Subject, Body string }

var texts = map[string]map[string]text{
	RoleGranted: {
		LanguageDutch:   {"Uw rollen in Bondgenoten zijn gewijzigd", "U hebt een nieuwe rol gekregen in Bondgenoten. Bekijk in de app welke rollen u nu hebt."},
		LanguageEnglish: {"Your roles in Bondgenoten changed", "You were given a new role in Bondgenoten. See in the app which roles you now hold."},
	},
	RolesChanged: {
		LanguageDutch:   {"Rollen van een collega gewijzigd", "De rollen van een collega in uw organisatie zijn gewijzigd."},
		LanguageEnglish: {"A colleague's roles changed", "The roles of a colleague in your organisation changed."},
	},
	SSOChangeProposed: {
		LanguageDutch:   {"Wijziging van het inloggen wacht op u", "Een platformbeheerder stelt nieuwe instellingen voor het inloggen (SSO) van uw organisatie voor. Ze gaan pas in als een beheerder van uw organisatie ze bevestigt."},
		LanguageEnglish: {"A sign-in change waits for you", "A platform operator proposes new sign-in (SSO) settings for your organisation. They take effect only when an administrator of your organisation confirms them."},
	},
	SSOChanged: {
		LanguageDutch:   {"Het inloggen van uw organisatie is gewijzigd", "De instellingen voor het inloggen (SSO) van uw organisatie zijn gewijzigd."},
		LanguageEnglish: {"Your organisation's sign-in changed", "The sign-in (SSO) settings of your organisation changed."},
	},
	SSOChangeWithdrawn: {
		LanguageDutch:   {"Voorstel voor het inloggen ingetrokken", "Een voorstel voor nieuwe inloginstellingen van uw organisatie is afgewezen of ingetrokken."},
		LanguageEnglish: {"Sign-in proposal withdrawn", "A proposal for new sign-in settings of your organisation was rejected or withdrawn."},
	},
	OversightRequested: {
		LanguageDutch:   {"{bureau} vraagt om toezicht", "{bureau} vraagt om uw organisatie te mogen ondersteunen en volgen. Het toezicht begint pas als u het aanvaardt."},
		LanguageEnglish: {"{bureau} asks to oversee", "{bureau} asks to support and follow your organisation. Oversight starts only when you accept it."},
	},
	OversightAccepted: {
		LanguageDutch:   {"{tenant} heeft het toezicht aanvaard", "{tenant} heeft uw verzoek om toezicht aanvaard."},
		LanguageEnglish: {"{tenant} accepted oversight", "{tenant} accepted your request for oversight."},
	},
	OversightEnded: {
		LanguageDutch:   {"Toezicht beëindigd", "Een toezichtsrelatie van uw organisatie is beëindigd of wordt beëindigd."},
		LanguageEnglish: {"Oversight ended", "An oversight relation of your organisation ended or is ending."},
	},
	OversightDeclined: {
		LanguageDutch:   {"{tenant} heeft het toezicht afgewezen", "{tenant} heeft uw verzoek om toezicht afgewezen."},
		LanguageEnglish: {"{tenant} declined oversight", "{tenant} declined your request for oversight."},
	},
	SignalUrgent: {
		LanguageDutch:   {"Urgent signaal in {network}", "Er is een urgent signaal vastgelegd in het netwerk {network}. Lees het in Bondgenoten."},
		LanguageEnglish: {"Urgent signal in {network}", "An urgent signal was logged in the network {network}. Read it in Bondgenoten."},
	},
	SignalShared: {
		LanguageDutch:   {"Signaal gedeeld in {network}", "Een signaal uit het netwerk {network} is gedeeld met de crisisorganisatie. Lees het in Bondgenoten."},
		LanguageEnglish: {"Signal shared in {network}", "A signal of the network {network} was shared with the crisis organisation. Read it in Bondgenoten."},
	},
	// Meetings (package meeting, decision 0010): to allies with the .ics,
	// to the partners' people in the app. {meeting} is "bijeenkomst" or
	// "spoedbijeenkomst", {when} the start in Amsterdam time.
	"meeting_emergency_planned": {
		LanguageDutch:   {"Spoedbijeenkomst van {network} op {when}", "Er is een spoedbijeenkomst van het netwerk {network} gepland op {when}."},
		LanguageEnglish: {"Emergency meeting of {network} on {when}", "An emergency meeting of the network {network} is planned on {when}."},
	},
	"meeting_invitation": {
		LanguageDutch:   {"Uitnodiging: {meeting} van {network} op {when}", "U bent uitgenodigd voor de {meeting} van het netwerk {network} op {when}."},
		LanguageEnglish: {"Invitation: {meeting} of {network} on {when}", "You are invited to the {meeting} of the network {network} on {when}."},
	},
	"meeting_reminder": {
		LanguageDutch:   {"Herinnering: {meeting} van {network} op {when}", "Over twee dagen is de {meeting} van het netwerk {network}, op {when}."},
		LanguageEnglish: {"Reminder: {meeting} of {network} on {when}", "In two days is the {meeting} of the network {network}, on {when}."},
	},
	"meeting_changed": {
		LanguageDutch:   {"Gewijzigd: {meeting} van {network}, nu op {when}", "De {meeting} van het netwerk {network} is gewijzigd. Die is nu op {when}."},
		LanguageEnglish: {"Changed: {meeting} of {network}, now on {when}", "The {meeting} of the network {network} changed. It is now on {when}."},
	},
	"meeting_cancelled": {
		LanguageDutch:   {"Gaat niet door: {meeting} van {network} op {when}", "De {meeting} van het netwerk {network} op {when} gaat niet door."},
		LanguageEnglish: {"Cancelled: {meeting} of {network} on {when}", "The {meeting} of the network {network} on {when} is cancelled."},
	},
	"cadence_no_next_meeting": {
		LanguageDutch:   {"{network} heeft geen volgende bijeenkomst gepland", "Voor het netwerk {network} staat geen volgende bijeenkomst gepland. De handreiking raadt aan de volgende direct na elke bijeenkomst te plannen."},
		LanguageEnglish: {"{network} has no next meeting planned", "The network {network} has no next meeting planned. The guide advises planning the next one right after each meeting."},
	},
	"cadence_below_minimum": {
		LanguageDutch:   {"{network} kwam minder dan 4 keer bijeen in 12 maanden", "Het netwerk {network} kwam het afgelopen jaar minder vaak bijeen dan de 4 tot 6 keer die de handreiking aanraadt."},
		LanguageEnglish: {"{network} met fewer than 4 times in 12 months", "The network {network} met less often in the past year than the 4 to 6 times the guide advises."},
	},
	// Half-yearly evaluations (package evaluation, decision 0009).
	"evaluation_due": {
		LanguageDutch:   {"Halfjaarlijkse evaluatie van {network}", "Het is tijd voor de halfjaarlijkse evaluatie van het netwerk {network}: zitten de juiste mensen nog aan tafel? Rond haar uiterlijk {dueOn} af. De cijfers van de afgelopen periode staan al klaar."},
		LanguageEnglish: {"Half-yearly evaluation of {network}", "It is time for the half-yearly evaluation of the network {network}: are the right people still at the table? Complete it by {dueOn}. The figures of the past period are ready."},
	},
	"evaluation_reminder": {
		LanguageDutch:   {"Herinnering: evaluatie van {network} uiterlijk {dueOn}", "De halfjaarlijkse evaluatie van het netwerk {network} moet uiterlijk {dueOn} zijn afgerond."},
		LanguageEnglish: {"Reminder: evaluation of {network} due {dueOn}", "The half-yearly evaluation of the network {network} is due on {dueOn}."},
	},
	"evaluation_overdue": {
		LanguageDutch:   {"Evaluatie van {network} is over tijd", "De halfjaarlijkse evaluatie van het netwerk {network} had op {dueOn} klaar moeten zijn en is nog niet afgerond."},
		LanguageEnglish: {"Evaluation of {network} is overdue", "The half-yearly evaluation of the network {network} was due on {dueOn} and is not completed yet."},
	},
	// A new colleague's network introduction (package introduction, decision 0011).
	"introduction_started": {
		LanguageDutch:   {"Uw introductie in het netwerk {network} staat klaar", "Welkom! Als nieuwe collega maakt u kennis met het bondgenotennetwerk {network}: met de bondgenoten, een bijeenkomst, de contactpersoon van de crisisorganisatie, de doelen en de aanpak, en de partner. Bekijk uw introductie in Bondgenoten."},
		LanguageEnglish: {"Your introduction to the network {network} is ready", "Welcome! As a new colleague you get to know the allies network {network}: its allies, a meeting, the crisis-organisation liaison, its goals and approach, and the partner. See your introduction in Bondgenoten."},
	},
	"introduction_reminder": {
		LanguageDutch:   {"Herinnering: uw introductie in {network}", "Uw introductie in het netwerk {network} is nog niet af. Bekijk in Bondgenoten welke stappen nog open staan."},
		LanguageEnglish: {"Reminder: your introduction to {network}", "Your introduction to the network {network} is not complete yet. See in Bondgenoten which steps are still open."},
	},
	"introduction_overdue": {
		LanguageDutch:   {"Introductie van een nieuwe collega in {network} is na acht weken niet af", "De introductie van een nieuwe collega in het netwerk {network} is acht weken na de start nog niet afgerond. Bekijk in Bondgenoten hoe ver die is."},
		LanguageEnglish: {"A new colleague's introduction to {network} is not complete after eight weeks", "A new colleague's introduction to the network {network} is not complete eight weeks after it started. See in Bondgenoten how far it is."},
	},
	"introduction_waived": {
		LanguageDutch:   {"Uw introductie in {network} is vervallen", "Een coördinator heeft uw introductie in het netwerk {network} laten vervallen: u hoeft die niet te doorlopen. De reden staat in Bondgenoten."},
		LanguageEnglish: {"Your introduction to {network} was waived", "A coordinator decided that you need not complete the introduction to the network {network}. The reason is in Bondgenoten."},
	},
	CrisisActivated: {
		LanguageDutch:   {"Crisis geactiveerd in {network}", "Het netwerk {network} staat in crisismodus. Bekijk de crisis in Bondgenoten."},
		LanguageEnglish: {"Crisis activated in {network}", "The network {network} is in crisis mode. See the crisis in Bondgenoten."},
	},
}

// fallback words a kind that has no text of its own.
var fallback = map[string]text{
	LanguageDutch:   {"Nieuwe melding in Bondgenoten", "Er is iets gebeurd dat u aangaat. Bekijk het in Bondgenoten."},
	LanguageEnglish: {"New notification in Bondgenoten", "Something happened that concerns you. See it in Bondgenoten."},
}

// chrome is the fixed wording around every email.
var chrome = map[string]struct {
	Open, Why, Settings, Digest, DigestIntro, Ally, Calendar string
}{
	LanguageDutch: {
		Open:        "Openen in Bondgenoten",
		Why:         "U ontvangt deze e-mail omdat u Bondgenoten gebruikt. Deze e-mail bevat geen persoonsgegevens; alles staat in de app.",
		Settings:    "Hoe en wanneer u e-mail krijgt, stelt u in bij Meldingen",
		Digest:      "Uw meldingen van vandaag in Bondgenoten",
		DigestIntro: "Dit is uw dagelijkse overzicht. Nieuwe meldingen:",
		Ally:        "U ontvangt deze e-mail als bondgenoot van het netwerk. Wilt u geen berichten meer, laat het uw contactpersoon weten.",
		Calendar:    "Het agenda-bestand zit bij deze e-mail: open het om de afspraak in uw agenda te zetten of bij te werken.",
	},
	LanguageEnglish: {
		Open:        "Open in Bondgenoten",
		Why:         "You receive this email because you use Bondgenoten. It holds no personal data; everything is in the app.",
		Settings:    "Choose how and when you get email under Notifications",
		Digest:      "Your notifications of today in Bondgenoten",
		DigestIntro: "This is your daily overview. New notifications:",
		Ally:        "You receive this email as an ally of the network. If you no longer want messages, tell your contact person.",
		Calendar:    "The calendar file is attached: open it to put the appointment in your calendar or update it.",
	},
}

// placeholders are the parameters an email may show.
var placeholders = []string{"network", "tenant", "bureau", "when", "dueOn"}

// wordsOf returns the subject and body of kind in lang, filled in from params.
func wordsOf(kind, lang string, params map[string]string) text {
	t, ok := texts[kind][lang]
	if !ok {
		t = fallback[lang]
	}
	pairs := make([]string, 0, 2*len(placeholders)+2)
	for _, p := range placeholders {
		v := params[p]
		switch p {
		case "when":
			v = whenIn(lang, v)
		case "dueOn":
			v = dayIn(lang, v)
		}
		pairs = append(pairs, "{"+p+"}", v)
	}
	meeting := map[string][2]string{LanguageDutch: {"bijeenkomst", "spoedbijeenkomst"}, LanguageEnglish: {"meeting", "emergency meeting"}}[lang]
	if params["meetingKind"] == "emergency" {
		pairs = append(pairs, "{meeting}", meeting[1])
	} else {
		pairs = append(pairs, "{meeting}", meeting[0])
	}
	r := strings.NewReplacer(pairs...)
	return text{Subject: oneLine(r.Replace(t.Subject)), Body: r.Replace(t.Body)}
}

// oneLine keeps a subject on one line whatever a name holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var amsterdam = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return l
	}
	return time.UTC
}()

var months = map[string][12]string{
	LanguageDutch:   {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	LanguageEnglish: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// whenIn writes an RFC 3339 instant as a day and time in Amsterdam, e.g.
// "2 december 2026 om 19:30"; anything else stays as it is.
func whenIn(lang, v string) string {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return v
	}
	t = t.In(amsterdam)
	at := " om "
	if lang == LanguageEnglish {
		at = " at "
	}
	return dayOf(lang, t) + at + t.Format("15:04")
}

// dayIn writes a date (2006-01-02) as e.g. "2 december 2026".
func dayIn(lang, v string) string {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return v
	}
	return dayOf(lang, t)
}

func dayOf(lang string, t time.Time) string {
	return strings.Join([]string{t.Format("2"), months[lang][t.Month()-1], t.Format("2006")}, " ")
}
