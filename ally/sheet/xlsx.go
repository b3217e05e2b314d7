package sheet

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads the non-blank rows of the first sheet of a workbook of at
// most MaxBytes (see readXLSX). isDate tells by a column's header whether
// it holds dates: their Excel serial numbers become YYYY-MM-DD.
func ReadXLSX(r io.Reader, isDate func(header string) bool) ([]Record, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return readXLSX(data, isDate)
}

// readXLSX reads the first sheet, once scanXLSX found it within the
// bounds. Cells are read raw, so a date typed into Excel arrives as its
// serial number; dates are recognised by column later (fixSerialDates), as
// only the header tells which cells hold dates.
func readXLSX(data []byte, isDate func(header string) bool) (records, error) {
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
		fixSerialDates(recs, date1904, isDate)
	}
	return recs, nil
}

// fixSerialDates turns Excel date serial numbers in date columns into
// YYYY-MM-DD; isDate tells the date columns by their header.
func fixSerialDates(recs records, date1904 bool, isDate func(header string) bool) {
	for i, h := range recs[0].Cells {
		if !isDate(h) {
			continue
		}
		for _, rec := range recs[1:] {
			if i >= len(rec.Cells) {
				continue
			}
			serial, err := strconv.ParseFloat(rec.Cells[i], 64)
			if err != nil || serial < 1 {
				continue
			}
			if t, err := excelize.ExcelDateToTime(serial, date1904); err == nil {
				rec.Cells[i] = t.Format(time.DateOnly)
			}
		}
	}
}

// WriteXLSX writes one sheet, named name, of text cells (dates too, as YYYY-MM-DD, so
// Excel neither reformats them nor turns numbers into something else), with
// a bold, frozen header row.
func WriteXLSX(w io.Writer, sheetName string, table [][]string) error {
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
	last, err := excelize.ColumnNumberToName(width(table))
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
			// Unprotect.
			if strings.HasPrefix(v, "'") {
				v = Protect(v)
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

// width is the number of columns of table, at least one.
func width(table [][]string) int {
	n := 1
	for _, row := range table {
		n = max(n, len(row))
	}
	return n
}
