package notify

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// How a person hears of their notifications beyond the app.
const (
	EmailImmediate = "immediate" // one email per notification, at once
	EmailDigest    = "digest"    // one email a day listing the day's notifications
	EmailAppOnly   = "app"       // no email; the inbox only
)

// Languages of emails.
const (
	LanguageDutch   = "nl"
	LanguageEnglish = "en"
)

// Preferences is how one person wants to be told. A person without a row
// gets DefaultPreferences.
type Preferences struct {
	bun.BaseModel `bun:"table:notification_preferences"`

	UserID    uuid.UUID `bun:"user_id,pk,type:uuid" json:"-"`
	Email     string    `bun:"email" json:"email" validate:"required,oneof=immediate digest app"`
	Language  string    `bun:"language" json:"language" validate:"required,oneof=nl en"`
	UpdatedAt time.Time `bun:"updated_at" json:"-"`
}

// DefaultPreferences: an email at once, in Dutch. Someone who is not told
// of an urgent signal in time is worse off than someone with one email too
// many; each can choose a digest or the app only.
var DefaultPreferences = Preferences{Email: EmailImmediate, Language: LanguageDutch}

// States of an outbox row.
const (
	MailPending = "pending" // written with the change; no job yet
	MailQueued  = "queued"  // a delivery job exists
	MailSending = "sending" // an attempt has started talking to the SMTP server
	MailSent    = "sent"    // the SMTP server accepted it
	MailFailed  = "failed"  // every attempt failed; shown to the tenant's administrators
	MailSkipped = "skipped" // nobody to send to any more (no address, no consent, left)
)

// Calendar methods of an attached invitation.
const (
	CalendarRequest = "REQUEST" // the meeting's .ics
	CalendarCancel  = "CANCEL"  // its cancellation
)

// Mail is one email to send: to a user of the tenant or to an ally of one of
// its networks. It holds no address and no content: the kind, parameters
// (never personal data of allies, special-category data or signal content)
// and a link; the text is made from the kind in the recipient's language
// when it is sent.
type Mail struct {
	bun.BaseModel `bun:"table:mail_outbox"`

	ID             uuid.UUID         `bun:"id,pk,type:uuid"`
	TenantID       uuid.UUID         `bun:"tenant_id,type:uuid"`
	UserID         *uuid.UUID        `bun:"user_id,type:uuid"`
	AllyID         *uuid.UUID        `bun:"ally_id,type:uuid"`
	Kind           string            `bun:"kind"`
	Params         map[string]string `bun:"params,type:text"`
	Link           string            `bun:"link"`
	MeetingID      *uuid.UUID        `bun:"meeting_id,type:uuid"`
	CalendarMethod string            `bun:"calendar_method"`
	State          string            `bun:"state"`
	Attempts       int               `bun:"attempts"`
	LastError      string            `bun:"last_error"`
	CreatedAt      time.Time         `bun:"created_at"`
	QueuedAt       *time.Time        `bun:"queued_at"`
	SendingAt      *time.Time        `bun:"sending_at"`
	FinishedAt     *time.Time        `bun:"finished_at"`
}

// KindDigest is the kind of a daily digest's email.
const KindDigest = "digest"

// Calendar asks for a meeting's calendar file to be attached to an email
// (Message.Calendar).
type Calendar struct {
	MeetingID uuid.UUID
	Method    string // CalendarRequest or CalendarCancel
}

