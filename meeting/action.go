package meeting

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// ActionStatus is where an action stands.
type ActionStatus string

const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// Action is a commitment made in a meeting. Who owns it (municipality,
// police or allies) and what came of it makes reciprocity visible: allies
// who give advice want to hear what was done with it.
type Action struct {
	bun.BaseModel `bun:"table:actions"`

	ID         uuid.UUID         `bun:"id,pk,type:uuid"`
	NetworkID  uuid.UUID         `bun:"network_id,type:uuid"`
	MeetingID  uuid.UUID         `bun:"meeting_id,type:uuid"`
	Title      string            `bun:"title"`
	OwnerParty Party             `bun:"owner_party"`
	OwnerName  string            `bun:"owner_name"`
	DueOn      *bondgenoten.Date `bun:"due_on"`
	Status     ActionStatus      `bun:"status"`
	Feedback   string            `bun:"feedback"`
	CreatedAt  time.Time         `bun:"created_at"`
	UpdatedAt  time.Time         `bun:"updated_at"`

	// MeetingStartsAt is loaded with the action, for context in lists.
	MeetingStartsAt time.Time `bun:"meeting_starts_at,scanonly"`
}

// Overdue reports whether an unfinished action is past its due date
// (Amsterdam calendar day).
func (a *Action) Overdue(today bondgenoten.Date) bool {
	return a.DueOn != nil && a.DueOn.Before(today) && (a.Status == ActionOpen || a.Status == ActionInProgress)
}

// ActionInput creates or replaces an action.
type ActionInput struct {
	Title      string            `json:"title" validate:"required,max=300"`
	OwnerParty Party             `json:"ownerParty" validate:"required,oneof=municipality police allies"`
	OwnerName  string            `json:"ownerName" validate:"max=200"`
	DueOn      *bondgenoten.Date `json:"dueOn" validate:"omitnil,date_range=due"`
	Status     ActionStatus      `json:"status" validate:"required,oneof=open in_progress done dropped"`
	Feedback   string            `json:"feedback" validate:"max=5000"`
}

func (in *ActionInput) normalize() {
	in.Title, in.OwnerName, in.Feedback = strings.TrimSpace(in.Title), strings.TrimSpace(in.OwnerName), strings.TrimSpace(in.Feedback)
}

func (a *Action) apply(in ActionInput) {
	a.Title, a.OwnerParty, a.OwnerName, a.DueOn, a.Status, a.Feedback = in.Title, in.OwnerParty, in.OwnerName, in.DueOn, in.Status, in.Feedback
}

