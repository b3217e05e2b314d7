package ally_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// networks makes count networks of one municipality and police team, each
// with the given cap, and an ally service; unlike setup it serves
// benchmarks and gives more than one network.
func networks(tb testing.TB, db *store.DB, maxActive, count int) (*ally.Service, []uuid.UUID) {
	tb.Helper()
	ctx := context.Background()
	ts := tenanttest.Service(tb, db)
	town, err := ts.Create(ctx, tenant.CreateInput{Slug: "utrecht", Name: "Utrecht", Kind: tenant.KindMunicipality})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "bt", Name: "Basisteam", Kind: tenant.KindPoliceUnit}); err != nil {
		tb.Fatal(err)
	}
	ns := &network.Service{DB: db, Tenants: ts}
	ids := make([]uuid.UUID, count)
	for i := range ids {
		n, _, err := ns.Create(ctx, town.ID, network.CreateInput{
			Input: network.Input{Name: fmt.Sprint("N", i), Level: "municipality", MaxActiveAllies: maxActive}, Municipality: "utrecht", PoliceUnits: []string{"bt"},
		})
		if err != nil {
			tb.Fatal(err)
		}
		ids[i] = n.ID
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	keys, _ := secret.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(key))
	return &ally.Service{DB: db, Keys: keys}, ids
}

func day(y int, m time.Month, d int) *bondgenoten.Date {
	return &bondgenoten.Date{Year: y, Month: m, Day: d}
}

func importString(t *testing.T, s *ally.Service, net uuid.UUID, format ally.Format, file string, dryRun bool) *ally.ImportReport {
	t.Helper()
	rep, err := s.Import(context.Background(), net, format, strings.NewReader(file), dryRun)
	if err != nil {
		t.Fatalf("import: %v %v", err, bondgenoten.ErrorFields(err))
	}
	return rep
}

func wantClean(t *testing.T, rep *ally.ImportReport, rows, created int) {
	t.Helper()
	if rep.Rows != rows || rep.Valid != rows || rep.Created != created || len(rep.Errors) != 0 {
		t.Fatalf("report = %+v; want %d valid rows, %d created, no errors", rep, rows, created)
	}
}

const dutchCSV = "naam;mobiel;e-mail;organisatie;achterban;wijk;startdatum;status;vertrokken_op;reden_vertrek;contact_toegestaan;toestemming_op;toestemming_reikwijdte;toestemming_hoe;intakegesprek;gedragscode;belangenverklaring;leeftijd;gender\r\n" +
	"Fatima Çelik;+31 6 12345678;F.Celik@Example.nl;Moskee Al-Fath;Turks-Nederlands;Kanaleneiland;15-01-2026;actief;;;ja;2026-01-10;nieuwsbrief;schriftelijk;ja;JA;nee;26-40;woman\r\n" +
	";;;;;;;;;;;;;;;;;;\r\n" +
	"\"Jan; de Vries\";0612345678;;;;;;vertrokken;2026-03-01;verhuisd;nee;;;;nee;nee;nee;;\r\n"

// checkImported asserts the two allies of dutchCSV (and its variants) as stored.
func checkImported(t *testing.T, s *ally.Service, net uuid.UUID, jan string) {
	t.Helper()
	list, err := s.List(context.Background(), net)
	if err != nil || len(list) != 2 {
		t.Fatalf("list = %d allies, %v; want 2", len(list), err)
	}
	f, j := list[0], list[1]
	if f.Name != "Fatima Çelik" || f.Mobile != "+31 6 12345678" || f.Email != "f.celik@example.nl" || f.Status != ally.StatusActive ||
		*f.StartsOn != *day(2026, 1, 15) || !f.ContactPermitted || *f.ConsentOn != *day(2026, 1, 10) ||
		!f.IntakeDone || !f.CodeOfConductSigned || f.InterestsDeclared || f.AgeBand != "26-40" || f.Gender != "woman" {
		t.Errorf("Fatima = %+v", f)
	}
	if j.Name != jan || j.Status != ally.StatusLeft || j.LeftOn == nil || *j.LeftOn != *day(2026, 3, 1) || j.LeftReason != "verhuisd" || j.ContactPermitted {
		t.Errorf("Jan = %+v", j)
	}
}

func TestImportDefaultsToCandidatesAndReadsDutchGender(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		wantClean(t, importString(t, s, nets[0], ally.FormatCSV, "naam;gender\nNoor;Vrouw\nSem;anders\n", false), 2, 2)
		list, err := s.List(context.Background(), nets[0])
		if err != nil || len(list) != 2 || list[0].Status != ally.StatusCandidate || list[0].Gender != "woman" || list[1].Gender != "self-described" {
			t.Fatalf("imported %v %+v", err, list)
		}
		rep := importString(t, s, nets[0], ally.FormatCSV, "naam;gender\nLex;onbekend\n", true)
		if len(rep.Errors) != 1 || rep.Errors[0].Field != "gender" || rep.Errors[0].Rule != "oneof" {
			t.Fatalf("unknown gender: %+v", rep.Errors)
		}
	})
}

