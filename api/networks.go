package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/crisis"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/network"
)

// Networks span tenants: authorize (scopeNetwork) has found the network's
// active partners and checked the caller's permission in at least one.

type partnerJSON struct {
	Tenant           directoryEntryJSON `json:"tenant"`
	JoinedAt         time.Time          `json:"joinedAt"`
	LeaveRequestedAt *time.Time         `json:"leaveRequestedAt"`
	LeftAt           *time.Time         `json:"leftAt"`
	Active           bool               `json:"active"`
	Coordinators     []identity.Person  `json:"coordinators"`
	Staff            []identity.Person  `json:"staff"`
}

type networkJSON struct {
	ID                    uuid.UUID     `json:"id"`
	Name                  string        `json:"name"`
	Level                 network.Level `json:"level"`
	Area                  string        `json:"area"`
	Goals                 string        `json:"goals"`
	Expectations          string        `json:"expectations"`
	Phase                 network.Phase `json:"phase"`
	MaxActiveAllies       int           `json:"maxActiveAllies"`
	TargetMeetingsPerYear int           `json:"targetMeetingsPerYear"`
	PlanNextWithinDays    int           `json:"planNextWithinDays"`
	SignalFeedbackDays    int           `json:"signalFeedbackDays"`
	// EvaluationIntervalMonths: how often the network evaluates (3–12).
	EvaluationIntervalMonths int           `json:"evaluationIntervalMonths"`
	CreatedAt                time.Time     `json:"createdAt"`
	UpdatedAt                time.Time     `json:"updatedAt"`
	Partners                 []partnerJSON `json:"partners"`
	// OverseenBy are the bureaus that see this network's figures today,
	// through an accepted oversight relation with one of its partners.
	OverseenBy []directoryEntryJSON `json:"overseenBy"`
	// Permissions are what the caller may do in this network, category →
	// actions, as authz decides it: the web app shows what they allow and
	// never re-derives them.
	Permissions map[string][]string `json:"permissions"`
	// ActiveCrisis is the network's active crisis, for the banner every
	// page of the network shows; null when there is none.
	ActiveCrisis *crisisBannerJSON `json:"activeCrisis"`
}

// toNetworkJSON names each partner and its coordinators.
func (s *Server) toNetworkJSON(c echo.Context, n *network.Network, partners []network.Partner) (networkJSON, error) {
	out, err := s.networksJSON(c, []network.Network{*n}, map[uuid.UUID][]network.Partner{n.ID: partners})
	if err != nil {
		return networkJSON{}, err
	}
	return out[0], nil
}

// networksJSON builds the read model of many networks in a bounded number
// of queries, however many networks and partners there are: the partner
// tenants, their coordinators and staff, and the bureaus overseeing them
// are each fetched once for all.
func (s *Server) networksJSON(c echo.Context, list []network.Network, partners map[uuid.UUID][]network.Partner) ([]networkJSON, error) {
	ctx := c.Request().Context()
	var ids, active []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, n := range list {
		for _, p := range partners[n.ID] {
			if !seen[p.TenantID] {
				seen[p.TenantID] = true
				ids = append(ids, p.TenantID)
			}
			if p.Active() {
				active = append(active, p.TenantID)
			}
		}
	}
	tenants, err := s.cfg.Tenants.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	coordinators, err := s.cfg.Identity.HoldersOf(ctx, ids, string(authz.Coordinator))
	if err != nil {
		return nil, err
	}
	staff, err := s.cfg.Identity.HoldersOf(ctx, ids, string(authz.Staff))
	if err != nil {
		return nil, err
	}
	bureaus, err := s.cfg.Tenants.BureausOverseeing(ctx, active, s.today())
	if err != nil {
		return nil, err
	}
	netIDs := make([]uuid.UUID, len(list))
	for i, n := range list {
		netIDs[i] = n.ID
	}
	crises, err := crisis.ActiveIn(ctx, s.cfg.DB.For(ctx), netIDs)
	if err != nil {
		return nil, err
	}
	out := make([]networkJSON, 0, len(list))
	for _, n := range list {
		nj := networkJSON{n.ID, n.Name, n.Level, n.Area, n.Goals, n.Expectations, n.Phase, n.MaxActiveAllies,
			n.TargetMeetingsPerYear, n.PlanNextWithinDays, n.SignalFeedbackDays, n.EvaluationIntervalMonths, n.CreatedAt, n.UpdatedAt,
			make([]partnerJSON, 0, len(partners[n.ID])), []directoryEntryJSON{}, nil, toCrisisBanner(crises[n.ID])}
		var activeHere []uuid.UUID
		named := map[string]bool{}
		for _, p := range partners[n.ID] {
			t, ok := tenants[p.TenantID]
			if !ok {
				return nil, bondgenoten.Errorf(bondgenoten.EINTERNAL, "partner tenant %s missing", p.TenantID)
			}
			nj.Partners = append(nj.Partners, partnerJSON{directoryEntryJSON{t.Slug, t.Name, t.Kind}, p.JoinedAt,
				p.LeaveRequestedAt, p.LeftAt, p.Active(), orEmpty(coordinators[p.TenantID]), orEmpty(staff[p.TenantID])})
			if !p.Active() {
				continue
			}
			activeHere = append(activeHere, p.TenantID)
			for _, b := range bureaus[p.TenantID] {
				if !named[b.Slug] {
					named[b.Slug] = true
					nj.OverseenBy = append(nj.OverseenBy, directoryEntryJSON{b.Slug, b.Name, b.Kind})
				}
			}
		}
		slices.SortFunc(nj.OverseenBy, func(a, b directoryEntryJSON) int { return strings.Compare(a.Name, b.Name) })
		user := currentUser(c)
		nj.Permissions = s.cfg.Authz.NetworkPermissions(user.ID, user.TenantID, activeHere)
		// The partners' staff are named to those who work with the allies;
		// a bureau or a crisis liaison gets the coordinators as contacts.
		if !slices.Contains(nj.Permissions[string(authz.Contacts)], string(authz.Read)) {
			for i := range nj.Partners {
				nj.Partners[i].Staff = []identity.Person{}
			}
		}
		out = append(out, nj)
	}
	return out, nil
}

