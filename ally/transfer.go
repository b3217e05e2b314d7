package ally

import (
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally/sheet"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
)

// Format is a spreadsheet file format for importing and exporting allies.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// ParseFormat reads a format name as a client sends it ("csv", "XLSX").
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatCSV, FormatXLSX:
		return f, nil
	}
	return "", bondgenoten.Invalid("format", bondgenoten.RuleOneOf, "csv xlsx")
}

const (
	// MaxImportRows bounds one import (sheet.MaxRows): a network has tens
	// of allies, so a larger file is a mistake, and the whole file is
	// checked in memory and written in one transaction.
	MaxImportRows = sheet.MaxRows
	// sheetName is the XLSX sheet Export writes.
	sheetName = "Bondgenoten"
)

// RowError is one rule a row of an import file breaks. Row is the
// spreadsheet's row number, header included, so the first data row is 2;
// Field is the JSON field name (as in the API's errors), or "" for the row.
type RowError struct {
	Row   int              `json:"row"`
	Field string           `json:"field"`
	Rule  bondgenoten.Rule `json:"rule"`
	Param string           `json:"param,omitempty"`
}

// ImportReport tells what an import found and did: all errors of all rows,
// so a coordinator can fix the file in one go.
type ImportReport struct {
	Rows    int        `json:"rows"`    // data rows, blank rows not counted
	Valid   int        `json:"valid"`   // rows without errors
	Created int        `json:"created"` // allies written; 0 on a dry run or any error
	Errors  []RowError `json:"errors"`
}

// column is one spreadsheet column: its Dutch header (what Export writes),
// the Input field it fills (whose JSON name is also accepted as a header),
// and how a value is written and read.
type column struct {
	header string
	field  string
	date   bool // holds days; an XLSX may give them as serial numbers
	get    func(*Input) string
	set    func(*Input, string) *bondgenoten.FieldViolation
}

// columns in export order. Special-category data is absent on purpose: it
// needs explicit consent per ally and must not travel in files.
var columns = []column{
	textColumn("naam", "name", func(in *Input) *string { return &in.Name }),
	textColumn("mobiel", "mobile", func(in *Input) *string { return &in.Mobile }),
	textColumn("e-mail", "email", func(in *Input) *string { return &in.Email }),
	textColumn("organisatie", "organisation", func(in *Input) *string { return &in.Organisation }),
	textColumn("achterban", "constituency", func(in *Input) *string { return &in.Constituency }),
	textColumn("wijk", "neighbourhood", func(in *Input) *string { return &in.Neighbourhood }),
	dateColumn("startdatum", "startsOn", func(in *Input) **bondgenoten.Date { return &in.StartsOn }),
	{header: "status", field: "status", get: getStatus, set: setStatus},
	dateColumn("vertrokken_op", "leftOn", func(in *Input) **bondgenoten.Date { return &in.LeftOn }),
	textColumn("reden_vertrek", "leftReason", func(in *Input) *string { return &in.LeftReason }),
	flagColumn("contact_toegestaan", "contactPermitted", func(in *Input) *bool { return &in.ContactPermitted }),
	dateColumn("toestemming_op", "consentOn", func(in *Input) **bondgenoten.Date { return &in.ConsentOn }),
	textColumn("toestemming_reikwijdte", "consentScope", func(in *Input) *string { return &in.ConsentScope }),
	textColumn("toestemming_hoe", "consentHow", func(in *Input) *string { return &in.ConsentHow }),
	flagColumn("intakegesprek", "intakeDone", func(in *Input) *bool { return &in.IntakeDone }),
	flagColumn("gedragscode", "codeOfConductSigned", func(in *Input) *bool { return &in.CodeOfConductSigned }),
	flagColumn("belangenverklaring", "interestsDeclared", func(in *Input) *bool { return &in.InterestsDeclared }),
	textColumn("leeftijd", "ageBand", func(in *Input) *string { return &in.AgeBand }),
	{header: "gender", field: "gender", get: getGender, set: setGender},
}

// columnByKey finds a column by its Dutch header or English field name,
// compared by headerKey.
var columnByKey = func() map[string]int {
	m := map[string]int{}
	for i, c := range columns {
		m[headerKey(c.header)], m[headerKey(c.field)] = i, i
	}
	return m
}()

// headerKey folds what people vary in headers: case, spaces, "_" and "-"
// ("Vertrokken op", "vertrokken_op", "E-mail", "email").
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '\uFEFF' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// isDateColumn tells by its header whether a column holds dates; an
// unknown header is left for mapHeader to report.
func isDateColumn(header string) bool {
	c, ok := columnByKey[headerKey(header)]
	return ok && columns[c].date
}