func TestImportCSV(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 4)

		// Dutch headers, ";" as Dutch Excel writes, with BOM (before a
		// quoted header) and a blank row.
		rep := importString(t, s, nets[0], ally.FormatCSV, "\uFEFF\"naam\""+strings.TrimPrefix(dutchCSV, "naam"), false)
		wantClean(t, rep, 2, 2)
		checkImported(t, s, nets[0], "Jan; de Vries")

		// English headers in other case and spacing, ",", English values.
		english := " Name ,MOBILE,Email,startsOn,Status,Left On,left_reason,contactPermitted,consentOn,intakeDone,codeOfConductSigned,interestsDeclared,ageBand,Gender\n" +
			"Fatima Çelik,+31 6 12345678,F.Celik@Example.nl,2026-01-15,active,,,yes,10-01-2026,true,1,false,26-40,woman\n" +
			"\"Jan, de Vries\",0612345678,,,left,1-3-2026,verhuisd,no,,0,,,,\n"
		wantClean(t, importString(t, s, nets[1], ally.FormatCSV, english, false), 2, 2)
		checkImported(t, s, nets[1], "Jan, de Vries")

		// Plain "CSV" from Dutch Excel is Windows-1252, not UTF-8.
		cp1252, err := charmap.Windows1252.NewEncoder().String(dutchCSV)
		if err != nil {
			t.Fatal(err)
		}
		wantClean(t, importString(t, s, nets[2], ally.FormatCSV, cp1252, false), 2, 2)
		checkImported(t, s, nets[2], "Jan; de Vries")

		// A list of names only: candidates; Dutch gender words are taken.
		rep = importString(t, s, nets[3], ally.FormatCSV, "naam;gender\nNoor;vrouw\nSem;anders\n", true)
		wantClean(t, rep, 2, 0)

		// A dry run checks everything and writes nothing.
		rep = importString(t, s, nets[3], ally.FormatCSV, dutchCSV, true)
		wantClean(t, rep, 2, 0)
		if list, _ := s.List(context.Background(), nets[3]); len(list) != 0 {
			t.Fatalf("dry run wrote %d allies", len(list))
		}
	})
}

func TestImportReportsEveryErrorOfEveryRow(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		file := "naam;e-mail;status;startdatum;vertrokken_op;reden_vertrek;contact_toegestaan;toestemming_op;mobiel\n" +
			"Goed;goed@example.nl;actief;;;;;;\n" + // row 2
			";a@;kandidaat;;;;;;\n" + // row 3
			"\n" + // row 4: blank, skipped but counted as a spreadsheet row
			"Weg;;vertrokken;31-02-2026;;;misschien;;\n" + // row 5
			"\"Twee\nregels\";;onbekend;;;;ja;;bel me\n" + // row 6, over two lines
			"Goed 2;;kandidaat;;;;;;;extra\n" // row 7, a value without header
		want := []ally.RowError{
			{Row: 3, Field: "name", Rule: "required"},
			{Row: 3, Field: "email", Rule: "email"},
			{Row: 5, Field: "startsOn", Rule: "date"},
			{Row: 5, Field: "leftOn", Rule: "required"},
			{Row: 5, Field: "leftReason", Rule: "required"},
			{Row: 5, Field: "contactPermitted", Rule: "oneof", Param: "ja nee"},
			{Row: 6, Field: "mobile", Rule: "phone"},
			{Row: 6, Field: "status", Rule: "oneof", Param: "kandidaat actief gepauzeerd vertrokken"},
			{Row: 6, Field: "consentOn", Rule: "consent_required"},
			{Row: 7, Field: "", Rule: "unnamed_column", Param: "10"},
		}
		for _, dryRun := range []bool{true, false} {
			rep := importString(t, s, nets[0], ally.FormatCSV, file, dryRun)
			if !reflect.DeepEqual(rep.Errors, want) {
				t.Errorf("dry run %v: errors\n%+v\nwant\n%+v", dryRun, rep.Errors, want)
			}
			if rep.Rows != 5 || rep.Valid != 1 || rep.Created != 0 {
				t.Errorf("dry run %v: report = rows %d valid %d created %d; want 5, 1, 0", dryRun, rep.Rows, rep.Valid, rep.Created)
			}
		}
		if list, _ := s.List(context.Background(), nets[0]); len(list) != 0 {
			t.Fatalf("a file with errors wrote %d allies", len(list))
		}
	})
}

func TestImportRefusesDuplicateEmails(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, nets := networks(t, db, 15, 2)
		if _, err := s.Create(ctx, nets[0], ally.Input{Name: "Er al", Email: "bestaat@example.nl", Status: ally.StatusCandidate}); err != nil {
			t.Fatal(err)
		}
		file := "naam,e-mail,status\n" +
			"A,a@example.nl,kandidaat\n" +
			"B, A@Example.NL ,kandidaat\n" +
			"C,Bestaat@example.nl,kandidaat\n" +
			"D,,kandidaat\n" +
			"E,,kandidaat\n"
		rep := importString(t, s, nets[0], ally.FormatCSV, file, false)
		want := []ally.RowError{
			{Row: 3, Field: "email", Rule: "duplicate", Param: "2"},
			{Row: 4, Field: "email", Rule: "email_exists"},
		}
		if !reflect.DeepEqual(rep.Errors, want) || rep.Valid != 3 || rep.Created != 0 {
			t.Fatalf("report = %+v; want errors %+v", rep, want)
		}
		if list, _ := s.List(ctx, nets[0]); len(list) != 1 {
			t.Fatalf("allies = %d; want only the existing one", len(list))
		}
		// Another network's allies do not count.
		rep = importString(t, s, nets[1], ally.FormatCSV, "naam,e-mail,status\nC,bestaat@example.nl,kandidaat\n", false)
		wantClean(t, rep, 1, 1)
	})
}

