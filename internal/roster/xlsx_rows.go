package roster

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	return t.attrsOK('b', "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx") && t.attrsOK('i', "si")
}

// attrsOK reports whether the attributes of the start tag just read that
// are named one of names hold values of kind (attrValueOK).
func (t *xmlTokenizer) attrsOK(kind byte, names ...string) bool {
	for _, a := range t.attrs {
		if slices.Contains(names, string(a.local)) && !attrValueOK(a.value, kind) {
			return false
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
