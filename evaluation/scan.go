package evaluation

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// ScanBatch is how many networks one transaction of the daily scan
// handles: short transactions (SQLite has one connection), few commits.
const ScanBatch = 50

// ScanResult says what one run of the daily scan did.
type ScanResult struct {
	Opened   int // evaluations opened
	Reminded int // reminders to coordinators (a week before, on the day)
	Overdue  int // overdue notices to administrators and bureaus
}

// Role names of the recipients (package authz's, which identity stores).
const (
	roleCoordinator   = "coordinator"
	roleTenantAdmin   = "tenant-admin"
	roleBureauAdvisor = "bureau-advisor"
)

// Scan is the daily run: it opens an evaluation for every network that is
// due, and sends the reminders and overdue notices that are due, each
// once. It may run any number of times a day, in parallel too: an opening
// is an insert the partial unique index lets through once, and a reminder
// is remembered on the evaluation by a conditional update in the
// transaction that notifies, so a second run finds nothing left to do. A
// run killed midway leaves whole batches done and the rest for the retry.
func (s *Service) Scan(ctx context.Context) (ScanResult, error) {
	var res ScanResult
	opened, err := s.openDue(ctx)
	res.Opened = opened
	if err != nil {
		return res, err
	}
	res.Reminded, res.Overdue, err = s.remind(ctx)
	return res, err
}

// openDue opens the evaluations that are due, batch by batch.
func (s *Service) openDue(ctx context.Context) (int, error) {
	db := s.DB.For(ctx)
	nets, err := network.AllIn(ctx, db)
	if err != nil {
		return 0, err
	}
	base, open, err := stateOf(ctx, db, nil)
	if err != nil {
		return 0, err
	}
	today := s.today()
	var due []*network.Network
	for i := range nets {
		n := &nets[i]
		if open[n.ID] {
			continue
		}
		from, ok := base[n.ID]
		if !ok {
			from = bondgenoten.DateOf(n.CreatedAt)
		}
		if !today.Before(NextDue(from, n.EvaluationIntervalMonths)) {
			due = append(due, n)
		}
	}
	opened := 0
	for len(due) > 0 {
		batch := due[:min(ScanBatch, len(due))]
		due = due[len(batch):]
		err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			ids := make([]uuid.UUID, len(batch))
			for i, n := range batch {
				ids[i] = n.ID
			}
			// Read again inside the transaction: another run may have
			// opened or completed one meanwhile.
			base, _, err := stateOf(ctx, tx, ids)
			if err != nil {
				return err
			}
			byID := map[uuid.UUID]*network.Network{}
			var made []*Evaluation
			for _, n := range batch {
				from, ok := base[n.ID]
				if !ok {
					from = bondgenoten.DateOf(n.CreatedAt)
				}
				e, inserted, err := s.insert(ctx, tx, n.ID, from)
				if err != nil {
					return err
				}
				if inserted {
					made = append(made, e)
					byID[n.ID] = n
				}
			}
			opened += len(made)
			return s.tellCoordinators(ctx, tx, byID, made, KindDue, "")
		})
		if err != nil {
			return opened, err
		}
		if s.Progress != nil {
			s.Progress(opened)
		}
	}
	return opened, nil
}

// stage is the reminder an open evaluation is due for on a day.
type stage int

const (
	stageNone stage = iota
	stageWeek
	stageDay
	stageOverdue
)

func stageOf(e *Evaluation, today bondgenoten.Date) stage {
	switch {
	case e.OverdueNoticeAt == nil && !today.Before(e.DueOn.AddDays(OverdueAfterDays)):
		return stageOverdue
	case e.RemindedDueAt == nil && e.OverdueNoticeAt == nil && !today.Before(e.DueOn):
		return stageDay
	case e.RemindedWeekAt == nil && e.RemindedDueAt == nil && e.OverdueNoticeAt == nil && !today.Before(e.DueOn.AddDays(-ReminderDaysBefore)):
		return stageWeek
	}
	return stageNone
}

// remind sends the reminders and notices that are due. Each is sent once:
// only the latest one due is sent (a scan that did not run for days sends
// no stale "a week to go" after the due day), and the earlier ones are
// marked as passed with it.
func (s *Service) remind(ctx context.Context) (reminded, overdue int, err error) {
	today := s.today()
	var list []Evaluation
	if err := s.DB.For(ctx).NewSelect().Model(&list).Column("id", "network_id", "due_on", "reminded_week_at", "reminded_due_at", "overdue_notice_at").
		Where("status = ? AND overdue_notice_at IS NULL AND due_on <= ?", StatusOpen, today.AddDays(ReminderDaysBefore)).
		OrderExpr("id").Scan(ctx); err != nil {
		return 0, 0, store.MapError(err)
	}
	var todo []*Evaluation
	for i := range list {
		if stageOf(&list[i], today) != stageNone {
			todo = append(todo, &list[i])
		}
	}
	for len(todo) > 0 {
		batch := todo[:min(ScanBatch, len(todo))]
		todo = todo[len(batch):]
		err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			ids := make([]uuid.UUID, len(batch))
			for i, e := range batch {
				ids[i] = e.NetworkID
			}
			nets, err := network.NetworksIn(ctx, tx, ids)
			if err != nil {
				return err
			}
			now := s.now()
			var week, day, late []*Evaluation
			for _, e := range batch {
				st := stageOf(e, today)
				q := tx.NewUpdate().Model((*Evaluation)(nil)).Where("id = ? AND status = ? AND overdue_notice_at IS NULL", e.ID, StatusOpen)
				switch st {
				case stageOverdue:
					q = q.Set("overdue_notice_at = ?", now).Set("reminded_due_at = COALESCE(reminded_due_at, ?)", now).
						Set("reminded_week_at = COALESCE(reminded_week_at, ?)", now)
				case stageDay:
					q = q.Set("reminded_due_at = ?", now).Set("reminded_week_at = COALESCE(reminded_week_at, ?)", now).
						Where("reminded_due_at IS NULL")
				case stageWeek:
					q = q.Set("reminded_week_at = ?", now).Where("reminded_week_at IS NULL AND reminded_due_at IS NULL")
				}
				r, err := q.Exec(ctx)
				if err != nil {
					return err
				}
				if n, _ := r.RowsAffected(); n != 1 {
					continue // another run sent it
				}
				switch st {
				case stageOverdue:
					late = append(late, e)
				case stageDay:
					day = append(day, e)
				case stageWeek:
					week = append(week, e)
				}
			}
			if err := s.tellCoordinators(ctx, tx, nets, week, KindReminder, "week"); err != nil {
				return err
			}
			if err := s.tellCoordinators(ctx, tx, nets, day, KindReminder, "today"); err != nil {
				return err
			}
			if err := s.tellOverseers(ctx, tx, nets, late, today); err != nil {
				return err
			}
			reminded += len(week) + len(day)
			overdue += len(late)
			return nil
		})
		if err != nil {
			return reminded, overdue, err
		}
	}
	return reminded, overdue, nil
}

