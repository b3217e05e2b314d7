package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// NewColleague is the demo's new colleague in Amersfoort, halfway through
// her network introduction (devidp.IntroductionUsers).
const NewColleague = "nieuwe-collega@amersfoort.demo"

// SeedIntroductions gives Amersfoort a new colleague, Noor, who started
// four weeks ago in the staff group and is halfway through her
// introduction: she met half of the active allies (each with the day, how
// and a note, introduced by the ally's relationship owner where there is
// one), read the goals and the guide, and met the crisis-organisation
// liaison. Her account exists before her first sign-in, as the demo
// provider's subject at issuer, so signing in as her shows it. Call it
// after SeedSSO; it does nothing once she exists.
func SeedIntroductions(ctx context.Context, introductions *introduction.Service, networks *network.Service, tenants *tenant.Service, issuer string) error {
	t, err := tenants.GetBySlug(ctx, "amersfoort")
	if err != nil {
		return err
	}
	db := introductions.DB.Unscoped()
	subject := "demo|" + NewColleague
	exists, err := db.NewSelect().Model((*identity.User)(nil)).Where("tenant_id = ? AND issuer = ? AND subject = ?", t.ID, issuer, subject).Exists(ctx)
	if err != nil || exists {
		return err
	}
	today := bondgenoten.TodayOn(introductions.Clock)
	on := func(daysAgo int) *introduction.Service {
		d := today.AddDays(-daysAgo)
		when := time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, bondgenoten.Amsterdam)
		return &introduction.Service{DB: introductions.DB, Clock: bondgenoten.ClockFunc(func() time.Time { return when })}
	}
	started := time.Date(today.Year, today.Month, today.Day, 9, 0, 0, 0, bondgenoten.Amsterdam).AddDate(0, 0, -28).UTC()
	u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: t.ID, Issuer: issuer, Subject: subject, Email: NewColleague,
		Name: "Noor de Vries (demo, nieuwe collega) — amersfoort", Status: identity.StatusActive, CreatedAt: started, UpdatedAt: started}
	if _, err := db.NewInsert().Model(u).Exec(ctx); err != nil {
		return fmt.Errorf("demo new colleague: %w", err)
	}
	ra := &identity.RoleAssignment{UserID: u.ID, TenantID: t.ID, Role: "staff", Source: identity.SourceGroup, CreatedAt: started}
	if _, err := db.NewInsert().Model(ra).Exec(ctx); err != nil {
		return fmt.Errorf("demo new colleague's role: %w", err)
	}
	// Gaining the role four weeks ago started her programmes.
	if err := on(28).ReconcileStaff(ctx, t.ID, u.ID); err != nil {
		return err
	}
	nets, err := networks.List(ctx, []uuid.UUID{t.ID})
	if err != nil || len(nets) == 0 {
		return err
	}
	mine, err := introductions.Mine(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, p := range mine {
		if p.NetworkID != nets[0].ID {
			continue
		}
		d, err := introductions.Detail(ctx, p.NetworkID, p.ID)
		if err != nil {
			return err
		}
		modes := []introduction.Mode{introduction.InPerson, introduction.Phone, introduction.Video}
		notes := []string{
			"Kennisgemaakt bij de koffie na het vrijdaggebed; vertelde over de zorgen om jongeren.",
			"Telefonisch voorgesteld; wil graag eens meelopen met de wijkagent.",
			"Via video; legt contacten met de ouders op de basisschool.",
			"Samen met de relatiebeheerder op bezoek geweest.",
		}
		half := (len(d.Allies) + 1) / 2
		for i, a := range d.Allies[:half] {
			in := introduction.ContactInput{AllyID: a.AllyID, MetOn: today.AddDays(-25 + 5*i%24), Mode: modes[i%len(modes)], Note: notes[i%len(notes)]}
			if len(a.Suggested) > 0 {
				in.IntroducedBy = &a.Suggested[0].UserID
			}
			if _, err := introductions.LogContact(ctx, p.NetworkID, p.ID, u.ID, in); err != nil {
				return fmt.Errorf("demo contact moment: %w", err)
			}
		}
		for step, daysAgo := range map[introduction.Step]int{introduction.StepGuide: 26, introduction.StepLiaison: 14} {
			if _, err := introductions.CompleteStep(ctx, p.NetworkID, p.ID, u.ID, step, introduction.StepInput{DoneOn: today.AddDays(-daysAgo),
				Note: "Doorgenomen in de eerste weken."}); err != nil {
				return fmt.Errorf("demo step %s: %w", step, err)
			}
		}
	}
	return nil
}
