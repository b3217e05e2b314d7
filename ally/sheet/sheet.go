// Package sheet reads and writes the spreadsheet files of the allies
// import and export: CSV as Excel writes it (UTF-8 or Windows-1252, ";" or
// ","), and the first sheet of an XLSX workbook, within bounds checked on
// the raw file before a parser holds anything of it; and it writes a table
// to CSV or XLSX with formula-injection protection. It knows nothing of
// allies: what the columns mean is ally's.
package sheet

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bondgenoten/bondgenoten"
)

// Bounds of a file read; a file beyond one is refused as a whole.
const (
	// MaxRows bounds the data rows (after the header): a network has tens
	// of allies, so a larger file is a mistake, and the whole file is
	// checked in memory and written in one transaction.
	MaxRows = 2000
	// MaxBytes bounds what a read takes from its reader, whatever the
	// caller's limit.
	MaxBytes = 10 << 20
	// maxUnzippedBytes stops an XLSX that inflates far beyond its size.
	maxUnzippedBytes = 64 << 20
	// MaxColumns bounds the columns of a row: the export writes 19, the
	// rest is room for the odd spare column. A row is held whole in memory
	// before anything can look at it, so the bound is checked on the raw
	// file first (scanCSV, scanXLSX).
	MaxColumns = 50
	// MaxCellChars bounds one cell, in characters; the longest field of an
	// ally takes 500.
	MaxCellChars = 2000
)

// Rules a file as a whole can break; the error's field is "file".
const (
	RuleFormat     bondgenoten.Rule = "format"      // no readable CSV or XLSX
	RuleMaxSize    bondgenoten.Rule = "max_size"    // beyond MaxBytes (param: the limit)
	RuleMaxRows    bondgenoten.Rule = "max_rows"    // beyond MaxRows (param: the limit)
	RuleMaxColumns bondgenoten.Rule = "max_columns" // beyond MaxColumns (param: the limit)
	RuleMaxCell    bondgenoten.Rule = "max_cell"    // beyond MaxCellChars (param: the limit)
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{RuleFormat, RuleMaxSize, RuleMaxRows, RuleMaxColumns, RuleMaxCell}
}

// fileError is a problem with the file as a whole; no row is worth reporting.
func fileError(rule bondgenoten.Rule, param string) error {
	return &bondgenoten.Error{Code: bondgenoten.EINVALID, Message: "unusable import file",
		Fields: map[string]bondgenoten.FieldViolation{"file": {Rule: rule, Param: param}}}
}

// tooManyColumns and cellTooLong are the file errors of a row or cell
// beyond the bounds; the parameter is the bound.
func tooManyColumns() error { return fileError(RuleMaxColumns, strconv.Itoa(MaxColumns)) }
func cellTooLong() error    { return fileError(RuleMaxCell, strconv.Itoa(MaxCellChars)) }

// tooLarge is the file error of a file, or an XLSX's cells, beyond
// MaxBytes.
func tooLarge() error { return fileError(RuleMaxSize, "10 MB") }

// Record is one non-blank row of a file with its spreadsheet row number.
type Record struct {
	Row   int
	Cells []string
}

// records collects non-blank rows, refusing more than a header and
// MaxRows data rows, a row of more than MaxColumns cells and a
// cell of more than MaxCellChars as soon as it sees them.
type records []Record

func (rs *records) add(row int, cells []string) error {
	if len(cells) > MaxColumns {
		return tooManyColumns()
	}
	blank := true
	for i, c := range cells {
		if len(c) > MaxCellChars && utf8.RuneCountInString(c) > MaxCellChars {
			return cellTooLong()
		}
		cells[i] = strings.TrimSpace(c)
		blank = blank && cells[i] == ""
	}
	if blank {
		return nil
	}
	if len(*rs) > MaxRows {
		return fileError(RuleMaxRows, strconv.Itoa(MaxRows))
	}
	*rs = append(*rs, Record{row, cells})
	return nil
}
