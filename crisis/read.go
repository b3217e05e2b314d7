package crisis

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
)

// View is what a reader of a crisis may see, as the enforcement point
// decided it: Full (signals read) includes each ally's poll answer; without
// it (crisis liaisons, signals read-shared) polls are aggregates only and
// the timeline shows only signals shared with the crisis organisation.
// Names (contacts read) names allies; without it an ally is their
// community.
type View struct {
	Full  bool
	Names bool
}

// ActiveIn returns the active crisis of each of the networks among ids
// that has one, in one query on db.
func ActiveIn(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]*Crisis, error) {
	out := map[uuid.UUID]*Crisis{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Crisis
	if err := db.NewSelect().Model(&rows).Where("network_id IN (?) AND ended_at IS NULL", bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range rows {
		out[rows[i].NetworkID] = &rows[i]
	}
	return out, nil
}

// List returns the network's crises, the active one first, then the past
// ones newest first.
func (s *Service) List(ctx context.Context, networkID uuid.UUID) ([]Crisis, error) {
	out := []Crisis{}
	err := s.DB.For(ctx).NewSelect().Model(&out).Where("network_id = ?", networkID).
		OrderExpr("CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END, started_at DESC, id").Limit(200).Scan(ctx)
	return out, store.MapError(err)
}

// Get returns one crisis of the network.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID) (*Crisis, error) {
	return lock(ctx, s.DB.For(ctx), networkID, id, false)
}

// Active returns the network's active crisis, or nil.
func (s *Service) Active(ctx context.Context, networkID uuid.UUID) (*Crisis, error) {
	m, err := ActiveIn(ctx, s.DB.For(ctx), []uuid.UUID{networkID})
	if err != nil {
		return nil, err
	}
	return m[networkID], nil
}

// CommunityFigures is a poll's aggregate of one community. With fewer than
// MinCommunityCount answers the count and mean are nil and CountBelowThree
// is set.
type CommunityFigures struct {
	Community string   `json:"community"`
	Answered  *int     `json:"answered"`
	MeanMood  *float64 `json:"meanMood"`
	// AnsweredBand stands for Answered for readers of aggregates only
	// (crisis liaisons): never exact, so two reads, or the total minus
	// the communities shown, give no answer away.
	AnsweredBand    *signal.Band `json:"answeredBand"`
	CountBelowThree bool         `json:"countBelowThree"`
}

// AnswerView is one ally's answer as a full reader sees it.
type AnswerView struct {
	AllyID     uuid.UUID  `json:"allyId"`
	AllyName   string     `json:"allyName"`
	Community  string     `json:"community"`
	Mood       *int       `json:"mood"`
	Hears      string     `json:"hears"`
	Advice     string     `json:"advice"`
	Questions  string     `json:"questions"`
	AnsweredAt *time.Time `json:"answeredAt"`
}

// PollView is a poll with its aggregate, and its answers for full readers.
type PollView struct {
	ID        uuid.UUID `json:"id"`
	Question  string    `json:"question"`
	CreatedAt time.Time `json:"createdAt"`
	Asked     int       `json:"asked"`
	// Answered is exact for full readers; readers of aggregates get
	// AnsweredBand instead (null Answered).
	Answered     *int               `json:"answered"`
	AnsweredBand *signal.Band       `json:"answeredBand"`
	Communities  []CommunityFigures `json:"communities"`
	// Answers is nil (absent for readers of aggregates only).
	Answers []AnswerView `json:"answers,omitempty"`
}

// Detail is a crisis with its entries and polls.
type Detail struct {
	Crisis  *Crisis
	Entries []Entry
	Polls   []PollView
	// AllyNames names the allies of the entries and answers, for readers
	// with Names.
	AllyNames map[uuid.UUID]string
}

func (s *Service) allyNames(ctx context.Context, db bun.IDB, networkID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := ally.AlliesIn(ctx, db, networkID, ids)
	if err != nil {
		return nil, err
	}
	for id, a := range rows {
		out[id] = a.Name
	}
	return out, nil
}

// Aggregate sums answers per community, hiding counts below three.
func Aggregate(answers []Answer) []CommunityFigures {
	type acc struct{ n, sum int }
	by := map[string]*acc{}
	for _, a := range answers {
		if a.Mood == nil {
			continue
		}
		x := by[a.Community]
		if x == nil {
			x = &acc{}
			by[a.Community] = x
		}
		x.n++
		x.sum += *a.Mood
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]CommunityFigures, 0, len(keys))
	for _, k := range keys {
		x := by[k]
		f := CommunityFigures{Community: k}
		if x.n < MinCommunityCount {
			f.CountBelowThree = true
		} else {
			n := x.n
			mean := math.Round(float64(x.sum)/float64(x.n)*10) / 10
			f.Answered, f.MeanMood = &n, &mean
		}
		out = append(out, f)
	}
	return out
}

