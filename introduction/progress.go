package introduction

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Progress is how far a programme is. The allies to meet are the network's
// active allies now (one who joined later is to be met too, one who left
// no longer counts); the meeting is done when the person is on the
// attendance of a held meeting since the programme started.
type Progress struct {
	AlliesMet   int    `json:"alliesMet"`
	AlliesTotal int    `json:"alliesTotal"`
	MeetingDone bool   `json:"meetingDone"`
	StepsDone   []Step `json:"stepsDone"`
	Done        int    `json:"done"`
	Total       int    `json:"total"`
	Percent     int    `json:"percent"`
}

// Complete reports whether every step is done.
func (p Progress) Complete() bool { return p.Done >= p.Total }

// facts is what progress is computed from, for programmes of one network.
type facts struct {
	active   []ally.Ally
	contacts map[uuid.UUID][]Contact  // by programme
	steps    map[uuid.UUID][]StepDone // by programme
	attended map[uuid.UUID]*meeting.Presence
}

// factsOf reads what the progress of progs (all of networkID) needs, in a
// handful of queries on db.
func factsOf(ctx context.Context, db bun.IDB, networkID uuid.UUID, progs []Programme) (*facts, error) {
	f := &facts{contacts: map[uuid.UUID][]Contact{}, steps: map[uuid.UUID][]StepDone{}, attended: map[uuid.UUID]*meeting.Presence{}}
	var err error
	if f.active, err = ally.ActiveIn(ctx, db, networkID); err != nil {
		return nil, err
	}
	if len(progs) == 0 {
		return f, nil
	}
	ids := make([]uuid.UUID, 0, len(progs))
	userIDs, tenantIDs := []uuid.UUID{}, []uuid.UUID{}
	earliest := progs[0].StartedOn
	for _, p := range progs {
		ids = append(ids, p.ID)
		userIDs = append(userIDs, p.UserID)
		tenantIDs = append(tenantIDs, p.TenantID)
		if p.StartedOn.Before(earliest) {
			earliest = p.StartedOn
		}
	}
	var contacts []Contact
	if err := db.NewSelect().Model(&contacts).Where("programme_id IN (?)", bun.In(ids)).OrderExpr("met_on, ally_id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, c := range contacts {
		f.contacts[c.ProgrammeID] = append(f.contacts[c.ProgrammeID], c)
	}
	var steps []StepDone
	if err := db.NewSelect().Model(&steps).Where("programme_id IN (?)", bun.In(ids)).OrderExpr("step").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, st := range steps {
		f.steps[st.ProgrammeID] = append(f.steps[st.ProgrammeID], st)
	}
	users, err := identity.UsersIn(ctx, db, userIDs)
	if err != nil {
		return nil, err
	}
	tenants, err := tenant.TenantsIn(ctx, db, tenantIDs)
	if err != nil {
		return nil, err
	}
	present := map[meeting.Party][]meeting.Presence{}
	for _, p := range progs {
		party := partyOf(tenants[p.TenantID])
		if _, ok := present[party]; !ok {
			if present[party], err = meeting.PresentSinceIn(ctx, db, networkID, party, startOfDay(earliest)); err != nil {
				return nil, err
			}
		}
		u := users[p.UserID]
		if u == nil {
			continue
		}
		for i, m := range present[party] {
			if !m.StartsAt.Before(startOfDay(p.StartedOn)) && (sameName(m.Name, u.Name) || sameName(m.Name, u.Email)) {
				f.attended[p.ID] = &present[party][i]
				break
			}
		}
	}
	return f, nil
}

// progress of p from f.
func (f *facts) progress(p *Programme) Progress {
	out := Progress{AlliesTotal: len(f.active), StepsDone: []Step{}}
	met := map[uuid.UUID]bool{}
	for _, c := range f.contacts[p.ID] {
		met[c.AllyID] = true
	}
	for _, a := range f.active {
		if met[a.ID] {
			out.AlliesMet++
		}
	}
	out.MeetingDone = f.attended[p.ID] != nil
	if out.MeetingDone {
		out.StepsDone = append(out.StepsDone, StepMeeting)
	}
	for _, st := range f.steps[p.ID] {
		out.StepsDone = append(out.StepsDone, st.Step)
	}
	out.Total = out.AlliesTotal + 1 + len(ManualSteps)
	out.Done = out.AlliesMet + len(out.StepsDone)
	out.Percent = out.Done * 100 / out.Total
	return out
}

// Summary is a programme with its progress and the names around it.
type Summary struct {
	*Programme
	NetworkName string
	PersonName  string
	Progress    Progress
}

