package signal

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// The tension picture (thermometer), docs/decisions/0007 §13–17: per theme
// a current level from the open signals of the last twelve weeks, weighted
// by recency (half-life two weeks, urgent signals double), its trend
// against four weeks earlier, and the weekly highest level and count over
// the last 52 weeks. It carries levels and counts only: no text, sources,
// areas or communities.
const (
	Weeks         = 52 // the weekly series' length
	currentWeeks  = 12 // the window of the current level
	trendWeeks    = 4  // the trend compares with this many weeks ago
	halfLifeDays  = 14
	trendMinDelta = 0.5
)

// Trend is where a level is heading.
type Trend string

const (
	TrendRising  Trend = "rising"
	TrendStable  Trend = "stable"
	TrendFalling Trend = "falling"
)

// Week is one ISO week (Monday to Sunday, Amsterdam) of a series.
type Week struct {
	Week            string           `json:"week"` // e.g. 2026-W48
	StartsOn        bondgenoten.Date `json:"startsOn"`
	MaxLevel        *int             `json:"maxLevel"`
	Count           *int             `json:"count"`
	CountBand       *Band            `json:"countBand"` // instead of Count, for those who see bands
	CountBelowThree bool             `json:"countBelowThree"`
}

// ThemeTension is one theme's figures.
type ThemeTension struct {
	Theme                 string `json:"theme"`
	Label                 string `json:"label"`
	Level                 *int   `json:"level"`
	Trend                 *Trend `json:"trend"`
	OpenSignals           *int   `json:"openSignals"`
	OpenSignalsBand       *Band  `json:"openSignalsBand"`
	OpenSignalsBelowThree bool   `json:"openSignalsBelowThree"`
	Weeks                 []Week `json:"weeks"`
}

// Picture is the tension picture of one network, or of a municipality
// across its networks.
type Picture struct {
	Level  *int           `json:"level"`
	Trend  *Trend         `json:"trend"`
	Themes []ThemeTension `json:"themes"`
	Weeks  []Week         `json:"weeks"`
}

// dayFigures are one theme's signals of one day, as the database sums them.
type dayFigures struct {
	Theme    string           `bun:"theme"`
	Day      bondgenoten.Date `bun:"observed_on"`
	Count    int              `bun:"n"`
	MaxLevel int              `bun:"max_level"`
	// Of the open signals (not closed): the sum of weight × level and of
	// the weights, urgent signals weighing double.
	OpenLevels  int `bun:"open_levels"`
	OpenWeights int `bun:"open_weights"`
	Open        int `bun:"open_n"`
}

// Tension computes the picture of the networks (one network, or all of a
// municipality's) as of the service's today, labelled in lang.
func (s *Service) Tension(ctx context.Context, networkIDs []uuid.UUID, lang language.Tag) (*Picture, error) {
	db := s.DB.For(ctx)
	days, err := dayFiguresOf(ctx, db, networkIDs, s.today())
	if err != nil {
		return nil, err
	}
	labels, err := s.themeLabels(ctx, db, networkIDs, lang)
	if err != nil {
		return nil, err
	}
	return picture(days[""], labels, s.today()), nil
}

// RegionTension computes one picture per municipality: networkIDs maps a
// municipality (any key) to its networks. Each network is read once.
func (s *Service) RegionTension(ctx context.Context, networksOf map[uuid.UUID][]uuid.UUID, lang language.Tag) (map[uuid.UUID]*Picture, error) {
	db := s.DB.For(ctx)
	var all []uuid.UUID
	for _, ids := range networksOf {
		all = append(all, ids...)
	}
	byNetwork, err := dayFiguresByNetwork(ctx, db, all, s.today())
	if err != nil {
		return nil, err
	}
	labels, err := s.themeLabels(ctx, db, all, lang)
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]*Picture, len(networksOf))
	for m, ids := range networksOf {
		var days []dayFigures
		for _, id := range ids {
			days = append(days, byNetwork[id]...)
		}
		out[m] = picture(days, labels, s.today())
	}
	return out, nil
}

// firstDay is the Monday that starts the 52-week series ending this week.
func firstDay(today bondgenoten.Date) bondgenoten.Date {
	wd := (int(civil(today).Weekday()) + 6) % 7 // Monday 0
	return today.AddDays(-wd - 7*(Weeks-1))
}

