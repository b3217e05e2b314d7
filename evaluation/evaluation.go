// Package evaluation keeps the half-yearly evaluation of an allies network:
// the guide's "evaluate every half year whether the right people are still
// at the table". A daily scan opens an evaluation for every network whose
// last completed evaluation (or, before the first, its start) lies its
// interval ago, due in 30 days, and reminds the coordinators before and on
// the due day; 14 days past due the partners' administrators and the
// bureaus overseeing them hear of it. The evaluation shows what the product
// measured over the period; the coordinators decide per active ally (keep,
// pause, replace), answer whether the right people are at the table and
// whether goals and expectations are still clear (editing them in place),
// and record improvement points that become actions. Completing applies the
// decisions and freezes the figures, in one transaction.
//
// Package evaluation owns the tables evaluations, evaluation_allies and
// evaluation_points.
package evaluation

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
)

// Notification kinds of this package (the web app and the email texts word
// them). Their parameters are the network's name and the due day; never
// anything about an ally.
const (
	// KindDue: to the partners' coordinators, an evaluation was opened
	// (params network, dueOn).
	KindDue = "evaluation_due"
	// KindReminder: to the partners' coordinators, seven days before the
	// due day (when "week") and on it (when "today") (params network,
	// dueOn, when).
	KindReminder = "evaluation_reminder"
	// KindOverdue: to the partners' tenant administrators and the advisors
	// of the bureaus overseeing a partner, 14 days past due (params
	// network, dueOn).
	KindOverdue = "evaluation_overdue"
)

// Kinds lists this package's notification kinds.
func Kinds() []string { return []string{KindDue, KindReminder, KindOverdue} }

// Timing of an evaluation, in Amsterdam calendar days.
const (
	DueInDays          = 30 // an opened evaluation is due 30 days later
	ReminderDaysBefore = 7  // the coordinators' first reminder
	OverdueAfterDays   = 14 // the notice to administrators and bureaus
)

// Status of an evaluation.
type Status string

const (
	StatusOpen      Status = "open"
	StatusCompleted Status = "completed"
)

// Decision about one active ally.
type Decision string

const (
	Keep    Decision = "keep"    // stays active
	Pause   Decision = "pause"   // status paused
	Replace Decision = "replace" // leaves (status left, on the completion day); a new ally is sought
)

// Evaluation as stored.
type Evaluation struct {
	bun.BaseModel `bun:"table:evaluations"`

	ID              uuid.UUID         `bun:"id,pk,type:uuid"`
	NetworkID       uuid.UUID         `bun:"network_id,type:uuid"`
	Status          Status            `bun:"status"`
	PeriodFrom      bondgenoten.Date  `bun:"period_from"`
	PeriodTo        *bondgenoten.Date `bun:"period_to"` // the completion day; nil while open
	OpenedOn        bondgenoten.Date  `bun:"opened_on"`
	DueOn           bondgenoten.Date  `bun:"due_on"`
	RightPeople     *bool             `bun:"right_people"`
	RightPeopleNote string            `bun:"right_people_note"`
	GoalsClear      *bool             `bun:"goals_clear"`
	GoalsNote       string            `bun:"goals_note"`
	Conclusion      string            `bun:"conclusion"`
	FiguresJSON     string            `bun:"figures"` // frozen at completion
	RemindedWeekAt  *time.Time        `bun:"reminded_week_at"`
	RemindedDueAt   *time.Time        `bun:"reminded_due_at"`
	OverdueNoticeAt *time.Time        `bun:"overdue_notice_at"`
	CompletedAt     *time.Time        `bun:"completed_at"`
	CompletedBy     *uuid.UUID        `bun:"completed_by,type:uuid"`
	MeetingID       *uuid.UUID        `bun:"meeting_id,type:uuid"`
	CreatedAt       time.Time         `bun:"created_at"`
	UpdatedAt       time.Time         `bun:"updated_at"`
}

// Open reports whether the evaluation is still to be completed.
func (e *Evaluation) Open() bool { return e.Status == StatusOpen }

