package roster

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"
)

// limits bound what reading a workbook may unzip.
type limits struct {
	// unzipped is the most a workbook may expand to: MaxUnzippedSize.
	unzipped uint64
	// xml is the most text of a shared string table kept in memory (the
	// rest goes to a temporary file, as excelize's UnzipXMLSizeLimit
	// sends it), and the size past which a worksheet or shared string
	// table counts as streamed rather than held. Worksheets are streamed
	// whatever their size, so memory stays bounded whatever the row count.
	xml uint64
	// inMemory bounds the parts of a workbook other than streamed ones
	// (styles, relationships, small sheets, pictures): a workbook with more
	// is refused like a zip bomb, as excelize would hold them.
	inMemory uint64
}

// defaultLimits are the limits of every read; fuzzing lowers them to stay fast.
var defaultLimits = limits{unzipped: MaxUnzippedSize, xml: 16 << 20, inMemory: 128 << 20}

// The messages about files that are not workbooks. Each starts with the
// same sentence so that users recognise the problem.
const (
	notWorkbookZh = "不是有效的 Excel 工作簿（.xlsx）"
	notWorkbookEn = "not a valid Excel workbook (.xlsx)"
)

// fileType is what a file's first bytes say it is.
type fileType int

const (
	unknownType fileType = iota
	zipType
	oleType // an Excel 97-2003 .xls, or an encrypted .xlsx
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniff recognises a zip archive (which an .xlsx is) or an OLE2 compound
// file by its first bytes.
func sniff(head []byte) fileType {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return zipType
	case bytes.HasPrefix(head, oleMagic):
		return oleType
	}
	return unknownType
}

// Read reads an .xlsx roster of size bytes from r and validates every row
// that needs no database. Problems with the content, down to a file that
// is not a workbook at all, are Issues, never the error: the error is only
// for a cancelled ctx, a missing Options.Today or a CSV file that cannot
// be read, and wb is never nil when it is nil. Rows with errors are kept, the fields that failed left zero, so
// that a preview can show them; an import must not go ahead while
// HasErrors(issues). The caller then checks the keys of wb.Refs against the
// database with wb.CheckRefs.
//
// Files over MaxFileSize, and workbooks that would expand past
// MaxUnzippedSize, are refused before parsing. Worksheets are streamed by
// one pass over their XML (sheetRows), which gives the cells excelize's
// Rows iterator gives, so memory does not grow with the number of rows;
// XML that is not well-formed is reported where it breaks off. Formulas
// give their cached
// value; date cells and serial numbers give dates (1900 and 1904 date
// systems).
func Read(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*Workbook, []Issue, error) {
	rd, err := newReader(opts)
	if err != nil {
		return nil, nil, err
	}
	if err := rd.readXLSX(ctx, r, size); err != nil {
		return nil, nil, err
	}
	return rd.finish()
}

// sizeOK refuses an empty or oversized file.
func (rd *reader) sizeOK(sheet string, size int64) bool {
	switch {
	case size <= 0:
		rd.fileError(sheet, "文件是空的", "the file is empty")
		return false
	case size > MaxFileSize:
		rd.fileError(sheet, fmt.Sprintf("文件大小 %.1f MB，超过 %d MB 的上限；请分批上传", float64(size)/(1<<20), MaxFileSize>>20),
			fmt.Sprintf("the file has %.1f MB, more than the limit of %d MB; upload it in parts", float64(size)/(1<<20), MaxFileSize>>20))
		return false
	}
	return true
}

func (rd *reader) notWorkbook(zh, en string) {
	rd.fileError("", notWorkbookZh+"："+zh, notWorkbookEn+": "+en)
}

func (rd *reader) zipBomb() {
	rd.fileError("", fmt.Sprintf("工作簿解压后超过 %d MB，已拒绝（文件可能经过恶意构造）", MaxUnzippedSize>>20),
		fmt.Sprintf("the workbook expands past %d MB and is refused (it may be a zip bomb)", MaxUnzippedSize>>20))
}