func TestImportKeepsTheActiveAlliesCap(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, nets := networks(t, db, 3, 1)
		if _, err := s.Create(ctx, nets[0], ally.Input{Name: "Al actief", Status: ally.StatusActive}); err != nil {
			t.Fatal(err)
		}
		file := "naam;status\nA;actief\nB;kandidaat\nC;active\nD;actief\nE;actief\n"
		rep := importString(t, s, nets[0], ally.FormatCSV, file, false)
		want := []ally.RowError{
			{Row: 5, Field: "status", Rule: "cap", Param: "3"},
			{Row: 6, Field: "status", Rule: "cap", Param: "3"},
		}
		if !reflect.DeepEqual(rep.Errors, want) || rep.Valid != 3 || rep.Created != 0 {
			t.Fatalf("report = %+v; want errors %+v", rep, want)
		}
		wantClean(t, importString(t, s, nets[0], ally.FormatCSV, "naam;status\nA;actief\nB;kandidaat\nC;active\n", false), 3, 3)
		list, _ := s.List(ctx, nets[0])
		active := 0
		for _, a := range list {
			if a.Status == ally.StatusActive {
				active++
			}
		}
		if len(list) != 4 || active != 3 {
			t.Fatalf("allies = %d, active %d; want 4 and 3", len(list), active)
		}
		// Now full: one more active row is refused.
		rep = importString(t, s, nets[0], ally.FormatCSV, "naam;status\nF;actief\n", true)
		if len(rep.Errors) != 1 || rep.Errors[0].Rule != "cap" {
			t.Fatalf("full network: %+v", rep)
		}
	})
}

func TestImportRefusesUnusableFiles(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		var many strings.Builder
		many.WriteString("naam;status\n")
		for i := range ally.MaxImportRows + 1 {
			fmt.Fprintf(&many, "A%d;kandidaat\n", i)
		}
		cases := []struct {
			name, file string
			format     ally.Format
			rule       string
			param      string
		}{
			{"unknown column", "naam;hobby;status\nA;voetbal;kandidaat\n", ally.FormatCSV, "header_unknown", "hobby"},
			{"special-category column", "naam;religie;status\nA;Islam;kandidaat\n", ally.FormatCSV, "header_unknown", "religie"},
			{"no name column", "e-mail;status\na@example.nl;kandidaat\n", ally.FormatCSV, "header_missing", "naam"},
			{"column twice", "naam;Name\nA;B\n", ally.FormatCSV, "header_duplicate", "Name"},
			{"no rows", "naam;status\n;\n", ally.FormatCSV, "empty", ""},
			{"no bytes", "", ally.FormatCSV, "empty", ""},
			{"too many rows", many.String(), ally.FormatCSV, "max_rows", "2000"},
			{"broken quotes", "naam;status\n\"A;kandidaat\nB\"x;actief\n", ally.FormatCSV, "format", "2"},
			{"not a workbook", dutchCSV, ally.FormatXLSX, "format", ""},
			{"too big", strings.Repeat("x", 10<<20+1), ally.FormatCSV, "max_size", "10 MB"},
			{"too many columns", "naam" + strings.Repeat(";", 50) + "\nA\n", ally.FormatCSV, "max_columns", "50"},
			{"too many columns in a row", "naam\nA" + strings.Repeat(",", 50) + "\n", ally.FormatCSV, "max_columns", "50"},
			{"too many columns, quoted", `"naam"` + strings.Repeat(`;"a;b"`, 50) + "\n", ally.FormatCSV, "max_columns", "50"},
			{"cell too long", "naam\n" + strings.Repeat("x", 2001) + "\n", ally.FormatCSV, "max_cell", "2000"},
			{"quoted cell too long", "naam\n\"" + strings.Repeat("x;\n", 667) + "\"\n", ally.FormatCSV, "max_cell", "2000"},
			{"Windows-1252 cell too long", "naam\n" + strings.Repeat("\xe9", 2001) + "\n", ally.FormatCSV, "max_cell", "2000"},
			{"xlsx too many columns", sheetFile(t, 2, 51, "x"), ally.FormatXLSX, "max_columns", "50"},
			{"xlsx value beyond column 50", rawSheetFile(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c><c r="AY1"><v>1</v></c></row>`), ally.FormatXLSX, "max_columns", "50"},
			{"xlsx row of more cells than a sheet has columns", rawSheetFile(t, "<row>"+strings.Repeat("<c/>", 16385)+"</row>"), ally.FormatXLSX, "max_columns", "50"},
			{"xlsx shared string too long", sheetFile(t, 2, 2, strings.Repeat("é", 2001)), ally.FormatXLSX, "max_cell", "2000"},
			{"xlsx inline string too long", rawSheetFile(t, `<row><c t="inlineStr"><is><t>`+strings.Repeat("x", 2001)+`</t></is></c></row>`), ally.FormatXLSX, "max_cell", "2000"},
			{"xlsx text node beyond any cell", rawSheetFile(t, `<row><c><v>`+strings.Repeat(" ", 64<<10)+`</v></c></row>`), ally.FormatXLSX, "max_cell", "2000"},
			{"xlsx many blank rows", rawSheetFile(t, strings.Repeat("<row/>", 20001)), ally.FormatXLSX, "max_rows", "2000"},
			{"xlsx cells beyond 10 MB", rawSheetFile(t, strings.Repeat(`<row><c t="inlineStr"><is><t>`+strings.Repeat("x", 1000)+`</t></is></c></row>`, 10500)), ally.FormatXLSX, "max_size", "10 MB"},
			{"xlsx styles flood", workbookWith(t, "xl/styles.xml", `<styleSheet><cellXfs>`+strings.Repeat(`<xf/>`, 20001)+`</cellXfs></styleSheet>`), ally.FormatXLSX, "format", ""},
		}
		for _, c := range cases {
			rep, err := s.Import(context.Background(), nets[0], c.format, strings.NewReader(c.file), false)
			got := bondgenoten.ErrorFields(err)["file"]
			if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID || got != (bondgenoten.FieldViolation{Rule: bondgenoten.Rule(c.rule), Param: c.param}) || rep != nil {
				t.Errorf("%s: %v %+v; want file error %s %q", c.name, err, got, c.rule, c.param)
			}
		}
		// Exactly the limit is fine.
		lines := strings.SplitAfter(many.String(), "\n")
		rep := importString(t, s, nets[0], ally.FormatCSV, strings.Join(lines[:ally.MaxImportRows+1], ""), true)
		wantClean(t, rep, ally.MaxImportRows, 0)
		// 50 columns, and a cell of 2000 characters (more than a field
		// takes, so a row error): the row's errors, no file error.
		unnamed := []ally.RowError{{Row: 2, Field: "", Rule: "unnamed_column", Param: "50"}}
		wide := "naam" + strings.Repeat(";", 49) + "\nA" + strings.Repeat(";", 48) + ";x\n"
		for _, file := range []string{wide, rawSheetFile(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c></row>`+
			`<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="AX2"><v>1</v></c></row>`)} {
			format := ally.FormatCSV
			if strings.HasPrefix(file, "PK") {
				format = ally.FormatXLSX
			}
			if rep := importString(t, s, nets[0], format, file, true); !reflect.DeepEqual(rep.Errors, unnamed) {
				t.Errorf("%s of 50 columns: errors %+v; want %+v", format, rep.Errors, unnamed)
			}
		}
		long := []ally.RowError{{Row: 2, Field: "organisation", Rule: "max", Param: "200"}}
		for _, file := range []string{"naam;organisatie\nA;\"" + strings.Repeat("é", 1999) + "\"\"\"\n", sheetFile(t, 2, 2, strings.Repeat("é", 2000))} {
			format := ally.FormatCSV
			if strings.HasPrefix(file, "PK") {
				format = ally.FormatXLSX
			}
			if rep := importString(t, s, nets[0], format, file, true); !reflect.DeepEqual(rep.Errors, long) {
				t.Errorf("%s cell of 2000 characters: errors %+v; want %+v", format, rep.Errors, long)
			}
		}
		if _, err := s.Import(context.Background(), nets[0], "ods", strings.NewReader(dutchCSV), true); bondgenoten.ErrorFields(err)["format"].Rule != "oneof" {
			t.Errorf("unknown format: %v", err)
		}
		if list, _ := s.List(context.Background(), nets[0]); len(list) != 0 {
			t.Fatalf("refused files wrote %d allies", len(list))
		}
	})
}