// coarsen narrows a poll for readers of aggregates only: the number of
// answers, in total and per community, as bands (signal.Band), and a
// community's mood as a whole number, from three answers on. Exact
// figures would give an ally's answer away by differencing — the total
// minus the communities shown, or one read minus the one before (an
// outside attack showed both).
func coarsen(pv *PollView) {
	band := signal.BandOf(*pv.Answered)
	pv.Answered, pv.AnsweredBand = nil, &band
	for i := range pv.Communities {
		f := &pv.Communities[i]
		n := 0
		if f.Answered != nil {
			n = *f.Answered
		} else if f.CountBelowThree {
			n = 1
		}
		b := signal.BandOf(n)
		f.Answered, f.AnsweredBand = nil, &b
		if f.MeanMood != nil {
			m := math.Round(*f.MeanMood)
			f.MeanMood = &m
		}
	}
}

// Detail reads a crisis with its entries and polls, narrowed to v.
func (s *Service) Detail(ctx context.Context, networkID, id uuid.UUID, v View) (*Detail, error) {
	db := s.DB.For(ctx)
	c, err := lock(ctx, db, networkID, id, false)
	if err != nil {
		return nil, err
	}
	d := &Detail{Crisis: c, Entries: []Entry{}, Polls: []PollView{}}
	if err := db.NewSelect().Model(&d.Entries).Where("crisis_id = ?", c.ID).OrderExpr("occurred_at, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	var polls []Poll
	if err := db.NewSelect().Model(&polls).Where("crisis_id = ?", c.ID).OrderExpr("created_at, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	answers := map[uuid.UUID][]Answer{}
	if len(polls) > 0 {
		ids := make([]uuid.UUID, len(polls))
		for i, p := range polls {
			ids[i] = p.ID
		}
		var rows []Answer
		if err := db.NewSelect().Model(&rows).Where("poll_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
			return nil, store.MapError(err)
		}
		for _, a := range rows {
			answers[a.PollID] = append(answers[a.PollID], a)
		}
	}
	if !v.Names {
		// Without names, no ally IDs either: with the rapid contact list
		// they would name who asked what.
		for i := range d.Entries {
			d.Entries[i].AllyID = nil
		}
	}
	var allyIDs []uuid.UUID
	for _, e := range d.Entries {
		if e.AllyID != nil {
			allyIDs = append(allyIDs, *e.AllyID)
		}
	}
	if v.Full {
		for _, list := range answers {
			for _, a := range list {
				allyIDs = append(allyIDs, a.AllyID)
			}
		}
	}
	d.AllyNames = map[uuid.UUID]string{}
	if v.Names {
		if d.AllyNames, err = s.allyNames(ctx, db, networkID, allyIDs); err != nil {
			return nil, err
		}
	}
	for _, p := range polls {
		list := answers[p.ID]
		answered := 0
		for _, a := range list {
			if a.AnsweredAt != nil {
				answered++
			}
		}
		pv := PollView{ID: p.ID, Question: p.Question, CreatedAt: p.CreatedAt, Asked: len(list), Answered: &answered, Communities: Aggregate(list)}
		if !v.Full {
			coarsen(&pv)
		}
		if v.Full {
			pv.Answers = make([]AnswerView, 0, len(list))
			for _, a := range list {
				pv.Answers = append(pv.Answers, AnswerView{a.AllyID, d.AllyNames[a.AllyID], a.Community, a.Mood, a.Hears, a.Advice, a.Questions, a.AnsweredAt})
			}
			slices.SortFunc(pv.Answers, func(x, y AnswerView) int {
				if c := strings.Compare(x.Community, y.Community); c != 0 {
					return c
				}
				return strings.Compare(x.AllyName, y.AllyName)
			})
		}
		d.Polls = append(d.Polls, pv)
	}
	return d, nil
}

// TimelineKind is what a timeline item is.
type TimelineKind string

const (
	TimelineSignal     TimelineKind = "signal"
	TimelinePollAnswer TimelineKind = "poll_answer"
	TimelinePoll       TimelineKind = "poll"
	TimelineDecision   TimelineKind = "decision"
	TimelineAdvice     TimelineKind = "advice"
	TimelineQuestion   TimelineKind = "question"
	TimelinePhase      TimelineKind = "phase"
	TimelineMeeting    TimelineKind = "emergency_meeting"
	TimelineStart      TimelineKind = "started"
	TimelineEnd        TimelineKind = "ended"
)

// TimelineItem is one moment of a crisis. Text is the entry's text, the
// signal's summary or (for full readers) the answer's what-they-hear;
// a poll answer carries the ally's name only for readers of contacts.
type TimelineItem struct {
	At        time.Time    `json:"at"`
	Kind      TimelineKind `json:"kind"`
	ID        uuid.UUID    `json:"id"`
	Text      string       `json:"text"`
	Community string       `json:"community"`
	AllyName  string       `json:"allyName"`
	Mood      *int         `json:"mood"`
	Phase     string       `json:"phase"`
	Theme     string       `json:"theme"`
	Level     int          `json:"level"`
	Urgent    bool         `json:"urgent"`
}

// Timeline lists everything in the crisis by time: its start, phase
// changes, decisions, advice, questions, polls and their answers, the
// emergency meeting, the signals observed while it lasted (only shared ones
// for readers of aggregates) and its end.
func (s *Service) Timeline(ctx context.Context, networkID, id uuid.UUID, v View) ([]TimelineItem, error) {
	d, err := s.Detail(ctx, networkID, id, v)
	if err != nil {
		return nil, err
	}
	c := d.Crisis
	out := []TimelineItem{{At: c.StartedAt, Kind: TimelineStart, ID: c.ID, Text: c.Title, Phase: string(c.Phase)}}
	for _, e := range d.Entries {
		it := TimelineItem{At: e.At, ID: e.ID, Text: e.Text}
		switch e.Kind {
		case KindPhase:
			if e.PhaseFrom == "" {
				continue // the start carries the first phase
			}
			it.Kind, it.Phase = TimelinePhase, e.PhaseTo
		case KindDecision:
			it.Kind = TimelineDecision
		case KindAdvice:
			it.Kind = TimelineAdvice
		case KindQuestion:
			it.Kind = TimelineQuestion
			if e.AllyID != nil {
				it.AllyName = d.AllyNames[*e.AllyID]
			}
		}
		out = append(out, it)
	}
	db := s.DB.For(ctx)
	for _, p := range d.Polls {
		out = append(out, TimelineItem{At: p.CreatedAt, Kind: TimelinePoll, ID: p.ID, Text: p.Question})
	}
	// Full readers have each answer in the detail already (named for
	// readers of contacts); readers of aggregates get no item per answer,
	// which would count them exactly.
	for _, p := range d.Polls {
		for _, a := range p.Answers {
			if a.AnsweredAt != nil {
				out = append(out, TimelineItem{At: *a.AnsweredAt, Kind: TimelinePollAnswer, ID: p.ID, Community: a.Community,
					Mood: a.Mood, Text: a.Hears, AllyName: a.AllyName})
			}
		}
	}
	if c.EmergencyMeetingID != nil {
		found, err := meeting.MeetingsIn(ctx, db, networkID, []uuid.UUID{*c.EmergencyMeetingID})
		if err != nil {
			return nil, err
		}
		if m := found[*c.EmergencyMeetingID]; m != nil {
			out = append(out, TimelineItem{At: m.StartsAt, Kind: TimelineMeeting, ID: m.ID, Text: m.Place})
		}
	}
	var to time.Time
	if c.EndedAt != nil {
		to = *c.EndedAt
		out = append(out, TimelineItem{At: to, Kind: TimelineEnd, ID: c.ID})
	}
	signals, err := signal.Timeline(ctx, db, networkID, c.StartedAt, to, !v.Full)
	if err != nil {
		return nil, err
	}
	for _, sg := range signals {
		out = append(out, TimelineItem{At: sg.ObservedAt, Kind: TimelineSignal, ID: sg.ID, Text: sg.Summary,
			Theme: sg.ThemeLabel, Level: sg.Level, Urgent: sg.Urgent})
	}
	slices.SortStableFunc(out, func(a, b TimelineItem) int { return a.At.Compare(b.At) })
	return out, nil
}

// Contact is an ally on the rapid contact list.
type Contact struct {
	ID            uuid.UUID `json:"id"`
	Name          string    `json:"name"`
	Mobile        string    `json:"mobile"`
	Email         string    `json:"email"`
	Community     string    `json:"community"`
	Neighbourhood string    `json:"neighbourhood"`
}

// ContactAllies lists the active allies who permit contact, for the rapid
// contact list, while the network has an active crisis (409
// no_active_crisis otherwise).
func (s *Service) ContactAllies(ctx context.Context, networkID uuid.UUID) (*Crisis, []Contact, error) {
	c, err := s.Active(ctx, networkID)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, nil, conflict("crisis", RuleNoActiveCrisis, "no active crisis")
	}
	rows, err := ally.ContactableIn(ctx, s.DB.For(ctx), networkID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Contact, len(rows))
	for i, a := range rows {
		out[i] = Contact{a.ID, a.Name, a.Mobile, a.Email, a.Constituency, a.Neighbourhood}
	}
	return c, out, nil
}
