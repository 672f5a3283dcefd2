package roster

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Shared and inline strings, as excelize decodes them: the shared string
// table of a workbook and the string items of its cells.

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

// decodeStringItem reads an <si> or <is> element whose start tag was
// just read, as encoding/xml decodes excelize's xlsxSI: the last <t> is
// the text, each <r> a run whose last <t> is its text; phonetic runs and
// properties are checked and left out. It returns false where encoding/xml
// would fail, leaving the rest of the element unread.
func (t *xmlTokenizer) decodeStringItem(si *stringItem) bool {
	return t.eachChild(func() bool {
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
			return t.attrsOK('u', "sb", "eb") && t.skip() == nil
		case "phoneticPr":
			return t.attrsOK('i', "fontId") && t.skip() == nil
		default:
			return t.skip() == nil
		}
		return true
	})
}

// decodeRun reads a rich text run <r>: its last <t> is its text.
func (t *xmlTokenizer) decodeRun(text **string) bool {
	return t.eachChild(func() bool {
		if string(t.local) != "t" {
			return t.skip() == nil
		}
		s, err := t.elementText()
		if err != nil {
			return false
		}
		*text = &s
		return true
	})
}

// eachChild calls child at the start tag of each child element of the
// element whose start tag was just read, until its end tag. It returns
// false where the part breaks off or child does (child reads its element
// whole, or skips it).
func (t *xmlTokenizer) eachChild(child func() bool) bool {
	for {
		kind, err := t.next()
		if err != nil || kind == tokenEOF {
			return false
		}
		switch kind {
		case tokenEnd:
			return true
		case tokenStart:
			if !child() {
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