// sheetFile is a workbook whose first sheet has the header naam, then
// organisatie, and rows-1 rows of "A" and cols-1 cells holding v (shared
// strings, as excelize writes them).
func sheetFile(t testing.TB, rows, cols int, v string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, h := range []string{"naam", "organisatie"}[:min(cols, 2)] {
		if err := f.SetCellStr("Sheet1", fmt.Sprint(string(rune('A'+i)), 1), h); err != nil {
			t.Fatal(err)
		}
	}
	for r := 2; r <= rows; r++ {
		row := make([]any, cols)
		row[0] = "A"
		for i := 1; i < cols; i++ {
			row[i] = v
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprint("A", r), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// workbookWith is a workbook of one sheet with the header naam, with part
// replaced by content.
func workbookWith(t testing.TB, part, content string) string {
	t.Helper()
	return string(workbookStreaming(t, part, func(w io.Writer) error {
		_, err := io.WriteString(w, content)
		return err
	}))
}

// rawSheetFile is a workbook whose first sheet's data is rows, as XML.
func rawSheetFile(t testing.TB, rows string) string {
	return workbookWith(t, "xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+rows+`</sheetData></worksheet>`)
}

// workbookStreaming is workbookWith writing the part as it goes, for
// parts too large to build in memory.
func workbookStreaming(t testing.TB, part string, write func(io.Writer) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", "naam"); err != nil {
		t.Fatal(err)
	}
	var base, out bytes.Buffer
	if err := f.Write(&base); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(&out)
	for _, e := range zr.File {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name == part {
			err = write(w)
		} else {
			var r io.ReadCloser
			if r, err = e.Open(); err == nil {
				_, err = io.Copy(w, r)
				r.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]ally.Format{"csv": ally.FormatCSV, " XLSX ": ally.FormatXLSX} {
		if f, err := ally.ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, f, err)
		}
	}
	_, err := ally.ParseFormat("xls")
	if bondgenoten.ErrorFields(err)["format"] != (bondgenoten.FieldViolation{Rule: "oneof", Param: "csv xlsx"}) {
		t.Errorf("ParseFormat(xls) = %v", err)
	}
}

func TestImportXLSX(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 2)
		f := excelize.NewFile()
		defer f.Close()
		// The first sheet is read, whatever its name; a later one is not.
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(f.SetSheetName("Sheet1", "Blad1"))
		must(f.SetSheetRow("Blad1", "A1", &[]any{"Naam", "Mobiel", "E-mail", "Startdatum", "Status", "Contact toegestaan", "Toestemming op", "Leeftijd"}))
		// A date typed into Excel is a number with a date format.
		must(f.SetSheetRow("Blad1", "A2", &[]any{"Fatima Çelik", "+31 6 12345678", "f.celik@example.nl", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), "Actief", true, "2026-01-10", "26-40"}))
		// Row 3 is left empty; row 4 has errors.
		must(f.SetSheetRow("Blad1", "A4", &[]any{"", "", "", "morgen", "kandidaat"}))
		must(f.SetSheetRow("Blad1", "A5", &[]any{"Jan", "", "", "", "gepauzeerd", false}))
		_, err := f.NewSheet("Notities")
		must(err)
		must(f.SetCellStr("Notities", "A1", "hobby"))
		var buf bytes.Buffer
		must(f.Write(&buf))

		rep, err := s.Import(context.Background(), nets[0], ally.FormatXLSX, bytes.NewReader(buf.Bytes()), false)
		if err != nil {
			t.Fatal(err)
		}
		want := []ally.RowError{{Row: 4, Field: "name", Rule: "required"}, {Row: 4, Field: "startsOn", Rule: "date"}}
		if !reflect.DeepEqual(rep.Errors, want) || rep.Rows != 3 || rep.Valid != 2 || rep.Created != 0 {
			t.Fatalf("report = %+v; want errors %+v", rep, want)
		}

		must(f.RemoveRow("Blad1", 4))
		buf.Reset()
		must(f.Write(&buf))
		rep, err = s.Import(context.Background(), nets[1], ally.FormatXLSX, bytes.NewReader(buf.Bytes()), false)
		if err != nil {
			t.Fatal(err)
		}
		wantClean(t, rep, 2, 2)
		list, _ := s.List(context.Background(), nets[1])
		if len(list) != 2 {
			t.Fatalf("allies = %d; want 2", len(list))
		}
		a := list[0]
		if a.Name != "Fatima Çelik" || a.Mobile != "+31 6 12345678" || a.StartsOn == nil || *a.StartsOn != *day(2026, 1, 15) ||
			a.Status != ally.StatusActive || !a.ContactPermitted || *a.ConsentOn != *day(2026, 1, 10) || a.AgeBand != "26-40" {
			t.Errorf("Fatima = %+v", a)
		}
		if list[1].Name != "Jan" || list[1].Status != ally.StatusPaused || list[1].ContactPermitted {
			t.Errorf("Jan = %+v", list[1])
		}
	})
}

