package signal

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// PeriodFigures count a network's signals observed in a period, for the
// half-yearly evaluation (package evaluation): how much the allies and the
// staff noticed, and how much feedback the network still owes.
type PeriodFigures struct {
	Logged          int `json:"logged"`
	Urgent          int `json:"urgent"`
	Shared          int `json:"shared"`
	FeedbackOwed    int `json:"feedbackOwed"`
	FeedbackOverdue int `json:"feedbackOverdue"`
}

// PeriodIn counts the signals of networkID observed from from to to (both
// Amsterdam days, inclusive), in one aggregate query on db; overdue as of
// today.
func PeriodIn(ctx context.Context, db bun.IDB, networkID uuid.UUID, from, to, today bondgenoten.Date) (*PeriodFigures, error) {
	out := &PeriodFigures{}
	err := db.NewSelect().Model((*Signal)(nil)).
		ColumnExpr("count(*)").
		ColumnExpr("COALESCE(SUM(CASE WHEN urgent THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN shared_at IS NOT NULL THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN fed_back_on IS NULL THEN 1 ELSE 0 END), 0)").
		ColumnExpr("COALESCE(SUM(CASE WHEN fed_back_on IS NULL AND feedback_due_on < ? THEN 1 ELSE 0 END), 0)", today).
		Where("network_id = ? AND observed_on >= ? AND observed_on <= ?", networkID, from, to).
		Scan(ctx, &out.Logged, &out.Urgent, &out.Shared, &out.FeedbackOwed, &out.FeedbackOverdue)
	if err != nil {
		return nil, store.MapError(err)
	}
	return out, nil
}
