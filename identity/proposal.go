package identity

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// proposalLifetime is how long an operator's SSO proposal waits for a
// tenant administrator before it lapses.
const proposalLifetime = 14 * 24 * time.Hour

// proposalRow is an operator's SSO settings for a tenant in use, waiting
// for one of its administrators. The client secret is sealed as in
// tenant_oidc; the rest of the input is kept as JSON.
type proposalRow struct {
	bun.BaseModel `bun:"table:tenant_oidc_proposals"`

	TenantID     uuid.UUID `bun:"tenant_id,pk,type:uuid"`
	ID           uuid.UUID `bun:"id,type:uuid"` // new for every proposal: a confirmation names the one reviewed
	Settings     string    `bun:"settings"`
	ClientSecret []byte    `bun:"client_secret"`
	SecretKeyID  string    `bun:"secret_key_id"`
	ProposedBy   string    `bun:"proposed_by"`
	ProposerID   uuid.UUID `bun:"proposer_id,type:uuid,nullzero"` // uuid.Nil: the bootstrap token
	ProposedAt   time.Time `bun:"proposed_at"`
	ExpiresAt    time.Time `bun:"expires_at"`
}

// Proposal is a pending SSO change as administrators see it: the proposed
// settings (never the secret), who proposed them and until when they wait.
type Proposal struct {
	// ID names this proposal: confirming or rejecting names it, so a newer
	// proposal made while an administrator reviewed this one is never
	// confirmed unseen.
	ID         uuid.UUID    `json:"id"`
	Settings   SettingsView `json:"settings"`
	Changes    []string     `json:"changes"` // the settings that would change
	ProposedBy string       `json:"proposedBy"`
	ProposedAt time.Time    `json:"proposedAt"`
	ExpiresAt  time.Time    `json:"expiresAt"`
}

// Participation tells whether a tenant takes part in a network (any
// partnership, current or past): implemented by package network, which
// owns the partnerships.
type Participation interface {
	TakesPart(ctx context.Context, db bun.IDB, tenantID uuid.UUID) (bool, error)
}

// tenantInUse reports whether the tenant's sign-in already matters: anyone
// signs in to it, or it takes part in a network, whose allies its people
// would reach. Then an operator may no longer change its SSO alone. A
// tenant whose participation cannot be told (no Participation wired)
// counts as in use.
func (s *Service) tenantInUse(ctx context.Context, db bun.IDB, tenantID uuid.UUID) (bool, error) {
	users, err := db.NewSelect().Model((*User)(nil)).Where("tenant_id = ?", tenantID).Exists(ctx)
	if err != nil || users {
		return users, err
	}
	if s.Networks == nil {
		return true, nil
	}
	return s.Networks.TakesPart(ctx, db, tenantID)
}

// AdminRole is the role that administers a tenant of kind: it confirms SSO
// proposals and is told of SSO changes.
func AdminRole(kind tenant.Kind) authz.Role {
	switch kind {
	case tenant.KindBureau:
		return authz.BureauAdmin
	case tenant.KindPlatform:
		return authz.Operator
	}
	return authz.TenantAdmin
}

// tellAdmins notifies the tenant's active administrators, except skip (the
// one who made the change), inside tx.
func (s *Service) tellAdmins(ctx context.Context, tx bun.Tx, t *tenant.Tenant, skip uuid.UUID, m notify.Message) error {
	admins, err := holders(ctx, tx, t.ID, AdminRole(t.Kind))
	if err != nil {
		return err
	}
	var to []uuid.UUID
	for _, id := range admins {
		if id != skip {
			to = append(to, id)
		}
	}
	return notify.Add(ctx, tx, s.Clock, t.ID, to, m)
}

// TellTenantAdmins notifies the active administrators of tenantID inside
// db, the transaction of the change that concerns them (tenant.AdminNotifier).
func (s *Service) TellTenantAdmins(ctx context.Context, db bun.IDB, tenantID uuid.UUID, m notify.Message) error {
	var kind tenant.Kind
	if err := db.NewSelect().Model((*tenant.Tenant)(nil)).Column("kind").Where("id = ?", tenantID).Scan(ctx, &kind); err != nil {
		return err
	}
	admins, err := holders(ctx, db, tenantID, AdminRole(kind))
	if err != nil {
		return err
	}
	return notify.Add(ctx, db, s.Clock, tenantID, admins, m)
}

