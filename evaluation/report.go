package evaluation

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/meeting"
)

// Access is how much of an evaluation a reader sees.
type Access int

const (
	// AccessSummary: status, dates and figures only, no answers, no
	// decisions, no points (bureaus overseeing a partner).
	AccessSummary Access = iota
	// AccessNoNames: everything but who the decisions are about: the
	// decisions as counts, without notes (readers who do not read the
	// allies' contact data, e.g. tenant administrators).
	AccessNoNames
	// AccessFull: everything, the allies by name (coordinators, staff).
	AccessFull
)

// Counts counts the decisions by kind.
func (d *Detail) Counts() map[Decision]int {
	out := map[Decision]int{Keep: 0, Pause: 0, Replace: 0}
	for _, v := range d.Decisions {
		if v.Decision != nil {
			out[*v.Decision]++
		}
	}
	return out
}

func english(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "en"
}

// words are the report's labels, Dutch and English.
var words = map[string][2]string{
	"title":        {"Evaluatie", "Evaluation"},
	"subject":      {"Halfjaarlijkse evaluatie van het bondgenotennetwerk", "Half-yearly evaluation of the allies network"},
	"period":       {"Periode", "Period"},
	"status":       {"Status", "Status"},
	"open":         {"open", "open"},
	"completed":    {"afgerond", "completed"},
	"due":          {"Uiterlijk af", "Due"},
	"completedOn":  {"Afgerond op", "Completed on"},
	"figures":      {"Wat het netwerk deed in deze periode", "What the network did in this period"},
	"meetings":     {"Bijeenkomsten gehouden", "Meetings held"},
	"expected":     {"verwacht", "expected"},
	"minimum":      {"minimum", "minimum"},
	"emergency":    {"waarvan spoedbijeenkomsten", "of which emergency meetings"},
	"cancelled":    {"Afgelast", "Cancelled"},
	"meal":         {"Begonnen met een maaltijd", "Started with a meal"},
	"chair":        {"Voorgezeten door een bondgenoot", "Chaired by an ally"},
	"chairs":       {"Verschillende voorzitters", "Different chairs"},
	"repeated":     {"Zelfde voorzitter als de vorige keer", "Same chair as the time before"},
	"neverChaired": {"Actieve bondgenoten die niet voorzaten", "Active allies who did not chair"},
	"attendance":   {"Aanwezigheid (aanwezig / afwezig / afgemeld)", "Attendance (present / absent / excused)"},
	"agenda":       {"Agendapunten ingebracht", "Agenda items brought"},
	"actions":      {"Acties (gedaan / open / te laat)", "Actions (done / open / overdue)"},
	"allies":       {"Bondgenoten (actief / gepauzeerd / bijgekomen / vertrokken)", "Allies (active / paused / joined / left)"},
	"whiteSpots":   {"Witte vlekken", "White spots"},
	"none":         {"geen", "none"},
	"signals":      {"Signalen (gemeld / urgent / gedeeld)", "Signals (logged / urgent / shared)"},
	"feedback":     {"Terugkoppeling nog verschuldigd (waarvan te laat)", "Feedback owed (of which overdue)"},
	"answers":      {"Antwoorden van de coördinatoren", "The coordinators' answers"},
	"rightPeople":  {"Zitten de juiste mensen aan tafel?", "Are the right people at the table?"},
	"goalsClear":   {"Zijn doelen en verwachtingen nog helder?", "Are goals and expectations still clear?"},
	"yes":          {"ja", "yes"},
	"no":           {"nee", "no"},
	"unanswered":   {"nog niet beantwoord", "not answered yet"},
	"goals":        {"Doelen", "Goals"},
	"expectations": {"Verwachtingen", "Expectations"},
	"conclusion":   {"Conclusie", "Conclusion"},
	"decisions":    {"Besluiten per bondgenoot", "Decisions per ally"},
	"keep":         {"blijft", "keep"},
	"pause":        {"pauzeert", "pause"},
	"replace":      {"wordt vervangen", "replace"},
	"undecided":    {"nog geen besluit", "no decision yet"},
	"points":       {"Verbeterpunten", "Improvement points"},
	"municipality": {"gemeente", "municipality"},
	"police":       {"politie", "police"},
	"alliesParty":  {"bondgenoten", "allies"},
}

func word(lang language.Tag, key string) string {
	w := words[key]
	if english(lang) {
		return w[1]
	}
	return w[0]
}

func party(lang language.Tag, p meeting.Party) string {
	if p == meeting.PartyAllies {
		return word(lang, "alliesParty")
	}
	return word(lang, string(p))
}

func yesNo(lang language.Tag, b *bool) string {
	switch {
	case b == nil:
		return word(lang, "unanswered")
	case *b:
		return word(lang, "yes")
	}
	return word(lang, "no")
}

// Title is the report's title.
func (d *Detail) Title(lang language.Tag) string {
	return word(lang, "title") + " " + d.NetworkName + " — " + d.Figures.PeriodFrom.String() + " – " + d.Figures.PeriodTo.String()
}