// seedForExport puts allies using every column, with values a spreadsheet
// would take for formulas, and special-category data that must stay home.
func seedForExport(t *testing.T, s *ally.Service, net uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	ins := []ally.Input{
		{Name: "Bea", Mobile: "+31 6 12345678", Email: "bea@example.nl", Organisation: "=SUM(A1)", Constituency: "@buurt", Neighbourhood: "-Oost",
			StartsOn: day(2026, 1, 15), Status: ally.StatusActive, ContactPermitted: true, ConsentOn: day(2026, 1, 10),
			ConsentScope: "+nieuwsbrief", ConsentHow: "schriftelijk; getekend", IntakeDone: true, CodeOfConductSigned: true, AgeBand: "26-40", Gender: "woman"},
		{Name: "Aad", Mobile: "06 12345678", Status: ally.StatusLeft, LeftOn: day(2026, 3, 1), LeftReason: "verhuisd,\n\"naar\" Zwolle", InterestsDeclared: true},
		{Name: "Cor", Status: ally.StatusPaused, Gender: "non-binary", AgeBand: "over-65"},
		{Name: "Dirk", Status: ally.StatusCandidate, Organisation: "Stichting ,;'"},
	}
	for _, in := range ins {
		a, err := s.Create(ctx, net, in)
		if err != nil {
			t.Fatal(err)
		}
		if in.Name == "Bea" {
			today := bondgenoten.Today()
			if _, err := s.PutSpecial(ctx, net, a.ID, ally.SpecialInput{Religion: "Islam", Background: "Marokkaans-Nederlands", ConsentOn: &today, ConsentHow: "mondeling"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

var dutchHeader = []string{"naam", "mobiel", "e-mail", "organisatie", "achterban", "wijk", "startdatum", "status", "vertrokken_op", "reden_vertrek",
	"contact_toegestaan", "toestemming_op", "toestemming_reikwijdte", "toestemming_hoe", "intakegesprek", "gedragscode", "belangenverklaring", "leeftijd", "gender"}

func TestExportCSV(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		seedForExport(t, s, nets[0])
		var buf bytes.Buffer
		if err := s.Export(context.Background(), nets[0], ally.FormatCSV, &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(out, "\uFEFFnaam;mobiel;e-mail;") {
			t.Fatalf("export does not start with a BOM and ';'-separated Dutch headers: %q", out[:min(len(out), 40)])
		}
		if strings.Contains(out, "Islam") || strings.Contains(out, "Marokkaans") {
			t.Fatal("special-category data was exported")
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || !reflect.DeepEqual(rows[0], dutchHeader) {
			t.Fatalf("rows = %d, header %q", len(rows), rows[0])
		}
		want := [][]string{
			{"Aad", "06 12345678", "", "", "", "", "", "vertrokken", "2026-03-01", "verhuisd,\n\"naar\" Zwolle", "nee", "", "", "", "nee", "nee", "ja", "", ""},
			// A phone number starting with "+" too: a spreadsheet computes it.
			{"Bea", "'+31 6 12345678", "bea@example.nl", "'=SUM(A1)", "'@buurt", "'-Oost", "2026-01-15", "actief", "", "", "ja", "2026-01-10", "'+nieuwsbrief", "schriftelijk; getekend", "ja", "ja", "nee", "26-40", "vrouw"},
			{"Cor", "", "", "", "", "", "", "gepauzeerd", "", "", "nee", "", "", "", "nee", "nee", "nee", "over-65", "non-binair"},
			{"Dirk", "", "", "Stichting ,;'", "", "", "", "kandidaat", "", "", "nee", "", "", "", "nee", "nee", "nee", "", ""},
		}
		for i, w := range want {
			if !reflect.DeepEqual(rows[i+1], w) {
				t.Errorf("row %d =\n%q\nwant\n%q", i+2, rows[i+1], w)
			}
		}
	})
}

func TestExportXLSX(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		seedForExport(t, s, nets[0])
		var buf bytes.Buffer
		if err := s.Export(context.Background(), nets[0], ally.FormatXLSX, &buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); !reflect.DeepEqual(sheets, []string{"Bondgenoten"}) {
			t.Fatalf("sheets = %q", sheets)
		}
		rows, err := f.GetRows("Bondgenoten", excelize.Options{RawCellValue: true})
		if err != nil || len(rows) != 5 || !reflect.DeepEqual(rows[0], dutchHeader) {
			t.Fatalf("rows = %d %v, header %q", len(rows), err, rows[0])
		}
		// Bea: no apostrophes in a workbook, dates as text.
		if rows[2][0] != "Bea" || rows[2][3] != "=SUM(A1)" || rows[2][6] != "2026-01-15" || rows[2][7] != "actief" || rows[2][10] != "ja" {
			t.Errorf("Bea = %q", rows[2])
		}
		for _, cell := range []string{"A1", "D3", "G3"} {
			if typ, err := f.GetCellType("Bondgenoten", cell); err != nil || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
				t.Errorf("cell %s has type %v, %v; want text", cell, typ, err)
			}
			if formula, _ := f.GetCellFormula("Bondgenoten", cell); formula != "" {
				t.Errorf("cell %s is a formula %q", cell, formula)
			}
		}
		id, _ := f.GetCellStyle("Bondgenoten", "B1")
		if style, err := f.GetStyle(id); err != nil || style.Font == nil || !style.Font.Bold {
			t.Errorf("header style = %+v, %v; want bold", style, err)
		}
		if panes, err := f.GetPanes("Bondgenoten"); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("panes = %+v, %v; want the header row frozen", panes, err)
		}
	})
}

// exported is what an export carries of an ally: no identity, no times,
// no special-category data.
func exported(a ally.Ally) ally.Ally {
	a.ID, a.NetworkID, a.CreatedAt, a.UpdatedAt = uuid.Nil, uuid.Nil, time.Time{}, time.Time{}
	a.SpecialConsentOn, a.SpecialConsentHow, a.SpecialSealed = nil, "", nil
	return a
}

func TestExportImportRoundTrip(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, nets := networks(t, db, 15, 3)
		seedForExport(t, s, nets[0])
		var original bytes.Buffer
		if err := s.Export(ctx, nets[0], ally.FormatCSV, &original); err != nil {
			t.Fatal(err)
		}
		for i, format := range []ally.Format{ally.FormatCSV, ally.FormatXLSX} {
			var file bytes.Buffer
			if err := s.Export(ctx, nets[0], format, &file); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Import(ctx, nets[i+1], format, bytes.NewReader(file.Bytes()), true)
			if err != nil {
				t.Fatalf("%s: %v %v", format, err, bondgenoten.ErrorFields(err))
			}
			wantClean(t, rep, 4, 0)
			// And for real: the copy exports exactly as the original.
			if rep, err = s.Import(ctx, nets[i+1], format, bytes.NewReader(file.Bytes()), false); err != nil {
				t.Fatal(err)
			}
			wantClean(t, rep, 4, 4)
			var copied bytes.Buffer
			if err := s.Export(ctx, nets[i+1], ally.FormatCSV, &copied); err != nil {
				t.Fatal(err)
			}
			if copied.String() != original.String() {
				t.Errorf("%s round trip changed the allies:\n%s\nwant\n%s", format, copied.String(), original.String())
			}
			want, _ := s.List(ctx, nets[0])
			got, _ := s.List(ctx, nets[i+1])
			if len(got) != len(want) {
				t.Fatalf("%s: %d allies; want %d", format, len(got), len(want))
			}
			for j := range want {
				if g, w := exported(got[j]), exported(want[j]); !reflect.DeepEqual(g, w) {
					t.Errorf("%s round trip:\n%+v\nwant\n%+v", format, g, w)
				}
			}
		}
	})
}

