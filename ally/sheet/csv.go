package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ReadCSV reads the non-blank rows of a CSV file (see readCSV) of at most
// MaxBytes.
func ReadCSV(r io.Reader) ([]Record, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return readCSV(data)
}

// readAll reads r whole, refusing more than MaxBytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, tooLarge()
	}
	return data, nil
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
// first record of more than MaxColumns fields or field of more than
// MaxCellChars characters. csv.Reader builds a whole record before
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
				if fields++; fields > MaxColumns {
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
		if chars++; chars > MaxCellChars {
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

// WriteCSV writes what Dutch Excel opens without asking: a BOM so it reads
// UTF-8, ";" as separator, CRLF line ends, and no cell that it would run as
// a formula.
func WriteCSV(w io.Writer, table [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	for _, row := range table {
		for i, v := range row {
			row[i] = Protect(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