// PDF renders the evaluation's report as a PDF with selectable text, as a
// reader with access a may see it: core fonts with the cp1252 translator
// (Dutch), title, author, subject and language set, streams uncompressed.
func (d *Detail) PDF(lang language.Tag, a Access, created time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	title := d.Title(lang)
	pdf.SetTitle(title, true)
	pdf.SetAuthor("Bondgenoten — "+d.NetworkName, true)
	pdf.SetSubject(word(lang, "subject"), true)
	code := "nl-NL"
	if english(lang) {
		code = "en-GB"
	}
	pdf.SetLang(code)
	pdf.SetCreator("Bondgenoten", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	heading := func(s string, size float64) {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", size)
		pdf.MultiCell(0, 7, tr(s), "", "L", false)
		pdf.SetFont("Helvetica", "", 11)
	}
	line := func(label, value string) {
		pdf.MultiCell(0, 6, tr(label+": "+value), "", "L", false)
	}
	text := func(s string) {
		for _, para := range strings.Split(strings.TrimSpace(s), "\n") {
			pdf.MultiCell(0, 6, tr(para), "", "L", false)
		}
	}
	heading(title, 16)
	status := word(lang, string(d.Status))
	line(word(lang, "status"), status)
	line(word(lang, "due"), d.DueOn.String())
	if d.CompletedAt != nil {
		line(word(lang, "completedOn"), bondgenoten.DateOf(*d.CompletedAt).String())
	}
	f := d.Figures
	heading(word(lang, "figures"), 13)
	m := f.Meetings
	line(word(lang, "meetings"), fmt.Sprintf("%d (%s %d, %s %d; %s %d)", m.Held, word(lang, "expected"), f.ExpectedMeetings,
		word(lang, "minimum"), f.MinimumMeetings, word(lang, "emergency"), m.Emergency))
	line(word(lang, "cancelled"), fmt.Sprint(m.Cancelled))
	line(word(lang, "meal"), fmt.Sprintf("%d / %d", m.WithMeal, m.Held))
	line(word(lang, "chair"), fmt.Sprintf("%d / %d", m.WithChair, m.Held))
	line(word(lang, "chairs"), fmt.Sprint(m.DistinctChairs))
	line(word(lang, "repeated"), fmt.Sprint(m.RepeatedChair))
	line(word(lang, "neverChaired"), fmt.Sprint(f.ActiveNeverChaired))
	for _, key := range []string{"attendance", "agenda", "actions"} {
		var parts []string
		for _, p := range meeting.Parties {
			switch key {
			case "attendance":
				c := m.Attendance[p]
				parts = append(parts, fmt.Sprintf("%s %d / %d / %d", party(lang, p), c.Present, c.Absent, c.Excused))
			case "agenda":
				parts = append(parts, fmt.Sprintf("%s %d", party(lang, p), m.Agenda[p]))
			case "actions":
				c := m.Actions[p]
				parts = append(parts, fmt.Sprintf("%s %d / %d / %d", party(lang, p), c.Done, c.Open+c.InProgress, c.Overdue))
			}
		}
		line(word(lang, key), strings.Join(parts, "; "))
	}
	line(word(lang, "allies"), fmt.Sprintf("%d / %d / %d / %d", f.Allies.Active, f.Allies.Paused, f.Allies.Joined, f.Allies.Left))
	spots := word(lang, "none")
	if len(f.WhiteSpots) > 0 {
		spots = strings.Join(f.WhiteSpots, ", ")
	}
	line(word(lang, "whiteSpots"), spots)
	line(word(lang, "signals"), fmt.Sprintf("%d / %d / %d", f.Signals.Logged, f.Signals.Urgent, f.Signals.Shared))
	line(word(lang, "feedback"), fmt.Sprintf("%d (%d)", f.Signals.FeedbackOwed, f.Signals.FeedbackOverdue))
	if a >= AccessNoNames {
		heading(word(lang, "answers"), 13)
		line(word(lang, "rightPeople"), yesNo(lang, d.RightPeople))
		if d.RightPeopleNote != "" {
			text(d.RightPeopleNote)
		}
		line(word(lang, "goalsClear"), yesNo(lang, d.GoalsClear))
		if d.GoalsNote != "" {
			text(d.GoalsNote)
		}
		if d.Goals != "" {
			line(word(lang, "goals"), "")
			text(d.Goals)
		}
		if d.Expectations != "" {
			line(word(lang, "expectations"), "")
			text(d.Expectations)
		}
		if d.Conclusion != "" {
			line(word(lang, "conclusion"), "")
			text(d.Conclusion)
		}
		heading(word(lang, "decisions"), 13)
		if a == AccessFull {
			for _, v := range d.Decisions {
				what := word(lang, "undecided")
				if v.Decision != nil {
					what = word(lang, string(*v.Decision))
				}
				s := v.Name
				if v.Constituency != "" {
					s += " (" + v.Constituency + ")"
				}
				s += ": " + what
				if v.Note != "" {
					s += " — " + v.Note
				}
				pdf.MultiCell(0, 6, tr(s), "", "L", false)
			}
		} else {
			c := d.Counts()
			line(word(lang, "keep"), fmt.Sprint(c[Keep]))
			line(word(lang, "pause"), fmt.Sprint(c[Pause]))
			line(word(lang, "replace"), fmt.Sprint(c[Replace]))
		}
		if len(d.Points) > 0 {
			heading(word(lang, "points"), 13)
			for _, p := range d.Points {
				s := p.Title + " — " + party(lang, p.OwnerParty)
				if p.DueOn != nil {
					s += ", " + p.DueOn.String()
				}
				pdf.MultiCell(0, 6, tr(s), "", "L", false)
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, bondgenoten.Errorf(bondgenoten.EINTERNAL, "pdf: %v", err)
	}
	return buf.Bytes(), nil
}