// holders lists the active users holding role in tenantID.
func holders(ctx context.Context, db bun.IDB, tenantID uuid.UUID, role authz.Role) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := db.NewSelect().TableExpr("role_assignments AS ra").ColumnExpr("ra.user_id").
		Join("JOIN users AS u ON u.id = ra.user_id").
		Where("ra.tenant_id = ? AND ra.role = ? AND u.status = ?", tenantID, string(role), StatusActive).
		Scan(ctx, &out)
	return out, err
}

// propose stores in as the tenant's pending SSO change, replacing an
// earlier one, and tells the tenant's administrators.
func (s *Service) propose(ctx context.Context, tx bun.Tx, t *tenant.Tenant, by Actor, in SettingsInput) (*Proposal, error) {
	row := &proposalRow{TenantID: t.ID, ID: uuid.Must(uuid.NewV7()), ProposedBy: by.Name, ProposerID: by.UserID, ProposedAt: s.now(), ExpiresAt: s.now().Add(proposalLifetime)}
	if in.ClientSecret != nil && *in.ClientSecret != "" {
		v, kid, err := s.Keys.Seal([]byte(*in.ClientSecret), secretPlace(t.ID))
		if err != nil {
			return nil, bondgenoten.Invalid("clientSecret", RuleNoKey, "")
		}
		row.ClientSecret, row.SecretKeyID = v, kid
	}
	in.ClientSecret = nil // sealed above, never kept in the JSON
	raw, _ := json.Marshal(in)
	row.Settings = string(raw)
	if _, err := tx.NewInsert().Model(row).On("CONFLICT (tenant_id) DO UPDATE").
		Set("id = EXCLUDED.id, settings = EXCLUDED.settings, client_secret = EXCLUDED.client_secret").
		Set("secret_key_id = EXCLUDED.secret_key_id, proposed_by = EXCLUDED.proposed_by, proposer_id = EXCLUDED.proposer_id").
		Set("proposed_at = EXCLUDED.proposed_at, expires_at = EXCLUDED.expires_at").Exec(ctx); err != nil {
		return nil, err
	}
	p, err := s.proposalOf(ctx, tx, t, row)
	if err != nil {
		return nil, err
	}
	if err := s.recordSSO(ctx, tx, t, by, "sso_proposal", p.Changes); err != nil {
		return nil, err
	}
	if err := s.tellAdmins(ctx, tx, t, uuid.Nil, notify.Message{
		Kind: notify.SSOChangeProposed, Params: map[string]string{"by": by.Name}, Link: "/beheer/sso",
	}); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) proposalOf(ctx context.Context, db bun.IDB, t *tenant.Tenant, row *proposalRow) (*Proposal, error) {
	var in SettingsInput
	if err := json.Unmarshal([]byte(row.Settings), &in); err != nil {
		return nil, err
	}
	groupRoles, _ := json.Marshal(in.GroupRoles)
	proposed := &Settings{
		TenantID: t.ID, Issuer: in.Issuer, ClientID: in.ClientID, Scopes: strings.Join(in.Scopes, " "),
		GroupsClaim: in.GroupsClaim, GroupRoles: string(groupRoles), Provisioning: in.Provisioning,
		ClientSecret: row.ClientSecret, UpdatedAt: row.ProposedAt,
	}
	old, err := s.settings(ctx, db, t.ID)
	if err != nil && bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
		return nil, err
	}
	if old != nil && len(proposed.ClientSecret) == 0 {
		proposed.ClientSecret = old.ClientSecret // nil keeps the stored one
	}
	var domains []string
	if err := db.NewSelect().Model((*emailDomain)(nil)).Column("domain").
		Where("tenant_id = ?", t.ID).Order("domain").Scan(ctx, &domains); err != nil {
		return nil, store.MapError(err)
	}
	return &Proposal{
		ID:         row.ID,
		Settings:   *proposed.view(in.EmailDomains),
		Changes:    settingsChanges(old, domains, proposed, in.EmailDomains, len(row.ClientSecret) > 0),
		ProposedBy: row.ProposedBy, ProposedAt: row.ProposedAt.UTC(), ExpiresAt: row.ExpiresAt.UTC(),
	}, nil
}

