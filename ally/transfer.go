package ally

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/bondgenoten/bondgenoten"
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
	// MaxImportRows bounds one import: a network has tens of allies, so a
	// larger file is a mistake, and the whole file is checked in memory and
	// written in one transaction.
	MaxImportRows = 2000
	// maxImportBytes bounds what Import reads, whatever the caller's limit.
	maxImportBytes = 10 << 20
	// maxUnzippedBytes stops an XLSX that inflates far beyond its size.
	maxUnzippedBytes = 64 << 20
	// maxImportColumns bounds the columns of a row: Export writes 19, the
	// rest is room for the odd spare column. A row is held whole in memory
	// before anything can look at it, so the bound is checked on the raw
	// file first (scanCSV, scanXLSX).
	maxImportColumns = 50
	// maxCellChars bounds one cell, in characters; the longest field takes
	// 500.
	maxCellChars = 2000
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

// tooManyColumns and cellTooLong are the file errors of a row or cell
// beyond the bounds; the parameter is the bound.
func tooManyColumns() error { return fileError(RuleMaxColumns, strconv.Itoa(maxImportColumns)) }
func cellTooLong() error    { return fileError(RuleMaxCell, strconv.Itoa(maxCellChars)) }

// tooLarge is the file error of a file, or an XLSX's cells, beyond
// maxImportBytes.
func tooLarge() error { return fileError(RuleMaxSize, "10 MB") }

// record is one non-blank row of a file with its spreadsheet row number.
type record struct {
	row   int
	cells []string
}

// records collects non-blank rows, refusing more than a header and
// MaxImportRows data rows, a row of more than maxImportColumns cells and a
// cell of more than maxCellChars as soon as it sees them.
type records []record

func (rs *records) add(row int, cells []string) error {
	if len(cells) > maxImportColumns {
		return tooManyColumns()
	}
	blank := true
	for i, c := range cells {
		if len(c) > maxCellChars && utf8.RuneCountInString(c) > maxCellChars {
			return cellTooLong()
		}
		cells[i] = strings.TrimSpace(c)
		blank = blank && cells[i] == ""
	}
	if blank {
		return nil
	}
	if len(*rs) > MaxImportRows {
		return fileError(RuleMaxRows, strconv.Itoa(MaxImportRows))
	}
	*rs = append(*rs, record{row, cells})
	return nil
}

// Import reads allies from a CSV or XLSX file into a network. Every row is
// checked as Create checks it, and against the other rows and the network
// (email taken, active-allies cap). The file goes in whole or not at all:
// on a dry run or any row error nothing is written and the report lists
// every error. Problems with the file itself (unreadable, bad header, too
// many rows, no rows) are an EINVALID error with field "file" instead.
func (s *Service) Import(ctx context.Context, networkID uuid.UUID, format Format, r io.Reader, dryRun bool) (*ImportReport, error) {
	read := readCSV
	switch format {
	case FormatCSV:
	case FormatXLSX:
		read = readXLSX
	default:
		return nil, bondgenoten.Invalid("format", bondgenoten.RuleOneOf, "csv xlsx")
	}
	data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImportBytes {
		return nil, tooLarge()
	}
	recs, err := read(data)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fileError(RuleEmpty, "")
	}
	cols, err := mapHeader(recs[0].cells)
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
func parseRow(rec record, cols []int, today bondgenoten.Date) (importRow, []RowError, error) {
	// Without a status a row is a candidate: an imported list is people to
	// approach, not yet allies who agreed.
	row := importRow{row: rec.row, in: Input{Status: StatusCandidate}}
	var errs []RowError
	bad := map[string]bool{}
	for i, v := range rec.cells {
		if i >= len(cols) || cols[i] < 0 {
			if v != "" {
				errs = append(errs, RowError{Row: rec.row, Rule: RuleUnnamedColumn, Param: strconv.Itoa(i + 1)})
			}
			continue
		}
		c := columns[cols[i]]
		if fv := c.set(&row.in, unprotect(v)); fv != nil {
			errs = append(errs, RowError{Row: rec.row, Field: c.field, Rule: fv.Rule, Param: fv.Param})
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
			errs = append(errs, RowError{Row: rec.row, Field: field, Rule: fv.Rule, Param: fv.Param})
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

// readCSV reads a CSV as Excel writes it: UTF-8 with or without BOM, or
// Windows-1252 (Excel's plain "CSV" on Dutch Windows), separated by ";" or
// ",", whichever the header line uses more.
func readCSV(data []byte) (records, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	comma := detectDelimiter(data)
	isUTF8 := utf8.Valid(data)
	if err := scanCSV(data, byte(comma), isUTF8); err != nil {
		return nil, err
	}
	if !isUTF8 {
		var err error
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, fileError(RuleFormat, "")
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	var recs records
	// Row numbers count the blank lines the reader skips and the line
	// breaks inside quoted cells, as a spreadsheet shows the rows.
	row, end := 0, 0
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileError(RuleFormat, strconv.Itoa(pe.StartLine))
			}
			return nil, fileError(RuleFormat, "")
		}
		start, _ := cr.FieldPos(0)
		row += start - end
		end = start
		for _, c := range cells {
			end += strings.Count(c, "\n")
		}
		if err := recs.add(row, cells); err != nil {
			return nil, err
		}
	}
}

// scanCSV walks the file as csv.Reader will read it and refuses it at the
// first record of more than maxImportColumns fields or field of more than
// maxCellChars characters. csv.Reader builds a whole record before
// returning it, at some 50 bytes a field: a 3 MB header of 3,000,000 empty
// columns cost half a gigabyte. The walk allocates nothing and stops at the
// bound. isUTF8 tells whether a character is a UTF-8 sequence or one byte
// (Windows-1252). A file csv.Reader would refuse may be counted a little
// differently; it is refused either way.
func scanCSV(data []byte, comma byte, isUTF8 bool) error {
	fields, chars := 1, 0
	quoted, fieldStart := false, true
	for i := 0; i < len(data); i++ {
		b := data[i]
		if quoted {
			if b == '"' {
				if i+1 < len(data) && data[i+1] == '"' {
					i++ // an escaped quote: one character
				} else {
					quoted = false
					continue
				}
			}
		} else {
			switch {
			case b == '"' && fieldStart:
				quoted, fieldStart = true, false
				continue
			case b == comma:
				if fields++; fields > maxImportColumns {
					return tooManyColumns()
				}
				chars, fieldStart = 0, true
				continue
			case b == '\n':
				fields, chars, fieldStart = 1, 0, true
				continue
			case b == '\r' && i+1 < len(data) && data[i+1] == '\n':
				continue
			}
			fieldStart = false
		}
		if isUTF8 && !utf8.RuneStart(b) {
			continue // a continuation byte of the character counted
		}
		if chars++; chars > maxCellChars {
			return cellTooLong()
		}
	}
	return nil
}

// detectDelimiter counts ";" and "," outside quotes on the first line.
func detectDelimiter(data []byte) rune {
	semi, comma, quoted := 0, 0, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if semi > comma {
				return ';'
			}
			return ','
		case b == ';':
			semi++
		case b == ',':
			comma++
		}
	}
	if semi > comma {
		return ';'
	}
	return ','
}

