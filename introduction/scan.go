package introduction

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
)

// ScanResult counts what a scan did.
type ScanResult struct {
	Completed, Reminded, Overdue int
}

// Scan goes over the open programmes: one that is complete (the meeting
// ticked from attendance since) is completed; within its eight weeks the
// person is reminded when a week has passed since the start or the last
// reminder; after them the coordinators of the person's organisation are
// told, once, and the reminders stop. Each programme is done in its own
// transaction and marks what it sent, so a rerun after a crash sends
// nothing twice.
func (s *Service) Scan(ctx context.Context) (ScanResult, error) {
	var res ScanResult
	var open []Programme
	if err := s.DB.For(ctx).NewSelect().Model(&open).Column("id", "network_id").Where("status = ?", StatusOpen).
		OrderExpr("network_id, id").Scan(ctx); err != nil {
		return res, store.MapError(err)
	}
	for _, o := range open {
		err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return s.scanOne(ctx, tx, o.NetworkID, o.ID, &res)
		})
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *Service) scanOne(ctx context.Context, tx bun.Tx, networkID, id uuid.UUID, res *ScanResult) error {
	p, err := openProgramme(ctx, tx, networkID, id)
	if err != nil {
		return nil // closed meanwhile
	}
	sums, err := summaries(ctx, tx, []Programme{*p})
	if err != nil {
		return err
	}
	sum := sums[0]
	if sum.Progress.Complete() {
		res.Completed++
		return s.complete(ctx, tx, p)
	}
	today, now := s.today(), s.now()
	if !today.Before(p.DueOn()) {
		if p.OverdueNoticeAt != nil {
			return nil
		}
		coordinators, err := identity.HoldersIn(ctx, tx, p.TenantID, string(authz.Coordinator))
		if err != nil {
			return err
		}
		others := coordinators[:0]
		for _, c := range coordinators {
			if c != p.UserID {
				others = append(others, c)
			}
		}
		if err := notifyAdd(ctx, tx, s.Clock, p.TenantID, others, KindOverdue, sum.NetworkName, sum.PersonName); err != nil {
			return err
		}
		res.Overdue++
		_, err = tx.NewUpdate().Model(p).Set("overdue_notice_at = ?", now).Set("updated_at = ?", now).WherePK().Exec(ctx)
		return store.MapError(err)
	}
	base := p.StartedOn
	if p.RemindedOn != nil {
		base = *p.RemindedOn
	}
	if today.Before(base.AddDays(ReminderEveryDays)) {
		return nil
	}
	if err := notifyAdd(ctx, tx, s.Clock, p.TenantID, []uuid.UUID{p.UserID}, KindReminder, sum.NetworkName, ""); err != nil {
		return err
	}
	res.Reminded++
	_, err = tx.NewUpdate().Model(p).Set("reminded_on = ?", today).Set("updated_at = ?", now).WherePK().Exec(ctx)
	return store.MapError(err)
}
