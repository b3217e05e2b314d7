package sheet_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally/sheet"
)

func fileRule(err error) bondgenoten.Rule { return bondgenoten.ErrorFields(err)["file"].Rule }

// TestReadCSV: the delimiter the header uses, Windows-1252, a BOM, and row
// numbers as a spreadsheet shows them: a blank line counts, a line break
// inside a quoted cell does not.
func TestReadCSV(t *testing.T) {
	file := "\uFEFFnaam;plaats\r\n\r\n\"Jan\nde Vries\";Zaandam\r\nPé;Delft\r\n"
	recs, err := sheet.ReadCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []sheet.Record{{Row: 1, Cells: []string{"naam", "plaats"}}, {Row: 3, Cells: []string{"Jan\nde Vries", "Zaandam"}}, {Row: 4, Cells: []string{"Pé", "Delft"}}}
	if len(recs) != len(want) {
		t.Fatalf("got %+v; want %+v", recs, want)
	}
	for i := range want {
		if recs[i].Row != want[i].Row || strings.Join(recs[i].Cells, "|") != strings.Join(want[i].Cells, "|") {
			t.Errorf("record %d = %+v; want %+v", i, recs[i], want[i])
		}
	}
	recs, err = sheet.ReadCSV(strings.NewReader("naam,plaats\nJos\xe9,Delft\n")) // Windows-1252 é
	if err != nil || recs[1].Cells[0] != "José" || recs[1].Cells[1] != "Delft" {
		t.Errorf("Windows-1252 with commas: %+v %v", recs, err)
	}
}

// TestReadRefusesBeyondTheBounds: each bound is a file error with sheet's rule.
func TestReadRefusesBeyondTheBounds(t *testing.T) {
	for name, c := range map[string]struct {
		file string
		rule bondgenoten.Rule
	}{
		"columns": {strings.Repeat("a;", sheet.MaxColumns) + "a\n", sheet.RuleMaxColumns},
		"cell":    {strings.Repeat("x", sheet.MaxCellChars+1) + "\n", sheet.RuleMaxCell},
		"rows":    {strings.Repeat("a\n", sheet.MaxRows+2), sheet.RuleMaxRows},
		"bytes":   {strings.Repeat("\n", sheet.MaxBytes+1), sheet.RuleMaxSize},
		"quotes":  {"a\n\"b\n", sheet.RuleFormat},
	} {
		if _, err := sheet.ReadCSV(strings.NewReader(c.file)); fileRule(err) != c.rule {
			t.Errorf("%s: %v; want %s", name, err, c.rule)
		}
	}
	if _, err := sheet.ReadXLSX(strings.NewReader("not a zip"), func(string) bool { return false }); fileRule(err) != sheet.RuleFormat {
		t.Errorf("xlsx: %v; want format", err)
	}
}

// TestWriteAndReadBack: what the writers write reads back as it was,
// formula-like values included, and a written CSV never starts a cell as a
// formula.
func TestWriteAndReadBack(t *testing.T) {
	table := func() [][]string {
		return [][]string{{"naam", "datum"}, {"=1+1", "2026-03-01"}, {"'x", "45352"}}
	}
	var csvOut bytes.Buffer
	if err := sheet.WriteCSV(&csvOut, table()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), "'=1+1") {
		t.Errorf("csv %q: =1+1 not protected", csvOut.String())
	}
	recs, err := sheet.ReadCSV(&csvOut)
	if err != nil {
		t.Fatal(err)
	}
	if got := sheet.Unprotect(recs[1].Cells[0]); got != "=1+1" {
		t.Errorf("csv read back %q", got)
	}
	var xlsxOut bytes.Buffer
	if err := sheet.WriteXLSX(&xlsxOut, "Blad", table()); err != nil {
		t.Fatal(err)
	}
	recs, err = sheet.ReadXLSX(&xlsxOut, func(h string) bool { return h == "datum" })
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1].Cells[0] != "=1+1" || sheet.Unprotect(recs[2].Cells[0]) != "'x" {
		t.Errorf("xlsx read back %+v", recs)
	}
	// A serial number in a date column becomes a day: 45352 is 2024-03-01.
	if recs[2].Cells[1] != "2024-03-01" || recs[1].Cells[1] != "2026-03-01" {
		t.Errorf("dates read back %q %q", recs[1].Cells[1], recs[2].Cells[1])
	}
}