// summaries returns progs with their progress, in the order given.
func summaries(ctx context.Context, db bun.IDB, progs []Programme) ([]Summary, error) {
	out := make([]Summary, 0, len(progs))
	byNetwork := map[uuid.UUID][]Programme{}
	var netIDs, userIDs []uuid.UUID
	for _, p := range progs {
		if _, ok := byNetwork[p.NetworkID]; !ok {
			netIDs = append(netIDs, p.NetworkID)
		}
		byNetwork[p.NetworkID] = append(byNetwork[p.NetworkID], p)
		userIDs = append(userIDs, p.UserID)
	}
	nets, err := network.NetworksIn(ctx, db, netIDs)
	if err != nil {
		return nil, err
	}
	users, err := identity.UsersIn(ctx, db, userIDs)
	if err != nil {
		return nil, err
	}
	fs := map[uuid.UUID]*facts{}
	for nid, list := range byNetwork {
		if fs[nid], err = factsOf(ctx, db, nid, list); err != nil {
			return nil, err
		}
	}
	for i := range progs {
		p := &progs[i]
		s := Summary{Programme: p, Progress: fs[p.NetworkID].progress(p)}
		if n := nets[p.NetworkID]; n != nil {
			s.NetworkName = n.Name
		}
		if u := users[p.UserID]; u != nil {
			s.PersonName = u.DisplayName()
		}
		out = append(out, s)
	}
	return out, nil
}

// Mine lists the programmes of a person, newest first, with progress.
func (s *Service) Mine(ctx context.Context, userID uuid.UUID) ([]Summary, error) {
	db := s.DB.For(ctx)
	var progs []Programme
	if err := db.NewSelect().Model(&progs).Where("user_id = ?", userID).OrderExpr("started_on DESC, id DESC").Limit(200).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return summaries(ctx, db, progs)
}