// CreateAction records an action agreed in a (not cancelled) meeting.
func (s *Service) CreateAction(ctx context.Context, networkID, meetingID uuid.UUID, in ActionInput) (*Action, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	now := s.now()
	a := &Action{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, MeetingID: meetingID, CreatedAt: now, UpdatedAt: now}
	a.apply(in)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		m, err := lockRecordable(ctx, tx, networkID, meetingID)
		if err != nil {
			return err
		}
		a.MeetingStartsAt = m.StartsAt
		_, err = tx.NewInsert().Model(a).Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateAction replaces an action's fields: status and feedback mostly.
func (s *Service) UpdateAction(ctx context.Context, networkID, id uuid.UUID, in ActionInput) (*Action, error) {
	in.normalize()
	if err := s.validate(in); err != nil {
		return nil, err
	}
	a := new(Action)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := selectActions(tx, a).Where("a.id = ? AND a.network_id = ?", id, networkID).Scan(ctx); err != nil {
			return err
		}
		a.apply(in)
		a.UpdatedAt = s.now()
		_, err := tx.NewUpdate().Model(a).WherePK().Column("title", "owner_party", "owner_name", "due_on", "status", "feedback", "updated_at").Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// selectActions selects actions (alias a) with their meeting's start.
func selectActions(db bun.IDB, model any) *bun.SelectQuery {
	return db.NewSelect().Model(model).ModelTableExpr("actions AS a").ColumnExpr("a.*").
		ColumnExpr("m.starts_at AS meeting_starts_at").Join("JOIN meetings AS m ON m.id = a.meeting_id")
}

func (s *Service) actionsOf(ctx context.Context, networkID, meetingID uuid.UUID) ([]Action, error) {
	out := []Action{}
	err := selectActions(s.DB.For(ctx), &out).Where("a.network_id = ? AND a.meeting_id = ?", networkID, meetingID).OrderExpr("a.created_at, a.id").Scan(ctx)
	return out, store.MapError(err)
}

// ActionFilter narrows the list of a network's actions.
type ActionFilter struct {
	Status  ActionStatus
	Party   Party
	Overdue *bool
	Limit   int
	Cursor  string
}

type actionCursor struct {
	Due string `json:"d"`
	ID  string `json:"i"`
}

// noDue sorts actions without a due date after all others.
const noDue = "9999-12-31"

// ListActions returns a page of a network's actions, soonest due first.
func (s *Service) ListActions(ctx context.Context, networkID uuid.UUID, f ActionFilter, today bondgenoten.Date) (bondgenoten.Page[Action], error) {
	page := bondgenoten.Page[Action]{Items: []Action{}}
	limit, err := bondgenoten.PageLimit(f.Limit)
	if err != nil {
		return page, err
	}
	fields := map[string]bondgenoten.FieldViolation{}
	switch f.Status {
	case "", ActionOpen, ActionInProgress, ActionDone, ActionDropped:
	default:
		fields["status"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleOneOf, Param: "open in_progress done dropped"}
	}
	switch f.Party {
	case "", PartyMunicipality, PartyPolice, PartyAllies:
	default:
		fields["party"] = bondgenoten.FieldViolation{Rule: bondgenoten.RuleOneOf, Param: "municipality police allies"}
	}
	if len(fields) > 0 {
		return page, &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid filter", Fields: fields}
	}
	due := "COALESCE(a.due_on, '" + noDue + "')"
	if s.DB.Engine == store.Postgres {
		due = "COALESCE(a.due_on, DATE '" + noDue + "')"
	}
	q := selectActions(s.DB.For(ctx), &page.Items).Where("a.network_id = ?", networkID)
	if f.Status != "" {
		q = q.Where("a.status = ?", f.Status)
	}
	if f.Party != "" {
		q = q.Where("a.owner_party = ?", f.Party)
	}
	if f.Overdue != nil {
		overdue := "(a.due_on < ? AND a.status IN ('open', 'in_progress'))"
		if *f.Overdue {
			q = q.Where(overdue, today)
		} else {
			q = q.Where("NOT "+overdue, today)
		}
	}
	if f.Cursor != "" {
		var c actionCursor
		if err := bondgenoten.DecodeCursor(f.Cursor, &c); err != nil {
			return page, err
		}
		// Not ParseDate: the position of actions without a due day is noDue,
		// a day no client may give.
		day, err1 := time.Parse(time.DateOnly, c.Due)
		id, err2 := uuid.Parse(c.ID)
		if err1 != nil || err2 != nil {
			return page, bondgenoten.Invalid("cursor", bondgenoten.RuleCursor, "")
		}
		d := bondgenoten.Date{Year: day.Year(), Month: day.Month(), Day: day.Day()}
		q = q.Where("("+due+" > ?) OR ("+due+" = ? AND a.id > ?)", d, d, id)
	}
	if err := q.OrderExpr(due + ", a.id").Limit(int64(limit + 1)).Scan(ctx); err != nil {
		return page, store.MapError(err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		d := noDue
		if last.DueOn != nil {
			d = last.DueOn.String()
		}
		page.Next = bondgenoten.EncodeCursor(actionCursor{d, last.ID.String()})
	}
	return page, nil
}