// readXLSX reads the first sheet, once scanXLSX found it within the
// bounds. Cells are read raw, so a date typed into Excel arrives as its
// serial number; dates are recognised by column later (fixSerialDates), as
// only the header tells which cells hold dates.
func readXLSX(data []byte) (records, error) {
	if err := scanXLSX(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzippedBytes})
	if err != nil {
		return nil, fileError(RuleFormat, "")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError(RuleFormat, "")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fileError(RuleFormat, "")
	}
	defer rows.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	var recs records
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError(RuleFormat, "")
		}
		if err := recs.add(n, cells); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, fileError(RuleFormat, "")
	}
	if len(recs) > 0 {
		fixSerialDates(recs, date1904)
	}
	return recs, nil
}

// fixSerialDates turns Excel date serial numbers in date columns into
// YYYY-MM-DD; an unknown header is left for mapHeader to report.
func fixSerialDates(recs records, date1904 bool) {
	for i, h := range recs[0].cells {
		c, ok := columnByKey[headerKey(h)]
		if !ok || !columns[c].date {
			continue
		}
		for _, rec := range recs[1:] {
			if i >= len(rec.cells) {
				continue
			}
			serial, err := strconv.ParseFloat(rec.cells[i], 64)
			if err != nil || serial < 1 {
				continue
			}
			if t, err := excelize.ExcelDateToTime(serial, date1904); err == nil {
				rec.cells[i] = t.Format(time.DateOnly)
			}
		}
	}
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
		return writeCSV(w, table)
	}
	return writeXLSX(w, table)
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

// writeCSV writes what Dutch Excel opens without asking: a BOM so it reads
// UTF-8, ";" as separator, CRLF line ends, and no cell that it would run as
// a formula.
func writeCSV(w io.Writer, table [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	for _, row := range table {
		for i, v := range row {
			row[i] = protect(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// protect defuses formula injection (OWASP "CSV injection"): a cell a
// spreadsheet could evaluate gets a leading apostrophe, so it shows as
// text. That is every cell starting with = + - @, tab or CR, or with their
// full-width forms, which spreadsheets take too — with no exception for
// what looks like a phone number or a sum: "+1-1-1-1-1-1" is both. A value
// already starting with apostrophes before such a character gets one more,
// so that unprotect can tell the two apart.
func protect(v string) string {
	if formulaLike(strings.TrimLeft(v, "'")) {
		return "'" + v
	}
	return v
}

// unprotect undoes protect, so Export → Import gives back the same values.
// It runs on a workbook's cells too: one saved from a protected CSV may
// keep the apostrophes.
func unprotect(v string) string {
	if strings.HasPrefix(v, "'") && formulaLike(strings.TrimLeft(v, "'")) {
		return v[1:]
	}
	return v
}

// formulaLike tells whether a spreadsheet may take v, typed into a cell or
// read from a CSV, for a formula.
func formulaLike(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// writeXLSX writes one sheet of text cells (dates too, as YYYY-MM-DD, so
// Excel neither reformats them nor turns numbers into something else), with
// a bold, frozen header row.
func writeXLSX(w io.Writer, table [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), sheetName); err != nil {
		return err
	}
	const textFormat = 49 // "@": Excel keeps what is typed as text
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{NumFmt: textFormat, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, err := excelize.ColumnNumberToName(len(columns))
	if err != nil {
		return err
	}
	if err := f.SetColStyle(sheetName, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetColWidth(sheetName, "A", last, 20); err != nil {
		return err
	}
	for i, row := range table {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			// Text cells are never run, so they are not protected; only
			// a value starting with apostrophes gets one more, for
			// unprotect.
			if strings.HasPrefix(v, "'") {
				v = protect(v)
			}
			if err := f.SetCellStr(sheetName, cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowStyle(sheetName, 1, 1, bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheetName, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}