// BenchmarkImportDryRun checks a 1000-row CSV: parsing, Create's rules,
// duplicates and the network's checks; nothing is written.
func BenchmarkImportDryRun(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	s, nets := networks(b, db, 50, 1)
	var file strings.Builder
	file.WriteString("\uFEFFnaam;mobiel;e-mail;wijk;startdatum;status;contact_toegestaan;toestemming_op\r\n")
	for i := range 1000 {
		status := "kandidaat"
		if i%50 == 0 {
			status = "actief"
		}
		fmt.Fprintf(&file, "Bondgenoot %d;06 %08d;b%d@example.nl;Wijk %d;15-01-2026;%s;ja;2026-01-10\r\n", i, i, i, i%20, status)
	}
	data := []byte(file.String())
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep, err := s.Import(ctx, nets[0], ally.FormatCSV, bytes.NewReader(data), true)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Valid != 1000 || len(rep.Errors) != 0 {
			b.Fatalf("report: valid %d, errors %v", rep.Valid, rep.Errors[:min(len(rep.Errors), 3)])
		}
	}
}

// measureAlloc runs fn and gives the bytes the process allocated meanwhile
// and the highest heap in use above the start, sampled every 2 ms.
func measureAlloc(fn func()) (total, peak uint64) {
	runtime.GC()
	var before, m runtime.MemStats
	runtime.ReadMemStats(&before)
	stop, high := make(chan struct{}), make(chan uint64)
	go func() {
		h := before.HeapInuse
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				high <- h
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				h = max(h, m.HeapInuse)
			}
		}
	}()
	fn()
	close(stop)
	h := <-high
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, max(h, after.HeapInuse) - before.HeapInuse
}