// Overdue reports whether an open evaluation is past its due day.
func (e *Evaluation) Overdue(today bondgenoten.Date) bool {
	return e.Open() && e.DueOn.Before(today)
}

// AllyDecision is the coordinators' decision about one ally.
type AllyDecision struct {
	bun.BaseModel `bun:"table:evaluation_allies"`

	EvaluationID uuid.UUID `bun:"evaluation_id,pk,type:uuid"`
	AllyID       uuid.UUID `bun:"ally_id,pk,type:uuid"`
	Decision     Decision  `bun:"decision"`
	Note         string    `bun:"note"`
}

// Point is an improvement point; on completion it becomes an action.
type Point struct {
	bun.BaseModel `bun:"table:evaluation_points"`

	EvaluationID uuid.UUID         `bun:"evaluation_id,pk,type:uuid" json:"-"`
	Position     int               `bun:"position,pk" json:"-"`
	Title        string            `bun:"title" json:"title"`
	OwnerParty   meeting.Party     `bun:"owner_party" json:"ownerParty"`
	DueOn        *bondgenoten.Date `bun:"due_on" json:"dueOn"`
	ActionID     *uuid.UUID        `bun:"action_id,type:uuid" json:"actionId"`
}

// Service opens, records and completes evaluations.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
	// Progress, when set, is called after each batch of the daily scan has
	// committed, with the number of evaluations opened so far (tests stop
	// a worker there).
	Progress func(opened int)
}

func (s *Service) now() time.Time          { return bondgenoten.NowOn(s.Clock) }
func (s *Service) today() bondgenoten.Date { return bondgenoten.TodayOn(s.Clock) }
func (s *Service) validate(in any) error   { return bondgenoten.ValidateOn(in, s.today()) }
func newID() uuid.UUID                     { return uuid.Must(uuid.NewV7()) }
func startOfDay(d bondgenoten.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, bondgenoten.Amsterdam).UTC()
}

// AddMonths returns the day n months after d; a day the month lacks
// becomes its last (31 August + 6 months is 28 or 29 February).
func AddMonths(d bondgenoten.Date, n int) bondgenoten.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, bondgenoten.Amsterdam)
	last := first.AddDate(0, 1, -1).Day()
	return bondgenoten.Date{Year: first.Year(), Month: first.Month(), Day: min(d.Day, last)}
}

// NextDue is the day a network's next evaluation opens: interval months
// after base (its last completion, or the network's start).
func NextDue(base bondgenoten.Date, interval int) bondgenoten.Date {
	if interval <= 0 {
		interval = network.DefaultEvaluationIntervalMonths
	}
	return AddMonths(base, interval)
}

// Figures are what the product measured over the evaluation's period.
// While the evaluation is open they are computed up to today; completing
// freezes them with the report.
type Figures struct {
	PeriodFrom bondgenoten.Date `json:"periodFrom"`
	PeriodTo   bondgenoten.Date `json:"periodTo"`
	// TargetPerYear is the network's own target (the guide: 4–6 a year);
	// ExpectedMeetings and MinimumMeetings are that target and the guide's
	// floor of four, prorated over the period's days.
	TargetPerYear    int                    `json:"targetPerYear"`
	ExpectedMeetings int                    `json:"expectedMeetings"`
	MinimumMeetings  int                    `json:"minimumMeetings"`
	Meetings         *meeting.PeriodFigures `json:"meetings"`
	// ActiveNeverChaired: active allies who did not chair a held meeting in
	// the period (the chair rotates through the group).
	ActiveNeverChaired int                   `json:"activeNeverChaired"`
	Allies             *ally.PeriodFigures   `json:"allies"`
	WhiteSpots         []string              `json:"whiteSpots"`
	Signals            *signal.PeriodFigures `json:"signals"`
}

