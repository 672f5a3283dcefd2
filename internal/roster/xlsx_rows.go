package roster

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// sheetRows reads the rows of a worksheet's XML as excelize's Rows
// iterator does with RawCellValue, row for row and cell for cell: shared
// strings and inline strings as their text (rich text runs joined, _xHHHH_
// escapes decoded), numbers, booleans, dates and formulas' cached values
// as written, cells placed by their r= reference or after the cell before,
// rows numbered by theirs or after the row before, and the empty rows
// between given as empty. Next and Columns follow excelize's code step by
// step, down to its treatment of rows and cells out of order, so that the
// two agree on every well-formed sheet (TestRowsAgreeWithExcelize,
// FuzzRowsAgreeWithExcelize). Where excelize would stop in silence on
// malformed XML, Error says why.
//
// It also applies the limits of a roster sheet as it goes (MaxColumns, and
// maxTextRun through the tokenizer) and keeps the merged ranges, which
// come after the rows.
type sheetRows struct {
	t   *xmlTokenizer
	sst *sharedStrings

	curRow, seekRow int
	// pending is a row's start tag read ahead, as excelize keeps its token.
	pending    bool
	pendingRow int
	pendingErr error
	err        error

	cells  []string
	merges []cellRange
	// rowTags counts the row tags read, for MaxRows.
	rowTags int
	// col is the column of the last cell, for MaxColumns.
	col int
}

// maxExcelRows is excelize's TotalRows, the last row of a worksheet.
const maxExcelRows = 1048576

var errMaxRows = errors.New("row number exceeds maximum limit")

func newSheetRows(t *xmlTokenizer, sst *sharedStrings) *sheetRows {
	return &sheetRows{t: t, sst: sst}
}

// Error is why reading stopped early: the sheet's XML is malformed or
// passes a limit (a *limitError), or a row number is past the last row.
func (rs *sheetRows) Error() error {
	if rs.err != nil {
		return rs.err
	}
	return rs.t.err
}

// rowNumber reads a row's r attribute as excelize's attrValToInt does.
func (rs *sheetRows) rowNumber() (int, error) {
	val, err := 0, error(nil)
	for _, a := range rs.t.attrs {
		if string(a.local) == "r" {
			if val, err = strconv.Atoi(string(a.value)); err != nil {
				return val, err
			}
		}
	}
	return val, nil
}

// rowTag counts a row tag and starts its columns; false past MaxRows.
func (rs *sheetRows) rowTag() bool {
	rs.col = 0
	if rs.rowTags++; rs.rowTags > MaxRows+headerSlack {
		rs.err = errTooManyRows
		return false
	}
	return true
}

// Next moves to the next row, true while there is one.
func (rs *sheetRows) Next() bool {
	if rs.err != nil {
		return false
	}
	rs.seekRow++
	if rs.curRow >= rs.seekRow {
		return true
	}
	for {
		kind, err := rs.t.next()
		if err != nil || kind == tokenEOF {
			return false
		}
		switch {
		case kind == tokenStart && string(rs.t.local) == "row":
			if !rs.rowTag() {
				return false
			}
			rs.curRow++
			rowNum, rerr := rs.rowNumber()
			if rowNum > maxExcelRows {
				rs.err = errMaxRows
				return false
			}
			if rowNum != 0 {
				rs.curRow = rowNum
			}
			rs.pending, rs.pendingRow, rs.pendingErr = true, rowNum, rerr
			return true
		case kind == tokenEnd && string(rs.t.local) == "sheetData":
			rs.scanTail()
			return false
		case kind == tokenStart && string(rs.t.local) == "mergeCell":
			rs.merge()
		}
	}
}

// scanTail reads what follows the rows, for the merged ranges.
func (rs *sheetRows) scanTail() {
	for {
		kind, err := rs.t.next()
		if err != nil || kind == tokenEOF {
			return
		}
		if kind == tokenStart && string(rs.t.local) == "mergeCell" {
			rs.merge()
		}
	}
}

func (rs *sheetRows) merge() {
	if ref, ok := rs.t.attr("ref"); ok && len(rs.merges) < 10000 {
		rs.merges = append(rs.merges, parseRange(string(ref)))
	}
}

