package network

import (
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// AddPoliceUnit brings another police unit into a network as a partner.
func (s *Service) AddPoliceUnit(ctx context.Context, id uuid.UUID, slug string) ([]Partner, error) {
	pu, err := s.Tenants.GetBySlug(ctx, slug)
	switch {
	case bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND || (err == nil && pu.Status != tenant.StatusActive):
		return nil, bondgenoten.Invalid("tenant", bondgenoten.RuleExists, "")
	case err != nil:
		return nil, err
	case pu.Kind != tenant.KindPoliceUnit:
		return nil, bondgenoten.Invalid("tenant", bondgenoten.RuleKind, string(tenant.KindPoliceUnit))
	}
	var out []Partner
	err = s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		existing, err := s.partners(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(existing) == 0 {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such network")
		}
		if slices.ContainsFunc(existing, func(p Partner) bool { return p.TenantID == pu.ID && p.Active() }) {
			return &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "already a partner",
				Fields: map[string]bondgenoten.FieldViolation{"tenant": {Rule: bondgenoten.RuleUnique}}}
		}
		p := Partner{NetworkID: id, TenantID: pu.ID, JoinedAt: s.now()}
		// A partner that left earlier may come back.
		if _, err := tx.NewInsert().Model(&p).On("CONFLICT (network_id, tenant_id) DO UPDATE").
			Set("joined_at = EXCLUDED.joined_at, leave_requested_at = NULL, left_at = NULL").Exec(ctx); err != nil {
			return err
		}
		out, err = s.partners(ctx, tx, id)
		return err
	})
	return out, err
}

// RequestLeave records that partner wants to leave; it stays a partner until
// a partner of the other side confirms. The last partner of its side cannot
// leave: a network always has a municipality and a police unit.
func (s *Service) RequestLeave(ctx context.Context, id, partner uuid.UUID) ([]Partner, error) {
	return s.changePartner(ctx, id, partner, func(p *Partner, all []Partner, kinds map[uuid.UUID]tenant.Kind) error {
		if p.LeaveRequestedAt != nil {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "leave already requested")
		}
		if activeOfKind(all, kinds, kinds[partner]) < 2 {
			return bondgenoten.Invalid("tenant", RuleLastPartner, string(kinds[partner]))
		}
		now := s.now()
		p.LeaveRequestedAt = &now
		return nil
	})
}

// WithdrawLeave takes a leave request back.
func (s *Service) WithdrawLeave(ctx context.Context, id, partner uuid.UUID) ([]Partner, error) {
	return s.changePartner(ctx, id, partner, func(p *Partner, _ []Partner, _ map[uuid.UUID]tenant.Kind) error {
		if p.LeaveRequestedAt == nil {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "no leave requested")
		}
		p.LeaveRequestedAt = nil
		return nil
	})
}

// ConfirmLeave lets a partner of the other side (a police unit for the
// municipality, the municipality for a police unit) confirm a leave request.
func (s *Service) ConfirmLeave(ctx context.Context, id, leaving, confirming uuid.UUID) ([]Partner, error) {
	return s.changePartner(ctx, id, leaving, func(p *Partner, all []Partner, kinds map[uuid.UUID]tenant.Kind) error {
		if p.LeaveRequestedAt == nil {
			return bondgenoten.Errorf(bondgenoten.ECONFLICT, "no leave requested")
		}
		other := slices.ContainsFunc(all, func(q Partner) bool { return q.TenantID == confirming && q.Active() })
		if !other || kinds[confirming] == kinds[leaving] {
			return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only the other side confirms a leave")
		}
		if activeOfKind(all, kinds, kinds[leaving]) < 2 {
			return bondgenoten.Invalid("tenant", RuleLastPartner, string(kinds[leaving]))
		}
		now := s.now()
		p.LeftAt = &now
		return nil
	})
}

func activeOfKind(all []Partner, kinds map[uuid.UUID]tenant.Kind, k tenant.Kind) int {
	n := 0
	for _, p := range all {
		if p.Active() && kinds[p.TenantID] == k {
			n++
		}
	}
	return n
}

// changePartner loads a network's partners in a transaction, lets change
// edit one active partner, and stores it.
func (s *Service) changePartner(ctx context.Context, id, partner uuid.UUID, change func(*Partner, []Partner, map[uuid.UUID]tenant.Kind) error) ([]Partner, error) {
	var out []Partner
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		all, err := s.partners(ctx, tx, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(p Partner) bool { return p.TenantID == partner && p.Active() })
		if i < 0 {
			return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "not a partner")
		}
		kinds := map[uuid.UUID]tenant.Kind{}
		var ids []uuid.UUID
		for _, p := range all {
			ids = append(ids, p.TenantID)
		}
		tenants, err := tenant.TenantsIn(ctx, tx, ids)
		if err != nil {
			return err
		}
		for id, t := range tenants {
			kinds[id] = t.Kind
		}
		if err := change(&all[i], all, kinds); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(&all[i]).Column("leave_requested_at", "left_at").WherePK().Exec(ctx); err != nil {
			return err
		}
		out = all
		return nil
	})
	return out, store.MapError(err)
}