// figuresIn computes the figures of network n for [from, to] on db.
func figuresIn(ctx context.Context, db bun.IDB, n *network.Network, from, to, today bondgenoten.Date) (*Figures, error) {
	f := &Figures{PeriodFrom: from, PeriodTo: to, TargetPerYear: n.TargetMeetingsPerYear}
	days := float64(startOfDay(to.AddDays(1)).Sub(startOfDay(from)).Hours() / 24)
	f.ExpectedMeetings = int(math.Round(float64(n.TargetMeetingsPerYear) * days / 365))
	f.MinimumMeetings = int(math.Round(float64(meeting.MinimumPerYear) * days / 365))
	var err error
	if f.Meetings, err = meeting.PeriodIn(ctx, db, n.ID, startOfDay(from), startOfDay(to.AddDays(1)), today); err != nil {
		return nil, err
	}
	if f.Allies, err = ally.PeriodIn(ctx, db, n.ID, from, to); err != nil {
		return nil, err
	}
	if f.WhiteSpots, err = ally.WhiteSpotsIn(ctx, db, n.ID); err != nil {
		return nil, err
	}
	if f.Signals, err = signal.PeriodIn(ctx, db, n.ID, from, to, today); err != nil {
		return nil, err
	}
	active, err := ally.ActiveIn(ctx, db, n.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range active {
		if !slices.Contains(f.Meetings.ChairIDs, a.ID) {
			f.ActiveNeverChaired++
		}
	}
	return f, nil
}

// DecisionView is one ally's line in an evaluation: every active ally while
// it is open, the allies decided about once it is completed.
type DecisionView struct {
	AllyID       uuid.UUID   `json:"allyId"`
	Name         string      `json:"name"`
	Constituency string      `json:"constituency"`
	Status       ally.Status `json:"status"` // the ally's status now
	Decision     *Decision   `json:"decision"`
	Note         string      `json:"note"`
}

// Detail is an evaluation with its figures, decisions and points, and the
// network's goals and expectations as they stand.
type Detail struct {
	*Evaluation
	NetworkName  string
	Goals        string
	Expectations string
	Figures      *Figures
	Decisions    []DecisionView
	Points       []Point
}

// List returns the network's evaluations, newest first.
func (s *Service) List(ctx context.Context, networkID uuid.UUID) ([]Evaluation, error) {
	out := []Evaluation{}
	err := s.DB.For(ctx).NewSelect().Model(&out).ExcludeColumn("figures").Where("network_id = ?", networkID).
		OrderExpr("opened_on DESC, id DESC").Limit(200).Scan(ctx)
	return out, store.MapError(err)
}

// Get returns one evaluation of the network with everything in it.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID) (*Detail, error) {
	return s.detail(ctx, s.DB.For(ctx), networkID, id)
}

