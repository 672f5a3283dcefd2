package roster

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
)

// hostileHeader is the 教职工 sheet's header row, so that a hostile sheet
// gets past the header and into its rows.
const hostileHeader = `<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>`

// hostileWorkbook returns an .xlsx whose one sheet, 教职工, has the
// sheetData written by rows, and whose sharedStrings part is shared when
// not empty. Parts are deflated at the best compression, as an attacker's.
func hostileWorkbook(t testing.TB, rows func(w io.Writer), shared func(w io.Writer)) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	z.RegisterCompressor(zip.Deflate, nil)
	part := func(name string, write func(w io.Writer)) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		write(w)
	}
	text := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	types := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if shared != nil {
		types += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	part("[Content_Types].xml", text(types+`</Types>`))
	part("_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	part("xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="教职工" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	part("xl/_rels/workbook.xml.rels", text(rels+`</Relationships>`))
	part("xl/worksheets/sheet1.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		io.WriteString(w, hostileHeader)
		rows(w)
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	if shared != nil {
		part("xl/sharedStrings.xml", func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
			shared(w)
			io.WriteString(w, `</sst>`)
		})
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// whitespace writes n bytes of spaces.
func whitespace(w io.Writer, n int) {
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		w.Write(chunk[:k])
		n -= k
	}
}

// hostileFiles are cheap files built to cost a worker much: each is
// refused with a message containing want.
var hostileFiles = []struct {
	name   string
	rows   func(w io.Writer)
	shared func(w io.Writer)
	want   string
}{
	{name: "xfd", want: "列的上限", rows: func(w io.Writer) {
		// 20,000 cells in the last column, XFD, one per row.
		for i := 2; i <= 20001; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, i, i)
		}
	}},
	{name: "wide-unnumbered", want: "列的上限", rows: func(w io.Writer) {
		// Cells without references: their count makes the width.
		for i := 2; i <= 2001; i++ {
			io.WriteString(w, "<row>")
			for j := 0; j < 2000; j++ {
				fmt.Fprintf(w, "<c><v>%d</v></c>", i*j)
			}
			io.WriteString(w, "</row>")
		}
	}},
	{name: "whitespace", want: "压缩比", rows: func(w io.Writer) { whitespace(w, 490<<20) }},
	{name: "whitespace-in-cell", want: "压缩比", rows: func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="inlineStr"><is><t>`)
		whitespace(w, 490<<20)
		io.WriteString(w, `</t></is></c></row>`)
	}},
	{name: "whitespace-shared", want: "压缩比", rows: func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`)
	}, shared: func(w io.Writer) {
		io.WriteString(w, `<si><t>`)
		whitespace(w, 490<<20)
		io.WriteString(w, `</t></si>`)
	}},
	{name: "rows", want: "行的上限", rows: func(w io.Writer) {
		for i := 2; i <= MaxRows+headerSlack+2; i++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>1</v></c></row>`, i, i)
		}
	}},
	{name: "many-shared-strings", want: "共享字符串表有超过", rows: func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`)
	}, shared: func(w io.Writer) {
		// Millions of short items, each different enough to stay under
		// the compression ratio.
		rnd := rand.New(rand.NewPCG(3, 4))
		b := []byte(`<si><t>aaaa</t></si>`)
		for range maxSharedStrings + 1 {
			for i := 7; i < 11; i++ {
				b[i] = 'a' + byte(rnd.IntN(26))
			}
			w.Write(b)
		}
	}},
	{name: "long-text", want: "连续文本", rows: func(w io.Writer) {
		// Text that does not compress, in one cell: under the ratio, over any cell.
		io.WriteString(w, `<row r="2"><c r="A2" t="inlineStr"><is><t>`)
		rnd := rand.New(rand.NewPCG(1, 2))
		b := make([]byte, 4<<20)
		for i := range b {
			b[i] = 'a' + byte(rnd.IntN(26))
		}
		w.Write(b)
		io.WriteString(w, `</t></is></c></row>`)
	}},
}

// Hostile workbooks are refused before they are parsed whole, each with
// its reason. HOSTILE_DIR=dir writes them out, for measuring the reader
// by hand; HOSTILE=name reads only that one and prints its cost.
func TestHostileWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds files of hundreds of megabytes unzipped")
	}
	for _, h := range hostileFiles {
		if only := os.Getenv("HOSTILE"); only != "" && only != h.name {
			continue
		}
		t.Run(h.name, func(t *testing.T) {
			data := hostileWorkbook(t, h.rows, h.shared)
			if dir := os.Getenv("HOSTILE_DIR"); dir != "" {
				os.WriteFile(dir+"/"+h.name+".xlsx", data, 0o644)
			}
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, issues, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Today: app.NewDate(2026, 9, 1)})
			elapsed := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if os.Getenv("HOSTILE") != "" {
				t.Logf("%s: %d KB file, %v, %d MB allocated, heap now %d MB", h.name, len(data)>>10, elapsed.Round(time.Millisecond),
					(after.TotalAlloc-before.TotalAlloc)>>20, after.HeapAlloc>>20)
			}
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, is := range issues {
				found = found || is.Severity == SeverityError && strings.Contains(is.Message, h.want)
			}
			if !found {
				t.Errorf("%s: issues %+v, want an error about %s", h.name, firstIssues(issues), h.want)
			}
		})
	}
}

func firstIssues(is []Issue) []Issue {
	if len(is) > 3 {
		return is[:3]
	}
	return is
}