// readXLSX reads a workbook into rd. A panic on a damaged file is
// reported as such.
func (rd *reader) readXLSX(ctx context.Context, r io.ReaderAt, size int64) (err error) {
	defer func() {
		if v := recover(); v != nil {
			rd.notWorkbook("文件已损坏，无法读取", "the file is damaged and cannot be read")
			err = nil
		}
	}()
	if !rd.sizeOK("", size) {
		return nil
	}
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	switch sniff(head[:n]) {
	case zipType:
	case oleType:
		rd.notWorkbook("这是旧版 Excel 97-2003 工作簿（.xls）或设置了密码的工作簿；请在 Excel 中另存为 .xlsx（不设密码）后上传",
			"this is an Excel 97-2003 workbook (.xls) or a password-protected one; save it as .xlsx without a password and upload that")
		return nil
	default:
		rd.notWorkbook("请上传用 Excel 或 WPS 保存的 .xlsx 文件，或每个工作表一个 .csv 文件",
			"upload an .xlsx file saved by Excel or WPS, or one .csv file per sheet")
		return nil
	}
	zr, err := zip.NewReader(io.NewSectionReader(r, 0, size), size)
	if err != nil {
		rd.notWorkbook("文件已损坏或不完整，请重新保存后上传", "the file is damaged or incomplete; save it again and upload that")
		return nil
	}
	if !rd.checkZip(zr) {
		return nil
	}
	book, ok := readWorkbookPart(zr)
	if !ok {
		rd.notWorkbook("文件已损坏，无法读取", "the file is damaged and cannot be read")
		return nil
	}
	rd.date1904 = book.date1904
	sst, stop, err := rd.readSharedStrings(zr)
	if stop {
		return err
	}
	defer sst.Close()

	type job struct {
		name, entry string
		kind        sheetKind
	}
	var jobs []job
	for _, sh := range book.sheets {
		kind, ok, notes := sheetOf(sh.name)
		switch {
		case notes:
		case !ok:
			rd.unknownSheet(sh.name)
		case rd.claim(kind, source{file: rd.file, sheet: sh.name}):
			jobs = append(jobs, job{sh.name, sh.entry, kind})
		}
	}
	// Each sheet's data rows, for the progress bar and to refuse a sheet
	// with more rows than a roster has before it is read: a quick count
	// of its row tags, at the speed of unzipping.
	estimate := make([]int64, len(jobs))
	refused := make([]bool, len(jobs))
	for i, j := range jobs {
		n, err := countRows(ctx, zr, j.entry)
		if stop, err := rd.scanFailed(sheetDefs[j.kind].zh, err); stop {
			if err != nil {
				return err
			}
			refused[i] = true
		}
		estimate[i] = max(n-1, 0)
	}
	// Files read before this one count as done.
	base := rd.progress.Done
	rd.liveTotal = func() int64 {
		total := base
		for _, e := range estimate {
			total += e
		}
		return total
	}
	for i, j := range jobs {
		if refused[i] {
			continue
		}
		// Room for the rows up front, as counted.
		rd.rowHint = int(estimate[i])
		before := rd.progress.Done
		if err := rd.readSheet(ctx, zr, j.entry, j.kind, sst); err != nil {
			return err
		}
		estimate[i] = rd.progress.Done - before
	}
	rd.report()
	return nil
}

// readSharedStrings reads the workbook's shared string table, if it has
// one. stop is set when the workbook cannot be read, after an issue saying
// why, and err when the read was cancelled.
func (rd *reader) readSharedStrings(zr *zip.Reader) (_ *sharedStrings, stop bool, _ error) {
	f := zipEntry(zr, "xl/sharedStrings.xml")
	if f == nil {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		rd.notWorkbook("文件已损坏，无法读取", "the file is damaged and cannot be read")
		return nil, true, nil
	}
	defer rc.Close()
	sst, err := readSharedStrings(newXMLTokenizer(rc), rd.limits.xml)
	if err == nil {
		return sst, false, nil
	}
	sst.Close()
	var le *limitError
	if errors.As(err, &le) {
		rd.fileError("", le.zh, le.en)
		return nil, true, nil
	}
	rd.notWorkbook("共享字符串表（sharedStrings.xml）已损坏，无法读取", "the shared string table (sharedStrings.xml) is damaged and cannot be read")
	return nil, true, nil
}

