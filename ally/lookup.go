package ally

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/store"
)

// Package ally owns the tables allies, ally_owners and network_focus.
// Other packages read allies through these functions, batched by ID, on
// the connection they hold.

// AlliesIn returns the allies among ids that belong to networkID, by ID,
// in one query on db.
func AlliesIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]*Ally, error) {
	out := map[uuid.UUID]*Ally{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Ally
	if err := db.NewSelect().Model(&list).Where("network_id = ? AND id IN (?)", networkID, bun.In(ids)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// ContactableIn lists the active allies of networkID who permit contact,
// by name, in one query on db: the rapid contact list of a crisis.
func ContactableIn(ctx context.Context, db bun.IDB, networkID uuid.UUID) ([]Ally, error) {
	var out []Ally
	err := db.NewSelect().Model(&out).Where("network_id = ? AND status = ? AND contact_permitted = ?", networkID, StatusActive, true).
		OrderExpr("name, id").Scan(ctx)
	return out, store.MapError(err)
}

// AddressesOf returns the email address of each ally among ids who is
// active, permits contact and has an address: whom a message the product
// sends (an invitation, a reminder) may reach, read when it is sent.
func AddressesOf(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var list []Ally
	err := db.NewSelect().Model(&list).Column("id", "email").
		Where("id IN (?) AND status = ? AND contact_permitted = ? AND email <> ''", bun.In(ids), StatusActive, true).Scan(ctx)
	if err != nil {
		return nil, store.MapError(err)
	}
	for _, a := range list {
		out[a.ID] = a.Email
	}
	return out, nil
}