// Columns returns the current row's cells from column A on; the slice is
// reused by the next call.
func (rs *sheetRows) Columns() ([]string, error) {
	if rs.curRow > rs.seekRow {
		return nil, nil
	}
	rs.cells = rs.cells[:0]
	var iterErr error
	cellCol := 0
	for {
		var kind tokenKind
		var rowNum int
		var rerr error
		fromPending := rs.pending
		if rs.pending {
			kind, rowNum, rerr = tokenStart, rs.pendingRow, rs.pendingErr
		} else {
			var err error
			if kind, err = rs.t.next(); err != nil || kind == tokenEOF {
				break
			}
		}
		switch {
		case fromPending || kind == tokenStart && string(rs.t.local) == "row":
			if !fromPending {
				if !rs.rowTag() {
					return rs.cells, nil
				}
				rowNum, rerr = rs.rowNumber()
			}
			iterErr = rerr
			if rowNum > maxExcelRows {
				rs.err, rs.pending = errMaxRows, false
				return rs.cells, rs.err
			} else if rowNum != 0 {
				rs.curRow = rowNum
			} else if !fromPending {
				rs.curRow++
			}
			rs.pending, rs.pendingRow, rs.pendingErr = true, rowNum, rerr
			if rs.curRow > rs.seekRow {
				rs.pending = false
				return rs.cells, iterErr
			}
			if iterErr != nil {
				rs.pending = false
				return rs.cells, iterErr
			}
			rs.pending = false
		case kind == tokenStart && string(rs.t.local) == "c":
			cellCol++
			if err := rs.cell(&cellCol); err != nil {
				return rs.cells, err
			}
			if rs.err != nil {
				return rs.cells, nil
			}
		case kind == tokenStart && string(rs.t.local) == "mergeCell":
			rs.merge()
		case kind == tokenEnd && string(rs.t.local) == "sheetData":
			rs.scanTail()
			return rs.cells, iterErr
		}
	}
	return rs.cells, iterErr
}

// cell reads a cell whose start tag was just read, as excelize's
// rowXMLHandler does, and appends its value to the row.
func (rs *sheetRows) cell(cellCol *int) error {
	var c xmlCell
	rs.decodeCell(&c)
	// The limit on columns, before anything else is made of the cell.
	if c.r != "" && columnOf(c.r) > 0 {
		rs.col = columnOf(c.r)
	} else {
		rs.col++
	}
	if rs.col > MaxColumns {
		rs.err = &limitError{
			zh: fmt.Sprintf("工作表第 %d 行有第 %d 列的单元格，超过 %d 列的上限；请删除模板之外多余的列（含空白但有格式的单元格）后重新上传", rs.curRow, rs.col, MaxColumns),
			en: fmt.Sprintf("row %d of the sheet has a cell in column %d, past the limit of %d columns; delete the columns beyond the template (formatted empty cells too) and upload again", rs.curRow, rs.col, MaxColumns)}
		return nil
	}
	if c.r != "" {
		col, err := cellColumn(c.r)
		if err != nil {
			return err
		}
		*cellCol = col
	}
	blank := *cellCol - len(rs.cells)
	if val := rs.value(&c); val != "" || c.formula {
		for i := 1; i < blank; i++ {
			rs.cells = append(rs.cells, "")
		}
		rs.cells = append(rs.cells, val)
	}
	return nil
}

// cellColumn is the column of a cell reference, as excelize's
// CellNameToCoordinates finds it.
func cellColumn(ref string) (int, error) {
	// The common case: capitals and a row number.
	col, i := 0, 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i > 0 && i < len(ref) && ref[i] >= '1' && ref[i] <= '9' && len(ref)-i <= 7 && col <= 16384 {
		row := 0
		j := i
		for j < len(ref) && ref[j] >= '0' && ref[j] <= '9' {
			row = row*10 + int(ref[j]-'0')
			j++
		}
		if j == len(ref) && row <= maxExcelRows {
			return col, nil
		}
	}
	return excelizeColumn(ref)
}

// xmlCell is a cell as excelize decodes it, what its value needs.
type xmlCell struct {
	r, t string
	// v is the value; of a shared-string cell, "s" when it has one, whose
	// index is index.
	v       string
	index   int
	formula bool
	is      *stringItem
}