// pendingRow loads the tenant's proposal inside db; a lapsed one is not found.
func (s *Service) pendingRow(ctx context.Context, db bun.IDB, tenantID uuid.UUID) (*proposalRow, error) {
	row := new(proposalRow)
	if err := db.NewSelect().Model(row).Where("tenant_id = ? AND expires_at > ?", tenantID, s.now()).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return row, nil
}

// GetProposal returns the tenant's pending SSO change, or ENOTFOUND.
func (s *Service) GetProposal(ctx context.Context, t *tenant.Tenant) (*Proposal, error) {
	db := s.DB.For(ctx)
	row, err := s.pendingRow(ctx, db, t.ID)
	if err != nil {
		return nil, err
	}
	return s.proposalOf(ctx, db, t, row)
}

// ConfirmProposal puts the pending SSO change into effect. Only one of the
// tenant's own administrators confirms, and never the person who proposed
// it (an operator confirming a change to the platform tenant's SSO needs a
// second operator).
func (s *Service) ConfirmProposal(ctx context.Context, t *tenant.Tenant, by *User, id uuid.UUID) (*SettingsView, error) {
	var view *SettingsView
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		row, err := s.decideable(ctx, tx, t, by, id)
		if err != nil {
			return err
		}
		var in SettingsInput
		if err := json.Unmarshal([]byte(row.Settings), &in); err != nil {
			return err
		}
		var sealed *sealedSecret
		if len(row.ClientSecret) > 0 {
			sealed = &sealedSecret{row.ClientSecret, row.SecretKeyID}
		}
		if _, err := tx.NewDelete().Model(row).WherePK().Exec(ctx); err != nil {
			return err
		}
		actor := Actor{UserID: by.ID, Name: by.DisplayName() + " (confirming " + row.ProposedBy + ")"}
		view, err = s.applySettings(ctx, tx, t, actor, in, sealed)
		return err
	})
	if err != nil {
		return nil, err
	}
	return view, nil
}

// RejectProposal drops the pending SSO change; the settings stay as they are.
func (s *Service) RejectProposal(ctx context.Context, t *tenant.Tenant, by *User, id uuid.UUID) error {
	return s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		row, err := s.decideable(ctx, tx, t, by, id)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(row).WherePK().Exec(ctx); err != nil {
			return err
		}
		actor := Actor{UserID: by.ID, Name: by.DisplayName()}
		if err := s.recordSSO(ctx, tx, t, actor, "sso_proposal_rejected", nil); err != nil {
			return err
		}
		return s.tellAdmins(ctx, tx, t, by.ID, notify.Message{
			Kind: notify.SSOChangeWithdrawn, Params: map[string]string{"by": by.DisplayName(), "proposedBy": row.ProposedBy},
			Link: "/beheer/sso",
		})
	})
}

// decideable loads the pending proposal that by may confirm or reject.
func (s *Service) decideable(ctx context.Context, tx bun.Tx, t *tenant.Tenant, by *User, id uuid.UUID) (*proposalRow, error) {
	if by == nil || by.TenantID != t.ID {
		return nil, bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only the tenant's own administrators decide on its SSO")
	}
	admins, err := holders(ctx, tx, t.ID, AdminRole(t.Kind))
	if err != nil {
		return nil, err
	}
	isAdmin := false
	for _, id := range admins {
		isAdmin = isAdmin || id == by.ID
	}
	if !isAdmin {
		return nil, bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only the tenant's own administrators decide on its SSO")
	}
	row, err := s.pendingRow(ctx, tx, t.ID)
	if bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND {
		return nil, bondgenoten.Errorf(bondgenoten.ECONFLICT, "no SSO change is waiting")
	} else if err != nil {
		return nil, err
	}
	if row.ID != id {
		return nil, &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "the SSO proposal changed since it was read",
			Fields: map[string]bondgenoten.FieldViolation{"id": {Rule: RuleProposalChanged}}}
	}
	if row.ProposerID == by.ID {
		return nil, bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "a second operator confirms the platform's SSO")
	}
	return row, nil
}
