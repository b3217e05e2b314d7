package signal

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
)

// A mood picture (sfeerbeeld) sums up a period of one network for the
// crisis organisation: a draft is generated from the period's signals
// (themes, levels, trend, short descriptions, never their sources), a
// coordinator edits it and shares it (docs/decisions/0007 §19–20).

// MaxMoodDays is the longest period one mood picture covers.
const MaxMoodDays = 92

// MoodPicture as stored.
type MoodPicture struct {
	bun.BaseModel `bun:"table:mood_pictures"`

	ID         uuid.UUID        `bun:"id,pk,type:uuid"`
	NetworkID  uuid.UUID        `bun:"network_id,type:uuid"`
	PeriodFrom bondgenoten.Date `bun:"period_from"`
	PeriodTo   bondgenoten.Date `bun:"period_to"`
	Title      string           `bun:"title"`
	Body       string           `bun:"body"`
	SharedAt   *time.Time       `bun:"shared_at"`
	SharedBy   *uuid.UUID       `bun:"shared_by,type:uuid"`
	CreatedBy  *uuid.UUID       `bun:"created_by,type:uuid"`
	CreatedAt  time.Time        `bun:"created_at"`
	UpdatedAt  time.Time        `bun:"updated_at"`

	SharedByName string `bun:"-"`
}

// PeriodInput asks for a draft of a period.
type PeriodInput struct {
	PeriodFrom *bondgenoten.Date `json:"periodFrom" validate:"required,date_range=signal"`
	PeriodTo   *bondgenoten.Date `json:"periodTo" validate:"required,date_range=signal"`
}

// MoodInput replaces a mood picture's text.
type MoodInput struct {
	Title string `json:"title" validate:"required,max=200"`
	Body  string `json:"body" validate:"required,max=20000"`
}