// checkZip refuses a zip bomb by the sizes the archive declares (Go's zip
// reader fails an entry that inflates past its declared size, so they
// cannot lie), and a zip archive that is not a workbook.
func (rd *reader) checkZip(zr *zip.Reader) bool {
	var total, inMemory uint64
	var contentTypes, xl bool
	var mimetype *zip.File
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))

		streamed := size > rd.limits.xml &&
			(strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml")
		if !streamed {
			inMemory += size
		}
		switch {
		case name == "[content_types].xml":
			contentTypes = true
		case strings.HasPrefix(name, "xl/"):
			xl = true
		case name == "mimetype":
			mimetype = f
		}
	}
	if total > rd.limits.unzipped || inMemory > rd.limits.inMemory {
		rd.zipBomb()
		return false
	}
	for _, f := range zr.File {
		if !ratioOK(f) {
			rd.ratioBomb(f.Name)
			return false
		}
	}
	if contentTypes && xl {
		return true
	}
	if mimetype != nil && strings.Contains(readSmall(mimetype, 100), "opendocument.spreadsheet") {
		rd.notWorkbook("这是 OpenDocument 表格（.ods）；请另存为 .xlsx 后上传",
			"this is an OpenDocument spreadsheet (.ods); save it as .xlsx and upload that")
		return false
	}
	rd.notWorkbook("这是一个压缩包，但不是 Excel 工作簿", "this is a zip archive but not an Excel workbook")
	return false
}

// readSmall returns up to limit bytes of a zip entry, "" on any error.
func readSmall(f *zip.File, limit int64) string {
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, limit))
	return string(b)
}

// readSheet streams one worksheet into a sheetParser.
func (rd *reader) readSheet(ctx context.Context, zr *zip.Reader, entry string, kind sheetKind, sst *sharedStrings) error {
	if err := ctx.Err(); err != nil {
		return canceled(err)
	}
	p := rd.newSheetParser(kind)
	f := zipEntry(zr, entry)
	if f == nil {
		rd.fileError(p.name, "工作表已损坏，无法读取", "the sheet is damaged and cannot be read")
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		rd.fileError(p.name, "工作表已损坏，无法读取", "the sheet is damaged and cannot be read")
		return nil
	}
	defer rc.Close()
	ahead := readAhead(rc)
	defer ahead.Close()
	rows := newSheetRows(newXMLTokenizer(ahead), sst)
	row := 0
	// damaged is the row where the sheet's XML breaks off, when it does
	// inside a row: that row is not read, as it is incomplete.
	damaged := 0
	for rows.Next() {
		row++
		cells, err := rows.Columns()
		if err != nil {
			rd.add(Issue{Sheet: p.name, Row: row, Message: "这一行已损坏，无法读取", English: "this row is damaged and cannot be read", Severity: SeverityError})
			break
		}
		if rows.Error() != nil {
			damaged = row
			break
		}
		p.feed(row, cells)
		if p.headerRow != 0 && row > p.headerRow {
			if err := rd.tick(ctx, p.name, rd.progress.Done+1); err != nil {
				return canceled(err)
			}
		}
	}
	var le *limitError
	switch err := rows.Error(); {
	case err == nil:
	case errors.As(err, &le):
		rd.fileError(p.name, le.zh, le.en)
		rd.report()
		return nil
	default:
		if damaged == 0 {
			damaged = row + 1
		}
		rd.add(Issue{Sheet: p.name, Row: damaged, Message: "工作表已损坏，无法继续读取", English: "the sheet is damaged; reading stopped", Severity: SeverityError})
	}
	p.end()
	p.checkMerges(rows.merges)
	rd.report()
	return nil
}