func textColumn(header, field string, p func(*Input) *string) column {
	return column{header: header, field: field,
		get: func(in *Input) string { return *p(in) },
		set: func(in *Input, v string) *bondgenoten.FieldViolation { *p(in) = v; return nil },
	}
}

func dateColumn(header, field string, p func(*Input) **bondgenoten.Date) column {
	return column{header: header, field: field, date: true,
		get: func(in *Input) string {
			if d := *p(in); d != nil {
				return d.String()
			}
			return ""
		},
		set: func(in *Input, v string) *bondgenoten.FieldViolation {
			if v == "" {
				return nil
			}
			d, ok := parseDay(v)
			if !ok {
				return &bondgenoten.FieldViolation{Rule: bondgenoten.RuleDate}
			}
			*p(in) = &d
			return nil
		},
	}
}

// parseDay reads ISO days and the day-first days Dutch spreadsheets show
// ("15-01-2026", "5-1-2026").
func parseDay(v string) (bondgenoten.Date, bool) {
	if d, err := bondgenoten.ParseDate(v); err == nil {
		return d, true
	}
	t, err := time.Parse("2-1-2006", v)
	if err != nil {
		return bondgenoten.Date{}, false
	}
	y, m, d := t.Date()
	return bondgenoten.Date{Year: y, Month: m, Day: d}, true
}

// flagValues: Dutch and English words, digits, and what Dutch Excel writes
// for its own booleans (WAAR, ONWAAR). Empty is no.
var flagValues = map[string]bool{
	"": false, "nee": false, "no": false, "false": false, "0": false, "onwaar": false,
	"ja": true, "yes": true, "true": true, "1": true, "waar": true,
}

func flagColumn(header, field string, p func(*Input) *bool) column {
	return column{header: header, field: field,
		get: func(in *Input) string {
			if *p(in) {
				return "ja"
			}
			return "nee"
		},
		set: func(in *Input, v string) *bondgenoten.FieldViolation {
			b, ok := flagValues[strings.ToLower(v)]
			if !ok {
				return &bondgenoten.FieldViolation{Rule: bondgenoten.RuleOneOf, Param: "ja nee"}
			}
			*p(in) = b
			return nil
		},
	}
}

// statusNames are the Dutch names coordinators write, in Status order.
var statusNames = map[Status]string{
	StatusCandidate: "kandidaat", StatusActive: "actief", StatusPaused: "gepauzeerd", StatusLeft: "vertrokken",
}

func getStatus(in *Input) string {
	if n, ok := statusNames[in.Status]; ok {
		return n
	}
	return string(in.Status)
}

// setStatus takes Dutch or English names; empty keeps the default
// (candidate).
func setStatus(in *Input, v string) *bondgenoten.FieldViolation {
	if v == "" {
		return nil
	}
	v = strings.ToLower(v)
	for st, nl := range statusNames {
		if v == nl || v == string(st) {
			in.Status = st
			return nil
		}
	}
	return &bondgenoten.FieldViolation{Rule: bondgenoten.RuleOneOf, Param: "kandidaat actief gepauzeerd vertrokken"}
}

// genderNames are the Dutch words for the gender codes; export writes them,
// import takes either.
var genderNames = map[string]string{"woman": "vrouw", "man": "man", "non-binary": "non-binair", "self-described": "anders"}

func getGender(in *Input) string {
	if n, ok := genderNames[in.Gender]; ok {
		return n
	}
	return in.Gender
}

func setGender(in *Input, v string) *bondgenoten.FieldViolation {
	v = strings.ToLower(strings.TrimSpace(v))
	for code, nl := range genderNames {
		if v == nl {
			v = code
		}
	}
	in.Gender = v // an unknown value is reported by validate as oneof
	return nil
}

// fileError is a problem with the file as a whole; no row is worth reporting.
func fileError(rule bondgenoten.Rule, param string) error {
	return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "unusable import file",
		Fields: map[string]bondgenoten.FieldViolation{"file": {Rule: rule, Param: param}}}
}

