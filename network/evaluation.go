package network

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// What the half-yearly evaluation (package evaluation) asks of networks: the
// list of every network for the daily scan, and the goals and expectations
// the coordinators edit in place when they evaluate.

// AllIn returns every network, by ID, in one query on db: the daily
// evaluation scan's view of the networks.
func AllIn(ctx context.Context, db bun.IDB) ([]Network, error) {
	var out []Network
	err := db.NewSelect().Model(&out).Column("id", "name", "evaluation_interval_months", "created_at").OrderExpr("id").Scan(ctx)
	return out, store.MapError(err)
}

// GoalsInput replaces a network's goals and expectations.
type GoalsInput struct {
	Goals        string `json:"goals" validate:"max=5000"`
	Expectations string `json:"expectations" validate:"max=5000"`
}

// SetGoalsIn replaces the goals and expectations of network id inside the
// caller's transaction tx, dated at.
func SetGoalsIn(ctx context.Context, tx bun.IDB, id uuid.UUID, in GoalsInput, at time.Time) error {
	res, err := tx.NewUpdate().Model((*Network)(nil)).Set("goals = ?", in.Goals).Set("expectations = ?", in.Expectations).
		Set("updated_at = ?", at).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return store.MapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
	}
	return nil
}
