package authz

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Event is one entry of the audit trail: who tried to do what with which
// object, and whether it was allowed. It holds IDs, never personal data.
type Event struct {
	bun.BaseModel `bun:"table:audit_events"`

	ID         uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	At         time.Time `bun:"at" json:"at"`
	TenantID   uuid.UUID `bun:"tenant_id,type:uuid,nullzero" json:"tenantId"` // uuid.Nil: none (stored as NULL)
	UserID     uuid.UUID `bun:"user_id,type:uuid,nullzero" json:"userId"`     // uuid.Nil: none (stored as NULL)
	Category   Category  `bun:"category" json:"category"`
	Action     Action    `bun:"action" json:"action"`
	ObjectType string    `bun:"object_type" json:"objectType"`
	ObjectID   string    `bun:"object_id" json:"objectId"`
	Allowed    bool      `bun:"allowed" json:"allowed"`
	RequestID  string    `bun:"request_id" json:"requestId"`
	// Detail says what changed, for administrative changes (roles from and
	// to, which SSO settings): JSON, never personal data of allies.
	Detail string `bun:"detail" json:"detail,omitempty"`
}

// Record writes e to the audit trail. A zero ID becomes a new UUIDv7. At is
// stored in UTC at microsecond precision; callers in domain and API code
// set it from their Clock (bondgenoten.NowOn), and only a zero At — tests —
// falls back to the system clock. Pass the transaction of the change being
// audited, or store.DB.For(ctx) for a record outside one.
func Record(ctx context.Context, db bun.IDB, e Event) error {
	if e.Category == "" || e.Action == "" {
		return bondgenoten.Errorf(bondgenoten.EINVALID, "audit event needs a category and an action")
	}
	if e.ID == uuid.Nil {
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		e.ID = id
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if e.RequestID == "" {
		e.RequestID, _ = ctx.Value(requestIDKey{}).(string)
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	// Object references come from request paths: whatever a client put
	// there (NUL, invalid UTF-8, megabytes) must not keep the record from
	// being written.
	e.ObjectType, e.ObjectID = storable(e.ObjectType), storable(e.ObjectID)
	if _, err := db.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("authz: record audit event: %w", store.MapError(err))
	}
	return nil
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the ID of the request it serves, so
// audit events that domain code records deep inside a change still point
// to the request and its log lines.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// maxObjectRef bounds an object reference in the trail.
const maxObjectRef = 200

// storable returns s as it is when it is short, valid UTF-8 without control
// characters, and otherwise as a quoted, ASCII-only, bounded form of it, so
// the trail still shows what was asked for.
func storable(s string) string {
	clean := len(s) <= maxObjectRef && utf8.ValidString(s) &&
		!strings.ContainsFunc(s, unicode.IsControl)
	if clean {
		return s
	}
	if len(s) > maxObjectRef {
		s = s[:maxObjectRef]
	}
	q := strconv.QuoteToASCII(s)
	if len(q) > 4*maxObjectRef {
		q = q[:4*maxObjectRef]
	}
	return q
}

// ListAudit returns a tenant's most recent audit events, newest first. limit
// follows bondgenoten.PageLimit: 0 means the default page size, more than
// the maximum is EINVALID.
func ListAudit(ctx context.Context, db bun.IDB, tenantID uuid.UUID, limit int) ([]Event, error) {
	n, err := bondgenoten.PageLimit(limit)
	if err != nil {
		return nil, err
	}
	out := []Event{}
	err = db.NewSelect().Model(&out).
		Where("tenant_id = ?", tenantID).
		OrderExpr("at DESC, id DESC").
		Limit(int64(n)).
		Scan(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	for i := range out {
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}

// TenantAudit records oversight steps in tenants' audit trails
// (tenant.Auditor): who asked, accepted, changed, declined or ended which
// relation, with its period. It holds no personal data but the actor's name.
type TenantAudit struct {
	Clock bondgenoten.Clock
}

// AuditOversight writes one step of o to tenantID's trail inside db.
func (a TenantAudit) AuditOversight(ctx context.Context, db bun.IDB, tenantID uuid.UUID, o *tenant.Oversight, step, by string) error {
	detail := map[string]any{"step": step, "by": by, "bureauId": o.BureauID, "tenantId": o.TenantID, "startsOn": o.StartsOn.String()}
	if o.EndsOn != nil {
		detail["endsOn"] = o.EndsOn.String()
	}
	raw, _ := json.Marshal(detail)
	return Record(ctx, db, Event{
		At: bondgenoten.NowOn(a.Clock), TenantID: tenantID, Category: Oversight, Action: Manage,
		ObjectType: "oversight", ObjectID: o.ID.String(), Allowed: true, Detail: string(raw),
	})
}