func (s *Service) detail(ctx context.Context, db bun.IDB, networkID, id uuid.UUID) (*Detail, error) {
	e := new(Evaluation)
	if err := db.NewSelect().Model(e).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	nets, err := network.NetworksIn(ctx, db, []uuid.UUID{networkID})
	if err != nil {
		return nil, err
	}
	n := nets[networkID]
	if n == nil {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
	}
	d := &Detail{Evaluation: e, NetworkName: n.Name, Goals: n.Goals, Expectations: n.Expectations, Decisions: []DecisionView{}, Points: []Point{}}
	if e.Open() {
		if d.Figures, err = figuresIn(ctx, db, n, e.PeriodFrom, s.today(), s.today()); err != nil {
			return nil, err
		}
	} else {
		d.Figures = new(Figures)
		if err := json.Unmarshal([]byte(e.FiguresJSON), d.Figures); err != nil {
			return nil, bondgenoten.Errorf(bondgenoten.EINTERNAL, "frozen figures: %v", err)
		}
	}
	var decided []AllyDecision
	if err := db.NewSelect().Model(&decided).Where("evaluation_id = ?", id).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	byAlly := map[uuid.UUID]*AllyDecision{}
	ids := make([]uuid.UUID, 0, len(decided))
	for i := range decided {
		byAlly[decided[i].AllyID] = &decided[i]
		ids = append(ids, decided[i].AllyID)
	}
	var people []ally.Ally
	if e.Open() {
		if people, err = ally.ActiveIn(ctx, db, networkID); err != nil {
			return nil, err
		}
	} else {
		found, err := ally.AlliesIn(ctx, db, networkID, ids)
		if err != nil {
			return nil, err
		}
		for _, a := range found {
			people = append(people, *a)
		}
		slices.SortFunc(people, func(a, b ally.Ally) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	}
	for _, a := range people {
		v := DecisionView{AllyID: a.ID, Name: a.Name, Constituency: a.Constituency, Status: a.Status}
		if dec := byAlly[a.ID]; dec != nil {
			decision := dec.Decision
			v.Decision, v.Note = &decision, dec.Note
		}
		d.Decisions = append(d.Decisions, v)
	}
	if err := db.NewSelect().Model(&d.Points).Where("evaluation_id = ?", id).OrderExpr("position").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return d, nil
}

// Start opens an evaluation of the network now, ahead of the schedule
// (coordinators may evaluate early, e.g. after a crisis). A network with an
// open evaluation answers 409 (evaluation_open).
func (s *Service) Start(ctx context.Context, networkID uuid.UUID) (*Evaluation, error) {
	var out *Evaluation
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		nets, err := network.NetworksIn(ctx, tx, []uuid.UUID{networkID})
		if err != nil {
			return err
		}
		n := nets[networkID]
		if n == nil {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
		}
		base, open, err := stateOf(ctx, tx, []uuid.UUID{networkID})
		if err != nil {
			return err
		}
		if open[networkID] {
			return conflict("evaluation", RuleEvaluationOpen, "the network has an open evaluation")
		}
		from := bondgenoten.DateOf(n.CreatedAt)
		if b, ok := base[networkID]; ok {
			from = b
		}
		e, inserted, err := s.insert(ctx, tx, networkID, from)
		if err != nil {
			return err
		}
		if !inserted {
			return conflict("evaluation", RuleEvaluationOpen, "the network has an open evaluation")
		}
		out = e
		return s.tellCoordinators(ctx, tx, map[uuid.UUID]*network.Network{networkID: n}, []*Evaluation{e}, KindDue, "")
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}

// insert opens an evaluation of networkID covering from until today, due
// in DueInDays, unless the network has an open one (inserted false).
func (s *Service) insert(ctx context.Context, tx bun.IDB, networkID uuid.UUID, from bondgenoten.Date) (*Evaluation, bool, error) {
	now, today := s.now(), s.today()
	if today.Before(from) {
		from = today
	}
	e := &Evaluation{ID: newID(), NetworkID: networkID, Status: StatusOpen, PeriodFrom: from, OpenedOn: today,
		DueOn: today.AddDays(DueInDays), CreatedAt: now, UpdatedAt: now}
	res, err := tx.NewInsert().Model(e).On("CONFLICT (network_id) WHERE status = 'open' DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, false, store.MapError(err)
	}
	n, _ := res.RowsAffected()
	return e, n == 1, nil
}

// stateOf reads, per network among ids, the day its last evaluation was
// completed (absent before the first) and whether one is open, in one
// query on db.
func stateOf(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]bondgenoten.Date, map[uuid.UUID]bool, error) {
	var rows []struct {
		NetworkID uuid.UUID         `bun:"network_id"`
		LastDone  *bondgenoten.Date `bun:"last_done"`
		Open      int               `bun:"open"`
	}
	q := db.NewSelect().Model((*Evaluation)(nil)).ColumnExpr("network_id").
		ColumnExpr("max(CASE WHEN status = ? THEN period_to END) AS last_done", StatusCompleted).
		ColumnExpr("count(CASE WHEN status = ? THEN 1 END) AS open", StatusOpen).
		Group("network_id")
	if ids != nil {
		q = q.Where("network_id IN (?)", bun.In(ids))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, nil, store.MapError(err)
	}
	base, open := map[uuid.UUID]bondgenoten.Date{}, map[uuid.UUID]bool{}
	for _, r := range rows {
		if r.LastDone != nil {
			base[r.NetworkID] = *r.LastDone
		}
		open[r.NetworkID] = r.Open > 0
	}
	return base, open, nil
}

func conflict(field string, rule bondgenoten.Rule, msg string) error {
	return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: msg,
		Fields: map[string]bondgenoten.FieldViolation{field: {Rule: rule}}}
}
