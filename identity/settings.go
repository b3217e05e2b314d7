package identity

import (
	"context"
	"encoding/json"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
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

// Provisioning says what happens to a person who signs in for the first time.
const (
	ProvisionJIT      = "jit"      // an active account at once, roles from the group mapping
	ProvisionApproval = "approval" // a pending account until a tenant admin approves it
)

// Settings are a tenant's OIDC relying-party settings as stored. The client
// secret is sealed (package secret) and never leaves the server.
type Settings struct {
	bun.BaseModel `bun:"table:tenant_oidc"`

	TenantID     uuid.UUID `bun:"tenant_id,pk,type:uuid"`
	Issuer       string    `bun:"issuer"`
	ClientID     string    `bun:"client_id"`
	ClientSecret []byte    `bun:"client_secret"`
	SecretKeyID  string    `bun:"secret_key_id"`
	Scopes       string    `bun:"scopes"`
	GroupsClaim  string    `bun:"groups_claim"`
	GroupRoles   string    `bun:"group_roles"` // JSON: group → roles
	Provisioning string    `bun:"provisioning"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

type emailDomain struct {
	bun.BaseModel `bun:"table:tenant_email_domains"`

	Domain   string    `bun:"domain,pk"`
	TenantID uuid.UUID `bun:"tenant_id,type:uuid"`
}

// SettingsView is what admins see: everything but the secret itself.
type SettingsView struct {
	Issuer          string              `json:"issuer"`
	ClientID        string              `json:"clientId"`
	ClientSecretSet bool                `json:"clientSecretSet"`
	Scopes          []string            `json:"scopes"`
	EmailDomains    []string            `json:"emailDomains"`
	GroupsClaim     string              `json:"groupsClaim"`
	GroupRoles      map[string][]string `json:"groupRoles"`
	Provisioning    string              `json:"provisioning"`
	UpdatedAt       time.Time           `json:"updatedAt"`
}

// SettingsInput replaces a tenant's settings. ClientSecret is write-only:
// nil keeps the stored one.
type SettingsInput struct {
	Issuer       string              `json:"issuer" validate:"required,max=500"`
	ClientID     string              `json:"clientId" validate:"required,max=200"`
	ClientSecret *string             `json:"clientSecret" validate:"omitnil,max=500"`
	Scopes       []string            `json:"scopes" validate:"max=20,dive,min=1,max=100"`
	EmailDomains []string            `json:"emailDomains" validate:"max=20,dive,min=1,max=253"`
	GroupsClaim  string              `json:"groupsClaim" validate:"max=100"`
	GroupRoles   map[string][]string `json:"groupRoles" validate:"max=100,dive,keys,min=1,max=200,endkeys,max=10"`
	Provisioning string              `json:"provisioning" validate:"required,oneof=jit approval"`
}

var (
	scopePattern  = regexp.MustCompile(`^[A-Za-z0-9_.:/-]+$`)
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)
)

// GetSettings returns a tenant's settings, or ENOTFOUND when SSO is not set up.
func (s *Service) GetSettings(ctx context.Context, tenantID uuid.UUID) (*SettingsView, error) {
	st, err := s.settings(ctx, s.DB.For(ctx), tenantID)
	if err != nil {
		return nil, err
	}
	var domains []string
	if err := s.DB.For(ctx).NewSelect().Model((*emailDomain)(nil)).Column("domain").
		Where("tenant_id = ?", tenantID).Order("domain").Scan(ctx, &domains); err != nil {
		return nil, store.MapError(err)
	}
	return st.view(domains), nil
}

func (st *Settings) view(domains []string) *SettingsView {
	v := &SettingsView{
		Issuer: st.Issuer, ClientID: st.ClientID, ClientSecretSet: len(st.ClientSecret) > 0,
		Scopes: strings.Fields(st.Scopes), EmailDomains: domains, GroupsClaim: st.GroupsClaim,
		GroupRoles: st.groupRoles(), Provisioning: st.Provisioning, UpdatedAt: st.UpdatedAt,
	}
	if v.EmailDomains == nil {
		v.EmailDomains = []string{}
	}
	return v
}

func (st *Settings) groupRoles() map[string][]string {
	m := map[string][]string{}
	_ = json.Unmarshal([]byte(st.GroupRoles), &m) // written by PutSettings only
	return m
}

func (s *Service) settings(ctx context.Context, db bun.IDB, tenantID uuid.UUID) (*Settings, error) {
	st := new(Settings)
	if err := db.NewSelect().Model(st).Where("tenant_id = ?", tenantID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return st, nil
}

// Actor is who changes a tenant's SSO settings.
type Actor struct {
	UserID uuid.UUID // uuid.Nil for the operator bootstrap token and the demo seed
	Name   string    // how the audit detail and the notifications name them
	// Operator: a platform operator (or the bootstrap token), not one of the
	// tenant's own administrators.
	Operator bool
}

// PutSettings validates and stores a tenant's settings. Email domains are
// unique across tenants: login by email address must find one tenant.
//
// Who signs people in decides who they are, so an operator may set up SSO
// only for a tenant nobody signs in to yet (bootstrap). On a tenant in use,
// an operator's settings become a proposal that one of the tenant's
// administrators must confirm (ConfirmProposal) before it takes effect; the
// proposal is returned and the settings view is nil. Every change and
// proposal lands in the tenant's audit trail, and the tenant's
// administrators are told.
func (s *Service) PutSettings(ctx context.Context, t *tenant.Tenant, by Actor, in SettingsInput) (*SettingsView, *Proposal, error) {
	in.normalize()
	if err := s.validateSettings(t, in); err != nil {
		return nil, nil, err
	}
	var (
		view     *SettingsView
		proposal *Proposal
	)
	err := s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if by.Operator {
			inUse, err := s.tenantInUse(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			if inUse {
				proposal, err = s.propose(ctx, tx, t, by, in)
				return err
			}
		}
		var err error
		view, err = s.applySettings(ctx, tx, t, by, in, nil)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return view, proposal, nil
}

// sealedSecret is a client secret already sealed for a tenant.
type sealedSecret struct {
	value []byte
	keyID string
}

// applySettings stores in as the tenant's settings inside tx, audits the
// change and tells the tenant's other administrators. secret, when set, is
// the sealed client secret of a confirmed proposal; otherwise
// in.ClientSecret is sealed here (nil keeps the stored one).
func (s *Service) applySettings(ctx context.Context, tx bun.Tx, t *tenant.Tenant, by Actor, in SettingsInput, sealed *sealedSecret) (*SettingsView, error) {
	groupRoles, _ := json.Marshal(in.GroupRoles)
	st := &Settings{
		TenantID: t.ID, Issuer: in.Issuer, ClientID: in.ClientID, Scopes: strings.Join(in.Scopes, " "),
		GroupsClaim: in.GroupsClaim, GroupRoles: string(groupRoles), Provisioning: in.Provisioning,
		UpdatedAt: s.now(),
	}
	old, err := s.settings(ctx, tx, t.ID)
	switch {
	case err == nil:
		st.ClientSecret, st.SecretKeyID = old.ClientSecret, old.SecretKeyID
	case bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND:
		old = nil
	default:
		return nil, err
	}
	var oldDomains []string
	if err := tx.NewSelect().Model((*emailDomain)(nil)).Column("domain").
		Where("tenant_id = ?", t.ID).Order("domain").Scan(ctx, &oldDomains); err != nil {
		return nil, err
	}
	secretChanged := false
	switch {
	case sealed != nil:
		st.ClientSecret, st.SecretKeyID, secretChanged = sealed.value, sealed.keyID, true
	case in.ClientSecret != nil && *in.ClientSecret != "":
		v, kid, err := s.Keys.Seal([]byte(*in.ClientSecret), secretPlace(t.ID))
		if err != nil {
			return nil, bondgenoten.Invalid("clientSecret", RuleNoKey, "")
		}
		st.ClientSecret, st.SecretKeyID, secretChanged = v, kid, true
	}
	if _, err := tx.NewInsert().Model(st).On("CONFLICT (tenant_id) DO UPDATE").
		Set("issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id").
		Set("client_secret = EXCLUDED.client_secret, secret_key_id = EXCLUDED.secret_key_id").
		Set("scopes = EXCLUDED.scopes, groups_claim = EXCLUDED.groups_claim").
		Set("group_roles = EXCLUDED.group_roles, provisioning = EXCLUDED.provisioning").
		Set("updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
		return nil, err
	}
	if _, err := tx.NewDelete().Model((*emailDomain)(nil)).Where("tenant_id = ?", t.ID).Exec(ctx); err != nil {
		return nil, err
	}
	for _, d := range in.EmailDomains {
		if _, err := tx.NewInsert().Model(&emailDomain{Domain: d, TenantID: t.ID}).Exec(ctx); err != nil {
			if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
				return nil, &bondgenoten.Error{Code: bondgenoten.ECONFLICT, Message: "email domain taken",
					Fields: map[string]bondgenoten.FieldViolation{"emailDomains": {Rule: RuleDomainTaken, Param: d}}}
			}
			return nil, err
		}
	}
	changed := settingsChanges(old, oldDomains, st, in.EmailDomains, secretChanged)
	if err := s.recordSSO(ctx, tx, t, by, "sso_settings", changed); err != nil {
		return nil, err
	}
	if len(changed) > 0 {
		if err := s.tellAdmins(ctx, tx, t, by.UserID, notify.Message{
			Kind: notify.SSOChanged, Params: map[string]string{"by": by.Name, "changed": strings.Join(changed, ",")},
			Link: "/beheer/sso",
		}); err != nil {
			return nil, err
		}
	}
	return st.view(in.EmailDomains), nil
}

// settingsChanges names the settings that differ between old (nil: none
// yet) and st: what the audit trail and the administrators are told.
func settingsChanges(old *Settings, oldDomains []string, st *Settings, domains []string, secretChanged bool) []string {
	if old == nil {
		return []string{"created"}
	}
	var out []string
	add := func(name string, differs bool) {
		if differs {
			out = append(out, name)
		}
	}
	add("issuer", old.Issuer != st.Issuer)
	add("clientId", old.ClientID != st.ClientID)
	add("clientSecret", secretChanged)
	add("scopes", old.Scopes != st.Scopes)
	add("emailDomains", !slices.Equal(oldDomains, domains))
	add("groupsClaim", old.GroupsClaim != st.GroupsClaim)
	add("groupRoles", !maps.EqualFunc(old.groupRoles(), st.groupRoles(), slices.Equal))
	add("provisioning", old.Provisioning != st.Provisioning)
	return out
}

// recordSSO writes an SSO event to the tenant's audit trail.
func (s *Service) recordSSO(ctx context.Context, tx bun.Tx, t *tenant.Tenant, by Actor, object string, changed []string) error {
	detail, _ := json.Marshal(map[string]any{"by": by.Name, "operator": by.Operator, "changed": changed})
	return authz.Record(ctx, tx, authz.Event{
		At:       s.now(),
		TenantID: t.ID, UserID: by.UserID, Category: authz.Admin, Action: authz.Write,
		ObjectType: object, ObjectID: t.ID.String(), Allowed: true, Detail: string(detail),
	})
}

func secretPlace(tenantID uuid.UUID) string { return "tenant_oidc:" + tenantID.String() }

func (in *SettingsInput) normalize() {
	in.Issuer = strings.TrimSpace(in.Issuer)
	in.ClientID = strings.TrimSpace(in.ClientID)
	if len(in.Scopes) == 0 {
		in.Scopes = []string{"openid", "email", "profile"}
	}
	if strings.TrimSpace(in.GroupsClaim) == "" {
		in.GroupsClaim = "groups"
	}
	for i, d := range in.EmailDomains {
		in.EmailDomains[i] = strings.ToLower(strings.TrimSpace(d))
	}
	slices.Sort(in.EmailDomains)
	in.EmailDomains = slices.Compact(in.EmailDomains)
	if in.GroupRoles == nil {
		in.GroupRoles = map[string][]string{}
	}
}

func (s *Service) validateSettings(t *tenant.Tenant, in SettingsInput) error {
	if err := bondgenoten.ValidateOn(in, bondgenoten.TodayOn(s.Clock)); err != nil {
		return err
	}
	fields := map[string]bondgenoten.FieldViolation{}
	if !validIssuer(in.Issuer) {
		fields["issuer"] = bondgenoten.FieldViolation{Rule: RuleIssuer}
	}
	if !slices.Contains(in.Scopes, "openid") {
		fields["scopes"] = bondgenoten.FieldViolation{Rule: RuleOpenIDScope}
	}
	for _, sc := range in.Scopes {
		if !scopePattern.MatchString(sc) {
			fields["scopes"] = bondgenoten.FieldViolation{Rule: RuleScope}
		}
	}
	for _, d := range in.EmailDomains {
		if !domainPattern.MatchString(d) {
			fields["emailDomains"] = bondgenoten.FieldViolation{Rule: RuleDomain, Param: d}
		}
	}
	allowed := authz.RolesFor(t.Kind)
	for group, roles := range in.GroupRoles {
		for _, r := range roles {
			if !slices.Contains(allowed, authz.Role(r)) {
				fields["groupRoles."+group] = bondgenoten.FieldViolation{Rule: RuleRole, Param: rolesParam(allowed)}
			}
		}
	}
	if len(fields) > 0 {
		return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "invalid SSO settings", Fields: fields}
	}
	return nil
}

func rolesParam(roles []authz.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, " ")
}

// validIssuer accepts https URLs, and plain http only on loopback (the
// built-in demo provider and tests).
func validIssuer(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

// TenantForEmail finds the tenant that owns an email address's domain, for
// "sign in with your work email". ENOTFOUND when no tenant claims it.
func (s *Service) TenantForEmail(ctx context.Context, email string) (*tenant.Tenant, error) {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if !ok || domain == "" {
		return nil, bondgenoten.Invalid("email", bondgenoten.RuleEmail, "")
	}
	var tenantID uuid.UUID
	if err := s.DB.For(ctx).NewSelect().Model((*emailDomain)(nil)).Column("tenant_id").
		Where("domain = ?", domain).Scan(ctx, &tenantID); err != nil {
		return nil, store.MapError(err)
	}
	t, err := s.Tenants.Get(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if t.Status != tenant.StatusActive {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "tenant not active")
	}
	return t, nil
}