// listNetworks: the networks of every tenant where the caller may read org
// data — their own, and for bureau people the tenants their bureau oversees.
func (s *Server) listNetworks(c echo.Context) error {
	ctx := c.Request().Context()
	tenants := s.cfg.Authz.TenantsWhere(currentUser(c).ID, authz.Org, authz.Read)
	list, err := s.cfg.Networks.List(ctx, tenants)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	partners, err := s.cfg.Networks.PartnersOf(ctx, ids)
	if err != nil {
		return err
	}
	out, err := s.networksJSON(c, list, partners)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "next": nil})
}

func (s *Server) createNetwork(c echo.Context) error {
	var in network.CreateInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	n, partners, err := s.cfg.Networks.Create(c.Request().Context(), currentUser(c).TenantID, in)
	if err != nil {
		return err
	}
	out, err := s.toNetworkJSON(c, n, partners)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+n.ID.String())
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) getNetwork(c echo.Context) error {
	n, partners, err := s.cfg.Networks.Get(c.Request().Context(), currentNetworkID(c))
	if err != nil {
		return err
	}
	out, err := s.toNetworkJSON(c, n, partners)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) updateNetwork(c echo.Context) error {
	var in network.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if _, err := s.cfg.Networks.Update(c.Request().Context(), currentNetworkID(c), in); err != nil {
		return err
	}
	return s.getNetwork(c)
}

type partnerInput struct {
	Tenant string `json:"tenant" validate:"required,max=63"`
}

func (s *Server) addNetworkPartner(c echo.Context) error {
	var in partnerInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.validate(in); err != nil {
		return err
	}
	if _, err := s.cfg.Networks.AddPoliceUnit(c.Request().Context(), currentNetworkID(c), in.Tenant); err != nil {
		return err
	}
	return s.getNetwork(c)
}

// partnerAction runs a leave step for the :tenant partner. Only the
// partner itself asks to leave or withdraws; only the other side confirms.
func (s *Server) partnerAction(step string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		user := currentUser(c)
		partner, err := s.cfg.Tenants.GetBySlug(ctx, c.Param("tenant"))
		if err != nil {
			return err
		}
		id := currentNetworkID(c)
		own := partner.ID == user.TenantID
		switch step {
		case "leave", "withdraw-leave":
			if !own {
				return bondgenoten.Errorf(bondgenoten.EFORBIDDEN, "only the partner itself asks to leave")
			}
			if step == "leave" {
				_, err = s.cfg.Networks.RequestLeave(ctx, id, partner.ID)
			} else {
				_, err = s.cfg.Networks.WithdrawLeave(ctx, id, partner.ID)
			}
		case "confirm-leave":
			_, err = s.cfg.Networks.ConfirmLeave(ctx, id, partner.ID, user.TenantID)
		}
		if err != nil {
			return err
		}
		return s.getNetwork(c)
	}
}

func currentNetworkID(c echo.Context) uuid.UUID {
	id, _ := c.Get(ctxNetwork).(uuid.UUID)
	return id
}

func orEmpty(people []identity.Person) []identity.Person {
	if people == nil {
		return []identity.Person{}
	}
	return people
}
