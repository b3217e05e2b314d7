package authz

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
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
}

// Record writes e to the audit trail. A zero ID becomes a new UUIDv7 and a
// zero At the current time; At is stored in UTC at microsecond precision.
// Pass the transaction of the change being audited, or the database
// (*store.DB's embedded *bun.DB) for reads.
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
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if _, err := db.NewInsert().Model(&e).Exec(ctx); err != nil {
		return fmt.Errorf("authz: record audit event: %w", store.MapError(err))
	}
	return nil
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