func civil(d bondgenoten.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func daysBetween(a, b bondgenoten.Date) int { return int(civil(b).Sub(civil(a)).Hours() / 24) }

const dayFiguresColumns = "theme, observed_on, COUNT(*) AS n, MAX(level) AS max_level, " +
	"SUM(CASE WHEN status <> 'closed' THEN level * (CASE WHEN urgent THEN 2 ELSE 1 END) ELSE 0 END) AS open_levels, " +
	"SUM(CASE WHEN status <> 'closed' THEN (CASE WHEN urgent THEN 2 ELSE 1 END) ELSE 0 END) AS open_weights, " +
	"SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END) AS open_n"

// dayFiguresOf sums the networks' signals of the last 52 weeks per theme
// and day, all networks together (key "").
func dayFiguresOf(ctx context.Context, db bun.IDB, networkIDs []uuid.UUID, today bondgenoten.Date) (map[string][]dayFigures, error) {
	out := map[string][]dayFigures{}
	if len(networkIDs) == 0 {
		return out, nil
	}
	q := db.NewSelect().TableExpr("signals").ColumnExpr(dayFiguresColumns).
		Where("network_id IN (?) AND observed_on >= ? AND observed_on <= ?", bun.In(networkIDs), firstDay(today), today).
		GroupExpr("theme, observed_on")
	rows, err := scanDayFigures(ctx, q, false)
	if err != nil {
		return nil, err
	}
	out[""] = rows[uuid.Nil]
	return out, nil
}

// dayFiguresByNetwork sums per network, theme and day.
func dayFiguresByNetwork(ctx context.Context, db bun.IDB, networkIDs []uuid.UUID, today bondgenoten.Date) (map[uuid.UUID][]dayFigures, error) {
	if len(networkIDs) == 0 {
		return map[uuid.UUID][]dayFigures{}, nil
	}
	q := db.NewSelect().TableExpr("signals").ColumnExpr("network_id, "+dayFiguresColumns).
		Where("network_id IN (?) AND observed_on >= ? AND observed_on <= ?", bun.In(networkIDs), firstDay(today), today).
		GroupExpr("network_id, theme, observed_on")
	return scanDayFigures(ctx, q, true)
}

// scanDayFigures reads the grouped rows with plain scans: thousands of
// small rows, where reflection would cost more than the query.
func scanDayFigures(ctx context.Context, q *bun.SelectQuery, byNetwork bool) (map[uuid.UUID][]dayFigures, error) {
	rows, err := q.Rows(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	defer rows.Close()
	out := map[uuid.UUID][]dayFigures{}
	for rows.Next() {
		var d dayFigures
		var network uuid.UUID
		dest := []any{&d.Theme, &d.Day, &d.Count, &d.MaxLevel, &d.OpenLevels, &d.OpenWeights, &d.Open}
		if byNetwork {
			dest = append([]any{&network}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, store.MapError(err)
		}
		out[network] = append(out[network], d)
	}
	return out, store.MapError(rows.Err())
}

// picture turns the day figures into the picture as of today.
func picture(days []dayFigures, labels map[string]string, today bondgenoten.Date) *Picture {
	first := firstDay(today)
	byTheme := map[string][]dayFigures{}
	for _, d := range days {
		byTheme[d.Theme] = append(byTheme[d.Theme], d)
	}
	themes := make([]string, 0, len(byTheme))
	for t := range byTheme {
		themes = append(themes, t)
	}
	out := &Picture{Themes: make([]ThemeTension, 0, len(themes)), Weeks: series(days, first)}
	for _, t := range themes {
		list := byTheme[t]
		label, ok := labels[t]
		if !ok {
			label = t
		}
		tt := ThemeTension{Theme: t, Label: label, Weeks: series(list, first)}
		now, open := currentLevel(list, today)
		if now != nil {
			lvl := int(math.Round(*now))
			tt.Level = &lvl
			tt.Trend = trend(*now, list, today)
		}
		tt.OpenSignals = &open
		out.Themes = append(out.Themes, tt)
		if tt.Level != nil && (out.Level == nil || *tt.Level > *out.Level ||
			(*tt.Level == *out.Level && rank(tt.Trend) > rank(out.Trend))) {
			out.Level, out.Trend = tt.Level, tt.Trend
		}
	}
	// The highest level first, then by label.
	slices.SortFunc(out.Themes, func(a, b ThemeTension) int {
		la, lb := 0, 0
		if a.Level != nil {
			la = *a.Level
		}
		if b.Level != nil {
			lb = *b.Level
		}
		if la != lb {
			return lb - la
		}
		if a.Label < b.Label {
			return -1
		}
		if a.Label > b.Label {
			return 1
		}
		return 0
	})
	return out
}

func rank(t *Trend) int {
	if t == nil {
		return 0
	}
	return map[Trend]int{TrendFalling: 1, TrendStable: 2, TrendRising: 3}[*t]
}

// levelAsOf is the recency-weighted mean level of the open signals in the
// twelve weeks up to day, or nil without any; and how many there are.
func levelAsOf(days []dayFigures, day bondgenoten.Date) (*float64, int) {
	var sum, weights float64
	open := 0
	for _, d := range days {
		age := daysBetween(d.Day, day)
		if age < 0 || age >= 7*currentWeeks || d.OpenWeights == 0 {
			continue
		}
		w := math.Exp2(-float64(age) / halfLifeDays)
		sum += w * float64(d.OpenLevels)
		weights += w * float64(d.OpenWeights)
		open += d.Open
	}
	if weights == 0 {
		return nil, open
	}
	v := sum / weights
	return &v, open
}

func currentLevel(days []dayFigures, today bondgenoten.Date) (*float64, int) {
	return levelAsOf(days, today)
}

func trend(now float64, days []dayFigures, today bondgenoten.Date) *Trend {
	t := TrendStable
	before, _ := levelAsOf(days, today.AddDays(-7*trendWeeks))
	switch {
	case before == nil:
		t = TrendRising // from nothing to something
	case now-*before >= trendMinDelta:
		t = TrendRising
	case *before-now >= trendMinDelta:
		t = TrendFalling
	}
	return &t
}

// series is the weekly highest level and count over 52 weeks from first.
// The figures live in two backing arrays the weeks point into: one
// allocation each, however many weeks.
func series(days []dayFigures, first bondgenoten.Date) []Week {
	out := make([]Week, Weeks)
	counts, maxes := make([]int, Weeks), make([]int, Weeks)
	for _, d := range days {
		i := daysBetween(first, d.Day) / 7
		if i < 0 || i >= Weeks {
			continue
		}
		counts[i] += d.Count
		maxes[i] = max(maxes[i], d.MaxLevel)
	}
	starts := weekStarts(first)
	for i := range out {
		start := starts[i]
		out[i] = Week{Week: start.label, StartsOn: start.day, Count: &counts[i]}
		if maxes[i] > 0 {
			out[i].MaxLevel = &maxes[i]
		}
	}
	return out
}

type weekStart struct {
	day   bondgenoten.Date
	label string
}

// weekStarts lists the 52 Mondays from first with their ISO week labels,
// computed once per first day (a picture asks for them per theme).
var weekStarts = func() func(bondgenoten.Date) []weekStart {
	var last bondgenoten.Date
	var cached []weekStart
	var mu sync.Mutex
	return func(first bondgenoten.Date) []weekStart {
		mu.Lock()
		defer mu.Unlock()
		if first != last || cached == nil {
			cached = make([]weekStart, Weeks)
			for i := range cached {
				day := first.AddDays(7 * i)
				y, w := civil(day).ISOWeek()
				cached[i] = weekStart{day, fmt.Sprintf("%d-W%02d", y, w)}
			}
			last = first
		}
		return cached
	}
}()

// Band is a count as those see it who may not read every signal behind
// it (bureaus, crisis liaisons, tenant administrators): never exact, so
// no difference of two figures — between themes, networks, weeks or two
// moments — gives away one signal.
type Band string

// Bands, in order.
const (
	BandNone Band = "0"
	BandFew  Band = "1-2"
	BandSome Band = "3-9"
	BandMany Band = "10-24"
	BandMost Band = "25+"
	MinCount      = 3 // the smallest count a band shows apart from "few"
)

// BandOf is the band of count n.
func BandOf(n int) Band {
	switch {
	case n <= 0:
		return BandNone
	case n < MinCount:
		return BandFew
	case n < 10:
		return BandSome
	case n < 25:
		return BandMany
	}
	return BandMost
}

// Coarsen replaces every count by its band, and the labels of the
// network's own themes (words a coordinator wrote) by ownLabel. The
// levels stay: they say how tense it is, not who said so.
func (p *Picture) Coarsen(ownLabel string) {
	band := func(n **int, b **Band, few *bool) {
		v := 0
		if *n != nil {
			v = **n
		}
		bb := BandOf(v)
		*n, *b, *few = nil, &bb, bb == BandFew
	}
	for i := range p.Weeks {
		band(&p.Weeks[i].Count, &p.Weeks[i].CountBand, &p.Weeks[i].CountBelowThree)
	}
	national := map[string]bool{}
	for _, t := range nationalThemes {
		national[t.key] = true
	}
	for i := range p.Themes {
		t := &p.Themes[i]
		band(&t.OpenSignals, &t.OpenSignalsBand, &t.OpenSignalsBelowThree)
		for j := range t.Weeks {
			band(&t.Weeks[j].Count, &t.Weeks[j].CountBand, &t.Weeks[j].CountBelowThree)
		}
		if !national[t.Theme] {
			t.Label = ownLabel
		}
	}
}
