package roster

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// A cheap file built to cost a worker much is refused before it does:
// parts that expand too much for their size (checkZip, ratioOK), sheets
// with more rows than a roster has (countRows, before a sheet is read),
// cells far to the right and runs of text no cell holds (sheetRows and
// xmlTokenizer, as they read).

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

// errTooManyRows refuses a sheet with more rows than a roster has.
var errTooManyRows = &limitError{
	zh: fmt.Sprintf("工作表超过 %d 行的上限；请分批上传", MaxRows),
	en: fmt.Sprintf("the sheet has more than the limit of %d rows; upload it in parts", MaxRows)}

// countRows counts the row tags of a worksheet entry at the speed of
// unzipping, and refuses, with errTooManyRows, a sheet with more than a
// roster has. A row tag is <row or <prefix:row followed by a space, / or >.
func countRows(ctx context.Context, zr *zip.Reader, entry string) (int64, error) {
	f := zipEntry(zr, entry)
	if f == nil {
		return 0, nil
	}
	rc, err := f.Open()
	if err != nil {
		return 0, nil // reading the sheet will say it is damaged
	}
	defer rc.Close()
	const carry = 64
	buf := make([]byte, carry+256<<10)
	var rows int64
	kept := 0 // bytes carried over from the last chunk
	for {
		n, err := io.ReadFull(rc, buf[kept:])
		end := kept + n
		rows += countRowTags(buf[:end], kept)
		if rows > MaxRows+headerSlack {
			return rows, errTooManyRows
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return rows, nil
			}
			return rows, nil // reading the sheet will say it is damaged
		}
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		kept = copy(buf, buf[end-carry:end])
	}
}

// countRowTags counts the row tags in b whose delimiter after "row" lies
// at or after from (the ones before were counted with the last chunk).
func countRowTags(b []byte, from int) int64 {
	var n int64
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("row"))
		if k < 0 {
			return n
		}
		k += i
		i = k + 3
		d := k + 3
		if d >= len(b) || d < from {
			continue
		}
		if c := b[d]; c != ' ' && c != '>' && c != '/' && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		j := k - 1
		if j >= 0 && b[j] == ':' {
			for j--; j >= 0 && isNameByte(b[j]) && b[j] != ':'; j-- {
			}
			if j == k-2 {
				continue // an empty prefix
			}
		}
		if j >= 0 && b[j] == '<' {
			n++
		}
	}
}

// scanFailed reports a sheet the row count refused (stop), or returns the
// error of a cancelled read.
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