// hostileFiles are an attacker's imports: a 3 MB CSV whose header has
// 3,000,000 columns, and a 90 KB workbook whose header row has 3,000,000
// cells (48 MB of XML).
func hostileFiles(t *testing.T) map[ally.Format][]byte {
	xlsx := workbookStreaming(t, "xl/worksheets/sheet1.xml", func(w io.Writer) error {
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c>`); err != nil {
			return err
		}
		cells := []byte(strings.Repeat(`<c><v>1</v></c>`, 1000))
		for range 3000 {
			if _, err := w.Write(cells); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</row><row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c></row></sheetData></worksheet>`)
		return err
	})
	return map[ally.Format][]byte{
		ally.FormatCSV:  []byte("naam" + strings.Repeat(";", 3_000_000) + "\r\nA\r\n"),
		ally.FormatXLSX: xlsx,
	}
}

// TestImportRefusesHostileFilesEarly: the file error comes from the first
// bound the file breaks, before the rest is parsed, so one hostile import
// and eight in parallel stay small. Not on PostgreSQL: the file is refused
// before any query, and the other dialect's parallel subtest would blur
// the measure.
func TestImportRefusesHostileFilesEarly(t *testing.T) {
	s, nets := networks(t, storetest.Open(t, store.SQLite), 15, 1)
	for format, data := range hostileFiles(t) {
		tooWide := func() {
			_, err := s.Import(context.Background(), nets[0], format, bytes.NewReader(data), true)
			if got := bondgenoten.ErrorFields(err)["file"]; got != (bondgenoten.FieldViolation{Rule: "max_columns", Param: "50"}) {
				t.Errorf("%s: %v %+v; want file error max_columns 50", format, err, got)
			}
		}
		total, peak := measureAlloc(tooWide)
		t.Logf("%s of %d bytes, one import: %d MB allocated, heap +%d MB", format, len(data), total>>20, peak>>20)
		if total > 32<<20 {
			t.Errorf("%s: one hostile import allocated %d MB; want under 32 MB", format, total>>20)
		}
		total, peak = measureAlloc(func() {
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(tooWide)
			}
			wg.Wait()
		})
		t.Logf("%s, eight imports in parallel: %d MB allocated, heap +%d MB", format, total>>20, peak>>20)
		if total > 200<<20 {
			t.Errorf("%s: eight hostile imports allocated %d MB; want under 200 MB", format, total>>20)
		}
	}
}

// formulaLike are values a spreadsheet would evaluate if a cell held them
// as they are; phones are those the phone rule takes.
var (
	formulaLike = []string{"-2+3", "=1+1", "@SUM(A1)", "+31 6 12345678", "＝1+1", "＋1", "－1", "＠SUM(A1)", "'=1+1", "''+1", "=HYPERLINK(\"http://x\";\"y\")"}
	phones      = []string{"+1-1-1-1-1-1", "+31 6 12345678", "+316-1234-5678"}
)

// seedFormulaLike gives each formula-like value an ally holding it in a
// free-text field, and each phone one holding it as mobile.
func seedFormulaLike(t *testing.T, s *ally.Service, net uuid.UUID) {
	t.Helper()
	for i, v := range formulaLike {
		if _, err := s.Create(context.Background(), net, ally.Input{Name: fmt.Sprintf("F%02d", i), Organisation: v, ConsentScope: v, Status: ally.StatusCandidate}); err != nil {
			t.Fatalf("%q: %v", v, err)
		}
	}
	for i, v := range phones {
		if _, err := s.Create(context.Background(), net, ally.Input{Name: fmt.Sprintf("P%02d", i), Mobile: v, Status: ally.StatusCandidate}); err != nil {
			t.Fatalf("%q: %v", v, err)
		}
	}
}