func message(kind string, n *network.Network, e *Evaluation, when string) notify.Message {
	params := map[string]string{"network": n.Name, "dueOn": e.DueOn.String()}
	if when != "" {
		params["when"] = when
	}
	return notify.Message{Kind: kind, Params: params,
		Link: "/netwerken/" + e.NetworkID.String() + "/evaluaties/" + e.ID.String()}
}

// tellCoordinators notifies the coordinators of every active partner of
// each evaluation's network, in tx.
func (s *Service) tellCoordinators(ctx context.Context, tx bun.IDB, nets map[uuid.UUID]*network.Network, list []*Evaluation, kind, when string) error {
	if len(list) == 0 {
		return nil
	}
	partners, err := partnersOf(ctx, tx, list)
	if err != nil {
		return err
	}
	holders := holdersCache{}
	if err := holders.load(ctx, tx, partners, roleCoordinator); err != nil {
		return err
	}
	var out []notify.Envelope
	for _, e := range list {
		n := nets[e.NetworkID]
		if n == nil {
			continue
		}
		m := message(kind, n, e, when)
		for _, p := range partners[e.NetworkID] {
			to, err := holders.get(ctx, tx, p, roleCoordinator)
			if err != nil {
				return err
			}
			out = append(out, notify.Envelope{TenantID: p, Recipients: to, Message: m})
		}
	}
	// One insert for the whole batch's notifications, one for their emails.
	return notify.AddAll(ctx, tx, s.Clock, out)
}

// tellOverseers sends the overdue notice to the tenant administrators of
// every active partner and to the advisors of each bureau that oversees a
// partner today (accepted relations in force, active bureaus). It names
// the network and the due day only.
func (s *Service) tellOverseers(ctx context.Context, tx bun.IDB, nets map[uuid.UUID]*network.Network, list []*Evaluation, today bondgenoten.Date) error {
	if len(list) == 0 {
		return nil
	}
	partners, err := partnersOf(ctx, tx, list)
	if err != nil {
		return err
	}
	var all []uuid.UUID
	for _, ps := range partners {
		all = append(all, ps...)
	}
	bureaus, err := tenant.OverseersIn(ctx, tx, all, today)
	if err != nil {
		return err
	}
	holders := holdersCache{}
	var out []notify.Envelope
	for _, e := range list {
		n := nets[e.NetworkID]
		if n == nil {
			continue
		}
		m := message(KindOverdue, n, e, "")
		told := map[uuid.UUID]bool{}
		for _, p := range partners[e.NetworkID] {
			to, err := holders.get(ctx, tx, p, roleTenantAdmin)
			if err != nil {
				return err
			}
			out = append(out, notify.Envelope{TenantID: p, Recipients: to, Message: m})
			for _, b := range bureaus[p] {
				if told[b] {
					continue
				}
				told[b] = true
				to, err := holders.get(ctx, tx, b, roleBureauAdvisor)
				if err != nil {
					return err
				}
				out = append(out, notify.Envelope{TenantID: b, Recipients: to, Message: m})
			}
		}
	}
	return notify.AddAll(ctx, tx, s.Clock, out)
}

func partnersOf(ctx context.Context, tx bun.IDB, list []*Evaluation) (map[uuid.UUID][]uuid.UUID, error) {
	ids := make([]uuid.UUID, len(list))
	for i, e := range list {
		ids[i] = e.NetworkID
	}
	return network.ActivePartnersIn(ctx, tx, ids)
}

// holdersCache asks identity once per tenant and role within a batch.
type holdersCache map[string][]uuid.UUID

// load asks identity for the holders of role in every partner at once.
func (c holdersCache) load(ctx context.Context, tx bun.IDB, partners map[uuid.UUID][]uuid.UUID, role string) error {
	var ids []uuid.UUID
	for _, ps := range partners {
		ids = append(ids, ps...)
	}
	found, err := identity.HoldersOfIn(ctx, tx, ids, role)
	if err != nil {
		return err
	}
	for _, id := range ids {
		c[id.String()+"/"+role] = found[id]
	}
	return nil
}

func (c holdersCache) get(ctx context.Context, tx bun.IDB, tenantID uuid.UUID, role string) ([]uuid.UUID, error) {
	key := tenantID.String() + "/" + role
	if v, ok := c[key]; ok {
		return v, nil
	}
	v, err := identity.HoldersIn(ctx, tx, tenantID, role)
	if err != nil {
		return nil, err
	}
	c[key] = v
	return v, nil
}
