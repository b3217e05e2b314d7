package api

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
)

// Allies live in a network: authorize (scopeNetwork) checked contacts or
// sensitive permission through the network's partners and audited it.

func (s *Server) listAllies(c echo.Context) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	page, err := s.cfg.Allies.Page(c.Request().Context(), currentNetworkID(c), ally.Filter{
		Status: ally.Status(c.QueryParam("status")), Query: c.QueryParam("q"), Limit: limit, Cursor: c.QueryParam("cursor"),
	})
	if err != nil {
		return err
	}
	list := page.Items
	ids := make([]uuid.UUID, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	owners, err := s.cfg.Allies.OwnersOf(c.Request().Context(), ids)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newPage(page, func(a *ally.Ally) allyJSON { return toAllyJSON(a, owners[a.ID]) }))
}

func (s *Server) createAlly(c echo.Context) error {
	var in ally.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.cfg.Allies.Create(c.Request().Context(), currentNetworkID(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/networks/"+a.NetworkID.String()+"/allies/"+a.ID.String())
	return s.allyResponse(c, http.StatusCreated, a)
}

func (s *Server) getAlly(c echo.Context) error {
	id, err := pathID(c, "allyId")
	if err != nil {
		return err
	}
	a, err := s.cfg.Allies.Get(c.Request().Context(), currentNetworkID(c), id)
	if err != nil {
		return err
	}
	return s.allyResponse(c, http.StatusOK, a)
}

func (s *Server) updateAlly(c echo.Context) error {
	id, err := pathID(c, "allyId")
	if err != nil {
		return err
	}
	var in ally.Input
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.cfg.Allies.Update(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return s.allyResponse(c, http.StatusOK, a)
}

func (s *Server) getAllySpecial(c echo.Context) error {
	id, err := pathID(c, "allyId")
	if err != nil {
		return err
	}
	v, err := s.cfg.Allies.GetSpecial(c.Request().Context(), currentNetworkID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) putAllySpecial(c echo.Context) error {
	id, err := pathID(c, "allyId")
	if err != nil {
		return err
	}
	var in ally.SpecialInput
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := s.cfg.Allies.PutSpecial(c.Request().Context(), currentNetworkID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

func (s *Server) getRepresentation(c echo.Context) error {
	// Special-category make-up only for those who may read the values.
	r, err := s.cfg.Allies.Representation(c.Request().Context(), currentNetworkID(c), s.mayReadInNetwork(c, authz.Sensitive))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// allyResponse answers one ally with its relationship owners.
func (s *Server) allyResponse(c echo.Context, status int, a *ally.Ally) error {
	owners, err := s.cfg.Allies.OwnersOf(c.Request().Context(), []uuid.UUID{a.ID})
	if err != nil {
		return err
	}
	return c.JSON(status, toAllyJSON(a, owners[a.ID]))
}

// allyJSON is an ally without the special-category attributes, which have
// their own route; HasSpecial says whether any are recorded. Its owners
// (with names) shadow the input's.
type allyJSON struct {
	ally.Input
	RelationshipOwners []ally.Owner `json:"relationshipOwners"`
	ID                 string       `json:"id"`
	NetworkID          string       `json:"networkId"`
	HasSpecial         bool         `json:"hasSpecialCategoryData"`
	CreatedAt          string       `json:"createdAt"`
	UpdatedAt          string       `json:"updatedAt"`
}

func toAllyJSON(a *ally.Ally, owners []ally.Owner) allyJSON {
	const ts = "2006-01-02T15:04:05.999999Z07:00"
	if owners == nil {
		owners = []ally.Owner{}
	}
	return allyJSON{
		RelationshipOwners: owners,
		Input: ally.Input{
			Name: a.Name, Mobile: a.Mobile, Email: a.Email, Organisation: a.Organisation, Constituency: a.Constituency,
			Neighbourhood: a.Neighbourhood, StartsOn: a.StartsOn, Status: a.Status, LeftOn: a.LeftOn, LeftReason: a.LeftReason,
			ContactPermitted: a.ContactPermitted, ConsentOn: a.ConsentOn, ConsentScope: a.ConsentScope, ConsentHow: a.ConsentHow,
			IntakeDone: a.IntakeDone, CodeOfConductSigned: a.CodeOfConductSigned, InterestsDeclared: a.InterestsDeclared,
			AgeBand: a.AgeBand, Gender: a.Gender,
		},
		ID: a.ID.String(), NetworkID: a.NetworkID.String(), HasSpecial: len(a.SpecialSealed) > 0,
		CreatedAt: a.CreatedAt.Format(ts), UpdatedAt: a.UpdatedAt.Format(ts),
	}
}

func (s *Server) getCoverage(c echo.Context) error {
	// Exact small counts only for those who see the allies themselves.
	cov, err := s.cfg.Allies.Coverage(c.Request().Context(), currentNetworkID(c), s.mayReadInNetwork(c, authz.Contacts))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cov)
}

func (s *Server) putFocus(c echo.Context) error {
	var in ally.Focus
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.cfg.Allies.PutFocus(c.Request().Context(), currentNetworkID(c), in); err != nil {
		return err
	}
	return s.getCoverage(c)
}