// Import reads allies from a CSV or XLSX file into a network. Every row is
// checked as Create checks it, and against the other rows and the network
// (email taken, active-allies cap). The file goes in whole or not at all:
// on a dry run or any row error nothing is written and the report lists
// every error. Problems with the file itself (unreadable, bad header, too
// many rows, no rows) are an EINVALID error with field "file" instead.
func (s *Service) Import(ctx context.Context, networkID uuid.UUID, format Format, r io.Reader, dryRun bool) (*ImportReport, error) {
	var recs []sheet.Record
	var err error
	switch format {
	case FormatCSV:
		recs, err = sheet.ReadCSV(r)
	case FormatXLSX:
		recs, err = sheet.ReadXLSX(r, isDateColumn)
	default:
		return nil, bondgenoten.Invalid("format", bondgenoten.RuleOneOf, "csv xlsx")
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fileError(RuleEmpty, "")
	}
	cols, err := mapHeader(recs[0].Cells)
	if err != nil {
		return nil, err
	}
	if len(recs) == 1 {
		return nil, fileError(RuleEmpty, "")
	}

	rows := make([]importRow, 0, len(recs)-1)
	rep := &ImportReport{Rows: len(recs) - 1, Errors: []RowError{}}
	today := s.today()
	for _, rec := range recs[1:] {
		row, errs, err := parseRow(rec, cols, today)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
		rep.Errors = append(rep.Errors, errs...)
	}
	rep.Errors = append(rep.Errors, duplicateEmails(rows)...)

	if dryRun || len(rep.Errors) > 0 {
		if err := checkNetwork(ctx, s.DB.For(ctx), networkID, rows, rep); err != nil {
			return nil, err
		}
		return rep.finish(), nil
	}
	err = s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		// Checked in the writing transaction, so the cap holds as in Create.
		if err := checkNetwork(ctx, tx, networkID, rows, rep); err != nil || len(rep.Errors) > 0 {
			return err
		}
		now := s.now()
		allies := make([]Ally, len(rows))
		for i, row := range rows {
			allies[i] = Ally{ID: uuid.Must(uuid.NewV7()), NetworkID: networkID, CreatedAt: now, UpdatedAt: now}
			allies[i].apply(row.in)
		}
		// Batches keep each statement a modest size on both dialects.
		for batch := range slices.Chunk(allies, 500) {
			if _, err := tx.NewInsert().Model(&batch).Exec(ctx); err != nil {
				return err
			}
		}
		rep.Created = len(allies)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep.finish(), nil
}

// importRow is a parsed data row.
type importRow struct {
	row int
	in  Input
}

// finish counts the valid rows and orders the errors by row, then column.
func (rep *ImportReport) finish() *ImportReport {
	order := func(field string) int {
		if field == "" {
			return -1
		}
		if i, ok := columnByKey[headerKey(field)]; ok {
			return i
		}
		return len(columns)
	}
	slices.SortStableFunc(rep.Errors, func(a, b RowError) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return order(a.Field) - order(b.Field)
	})
	bad := map[int]bool{}
	for _, e := range rep.Errors {
		bad[e.Row] = true
	}
	rep.Valid = rep.Rows - len(bad)
	return rep
}

// mapHeader gives, per cell of the header row, the index of its column, or
// -1 for an empty cell (spreadsheets often carry empty trailing columns). An
// unknown or repeated header refuses the file: guessing would import data
// into the wrong field or drop it unseen.
func mapHeader(header []string) ([]int, error) {
	cols := make([]int, len(header))
	seen := map[int]bool{}
	for i, h := range header {
		h = strings.TrimPrefix(h, "\uFEFF")
		if h == "" {
			cols[i] = -1
			continue
		}
		c, ok := columnByKey[headerKey(h)]
		if !ok {
			return nil, fileError(RuleHeaderUnknown, h)
		}
		if seen[c] {
			return nil, fileError(RuleHeaderDuplicate, h)
		}
		seen[c], cols[i] = true, c
	}
	if !seen[0] {
		return nil, fileError(RuleHeaderMissing, columns[0].header)
	}
	return cols, nil
}

// parseRow turns a record into Input and lists what is wrong with it: values
// that do not parse, then Create's rules for the fields that did.
func parseRow(rec sheet.Record, cols []int, today bondgenoten.Date) (importRow, []RowError, error) {
	// Without a status a row is a candidate: an imported list is people to
	// approach, not yet allies who agreed.
	row := importRow{row: rec.Row, in: Input{Status: StatusCandidate}}
	var errs []RowError
	bad := map[string]bool{}
	for i, v := range rec.Cells {
		if i >= len(cols) || cols[i] < 0 {
			if v != "" {
				errs = append(errs, RowError{Row: rec.Row, Rule: RuleUnnamedColumn, Param: strconv.Itoa(i + 1)})
			}
			continue
		}
		c := columns[cols[i]]
		if fv := c.set(&row.in, sheet.Unprotect(v)); fv != nil {
			errs = append(errs, RowError{Row: rec.Row, Field: c.field, Rule: fv.Rule, Param: fv.Param})
			bad[c.field] = true
		}
	}
	row.in.normalize()
	fields, err := violations(row.in, today)
	if err != nil {
		return row, nil, err
	}
	for field, fv := range fields {
		if !bad[field] {
			errs = append(errs, RowError{Row: rec.Row, Field: field, Rule: fv.Rule, Param: fv.Param})
		}
	}
	return row, errs, nil
}

