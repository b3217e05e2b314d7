package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

const (
	// maxZipEntries bounds the parts of a workbook; Excel writes about ten.
	maxZipEntries = 1000
	// maxSheetRows bounds the rows of the sheet, blank ones included
	// (a spreadsheet writes a blank row it formatted).
	maxSheetRows = 10 * MaxRows
	// maxSheetElements bounds the XML elements of the sheet and of the
	// shared strings: MaxRows rows of MaxColumns cells take
	// some 300,000; the rest is room for styled empty cells.
	maxSheetElements = 500_000
	// maxPartElements bounds the other parts excelize decodes whole on
	// opening a workbook (relationships, workbook, styles, theme,
	// calculation chain): a few hundred elements each, as Excel writes
	// them; excelize keeps some 300 bytes of each.
	maxPartElements = 20_000
	// maxSheetCells is Excel's number of columns: a row with more cells is
	// no row of a sheet.
	maxSheetCells = 16384
	// maxXMLRun bounds the bytes between two "<" of a part scanXLSX reads:
	// a cell of MaxCellChars characters, even each written as an entity.
	maxXMLRun = 16 * MaxCellChars
)

// scanXLSX reads, before excelize opens the file, every part excelize will
// decode to read the first sheet — the sheet, the shared strings, and what
// it decodes whole on opening — as a stream of XML tokens, and refuses the
// file at the first row of more than MaxColumns values, cell of more
// than MaxCellChars characters, or part beyond its number of rows or
// elements. excelize holds a whole row, and those parts, in memory, and
// spends up to a kilobyte per element on the way: one row of 3,000,000
// cells, a 90 KB file, took 5 seconds and 2 GB of allocations, and a 150 KB
// file with a styles part of 3,000,000 formats 1 GB of heap. The scan keeps
// nothing but counters, and no more than maxXMLRun bytes of one token.
func scanXLSX(data []byte) error {
	format := fileError(RuleFormat, "")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > maxZipEntries {
		return format
	}
	parts := make(map[string]*zip.File, len(zr.File))
	var size uint64
	for _, f := range zr.File {
		// archive/zip refuses a part that inflates beyond its stated size.
		if size += min(f.UncompressedSize64, maxUnzippedBytes+1); size > maxUnzippedBytes {
			return format
		}
		parts[strings.ReplaceAll(f.Name, `\`, "/")] = f
	}
	for _, name := range []string{"xl/styles.xml", "xl/theme/theme1.xml", "xl/calcChain.xml"} {
		if err := walkPart(parts[name], maxPartElements, format, format, nil); err != nil {
			return err
		}
	}
	// The first sheet, found as excelize finds it: the workbook from the
	// package's relationships, its first sheet, and that sheet's part from
	// the workbook's relationships.
	book, err := relTarget(parts["_rels/.rels"], func(_, typ string) bool { return strings.HasSuffix(typ, "/officeDocument") })
	if err != nil {
		return err
	}
	book = strings.TrimPrefix(book, "/")
	id := ""
	if book == "" {
		return format
	}
	err = walkPart(parts[book], maxPartElements, format, format, func(tok xml.Token) error {
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "sheet" && id == "" {
			id = attr(el, "id")
		}
		return nil
	})
	if err != nil || id == "" {
		return format
	}
	dir := path.Dir(book)
	rels := strings.TrimPrefix(dir+"/_rels/"+path.Base(book)+".rels", "/")
	if dir == "." {
		rels = "_rels/" + path.Base(book) + ".rels"
	}
	target, err := relTarget(parts[rels], func(rid, _ string) bool { return rid == id })
	if err != nil || target == "" {
		return format
	}
	name := path.Clean(dir + "/" + target)
	if strings.HasPrefix(target, "/") {
		name = path.Clean(target)
	}
	sheet := parts[strings.TrimPrefix(name, "/")]
	if sheet == nil {
		return format
	}

	// The text of the cells, in the sheet and the shared strings, is
	// bounded as a CSV is: what excelize gives is kept until the end.
	text := &textBound{left: MaxBytes}
	tooMany := fileError(RuleMaxRows, strconv.Itoa(MaxRows))
	if err := walkPart(sheet, maxSheetElements, tooMany, cellTooLong(), (&sheetScan{text: text}).token); err != nil {
		return err
	}
	for name, f := range parts {
		if !strings.EqualFold(name, "xl/sharedStrings.xml") {
			continue
		}
		if err := walkPart(f, maxSheetElements, tooMany, cellTooLong(), (&stringsScan{text: text}).token); err != nil {
			return err
		}
	}
	return nil
}

// relTarget walks a relationships part and gives the target of the first
// relationship that match takes, or "".
func relTarget(part *zip.File, match func(id, typ string) bool) (string, error) {
	target, found := "", false
	format := fileError(RuleFormat, "")
	err := walkPart(part, maxPartElements, format, format, func(tok xml.Token) error {
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "Relationship" && !found && match(attr(el, "Id"), attr(el, "Type")) {
			target, found = attr(el, "Target"), true
		}
		return nil
	})
	return target, err
}

func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// walkPart hands fn (if any) the tokens of a part (nil: none) to its end.
// More than maxElements elements give tooMany; more than maxXMLRun bytes
// between two tags, which is what the decoder buffers, give tooLong.
func walkPart(part *zip.File, maxElements int, tooMany, tooLong error, fn func(xml.Token) error) error {
	if part == nil {
		return nil
	}
	rc, err := part.Open()
	if err != nil {
		return fileError(RuleFormat, "")
	}
	defer rc.Close()
	g := &runGuard{r: rc}
	d := xml.NewDecoder(g)
	d.CharsetReader = charsetReader
	elements := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if g.tooLong {
				return tooLong
			}
			return fileError(RuleFormat, "")
		}
		if _, ok := tok.(xml.StartElement); ok {
			if elements++; elements > maxElements {
				return tooMany
			}
		}
		if fn != nil {
			if err := fn(tok); err != nil {
				return err
			}
		}
	}
}

// charsetReader reads the encodings a part may declare, as excelize does.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(r), nil
}

// runGuard fails a read once more than maxXMLRun bytes come without a "<".
type runGuard struct {
	r       io.Reader
	run     int
	tooLong bool
}

func (g *runGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for b := p[:n]; ; {
		i := bytes.IndexByte(b, '<')
		if i < 0 || g.run+i > maxXMLRun {
			g.run += len(b)
			break
		}
		g.run, b = 0, b[i+1:]
	}
	if g.run > maxXMLRun {
		g.tooLong = true
		return 0, errLongRun
	}
	return n, err
}

var errLongRun = errors.New("xml: too many bytes between tags")

// textBound counts down the bytes of text the cells may hold.
type textBound struct{ left int }

func (t *textBound) take(n int) error {
	if t.left -= n; t.left < 0 {
		return tooLarge()
	}
	return nil
}

// sheetScan follows the rows and cells of a sheet. A cell holds a value as
// excelize reads it when it has a formula or text in <v> or <is>; its
// column is its reference's, or the one after the previous cell's.
type sheetScan struct {
	text          *textBound
	rows          int
	cells, values int // of the current row
	col           int // of the current cell
	value         bool
	chars         int
	inV, inT      bool
	phonetic      int
}

func (s *sheetScan) token(tok xml.Token) error {
	switch el := tok.(type) {
	case xml.StartElement:
		switch el.Name.Local {
		case "row":
			if s.rows++; s.rows > maxSheetRows {
				return fileError(RuleMaxRows, strconv.Itoa(MaxRows))
			}
			s.cells, s.values, s.col = 0, 0, 0
		case "c":
			if s.cells++; s.cells > maxSheetCells {
				return tooManyColumns()
			}
			s.col++
			if c := columnOf(attr(el, "r")); c > 0 {
				s.col = c
			}
			s.value, s.chars = false, 0
		case "f":
			s.value = true
		case "v":
			s.inV = true
		case "t":
			s.inT = true
		case "rPh":
			s.phonetic++
		}
	case xml.EndElement:
		switch el.Name.Local {
		case "c":
			if s.value {
				if s.values++; s.values > MaxColumns || s.col > MaxColumns {
					return tooManyColumns()
				}
			}
		case "v":
			s.inV = false
		case "t":
			s.inT = false
		case "rPh":
			s.phonetic--
		}
	case xml.CharData:
		if s.inV || (s.inT && s.phonetic == 0) {
			s.value = s.value || len(el) > 0
			if s.chars += utf8.RuneCount(el); s.chars > MaxCellChars {
				return cellTooLong()
			}
			return s.text.take(len(el))
		}
	}
	return nil
}

// columnOf reads the column of a cell reference ("AB12" is 28), 0 if it
// has none.
func columnOf(ref string) int {
	col := 0
	for i := 0; i < len(ref); i++ {
		b := ref[i] | 0x20 // lower case
		if b < 'a' || b > 'z' {
			break
		}
		if col = col*26 + int(b-'a') + 1; col > maxSheetCells {
			return col
		}
	}
	return col
}

// stringsScan bounds each shared string: its text runs, without the
// phonetic guide excelize leaves out.
type stringsScan struct {
	text     *textBound
	chars    int
	inT      bool
	phonetic int
}

func (s *stringsScan) token(tok xml.Token) error {
	switch el := tok.(type) {
	case xml.StartElement:
		switch el.Name.Local {
		case "si":
			s.chars = 0
		case "t":
			s.inT = true
		case "rPh":
			s.phonetic++
		}
	case xml.EndElement:
		switch el.Name.Local {
		case "t":
			s.inT = false
		case "rPh":
			s.phonetic--
		}
	case xml.CharData:
		if s.inT && s.phonetic == 0 {
			if s.chars += utf8.RuneCount(el); s.chars > MaxCellChars {
				return cellTooLong()
			}
			return s.text.take(len(el))
		}
	}
	return nil
}