// stringItem is a shared or inline string: its text and runs' text.
type stringItem struct {
	t    *string
	runs []*string // each run's text, nil for a run without one
}

// String joins the texts and decodes _xHHHH_ escapes, as excelize does.
func (si *stringItem) String() string {
	var b strings.Builder
	if si.t != nil {
		b.WriteString(*si.t)
	}
	for _, r := range si.runs {
		if r != nil {
			b.WriteString(*r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return bstrUnmarshal(b.String())
}

// bstrUnmarshal decodes the escapes _xHHHH_ of characters XML cannot hold,
// as excelize does; _x005F_ is an underscore.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
			if n == 0x5F {
				b.WriteByte('_')
			} else if r := rune(n); utf8.ValidRune(r) {
				b.WriteRune(r)
			}
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// value is a cell's value as excelize's getValueFrom gives it raw.
func (rs *sheetRows) value(c *xmlCell) string {
	switch c.t {
	case "s":
		if c.v == "" {
			return ""
		}
		return rs.sst.get(c.index)
	case "inlineStr":
		if c.is != nil {
			return c.is.String()
		}
	}
	return c.v
}

// decodeCell reads a cell from its start tag to its end tag, as excelize's
// cellXMLHandler does: <v>, <f> and <is> at any depth, the first end tag
// of the cell's name ending it. Like excelize it stops early, leaving the
// rest to the row, at an attribute it cannot read.
func (rs *sheetRows) decodeCell(c *xmlCell) {
	t := rs.t
	for _, a := range t.attrs {
		switch string(a.local) {
		case "r":
			c.r = string(a.value)
		case "s":
			if _, err := strconv.ParseInt(string(a.value), 10, 64); err != nil {
				return
			}
		case "t":
			c.t = string(a.value)
		}
	}
	depth := len(t.stackEnd)
	for {
		kind, err := t.next()
		if err != nil || kind == tokenEOF {
			return
		}
		switch kind {
		case tokenStart:
			switch string(t.local) {
			case "v":
				b, err := t.elementBytes()
				if err != nil {
					return
				}
				if c.t == "s" {
					// An index, read without making a string of it.
					c.v, c.index = "", stringIndex(b)
					if len(b) > 0 {
						c.v = "s"
					}
				} else {
					c.v = string(b)
				}
			case "f":
				c.formula = true
				if !formulaAttrsOK(t) {
					return
				}
				if err := t.skip(); err != nil {
					return
				}
			case "is":
				c.is = &stringItem{}
				if !t.decodeStringItem(c.is) {
					return
				}
			}
		case tokenEnd:
			// The cell's own end tag: the tokenizer has checked that it
			// closes the cell when it comes back to the cell's depth.
			if len(t.stackEnd) == depth-1 {
				return
			}
			if string(t.local) == "c" {
				return
			}
		}
	}
}

// formulaAttrsOK reports whether excelize can read the attributes of an
// <f> element: its flags are booleans and si a number.
func formulaAttrsOK(t *xmlTokenizer) bool {
	for _, a := range t.attrs {
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			if !attrValueOK(a.value, 'b') {
				return false
			}
		case "si":
			if !attrValueOK(a.value, 'i') {
				return false
			}
		}
	}
	return true
}

// attrValueOK reports whether encoding/xml can read an attribute into a
// field of kind b (bool), i (int) or u (uint32): empty, or the value
// without surrounding space.
func attrValueOK(raw []byte, kind byte) bool {
	if len(raw) == 0 {
		return true
	}
	v := strings.TrimSpace(string(raw))
	var err error
	switch kind {
	case 'b':
		_, err = strconv.ParseBool(v)
	case 'i':
		_, err = strconv.ParseInt(v, 10, 64)
	case 'u':
		_, err = strconv.ParseUint(v, 10, 32)
	}
	return err == nil
}

// elementText reads the text of the element whose start tag was just
// read, up to its end tag, leaving out the text of elements inside it, as
// encoding/xml decodes an element into a string.
func (t *xmlTokenizer) elementText() (string, error) {
	b, err := t.elementBytes()
	return string(b), err
}

// elementBytes is elementText in a buffer the next call reuses.
func (t *xmlTokenizer) elementBytes() ([]byte, error) {
	// The text is copied before the next token: the buffer moves.
	out := t.textBuf[:0]
	defer func() { t.textBuf = out[:0] }()
	for {
		kind, err := t.next()
		if err != nil {
			return nil, err
		}
		switch kind {
		case tokenText:
			out = append(out, t.text...)
		case tokenStart:
			if err := t.skip(); err != nil {
				return nil, err
			}
		case tokenEnd:
			return out, nil
		case tokenEOF:
			return nil, syntaxError("unexpected EOF")
		}
	}
}

// stringIndex is the index a shared-string cell's value names, as
// excelize reads it: strconv.Atoi of the trimmed text, 0 when it is not a
// number.
func stringIndex(b []byte) int {
	if len(b) > 0 && len(b) <= 9 {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				i, _ := strconv.Atoi(strings.TrimSpace(string(b)))
				return i
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	i, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return i
}

// decodeStringItem reads an <si> or <is> element whose start tag was
// just read, as encoding/xml decodes excelize's xlsxSI: the last <t> is
// the text, each <r> a run whose last <t> is its text; phonetic runs and
// properties are checked and left out. It returns false where encoding/xml
// would fail, leaving the rest of the element unread.
func (t *xmlTokenizer) decodeStringItem(si *stringItem) bool {
	for {
		kind, err := t.next()
		if err != nil || kind == tokenEOF {
			return false
		}
		switch kind {
		case tokenEnd:
			return true
		case tokenStart:
			switch string(t.local) {
			case "t":
				s, err := t.elementText()
				if err != nil {
					return false
				}
				si.t = &s
			case "r":
				var text *string
				if !t.decodeRun(&text) {
					return false // encoding/xml drops the run it failed on
				}
				si.runs = append(si.runs, text)
			case "rPh":
				for _, a := range t.attrs {
					if l := string(a.local); (l == "sb" || l == "eb") && !attrValueOK(a.value, 'u') {
						return false
					}
				}
				if t.skip() != nil {
					return false
				}
			case "phoneticPr":
				for _, a := range t.attrs {
					if string(a.local) == "fontId" && !attrValueOK(a.value, 'i') {
						return false
					}
				}
				if t.skip() != nil {
					return false
				}
			default:
				if t.skip() != nil {
					return false
				}
			}
		}
	}
}

// decodeRun reads a rich text run <r>: its last <t> is its text.
func (t *xmlTokenizer) decodeRun(text **string) bool {
	for {
		kind, err := t.next()
		if err != nil || kind == tokenEOF {
			return false
		}
		switch kind {
		case tokenEnd:
			return true
		case tokenStart:
			if string(t.local) == "t" {
				s, err := t.elementText()
				if err != nil {
					return false
				}
				*text = &s
			} else if t.skip() != nil {
				return false
			}
		}
	}
}

// sharedStrings is a workbook's shared string table. A large one is kept
// in a temporary file, as excelize keeps it, so that memory stays bounded.
type sharedStrings struct {
	items []string
	// In a file: each item's end offset; file holds their text.
	ends  []uint32
	file  *os.File
	bytes int64
}

// maxSharedStrings bounds the items of a shared string table: a roster of
// MaxRows rows, with an ID number, a name and a few texts of its own in
// each, has fewer distinct texts, and a table of millions of empty items
// would cost memory out of proportion to its file.
const maxSharedStrings = 2 << 20

var errTooManyStrings = &limitError{
	zh: fmt.Sprintf("共享字符串表有超过 %d 项，不是正常的花名册（文件可能经过恶意构造），已拒绝", maxSharedStrings),
	en: fmt.Sprintf("the shared string table has more than %d items, which no roster has (the file may be built to harm); refused", maxSharedStrings),
}

// get returns item i, "" when there is none, as excelize gives an
// invalid index.
func (s *sharedStrings) get(i int) string {
	if s == nil || i < 0 {
		return ""
	}
	if s.file == nil {
		if i >= len(s.items) {
			return ""
		}
		return s.items[i]
	}
	if i >= len(s.ends) {
		return ""
	}
	from := uint32(0)
	if i > 0 {
		from = s.ends[i-1]
	}
	b := make([]byte, s.ends[i]-from)
	if _, err := s.file.ReadAt(b, int64(from)); err != nil {
		return ""
	}
	return string(b)
}

func (s *sharedStrings) add(v string, inMemory uint64) error {
	if len(s.items)+len(s.ends) >= maxSharedStrings {
		return errTooManyStrings
	}
	// An item in memory costs its string header too.
	if s.file == nil && uint64(s.bytes)+uint64(len(v))+16*uint64(len(s.items)+1) > inMemory {
		f, err := os.CreateTemp("", "jiaoliu-sst-")
		if err != nil {
			return err
		}
		os.Remove(f.Name()) // gone when closed
		s.file = f
		s.bytes = 0
		for _, item := range s.items {
			if err := s.write(item); err != nil {
				return err
			}
		}
		s.items = nil
	}
	if s.file != nil {
		return s.write(v)
	}
	s.items = append(s.items, v)
	s.bytes += int64(len(v))
	return nil
}

func (s *sharedStrings) write(v string) error {
	if _, err := s.file.WriteString(v); err != nil {
		return err
	}
	s.bytes += int64(len(v))
	s.ends = append(s.ends, uint32(s.bytes))
	return nil
}

// Close removes the temporary file of a large table.
func (s *sharedStrings) Close() error {
	if s == nil || s.file == nil {
		return nil
	}
	return s.file.Close()
}

// The namespaces excelize accepts for the shared string table: the
// transitional one, and the strict one it maps to it.
const (
	mainNamespace       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	strictMainNamespace = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// readSharedStrings reads a shared string table as excelize decodes it:
// the root must be <sst> in the spreadsheet namespace, its counts numbers,
// each <si> a string item; what follows the root is not read. Text beyond
// inMemory bytes goes to a temporary file.
func readSharedStrings(t *xmlTokenizer, inMemory uint64) (*sharedStrings, error) {
	s := &sharedStrings{}
	for {
		kind, err := t.next()
		if err != nil {
			return s, err
		}
		if kind == tokenEOF {
			return s, nil // an empty part: no strings
		}
		if kind == tokenStart {
			break
		}
	}
	if string(t.local) != "sst" || !sstNamespace(t) {
		return s, syntaxError("expected element <sst> in the spreadsheet name space")
	}
	for _, a := range t.attrs {
		if l := string(a.local); (l == "count" || l == "uniqueCount") && !attrValueOK(a.value, 'i') {
			return s, syntaxError("invalid %s", l)
		}
	}
	for {
		kind, err := t.next()
		if err != nil {
			return s, err
		}
		switch kind {
		case tokenEnd, tokenEOF:
			return s, nil
		case tokenStart:
			if string(t.local) != "si" {
				if err := t.skip(); err != nil {
					return s, err
				}
				continue
			}
			var si stringItem
			if !t.decodeStringItem(&si) {
				if t.err != nil {
					return s, t.err
				}
				return s, syntaxError("a shared string cannot be read")
			}
			if err := s.add(si.String(), inMemory); err != nil {
				return s, err
			}
		}
	}
}

// sstNamespace reports whether the root's name is in the spreadsheet
// namespace, by its prefix's declaration among its attributes.
func sstNamespace(t *xmlTokenizer) bool {
	prefix := ""
	if len(t.local) < len(t.qname) {
		prefix = string(t.qname[:len(t.qname)-len(t.local)-1])
	}
	want := "xmlns"
	if prefix != "" {
		want = "xmlns:" + prefix
	}
	for _, a := range t.attrs {
		if string(a.qname) == want {
			v := string(a.value)
			return v == mainNamespace || v == strictMainNamespace
		}
	}
	return false
}

// excelizeColumn is the column of a cell reference by excelize's own rule,
// for the references cellColumn does not read itself.
func excelizeColumn(ref string) (int, error) {
	col, _, err := excelize.CellNameToCoordinates(ref)
	return col, err
}

// columnOf is the 1-based column of a cell reference such as "XFD20", 0
// when it has none.
func columnOf(ref string) int {
	col := 0
	for i := 0; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	return col
}