// violations runs Create's rules on in. validate stops after the tag rules
// when they fail, so the rules between fields then run again on a copy with
// the failing fields made harmless: a row shows all its errors at once.
func violations(in Input, today bondgenoten.Date) (map[string]bondgenoten.FieldViolation, error) {
	err := in.validate(today)
	if err == nil {
		return nil, nil
	}
	var e *bondgenoten.Error
	if !errors.As(err, &e) {
		return nil, err
	}
	fields := maps.Clone(e.Fields)
	for field := range e.Fields {
		switch field {
		case "name":
			in.Name = "x"
		case "status":
			in.Status = StatusCandidate // not left: no rules about leaving
		default:
			if i, ok := columnByKey[headerKey(field)]; ok {
				columns[i].set(&in, "")
			}
		}
	}
	if errors.As(in.validate(today), &e) {
		for field, fv := range e.Fields {
			if _, ok := fields[field]; !ok {
				fields[field] = fv
			}
		}
	}
	return fields, nil
}

// duplicateEmails flags every row repeating an earlier row's email; Param is
// the earlier row's number.
func duplicateEmails(rows []importRow) []RowError {
	var errs []RowError
	first := map[string]int{}
	for _, r := range rows {
		if r.in.Email == "" {
			continue
		}
		if n, ok := first[r.in.Email]; ok {
			errs = append(errs, RowError{Row: r.row, Field: "email", Rule: RuleDuplicate, Param: strconv.Itoa(n)})
			continue
		}
		first[r.in.Email] = r.row
	}
	return errs
}

// checkNetwork adds the errors that depend on the network: emails its allies
// already have, and active rows beyond its cap (as checkCap, for many rows).
func checkNetwork(ctx context.Context, db bun.IDB, networkID uuid.UUID, rows []importRow, rep *ImportReport) error {
	n := new(network.Network)
	if err := db.NewSelect().Model(n).Column("max_active_allies").Where("id = ?", networkID).Scan(ctx); err != nil {
		return store.MapError(err)
	}
	var existing []Ally
	if err := db.NewSelect().Model(&existing).Column("email", "status").Where("network_id = ?", networkID).Scan(ctx); err != nil {
		return store.MapError(err)
	}
	emails, active := map[string]bool{}, 0
	for _, a := range existing {
		if a.Email != "" {
			emails[strings.ToLower(a.Email)] = true
		}
		if a.Status == StatusActive {
			active++
		}
	}
	for _, r := range rows {
		if r.in.Email != "" && emails[r.in.Email] {
			rep.Errors = append(rep.Errors, RowError{Row: r.row, Field: "email", Rule: RuleEmailExists})
		}
		if r.in.Status == StatusActive {
			if active++; active > n.MaxActiveAllies {
				rep.Errors = append(rep.Errors, RowError{Row: r.row, Field: "status", Rule: RuleCap, Param: strconv.Itoa(n.MaxActiveAllies)})
			}
		}
	}
	return nil
}

// Export writes a network's allies, by name, with the Dutch headers Import
// reads back. Special-category data is never exported.
func (s *Service) Export(ctx context.Context, networkID uuid.UUID, format Format, w io.Writer) error {
	if format != FormatCSV && format != FormatXLSX {
		return bondgenoten.Invalid("format", bondgenoten.RuleOneOf, "csv xlsx")
	}
	allies, err := s.List(ctx, networkID)
	if err != nil {
		return err
	}
	table := make([][]string, 0, len(allies)+1)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.header
	}
	table = append(table, header)
	for i := range allies {
		in := allies[i].input()
		row := make([]string, len(columns))
		for j, c := range columns {
			row[j] = c.get(&in)
		}
		table = append(table, row)
	}
	if format == FormatCSV {
		return sheet.WriteCSV(w, table)
	}
	return sheet.WriteXLSX(w, sheetName, table)
}

// input is the ally's editable fields, as Import would read them back.
func (a *Ally) input() Input {
	return Input{
		Name: a.Name, Mobile: a.Mobile, Email: a.Email, Organisation: a.Organisation,
		Constituency: a.Constituency, Neighbourhood: a.Neighbourhood,
		StartsOn: a.StartsOn, Status: a.Status, LeftOn: a.LeftOn, LeftReason: a.LeftReason,
		ContactPermitted: a.ContactPermitted, ConsentOn: a.ConsentOn, ConsentScope: a.ConsentScope, ConsentHow: a.ConsentHow,
		IntakeDone: a.IntakeDone, CodeOfConductSigned: a.CodeOfConductSigned, InterestsDeclared: a.InterestsDeclared,
		AgeBand: a.AgeBand, Gender: a.Gender,
	}
}
