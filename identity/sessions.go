package identity

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Session is a signed-in browser. The cookie carries a random token; the
// database keeps only its hash.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	IDHash      string    `bun:"id_hash,pk"`
	ID          uuid.UUID `bun:"id,type:uuid"` // public ID, to list and end sessions
	UserID      uuid.UUID `bun:"user_id,type:uuid"`
	TenantID    uuid.UUID `bun:"tenant_id,type:uuid"`
	CreatedAt   time.Time `bun:"created_at"`
	LastSeenAt  time.Time `bun:"last_seen_at"`
	ExpiresAt   time.Time `bun:"expires_at"`
	UserAgent   string    `bun:"user_agent"`
	IDTokenHint []byte    `bun:"id_token_hint"`
}

// MinSessionIdle is the shortest idle timeout the configuration accepts:
// below a minute a person reading a page is signed out, and last-seen
// writes (every idle/4, see touchEvery) would come faster than every 15 s
// per session.
const MinSessionIdle = time.Minute

// touchEvery limits writes: last_seen_at moves at most once a minute, and
// at least every quarter of the idle timeout, so any request extends the
// session well before it would expire (an active session lives at least
// 3/4 of the idle timeout past its latest request), whatever the setting.
func (s *Service) touchEvery() time.Duration {
	return min(time.Minute, s.idle()/4)
}

// newSessionWithHint stores a session for user inside tx and returns the
// token for the cookie. A fresh random ID at every login defeats session
// fixation. The ID token, kept for RP-initiated logout, is sealed and bound
// to this session.
func (s *Service) newSessionWithHint(ctx context.Context, tx bun.Tx, u *User, userAgent string, idToken []byte) (string, error) {
	token := randomToken()
	now := s.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := &Session{
		IDHash: hashToken(token), ID: uuid.Must(uuid.NewV7()), UserID: u.ID, TenantID: u.TenantID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.absolute()), UserAgent: userAgent,
	}
	if len(idToken) > 0 {
		sealed, err := s.Keys.SealEmbedded(idToken, sessionPlace(sess.ID))
		if err != nil {
			return "", err
		}
		sess.IDTokenHint = sealed
	}
	if _, err := tx.NewInsert().Model(sess).Exec(ctx); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the session and active user behind a cookie token,
// or EUNAUTHORIZED when it is unknown, idle too long, past its absolute end,
// or its user is no longer active. Expired sessions are removed.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, *User, error) {
	if token == "" {
		return nil, nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "no session")
	}
	sess := new(Session)
	if err := s.DB.For(ctx).NewSelect().Model(sess).Where("id_hash = ?", hashToken(token)).Scan(ctx); err != nil {
		if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ENOTFOUND {
			return nil, nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "unknown session")
		}
		return nil, nil, store.MapError(err)
	}
	user := new(User)
	if err := s.DB.For(ctx).NewSelect().Model(user).Where("id = ?", sess.UserID).Scan(ctx); err != nil {
		return nil, nil, store.MapError(err)
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.idle())) {
		_, _ = s.DB.For(ctx).NewDelete().Model((*Session)(nil)).Where("id_hash = ?", sess.IDHash).Exec(ctx)
		return nil, nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "session expired")
	}
	if user.Status != StatusActive {
		return nil, nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "user not active")
	}
	tenants, err := tenant.TenantsIn(ctx, s.DB.For(ctx), []uuid.UUID{user.TenantID})
	if err != nil {
		return nil, nil, err
	}
	if t := tenants[user.TenantID]; t == nil || t.Status != tenant.StatusActive {
		return nil, nil, bondgenoten.Errorf(bondgenoten.EUNAUTHORIZED, "tenant not active")
	}
	if now.Sub(sess.LastSeenAt) >= s.touchEvery() {
		sess.LastSeenAt = now
		if _, err := s.DB.For(ctx).NewUpdate().Model((*Session)(nil)).Set("last_seen_at = ?", now).
			Where("id_hash = ?", sess.IDHash).Exec(ctx); err != nil {
			return nil, nil, store.MapError(err)
		}
	}
	return sess, user, nil
}

// Logout ends the session behind token and returns what RP-initiated logout
// needs: the tenant and the ID token hint (nil when none was kept).
func (s *Service) Logout(ctx context.Context, token string) (tenantID uuid.UUID, idTokenHint string, err error) {
	sess := new(Session)
	err = s.DB.For(ctx).NewDelete().Model(sess).Where("id_hash = ?", hashToken(token)).Returning("*").Scan(ctx)
	if err != nil {
		return uuid.Nil, "", store.MapError(err)
	}
	if len(sess.IDTokenHint) > 0 {
		if hint, err := s.Keys.OpenEmbedded(sess.IDTokenHint, sessionPlace(sess.ID)); err == nil {
			idTokenHint = string(hint)
		}
	}
	return sess.TenantID, idTokenHint, nil
}

func sessionPlace(id uuid.UUID) string { return "session:" + id.String() }

// SessionView is one of a user's own sessions, for "where am I signed in".
type SessionView struct {
	ID         uuid.UUID `json:"id"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
	ExpiresAt  time.Time `json:"expiresAt"`
	UserAgent  string    `json:"userAgent"`
	Current    bool      `json:"current"`
}

// Sessions lists a user's live sessions, newest first; current marks the
// one making the request.
func (s *Service) Sessions(ctx context.Context, userID uuid.UUID, current *Session) ([]SessionView, error) {
	var rows []Session
	now := s.now()
	err := s.DB.For(ctx).NewSelect().Model(&rows).Where("user_id = ?", userID).
		Where("expires_at > ? AND last_seen_at > ?", now, now.Add(-s.idle())).
		OrderExpr("created_at DESC").Scan(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	out := make([]SessionView, 0, len(rows))
	for _, r := range rows {
		out = append(out, SessionView{r.ID, r.CreatedAt, r.LastSeenAt, r.ExpiresAt, r.UserAgent, current != nil && r.ID == current.ID})
	}
	return out, nil
}

// EndSession ends one of the user's own sessions; another user's session
// is simply not found.
func (s *Service) EndSession(ctx context.Context, userID, sessionID uuid.UUID) error {
	res, err := s.DB.For(ctx).NewDelete().Model((*Session)(nil)).Where("id = ? AND user_id = ?", sessionID, userID).Exec(ctx)
	if err != nil {
		return store.MapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such session")
	}
	return nil
}

// PurgeExpired removes ended sessions and stale login attempts; a periodic
// job calls it.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.DB.For(ctx).NewDelete().Model((*Session)(nil)).
		Where("expires_at <= ? OR last_seen_at <= ?", now, now.Add(-s.idle())).Exec(ctx)
	if err != nil {
		return 0, store.MapError(err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.DB.For(ctx).NewDelete().Model((*loginAttempt)(nil)).Where("expires_at <= ?", now).Exec(ctx); err != nil {
		return n, store.MapError(err)
	}
	return n, nil
}

// SessionLifetime is the absolute lifetime, for the cookie's Max-Age.
func (s *Service) SessionLifetime() time.Duration { return s.absolute() }