// List lists the network's programmes of people of the tenants among
// tenantIDs (nil: of every tenant), open ones first, then newest first.
func (s *Service) List(ctx context.Context, networkID uuid.UUID, tenantIDs []uuid.UUID) ([]Summary, error) {
	db := s.DB.For(ctx)
	progs := []Programme{}
	q := db.NewSelect().Model(&progs).Where("network_id = ?", networkID).
		OrderExpr("CASE WHEN status = 'open' THEN 0 ELSE 1 END, started_on DESC, id DESC").Limit(500)
	if tenantIDs != nil {
		if len(tenantIDs) == 0 {
			return []Summary{}, nil
		}
		q = q.Where("tenant_id IN (?)", bun.In(tenantIDs))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return summaries(ctx, db, progs)
}

// Get returns one programme of the network, without its detail.
func (s *Service) Get(ctx context.Context, networkID, id uuid.UUID) (*Programme, error) {
	p := new(Programme)
	if err := s.DB.For(ctx).NewSelect().Model(p).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	return p, nil
}

// Introducer is a colleague suggested to introduce the new one to an ally:
// the ally's relationship owner.
type Introducer struct {
	UserID uuid.UUID `json:"userId"`
	Name   string    `json:"name"`
}

// AllyStep is one ally to meet.
type AllyStep struct {
	AllyID       uuid.UUID    `json:"allyId"`
	Name         string       `json:"name"`
	Organisation string       `json:"organisation"`
	Constituency string       `json:"constituency"`
	Suggested    []Introducer `json:"suggested"`
	Contact      *Contact     `json:"contact"`
	// Contact details, on the printable sheet only.
	Mobile           string `json:"-"`
	Email            string `json:"-"`
	ContactPermitted bool   `json:"-"`
}

// MeetingStep says whether the person attended and which meeting is next.
type MeetingStep struct {
	Done         bool       `json:"done"`
	AttendedOn   *time.Time `json:"attendedOn"`
	NextID       *uuid.UUID `json:"nextId"`
	NextStartsAt *time.Time `json:"nextStartsAt"`
	NextPlace    string     `json:"nextPlace"`
}

// Detail is a programme with all its steps.
type Detail struct {
	Summary
	Goals        string
	Expectations string
	Allies       []AllyStep
	Meeting      MeetingStep
	Steps        []StepDone
	Liaisons     []Introducer // crisis-organisation liaisons of the person's organisation
	Partners     []string     // the other partner organisations of the network
}

// Detail returns one programme of the network with everything in it.
func (s *Service) Detail(ctx context.Context, networkID, id uuid.UUID) (*Detail, error) {
	return s.detail(ctx, s.DB.For(ctx), networkID, id)
}

func (s *Service) detail(ctx context.Context, db bun.IDB, networkID, id uuid.UUID) (*Detail, error) {
	p := new(Programme)
	if err := db.NewSelect().Model(p).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	sums, err := summaries(ctx, db, []Programme{*p})
	if err != nil {
		return nil, err
	}
	d := &Detail{Summary: sums[0], Allies: []AllyStep{}, Steps: []StepDone{}, Liaisons: []Introducer{}, Partners: []string{}}
	nets, err := network.NetworksIn(ctx, db, []uuid.UUID{networkID})
	if err != nil {
		return nil, err
	}
	if n := nets[networkID]; n != nil {
		d.Goals, d.Expectations = n.Goals, n.Expectations
	}
	f, err := factsOf(ctx, db, networkID, []Programme{*p})
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, 0, len(f.active))
	for _, a := range f.active {
		ids = append(ids, a.ID)
	}
	owners, err := ally.OwnersOfIn(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	var ownerIDs []uuid.UUID
	for _, os := range owners {
		for _, o := range os {
			ownerIDs = append(ownerIDs, o.UserID)
		}
	}
	liaisons, err := identity.HoldersIn(ctx, db, p.TenantID, string(authz.CrisisLiaison))
	if err != nil {
		return nil, err
	}
	people, err := identity.UsersIn(ctx, db, append(ownerIDs, liaisons...))
	if err != nil {
		return nil, err
	}
	contactOf := map[uuid.UUID]*Contact{}
	for i, c := range f.contacts[p.ID] {
		contactOf[c.AllyID] = &f.contacts[p.ID][i]
	}
	for _, a := range f.active {
		st := AllyStep{AllyID: a.ID, Name: a.Name, Organisation: a.Organisation, Constituency: a.Constituency,
			Suggested: []Introducer{}, Contact: contactOf[a.ID], Mobile: a.Mobile, Email: a.Email, ContactPermitted: a.ContactPermitted}
		// The owner on the person's own side first.
		os := slices.Clone(owners[a.ID])
		slices.SortStableFunc(os, func(x, y ally.OwnerRef) int {
			return boolInt(x.TenantID != p.TenantID) - boolInt(y.TenantID != p.TenantID)
		})
		for _, o := range os {
			if u := people[o.UserID]; u != nil && u.Status == identity.StatusActive && o.UserID != p.UserID {
				st.Suggested = append(st.Suggested, Introducer{u.ID, u.DisplayName()})
			}
		}
		d.Allies = append(d.Allies, st)
	}
	if m := f.attended[p.ID]; m != nil {
		at := m.StartsAt.UTC()
		d.Meeting = MeetingStep{Done: true, AttendedOn: &at}
	} else if next, err := meeting.NextPlannedIn(ctx, db, networkID, s.now()); err != nil {
		return nil, err
	} else if next != nil {
		at := next.StartsAt.UTC()
		d.Meeting = MeetingStep{NextID: &next.ID, NextStartsAt: &at, NextPlace: next.Place}
	}
	d.Steps = append(d.Steps, f.steps[p.ID]...)
	for _, id := range liaisons {
		if u := people[id]; u != nil && id != p.UserID {
			d.Liaisons = append(d.Liaisons, Introducer{u.ID, u.DisplayName()})
		}
	}
	slices.SortFunc(d.Liaisons, func(a, b Introducer) int { return compareFold(a.Name, b.Name) })
	partners, err := network.ActivePartnersIn(ctx, db, []uuid.UUID{networkID})
	if err != nil {
		return nil, err
	}
	var others []uuid.UUID
	for _, t := range partners[networkID] {
		if t != p.TenantID {
			others = append(others, t)
		}
	}
	tenants, err := tenant.TenantsIn(ctx, db, others)
	if err != nil {
		return nil, err
	}
	for _, t := range others {
		if tn := tenants[t]; tn != nil {
			d.Partners = append(d.Partners, tn.Name)
		}
	}
	slices.Sort(d.Partners)
	return d, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notifyAdd tells recipients of tenantID about a programme in networkName.
func notifyAdd(ctx context.Context, db bun.IDB, clock bondgenoten.Clock, tenantID uuid.UUID, recipients []uuid.UUID, kind, networkName, personName string) error {
	params := map[string]string{"network": networkName}
	if personName != "" {
		params["person"] = personName
	}
	return notify.Add(ctx, db, clock, tenantID, recipients, notify.Message{Kind: kind, Params: params, Link: "/introductie"})
}
