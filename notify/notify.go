// Package notify tells people in the app what happened that concerns them:
// a change of their roles, an SSO change waiting for their confirmation, a
// bureau asking to oversee their organisation.
//
// A notification is written in the same transaction as the change that
// causes it (Add takes that transaction), so nothing is announced for a
// change that rolled back and nothing is lost on a crash. It holds a kind
// and parameters that the web app turns into words in the reader's
// language; parameters never carry personal data of allies,
// special-category data or signal content.
package notify

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// Kinds of notification. The web app has a text for each.
const (
	RoleGranted        = "role_granted"         // to the person: you now hold these roles
	RolesChanged       = "roles_changed"        // to the coordinators: someone's roles changed
	SSOChangeProposed  = "sso_change_proposed"  // to tenant admins: an operator proposes SSO settings
	SSOChanged         = "sso_changed"          // to tenant admins: the SSO settings changed
	SSOChangeWithdrawn = "sso_change_withdrawn" // to tenant admins: a proposal was rejected or withdrawn
	OversightRequested = "oversight_requested"  // to tenant admins: a bureau asks to oversee
	OversightAccepted  = "oversight_accepted"   // to the bureau's admins: the tenant accepted
	OversightEnded     = "oversight_ended"      // to both sides' admins: the relation ended
	OversightDeclined  = "oversight_declined"   // to the bureau's admins: the tenant declined
	SignalUrgent       = "signal_urgent"        // to the partners' coordinators: an urgent signal was logged
	SignalShared       = "signal_shared"        // to the partners' crisis liaisons: a signal was shared with them
	CrisisActivated    = "crisis_activated"     // to the partners' coordinators and crisis liaisons: a crisis was activated
)

// Notification is one message to one person.
type Notification struct {
	bun.BaseModel `bun:"table:notifications"`

	ID        uuid.UUID         `bun:"id,pk,type:uuid" json:"id"`
	TenantID  uuid.UUID         `bun:"tenant_id,type:uuid" json:"-"`
	UserID    uuid.UUID         `bun:"user_id,type:uuid" json:"-"`
	Kind      string            `bun:"kind" json:"kind"`
	Params    map[string]string `bun:"params,type:text" json:"params"`
	Link      string            `bun:"link" json:"link"`
	CreatedAt time.Time         `bun:"created_at" json:"createdAt"`
	ReadAt    *time.Time        `bun:"read_at" json:"readAt"`
	// DigestPending: the person reads a daily digest and this waits for it.
	DigestPending bool       `bun:"digest_pending" json:"-"`
	DigestID      *uuid.UUID `bun:"digest_id,type:uuid" json:"-"`
}

// Message is what to tell; Add writes one Notification per recipient.
type Message struct {
	Kind   string
	Params map[string]string
	Link   string // a path in the web app, e.g. /beheer/aanmelding
	// Calendar, when set, attaches a meeting's invitation or cancellation
	// (.ics) to the email.
	Calendar *Calendar
}

// Add writes m for each recipient (user IDs of tenantID) in db, the
// transaction of the change that causes it, dated by clock (the caller's;
// nil is the system clock). Duplicate recipients get one. In the same
// transaction it queues the email of each recipient who wants one at once
// and marks the notification for the digest of those who read one.
func Add(ctx context.Context, db bun.IDB, clock bondgenoten.Clock, tenantID uuid.UUID, recipients []uuid.UUID, m Message) error {
	return AddAll(ctx, db, clock, []Envelope{{TenantID: tenantID, Recipients: recipients, Message: m}})
}

// Envelope is one message to some users of one tenant.
type Envelope struct {
	TenantID   uuid.UUID
	Recipients []uuid.UUID
	Message    Message
}

// AddAll writes many messages as Add does, in one statement for the inbox
// and one for the outbox however many there are: a daily scan that tells
// hundreds of networks' coordinators at once.
func AddAll(ctx context.Context, db bun.IDB, clock bondgenoten.Clock, envelopes []Envelope) error {
	now := bondgenoten.NowOn(clock)
	var rows []Notification
	var messages []Message // of rows[i]
	for _, e := range envelopes {
		params := e.Message.Params
		if params == nil {
			params = map[string]string{}
		}
		seen := map[uuid.UUID]bool{}
		for _, r := range e.Recipients {
			if seen[r] {
				continue
			}
			seen[r] = true
			rows = append(rows, Notification{
				ID: uuid.Must(uuid.NewV7()), TenantID: e.TenantID, UserID: r, Kind: e.Message.Kind,
				Params: params, Link: e.Message.Link, CreatedAt: now,
			})
			messages = append(messages, e.Message)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := db.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return store.MapError(err)
	}
	return queueMail(ctx, db, now, rows, messages)
}

// Service reads and marks a person's notifications.
type Service struct {
	DB *store.DB
	// Clock tells the time; nil is the system clock.
	Clock bondgenoten.Clock
}

// Inbox is a person's newest notifications and how many are unread.
type Inbox struct {
	Items  []Notification `json:"items"`
	Unread int            `json:"unread"`
}

// List returns userID's newest notifications (limit per bondgenoten.PageLimit)
// and the number unread.
func (s *Service) List(ctx context.Context, userID uuid.UUID, limit int) (*Inbox, error) {
	n, err := bondgenoten.PageLimit(limit)
	if err != nil {
		return nil, err
	}
	db := s.DB.For(ctx)
	out := &Inbox{Items: []Notification{}}
	if err := db.NewSelect().Model(&out.Items).Where("user_id = ?", userID).
		OrderExpr("created_at DESC, id DESC").Limit(int64(n)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range out.Items {
		out.Items[i].CreatedAt = out.Items[i].CreatedAt.UTC()
		if out.Items[i].Params == nil {
			out.Items[i].Params = map[string]string{}
		}
	}
	unread, err := s.Unread(ctx, userID)
	if err != nil {
		return nil, err
	}
	out.Unread = unread
	return out, nil
}

// Unread counts userID's unread notifications.
func (s *Service) Unread(ctx context.Context, userID uuid.UUID) (int, error) {
	n, err := s.DB.For(ctx).NewSelect().Model((*Notification)(nil)).
		Where("user_id = ? AND read_at IS NULL", userID).Count(ctx)
	return int(n), store.MapError(err)
}

// MarkRead marks one of userID's notifications read; another person's is
// not found.
func (s *Service) MarkRead(ctx context.Context, userID, id uuid.UUID) error {
	now := bondgenoten.NowOn(s.Clock)
	res, err := s.DB.For(ctx).NewUpdate().Model((*Notification)(nil)).Set("read_at = ?", now).
		Where("id = ? AND user_id = ? AND read_at IS NULL", id, userID).Exec(ctx)
	if err != nil {
		return store.MapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		exists, err := s.DB.For(ctx).NewSelect().Model((*Notification)(nil)).
			Where("id = ? AND user_id = ?", id, userID).Exists(ctx)
		if err != nil {
			return store.MapError(err)
		}
		if !exists {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such notification")
		}
	}
	return nil
}

// MarkAllRead marks all of userID's notifications read.
func (s *Service) MarkAllRead(ctx context.Context, userID uuid.UUID) error {
	now := bondgenoten.NowOn(s.Clock)
	_, err := s.DB.For(ctx).NewUpdate().Model((*Notification)(nil)).Set("read_at = ?", now).
		Where("user_id = ? AND read_at IS NULL", userID).Exec(ctx)
	return store.MapError(err)
}
