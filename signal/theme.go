package signal

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
)

// nationalTheme is one theme of the fixed national list: the same keys in
// every network, so a region's tension picture compares like with like.
type nationalTheme struct{ key, nl, en string }

// nationalThemes is seeded with Dutch practice (docs/decisions/0007).
var nationalThemes = []nationalTheme{
	{"asylum-reception", "Asielopvang", "Asylum reception"},
	{"demonstration", "Demonstratie", "Demonstration"},
	{"polarisation", "Polarisatie", "Polarisation"},
	{"youth", "Jongeren", "Youth"},
	{"incident", "Incident of aanslag", "Incident or attack"},
	{"international", "Internationale gebeurtenis", "International event"},
	{"discrimination", "Discriminatie", "Discrimination"},
	{"radicalisation", "Radicalisering", "Radicalisation"},
	{"lgbti", "Acceptatie lhbti+", "LGBTI acceptance"},
	{"grief", "Rouw en herdenking", "Grief and commemoration"},
	{"online", "Onrust online", "Online unrest"},
	{"other", "Overig", "Other"},
}

// NationalThemeKeys lists the keys of the national themes in order.
func NationalThemeKeys() []string {
	out := make([]string, len(nationalThemes))
	for i, t := range nationalThemes {
		out[i] = t.key
	}
	return out
}

// Theme is a theme a signal can have: national, or the network's own.
type Theme struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	National bool   `json:"national"`
	Archived bool   `json:"archived"`
}

// ownTheme is a theme a network's coordinators added.
type ownTheme struct {
	bun.BaseModel `bun:"table:signal_themes"`

	ID         uuid.UUID  `bun:"id,pk,type:uuid"`
	NetworkID  uuid.UUID  `bun:"network_id,type:uuid"`
	Label      string     `bun:"label"`
	ArchivedAt *time.Time `bun:"archived_at"`
	CreatedAt  time.Time  `bun:"created_at"`
}

func (t *ownTheme) theme() Theme {
	return Theme{Key: t.ID.String(), Label: t.Label, Archived: t.ArchivedAt != nil}
}

func isEnglish(lang language.Tag) bool {
	base, _ := lang.Base()
	return base.String() == "en"
}

// Themes lists the national themes (labelled in lang) and then the
// network's own, archived ones included.
func (s *Service) Themes(ctx context.Context, networkID uuid.UUID, lang language.Tag) ([]Theme, error) {
	out := make([]Theme, 0, len(nationalThemes)+4)
	for _, t := range nationalThemes {
		label := t.nl
		if isEnglish(lang) {
			label = t.en
		}
		out = append(out, Theme{Key: t.key, Label: label, National: true})
	}
	var own []ownTheme
	if err := s.DB.For(ctx).NewSelect().Model(&own).Where("network_id = ?", networkID).OrderExpr("label, id").Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for i := range own {
		out = append(out, own[i].theme())
	}
	return out, nil
}

// themeLabels maps every theme key of the network to its label in lang.
func (s *Service) themeLabels(ctx context.Context, db bun.IDB, networkIDs []uuid.UUID, lang language.Tag) (map[string]string, error) {
	out := map[string]string{}
	for _, t := range nationalThemes {
		out[t.key] = t.nl
		if isEnglish(lang) {
			out[t.key] = t.en
		}
	}
	if len(networkIDs) == 0 {
		return out, nil
	}
	var own []ownTheme
	if err := db.NewSelect().Model(&own).Where("network_id IN (?)", bun.In(networkIDs)).Scan(ctx); err != nil {
		return nil, store.MapError(err)
	}
	for _, t := range own {
		out[t.ID.String()] = t.Label
	}
	return out, nil
}

// ThemeInput adds a theme of the network's own.
type ThemeInput struct {
	Label string `json:"label" validate:"required,max=100"`
}

// AddTheme adds a theme of the network's own. Its label may not be the
// label of another theme of the network, national ones included.
func (s *Service) AddTheme(ctx context.Context, networkID uuid.UUID, in ThemeInput) (*Theme, error) {
	in.Label = strings.TrimSpace(in.Label)
	if err := s.validate(in); err != nil {
		return nil, err
	}
	for _, t := range nationalThemes {
		if strings.EqualFold(t.nl, in.Label) || strings.EqualFold(t.en, in.Label) {
			return nil, bondgenoten.Invalid("label", bondgenoten.RuleUnique, "")
		}
	}
	row := &ownTheme{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, Label: in.Label, CreatedAt: s.now()}
	db := s.DB.For(ctx)
	var same []string
	if err := db.NewSelect().Model((*ownTheme)(nil)).Column("label").Where("network_id = ?", networkID).Scan(ctx, &same); err != nil {
		return nil, store.MapError(err)
	}
	for _, l := range same {
		if strings.EqualFold(l, in.Label) {
			return nil, bondgenoten.Invalid("label", bondgenoten.RuleUnique, "")
		}
	}
	if _, err := db.NewInsert().Model(row).Exec(ctx); err != nil {
		if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ECONFLICT {
			return nil, bondgenoten.Invalid("label", bondgenoten.RuleUnique, "")
		}
		return nil, store.MapError(err)
	}
	t := row.theme()
	return &t, nil
}

// SetThemeArchived archives or restores a theme of the network's own.
// Themes are never deleted: signals keep theirs readable. The national
// list cannot be archived (RuleNationalTheme).
func (s *Service) SetThemeArchived(ctx context.Context, networkID uuid.UUID, key string, archived bool) (*Theme, error) {
	for _, t := range nationalThemes {
		if t.key == key {
			return nil, bondgenoten.Invalid("key", RuleNationalTheme, "")
		}
	}
	id, err := uuid.Parse(key)
	if err != nil {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such theme")
	}
	row := new(ownTheme)
	err = s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(row).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
			return err
		}
		row.ArchivedAt = nil
		if archived {
			now := s.now()
			row.ArchivedAt = &now
		}
		_, err := tx.NewUpdate().Model(row).WherePK().Column("archived_at").Exec(ctx)
		return err
	})
	if err != nil {
		return nil, store.MapError(err)
	}
	t := row.theme()
	return &t, nil
}

// checkTheme refuses a theme the network does not have, or one archived.
// Keeping a signal's archived theme on an edit is allowed.
func checkTheme(ctx context.Context, db bun.IDB, networkID uuid.UUID, key, keep string) error {
	for _, t := range nationalThemes {
		if t.key == key {
			return nil
		}
	}
	id, err := uuid.Parse(key)
	if err != nil {
		return bondgenoten.Invalid("theme", RuleTheme, "")
	}
	var row ownTheme
	if err := db.NewSelect().Model(&row).Where("id = ? AND network_id = ?", id, networkID).Scan(ctx); err != nil {
		if bondgenoten.ErrorCode(store.MapError(err)) == bondgenoten.ENOTFOUND {
			return bondgenoten.Invalid("theme", RuleTheme, "")
		}
		return store.MapError(err)
	}
	if row.ArchivedAt != nil && key != keep {
		return bondgenoten.Invalid("theme", RuleTheme, "")
	}
	return nil
}