// queueMail writes the outbox rows for those recipients of rows (with
// messages[i] the message of rows[i]) who want an email at once, and marks
// the notifications of those who read a digest.
func queueMail(ctx context.Context, db bun.IDB, now time.Time, rows []Notification, messages []Message) error {
	ids := make([]uuid.UUID, 0, len(rows))
	seen := map[uuid.UUID]bool{}
	for _, r := range rows {
		if !seen[r.UserID] {
			seen[r.UserID] = true
			ids = append(ids, r.UserID)
		}
	}
	var prefs []Preferences
	if err := db.NewSelect().Model(&prefs).Where("user_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return store.MapError(err)
	}
	choice := map[uuid.UUID]string{}
	for _, p := range prefs {
		choice[p.UserID] = p.Email
	}
	var mails []Mail
	var digest []uuid.UUID
	for i, r := range rows {
		how, ok := choice[r.UserID]
		if !ok {
			how = DefaultPreferences.Email
		}
		switch how {
		case EmailImmediate:
			user := r.UserID
			mails = append(mails, newMail(now, r.TenantID, messages[i], &user, nil))
		case EmailDigest:
			digest = append(digest, r.ID)
		}
	}
	if len(mails) > 0 {
		if _, err := db.NewInsert().Model(&mails).Exec(ctx); err != nil {
			return store.MapError(err)
		}
	}
	if len(digest) > 0 {
		if _, err := db.NewUpdate().Model((*Notification)(nil)).Set("digest_pending = ?", true).
			Where("id IN (?)", bun.In(digest)).Exec(ctx); err != nil {
			return store.MapError(err)
		}
	}
	return nil
}

// mailParams are the parameters an email may use (texts.go); the outbox
// keeps no other, such as the names of staff in some in-app notifications.
var mailParams = []string{"network", "tenant", "bureau", "when", "dueOn", "meetingKind", "held", "minimum"}

func newMail(now time.Time, tenantID uuid.UUID, m Message, user, ally *uuid.UUID) Mail {
	params := map[string]string{}
	for _, k := range mailParams {
		if v, ok := m.Params[k]; ok {
			params[k] = v
		}
	}
	mail := Mail{
		ID: uuid.Must(uuid.NewV7()), TenantID: tenantID, UserID: user, AllyID: ally,
		Kind: m.Kind, Params: params, Link: m.Link, State: MailPending, CreatedAt: now,
	}
	if m.Calendar != nil {
		id := m.Calendar.MeetingID
		mail.MeetingID, mail.CalendarMethod = &id, m.Calendar.Method
	}
	return mail
}

// MailAllies queues one email of m to each of allyIDs (allies of a network
// of tenantID) in db, the transaction of the change that causes it. Allies
// are not users: they have no inbox, only their email address, read when
// the email is sent; an ally without an address, without consent to be
// contacted, or no longer active by then is skipped. Their emails are in
// Dutch.
func MailAllies(ctx context.Context, db bun.IDB, clock bondgenoten.Clock, tenantID uuid.UUID, allyIDs []uuid.UUID, m Message) error {
	now := bondgenoten.NowOn(clock)
	seen := map[uuid.UUID]bool{}
	var mails []Mail
	for _, id := range allyIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		ally := id
		mails = append(mails, newMail(now, tenantID, m, nil, &ally))
	}
	if len(mails) == 0 {
		return nil
	}
	_, err := db.NewInsert().Model(&mails).Exec(ctx)
	return store.MapError(err)
}

// Preferences returns userID's preferences (the defaults until they choose).
func (s *Service) Preferences(ctx context.Context, userID uuid.UUID) (Preferences, error) {
	return PreferencesOf(ctx, s.DB.For(ctx), userID)
}

// SetPreferences stores userID's choice. Only the person themselves sets
// it (the route has no user in its path).
func (s *Service) SetPreferences(ctx context.Context, userID uuid.UUID, p Preferences) (Preferences, error) {
	if err := bondgenoten.ValidateOn(p, bondgenoten.TodayOn(s.Clock)); err != nil {
		return Preferences{}, err
	}
	p.UserID, p.UpdatedAt = userID, bondgenoten.NowOn(s.Clock)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(&p).
			On("CONFLICT (user_id) DO UPDATE").Set("email = EXCLUDED.email").Set("language = EXCLUDED.language").
			Set("updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
			return err
		}
		if p.Email == EmailDigest {
			return nil
		}
		// No digest any more: what waited for one stays in the inbox only.
		_, err := tx.NewUpdate().Model((*Notification)(nil)).Set("digest_pending = ?", false).
			Where("user_id = ? AND digest_pending", userID).Exec(ctx)
		return err
	})
	return p, store.MapError(err)
}