func TestExportProtectsEveryFormulaLikeCell(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, nets := networks(t, db, 15, 3)
		seedFormulaLike(t, s, nets[0])
		// A tab or CR cannot come through Create, which trims; stored
		// anyhow, it is protected too.
		now := time.Now().UTC().Truncate(time.Microsecond)
		if _, err := db.Unscoped().NewInsert().Model(&ally.Ally{ID: uuid.Must(uuid.NewV7()), NetworkID: nets[0], Name: "T", Organisation: "\t=1", ConsentScope: "\r=1",
			Status: ally.StatusCandidate, CreatedAt: now, UpdatedAt: now}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		// name → mobile, organisation, consent scope as stored
		stored := map[string][3]string{"T": {"", "\t=1", "\r=1"}}
		for i, v := range formulaLike {
			stored[fmt.Sprintf("F%02d", i)] = [3]string{"", v, v}
		}
		for i, v := range phones {
			stored[fmt.Sprintf("P%02d", i)] = [3]string{v, "", ""}
		}
		cols := [3]int{1, 3, 12} // mobiel, organisatie, toestemming_reikwijdte

		// A CSV gets an apostrophe before each.
		var file bytes.Buffer
		if err := s.Export(ctx, nets[0], ally.FormatCSV, &file); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(file.String(), "\uFEFF")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil || len(rows) != len(stored)+1 {
			t.Fatalf("csv: %d rows, %v; want %d", len(rows), err, len(stored)+1)
		}
		for _, row := range rows[1:] {
			for i, col := range cols {
				// encoding/csv writing CRLF drops a CR in a cell.
				if want := strings.ReplaceAll(stored[row[0]][i], "\r", ""); want != "" && row[col] != "'"+want {
					t.Errorf("csv %s, %s = %q; want %q", row[0], dutchHeader[col], row[col], "'"+want)
				}
			}
		}

		// A workbook holds them as they are, in text cells; only a value
		// starting with an apostrophe gets one more, as unprotect takes
		// one off a workbook's cell too.
		file.Reset()
		if err := s.Export(ctx, nets[0], ally.FormatXLSX, &file); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(file.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err = f.GetRows("Bondgenoten", excelize.Options{RawCellValue: true})
		if err != nil || len(rows) != len(stored)+1 {
			t.Fatalf("xlsx: %d rows, %v; want %d", len(rows), err, len(stored)+1)
		}
		for n, row := range rows[1:] {
			for i, col := range cols {
				want := stored[row[0]][i]
				if want == "" {
					continue
				}
				if strings.HasPrefix(want, "'") {
					want = "'" + want
				}
				cell, _ := excelize.CoordinatesToCellName(col+1, n+2)
				typ, err := f.GetCellType("Bondgenoten", cell)
				formula, _ := f.GetCellFormula("Bondgenoten", cell)
				if row[col] != want || err != nil || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) || formula != "" {
					t.Errorf("xlsx %s = %q of type %v (%v), formula %q; want text %q", cell, row[col], typ, err, formula, want)
				}
			}
		}

		// Both give back what was exported. (Import trims the tab and CR,
		// as Create would: not part of this.)
		if _, err := db.Unscoped().NewDelete().Model((*ally.Ally)(nil)).Where("name = ?", "T").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		original, _ := s.List(ctx, nets[0])
		for i, format := range []ally.Format{ally.FormatCSV, ally.FormatXLSX} {
			file.Reset()
			if err := s.Export(ctx, nets[0], format, &file); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Import(ctx, nets[i+1], format, bytes.NewReader(file.Bytes()), false)
			if err != nil {
				t.Fatalf("%s: %v %v", format, err, bondgenoten.ErrorFields(err))
			}
			wantClean(t, rep, len(original), len(original))
			copied, _ := s.List(ctx, nets[i+1])
			for j := range original {
				if g, w := exported(copied[j]), exported(original[j]); !reflect.DeepEqual(g, w) {
					t.Errorf("%s round trip:\n%+v\nwant\n%+v", format, g, w)
				}
			}
		}

		// A workbook saved from a protected CSV may keep the apostrophes.
		saved := rawSheetFile(t, `<row><c t="inlineStr"><is><t>naam</t></is></c><c t="inlineStr"><is><t>mobiel</t></is></c><c t="inlineStr"><is><t>organisatie</t></is></c></row>`+
			`<row><c t="inlineStr"><is><t>Saved</t></is></c><c t="inlineStr"><is><t>'+1-1-1-1-1-1</t></is></c><c t="inlineStr"><is><t>'=1+1</t></is></c></row>`)
		wantClean(t, importString(t, s, nets[1], ally.FormatXLSX, saved, false), 1, 1)
		list, _ := s.List(ctx, nets[1])
		if a := list[len(list)-1]; a.Name != "Saved" || a.Mobile != "+1-1-1-1-1-1" || a.Organisation != "=1+1" {
			t.Errorf("workbook from a protected CSV: %+v", a)
		}
	})
}

// TestImportRefusesTextTheDatabaseCannotHold: a NUL in a cell was reported
// valid by the dry run and then failed the import with a server error.
func TestImportRefusesTextTheDatabaseCannotHold(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, nets := networks(t, db, 15, 1)
		file := "naam;mobiel;wijk\nNul\x00Test;06 12345678;Centrum\nGoed;06 12345678;Wijk\x00B\n"
		want := []ally.RowError{
			{Row: 2, Field: "name", Rule: "nul"},
			{Row: 3, Field: "neighbourhood", Rule: "nul"},
		}
		for _, dryRun := range []bool{true, false} {
			rep := importString(t, s, nets[0], ally.FormatCSV, file, dryRun)
			if !reflect.DeepEqual(rep.Errors, want) || rep.Created != 0 {
				t.Errorf("dry run %v: errors %+v, created %d; want %+v and nothing written", dryRun, rep.Errors, rep.Created, want)
			}
		}
		if list, _ := s.List(context.Background(), nets[0]); len(list) != 0 {
			t.Fatalf("a file with NUL wrote %d allies", len(list))
		}
	})
}
