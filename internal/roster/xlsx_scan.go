package roster

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
)

// A worksheet's XML is scanned before excelize parses it, at the speed of
// unzipping, so that a cheap file built to cost a worker much is refused
// before it does: cells far to the right (excelize gives every row up to
// the last cell), more rows than a roster has, and runs of text no cell
// holds (an XML decoder keeps a whole run in memory).

// maxTextRun bounds the bytes between two tags, and in one tag: a cell
// holds at most 32,767 characters, some 130 KB of escaped UTF-8.
const maxTextRun = 1 << 20

// maxRatio is the most an XML part over ratioFloor may expand per byte of
// its compressed size: worksheets of real rosters expand 5 to 30 times;
// whitespace or repeated text built to fill memory, a thousand times.
const (
	maxRatio   = 200
	ratioFloor = 1 << 20
)

// headerSlack is the rows above the data a sheet may have (titles, the header).
const headerSlack = 20

// limitError is a sheet refused by the scan, with its message.
type limitError struct{ zh, en string }

func (e *limitError) Error() string { return e.en }

var errLongText = &limitError{
	zh: fmt.Sprintf("工作表中有超过 %d KB 的连续文本或空白，不是正常的花名册（文件可能经过恶意构造），已拒绝", maxTextRun>>10),
	en: fmt.Sprintf("the sheet has a run of text or whitespace over %d KB, which no roster has (the file may be built to harm); refused", maxTextRun>>10),
}

// ratioOK refuses a part of the zip that expands too much for its size.
func ratioOK(f *zip.File) bool {
	return f.UncompressedSize64 <= ratioFloor || f.UncompressedSize64 <= maxRatio*max(f.CompressedSize64, 1)
}

func (rd *reader) ratioBomb(name string) {
	rd.fileError("", fmt.Sprintf("工作簿中的 %s 压缩比超过 %d 倍，不是正常的工作簿（文件可能经过恶意构造），已拒绝", name, maxRatio),
		fmt.Sprintf("the workbook's part %s expands more than %d times its size, which no workbook does (it may be built to harm); refused", name, maxRatio))
}

// scanXML calls visit with the inside of every tag of r, between < and >,
// and fails with errLongText on a run of text or a tag over maxTextRun.
// It stops early on visit's error or a cancelled ctx.
func scanXML(ctx context.Context, r io.Reader, visit func(tag []byte) error) error {
	buf := make([]byte, 0, 256<<10)
	chunk := make([]byte, 128<<10)
	run := 0 // text bytes since the last tag
	for {
		n, err := io.ReadFull(r, chunk)
		buf = append(buf, chunk[:n]...)
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return err
		}
		i := 0
		for {
			lt := bytes.IndexByte(buf[i:], '<')
			if lt < 0 {
				run += len(buf) - i
				i = len(buf)
				break
			}
			if run += lt; run > maxTextRun {
				return errLongText
			}
			gt := bytes.IndexByte(buf[i+lt:], '>')
			if gt < 0 {
				i += lt // the tag ends in the bytes to come
				break
			}
			if err := visit(buf[i+lt+1 : i+lt+gt]); err != nil {
				return err
			}
			i += lt + gt + 1
			run = 0
		}
		if run > maxTextRun || len(buf)-i > maxTextRun {
			return errLongText
		}
		if eof {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = buf[:copy(buf, buf[i:])]
	}
}

// tagName is the local name of a tag's inside: "row" for `x:row r="2"`,
// "/row" for an end tag.
func tagName(tag []byte) []byte {
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end == 0 && len(tag) > 0 && tag[0] == '/' {
		return []byte("/")
	}
	if end < 0 {
		end = len(tag)
	}
	name := tag[:end]
	if c := bytes.IndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	return name
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

// scanSheet checks a worksheet's XML against MaxColumns, MaxRows and
// maxTextRun, counting its rows into rows as it goes, and returns its
// merged ranges. It stops at the first limit passed, with a limitError.
func scanSheet(ctx context.Context, r io.Reader, rows *atomic.Int64) ([]cellRange, error) {
	var merges []cellRange
	var row, col int
	err := scanXML(ctx, r, func(tag []byte) error {
		switch string(tagName(tag)) {
		case "row":
			row, col = row+1, 0
			rows.Add(1)
			if row > MaxRows+headerSlack {
				return &limitError{
					zh: fmt.Sprintf("工作表超过 %d 行的上限；请分批上传", MaxRows),
					en: fmt.Sprintf("the sheet has more than the limit of %d rows; upload it in parts", MaxRows)}
			}
		case "c":
			if ref, ok := xmlAttr(tag, "r"); ok && columnOf(ref) > 0 {
				col = columnOf(ref)
			} else {
				col++
			}
			if col > MaxColumns {
				return &limitError{
					zh: fmt.Sprintf("工作表第 %d 行有第 %d 列的单元格，超过 %d 列的上限；请删除模板之外多余的列（含空白但有格式的单元格）后重新上传", row, col, MaxColumns),
					en: fmt.Sprintf("row %d of the sheet has a cell in column %d, past the limit of %d columns; delete the columns beyond the template (formatted empty cells too) and upload again", row, col, MaxColumns)}
			}
		case "mergeCell":
			if ref, ok := xmlAttr(tag, "ref"); ok && len(merges) < 10000 {
				merges = append(merges, parseRange(ref))
			}
		}
		return nil
	})
	return merges, err
}

// scanEntry runs scan over the zip entry named entry, if there is one.
func scanEntry(zr *zip.Reader, entry string, scan func(r io.Reader) error) error {
	if entry == "" {
		return nil
	}
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), entry) {
			rc, err := f.Open()
			if err != nil {
				return nil // excelize will say the entry is damaged
			}
			defer rc.Close()
			return scan(rc)
		}
	}
	return nil
}

// scanFailed reports a sheet the scan refused (stop), or returns the error
// of a cancelled read. A damaged entry is left to excelize to report.
func (rd *reader) scanFailed(sheet string, err error) (stop bool, _ error) {
	var le *limitError
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &le):
		rd.fileError(sheet, le.zh, le.en)
		rd.report()
		return true, nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return true, canceled(err)
	}
	return false, nil
}