// DraftMood generates a mood picture of the period from the network's
// signals and keeps it as a draft.
func (s *Service) DraftMood(ctx context.Context, networkID uuid.UUID, v Viewer, in PeriodInput, lang language.Tag) (*MoodPicture, error) {
	if err := s.validate(in); err != nil {
		return nil, err
	}
	from, to := *in.PeriodFrom, *in.PeriodTo
	switch {
	case to.Before(from):
		return nil, bondgenoten.Invalid("periodTo", bondgenoten.RuleGTEField, "periodFrom")
	case daysBetween(from, to) >= MaxMoodDays:
		return nil, bondgenoten.Invalid("periodTo", RulePeriod, fmt.Sprint(MaxMoodDays))
	}
	db := s.DB.For(ctx)
	n, err := networkOf(ctx, db, networkID)
	if err != nil {
		return nil, err
	}
	var signals []Signal
	if err := db.NewSelect().Model(&signals).Column("observed_at", "observed_on", "theme", "level", "urgent", "phase", "description", "status").
		Where("network_id = ? AND observed_on >= ? AND observed_on <= ?", networkID, from, to).
		OrderExpr("observed_at").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	labels, err := s.themeLabels(ctx, db, []uuid.UUID{networkID}, lang)
	if err != nil {
		return nil, err
	}
	pic, err := s.Tension(ctx, []uuid.UUID{networkID}, lang)
	if err != nil {
		return nil, err
	}
	words := moodWords(lang)
	now := s.now()
	m := &MoodPicture{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, PeriodFrom: from, PeriodTo: to,
		Title:     fmt.Sprintf(words.title, n.Name, longDate(from, lang), longDate(to, lang)),
		Body:      draftBody(signals, pic, labels, words, lang),
		CreatedBy: person(v), CreatedAt: now, UpdatedAt: now}
	if _, err := s.DB.For(ctx).NewInsert().Model(m).Exec(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return m, nil
}

type words struct {
	title, noSignals, now, theme, signals, trend, urgent, level string
	levels                                                      [6]string
	trends                                                      map[Trend]string
	phases                                                      map[Phase]string
	months                                                      [13]string
}

func moodWords(lang language.Tag) words {
	if isEnglish(lang) {
		return words{
			title: "Mood picture %s, %s – %s", noSignals: "No signals were logged in this period.",
			now: "Current tension", theme: "Per theme", signals: "%d signal(s) in this period", urgent: "urgent", level: "level",
			levels: [6]string{"", "calm", "some unrest", "heightened tension", "high tension", "acute threat"},
			trends: map[Trend]string{TrendRising: "rising", TrendStable: "stable", TrendFalling: "falling"},
			phases: map[Phase]string{PhaseSimmering: "simmering discontent", PhaseRising: "rising tension", PhaseEscalation: "escalation in public space", PhaseAftermath: "after the escalation"},
			months: [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		}
	}
	return words{
		title: "Sfeerbeeld %s, %s – %s", noSignals: "In deze periode zijn geen signalen vastgelegd.",
		now: "Spanning nu", theme: "Per thema", signals: "%d signaal/signalen in deze periode", urgent: "urgent", level: "niveau",
		levels: [6]string{"", "rustig", "enige onrust", "verhoogde spanning", "hoge spanning", "acute dreiging"},
		trends: map[Trend]string{TrendRising: "stijgend", TrendStable: "gelijk", TrendFalling: "dalend"},
		phases: map[Phase]string{PhaseSimmering: "latente onvrede", PhaseRising: "oplopende spanning", PhaseEscalation: "escalatie in de openbare ruimte", PhaseAftermath: "na de escalatie"},
		months: [13]string{"", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	}
}

func longDate(d bondgenoten.Date, lang language.Tag) string {
	return fmt.Sprintf("%d %s %d", d.Day, moodWords(lang).months[d.Month], d.Year)
}

// maxDescription is how much of a signal's description a draft quotes.
const maxDescription = 240

func draftBody(signals []Signal, pic *Picture, labels map[string]string, w words, lang language.Tag) string {
	var b strings.Builder
	if pic.Level != nil {
		fmt.Fprintf(&b, "%s: %s %d (%s)", w.now, w.level, *pic.Level, w.levels[*pic.Level])
		if pic.Trend != nil {
			fmt.Fprintf(&b, ", %s", w.trends[*pic.Trend])
		}
		b.WriteString(".\n\n")
	}
	if len(signals) == 0 {
		b.WriteString(w.noSignals + "\n")
		return b.String()
	}
	byTheme := map[string][]Signal{}
	var order []string
	for _, sg := range signals {
		if _, ok := byTheme[sg.Theme]; !ok {
			order = append(order, sg.Theme)
		}
		byTheme[sg.Theme] = append(byTheme[sg.Theme], sg)
	}
	levelOf := map[string]ThemeTension{}
	for _, t := range pic.Themes {
		levelOf[t.Theme] = t
	}
	b.WriteString(w.theme + "\n")
	for _, theme := range order {
		list := byTheme[theme]
		label := labels[theme]
		if label == "" {
			label = theme
		}
		fmt.Fprintf(&b, "\n%s — "+w.signals, label, len(list))
		if t, ok := levelOf[theme]; ok && t.Level != nil {
			fmt.Fprintf(&b, "; %s %d (%s)", w.level, *t.Level, w.levels[*t.Level])
			if t.Trend != nil {
				fmt.Fprintf(&b, ", %s", w.trends[*t.Trend])
			}
		}
		b.WriteString(".\n")
		for _, sg := range list {
			d := sg.ObservedOn
			text := strings.Join(strings.Fields(sg.Description), " ")
			if utf8.RuneCountInString(text) > maxDescription {
				text = string([]rune(text)[:maxDescription]) + "…"
			}
			urgent := ""
			if sg.Urgent {
				urgent = " (" + w.urgent + ")"
			}
			fmt.Fprintf(&b, "- %d %s%s, %s %d, %s: %s\n", d.Day, w.months[d.Month], urgent, w.level, sg.Level, w.phases[sg.Phase], text)
		}
	}
	return b.String()
}

func selectMoods(db bun.IDB, model any) *bun.SelectQuery {
	return db.NewSelect().Model(model).ModelTableExpr("mood_pictures AS m").ColumnExpr("m.*")
}

// nameSharers adds who shared each mood picture, asking identity.
func nameSharers(ctx context.Context, db bun.IDB, list []*MoodPicture) error {
	var ids []uuid.UUID
	for _, m := range list {
		if m.SharedBy != nil {
			ids = append(ids, *m.SharedBy)
		}
	}
	users, err := identity.UsersIn(ctx, db, ids)
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.SharedBy != nil && users[*m.SharedBy] != nil {
			m.SharedByName = users[*m.SharedBy].Name
		}
	}
	return nil
}

// Moods lists the network's mood pictures, newest period first; only the
// shared ones for those who read shared signals only.
func (s *Service) Moods(ctx context.Context, networkID uuid.UUID, v Viewer) ([]MoodPicture, error) {
	out := []MoodPicture{}
	q := selectMoods(s.DB.For(ctx), &out).Where("m.network_id = ?", networkID)
	if v.SharedOnly {
		q = q.Where("m.shared_at IS NOT NULL")
	}
	if err := q.OrderExpr("m.period_to DESC, m.id DESC").Limit(200).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	ptrs := make([]*MoodPicture, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, nameSharers(ctx, s.DB.For(ctx), ptrs)
}

// Mood returns one mood picture as v may see it.
func (s *Service) Mood(ctx context.Context, networkID, id uuid.UUID, v Viewer) (*MoodPicture, error) {
	m := new(MoodPicture)
	q := selectMoods(s.DB.For(ctx), m).Where("m.id = ? AND m.network_id = ?", id, networkID)
	if v.SharedOnly {
		q = q.Where("m.shared_at IS NOT NULL")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return m, nameSharers(ctx, s.DB.For(ctx), []*MoodPicture{m})
}

// UpdateMood replaces a mood picture's title and text; a shared picture
// can still be corrected (the share records who shared it and when).
func (s *Service) UpdateMood(ctx context.Context, networkID, id uuid.UUID, v Viewer, in MoodInput) (*MoodPicture, error) {
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	res, err := s.DB.For(ctx).NewUpdate().Table("mood_pictures").Set("title = ?", in.Title).Set("body = ?", in.Body).
		Set("updated_at = ?", s.now()).Where("id = ? AND network_id = ?", id, networkID).Exec(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such mood picture")
	}
	return s.Mood(ctx, networkID, id, v)
}

// ShareMood shares a mood picture with the crisis organisation.
func (s *Service) ShareMood(ctx context.Context, networkID, id uuid.UUID, v Viewer) (*MoodPicture, error) {
	m, err := s.Mood(ctx, networkID, id, v)
	if err != nil {
		return nil, err
	}
	if m.SharedAt != nil {
		return nil, &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already shared",
			Fields: map[string]bondgenoten.FieldViolation{"shared": {Rule: RuleAlreadyShared}}}
	}
	now := s.now()
	if _, err := s.DB.For(ctx).NewUpdate().Table("mood_pictures").Set("shared_at = ?", now).Set("shared_by = ?", person(v)).
		Set("updated_at = ?", now).Where("id = ? AND network_id = ? AND shared_at IS NULL", id, networkID).Exec(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return s.Mood(ctx, networkID, id, v)
}

// PlainText is the mood picture ready to paste into the crisis
// organisation's own system.
func (m *MoodPicture) PlainText() string {
	return m.Title + "\n" + strings.Repeat("=", utf8.RuneCountInString(m.Title)) + "\n\n" + strings.TrimSpace(m.Body) + "\n"
}

// PDF renders the mood picture as a PDF with selectable text, its title,
// author, subject and language set. Core fonts with the cp1252 translator
// cover Dutch; a character outside it prints as a question mark rather
// than failing. The text streams are left uncompressed (a few kilobytes),
// so the words can also be found by tools that do not inflate streams.
func (m *MoodPicture) PDF(networkName string, lang language.Tag, created time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.SetTitle(m.Title, true)
	pdf.SetAuthor("Bondgenoten — "+networkName, true)
	subject := "Sfeerbeeld voor de crisisorganisatie"
	code := "nl-NL"
	if isEnglish(lang) {
		subject, code = "Mood picture for the crisis organisation", "en-GB"
	}
	pdf.SetSubject(subject, true)
	pdf.SetLang(code)
	pdf.SetCreator("Bondgenoten", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 8, tr(m.Title), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, para := range strings.Split(strings.TrimSpace(m.Body), "\n") {
		if strings.TrimSpace(para) == "" {
			pdf.Ln(3)
			continue
		}
		pdf.MultiCell(0, 6, tr(para), "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, bondgenoten.Errorf(bondgenoten.EINTERNAL, "pdf: %v", err)
	}
	return buf.Bytes(), nil
}