// zipEntry finds an entry by name, regardless of case and of backslashes.
func zipEntry(zr *zip.Reader, name string) *zip.File {
	if name == "" {
		return nil
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// cellRange is a merged range, 1-based rows and 0-based columns inclusive.
type cellRange struct {
	ref        string
	row1, row2 int
	col1, col2 int
	invalid    bool
}

// checkMerges reports merged cells in the header (the whole sheet cannot
// be read reliably) and in the data (the rows below the first are empty).
func (p *sheetParser) checkMerges(ranges []cellRange) {
	if p.headerRow == 0 {
		return
	}
	for _, m := range ranges {
		switch {
		case m.invalid:
		case m.row1 <= p.headerRow && p.headerRow <= m.row2:
			p.r.add(Issue{Sheet: p.name, Row: p.headerRow, Value: m.ref,
				Message:  "表头中有合并单元格，请取消合并，每列只写一个列名",
				English:  "the header has merged cells; unmerge them and give every column one header",
				Severity: SeverityError})
		case m.row1 > p.headerRow && (m.row2 > m.row1 || m.col2 > m.col1):
			column := ""
			for f, i := range p.colOf[:len(p.def.columns)] {
				if i >= m.col1 && i <= m.col2 {
					column = p.r.wb.headers[p.kind][f]
					break
				}
			}
			if column == "" {
				continue // merged cells in columns the roster does not read
			}
			p.r.add(Issue{Sheet: p.name, Row: m.row1, Column: column, Value: m.ref,
				Message:  "有合并单元格，合并区域中只有左上角的单元格有值；请取消合并，在每个单元格中填写",
				English:  "merged cells: only the top-left cell of the range has a value; unmerge them and fill in every cell",
				Severity: SeverityError})
		}
	}
}

// parseRange parses a range reference such as "A1:C2" or "B3".
func parseRange(ref string) cellRange {
	c := cellRange{ref: ref}
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	col1, row1, err1 := excelize.CellNameToCoordinates(a)
	col2, row2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		c.invalid = true
		return c
	}
	c.row1, c.row2 = min(row1, row2), max(row1, row2)
	c.col1, c.col2 = min(col1, col2)-1, max(col1, col2)-1
	return c
}

// workbookPart is what a workbook's workbook.xml says: its sheets, in
// order, with their worksheet entries in the zip ("" when unresolved), and
// its date system.
type workbookPart struct {
	sheets []struct {
		name, entry string
	}
	date1904 bool
}

// readWorkbookPart reads the workbook part, found by way of the package
// relationships; false when there is none or it is not well-formed.
func readWorkbookPart(zr *zip.Reader) (workbookPart, bool) {
	var out workbookPart
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	workbook := "xl/workbook.xml"
	for _, rel := range readRels(files["_rels/.rels"]) {
		if strings.HasSuffix(rel.typ, "/officeDocument") {
			workbook = resolveTarget("", rel.target)
		}
	}
	targets := map[string]string{}
	dir, base := path.Split(workbook)
	for _, rel := range readRels(files[strings.ToLower(dir+"_rels/"+base+".rels")]) {
		targets[rel.id] = resolveTarget(dir, rel.target)
	}
	f := files[strings.ToLower(workbook)]
	if f == nil || f.UncompressedSize64 > defaultLimits.xml {
		return out, false
	}
	rc, err := f.Open()
	if err != nil {
		return out, false
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, true
		}
		if err != nil {
			return out, false
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			for _, a := range se.Attr {
				if a.Name.Local == "date1904" {
					out.date1904, _ = strconv.ParseBool(strings.TrimSpace(a.Value))
				}
			}
		case "sheet":
			var name, id string
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name":
					name = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					id = a.Value
				}
			}
			out.sheets = append(out.sheets, struct{ name, entry string }{name, targets[id]})
		}
	}
}

type relationship struct{ id, typ, target string }

// readRels reads a relationships part.
func readRels(f *zip.File) []relationship {
	if f == nil || f.UncompressedSize64 > defaultLimits.xml {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	var out []relationship
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			var r relationship
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "Id":
					r.id = a.Value
				case "Type":
					r.typ = a.Value
				case "Target":
					r.target = a.Value
				}
			}
			out = append(out, r)
		}
	}
}

// resolveTarget resolves a relationship target against the directory of
// the part that holds it; a leading slash means the package root.
func resolveTarget(dir, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}
