package roster

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// xmlTokenizer is a streaming XML tokenizer for the parts of a workbook,
// many times faster than encoding/xml because it allocates nothing per
// token: names, attribute values and text are slices of its buffers,
// valid until the next call. It accepts and refuses what encoding/xml's
// strict Decoder does, as excelize reads with one, so that both give the
// same rows of a well-formed part and this one refuses a malformed part
// where excelize would stop reading it in silence. It refuses a document
// type declaration, which no workbook has. A run of text or a tag over
// maxTextRun fails with errLongText, so its buffer stays small.
type xmlTokenizer struct {
	r   io.Reader
	buf []byte
	pos int // next byte to read in buf
	n   int // bytes of buf filled
	eof bool
	// consumed counts the bytes of the part before buf[0].
	consumed int64
	err      error

	kind tokenKind
	// qname is the name as written ("x:row"), local the part after the
	// prefix ("row").
	qname, local []byte
	attrs        []xmlAttribute
	text         []byte // the text of a tokenText
	selfClosing  bool
	pendingEnd   bool

	// stack holds the names of the open elements, end to end.
	stack    []byte
	stackEnd []int
	// scratch holds decoded attribute values and text.
	scratch []byte
	// textBuf collects an element's text (elementBytes).
	textBuf []byte
	// name is a copy of the current start tag's name for a self-closing
	// tag's end, which comes after the buffer may have moved.
	name []byte
}

type tokenKind int

const (
	tokenStart tokenKind = iota + 1
	tokenEnd
	tokenText
	tokenEOF
)

// xmlAttribute is an attribute of the current start tag.
type xmlAttribute struct {
	local, value []byte
	// prefixed attributes such as xmlns:x are told apart for namespaces.
	qname []byte
}

// xmlError is a part that is not well-formed XML.
type xmlError struct{ msg string }

func (e *xmlError) Error() string { return "XML syntax error: " + e.msg }

// errUnsupportedXML is a well-formed part the tokenizer does not read.
var errUnsupportedXML = &xmlError{"document type declarations are not supported"}

func syntaxError(format string, args ...any) error {
	return &xmlError{fmt.Sprintf(format, args...)}
}

const tokenizerChunk = 64 << 10

func newXMLTokenizer(r io.Reader) *xmlTokenizer {
	return &xmlTokenizer{r: r, buf: make([]byte, tokenizerChunk)}
}

// more reads more of the part into the buffer, keeping buf[pos:], and
// reports whether it read anything. The buffer grows up to maxTextRun
// and a chunk; a token that needs more fails with errLongText.
func (t *xmlTokenizer) more() bool {
	if t.eof || t.err != nil {
		return false
	}
	if t.pos > 0 {
		copy(t.buf, t.buf[t.pos:t.n])
		t.n -= t.pos
		t.consumed += int64(t.pos)
		t.pos = 0
	}
	if t.n == len(t.buf) {
		if len(t.buf) >= maxTextRun+tokenizerChunk {
			t.err = errLongText
			return false
		}
		nb := make([]byte, min(2*len(t.buf), maxTextRun+tokenizerChunk))
		copy(nb, t.buf[:t.n])
		t.buf = nb
	}
	for {
		k, err := t.r.Read(t.buf[t.n:])
		t.n += k
		if err == io.EOF {
			t.eof = true
			return k > 0
		}
		if err != nil {
			t.err = err
			return false
		}
		if k > 0 {
			return true
		}
	}
}

// errNeedMore is returned by the parsing functions when the token goes
// past the bytes in the buffer; next then reads more and starts again.
var errNeedMore = errors.New("need more input")

// next reads the next token: a start tag, an end tag (one follows every
// self-closing tag), text, or the end of the part. Comments and
// processing instructions are skipped. It returns the error of the part,
// and repeats it once there is one.
func (t *xmlTokenizer) next() (tokenKind, error) {
	if t.pendingEnd {
		t.pendingEnd = false
		t.kind, t.qname = tokenEnd, t.name
		t.local = localName(t.name)
		t.pop()
		return tokenEnd, nil
	}
	for {
		if t.err != nil {
			return 0, t.err
		}
		start := t.pos
		kind, err := t.parse()
		if err == errNeedMore {
			t.pos = start
			if !t.more() {
				if t.err != nil {
					return 0, t.err
				}
				if t.pos == t.n {
					if len(t.stackEnd) > 0 {
						t.err = syntaxError("unexpected EOF")
						return 0, t.err
					}
					t.kind = tokenEOF
					return tokenEOF, nil
				}
				// At the end of the part: parse what is left as final.
				kind, err = t.parse()
				if err == errNeedMore {
					t.err = syntaxError("unexpected EOF")
					return 0, t.err
				}
			} else {
				continue
			}
		}
		if err != nil {
			t.err = err
			return 0, err
		}
		if kind == 0 {
			continue // a comment or a processing instruction
		}
		t.kind = kind
		return kind, nil
	}
}

// parse reads one token from buf[pos:n]; 0 for a skipped one.
func (t *xmlTokenizer) parse() (tokenKind, error) {
	t.scratch = t.scratch[:0]
	b := t.buf[t.pos:t.n]
	if len(b) == 0 {
		return 0, errNeedMore
	}
	if b[0] != '<' {
		lt := bytes.IndexByte(b, '<')
		if lt < 0 {
			if !t.eof {
				if len(b) > maxTextRun {
					return 0, errLongText
				}
				return 0, errNeedMore
			}
			lt = len(b)
		}
		if lt > maxTextRun {
			return 0, errLongText
		}
		text, _, err := t.decodeText(b[:lt], -1, false)
		if err != nil {
			return 0, err
		}
		t.text = text
		t.pos += lt
		return tokenText, nil
	}
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		if len(b) > maxTextRun {
			return 0, errLongText
		}
		return 0, errNeedMore
	}
	if len(b) < 2 {
		return 0, errNeedMore
	}
	switch b[1] {
	case '/':
		return t.endTag(b)
	case '?':
		return t.procInst(b)
	case '!':
		return t.bang(b)
	}
	return t.startTag(b)
}

// endTag parses </name S?>.
func (t *xmlTokenizer) endTag(b []byte) (tokenKind, error) {
	i := 2
	name, j, err := readName(b, i)
	if err != nil {
		return 0, err
	}
	if name == nil {
		return 0, syntaxError("expected element name after </")
	}
	j = skipSpace(b, j)
	if j >= len(b) {
		return 0, errNeedMore
	}
	if b[j] != '>' {
		return 0, syntaxError("invalid characters between </%s and >", name)
	}
	if len(t.stackEnd) == 0 {
		return 0, syntaxError("unexpected end element </%s>", name)
	}
	top := t.stack[t.stackBase():]
	if !bytes.Equal(top, name) {
		return 0, syntaxError("element <%s> closed by </%s>", top, name)
	}
	t.qname = name
	t.local = localName(name)
	t.pos += j + 1
	t.pop()
	return tokenEnd, nil
}

func (t *xmlTokenizer) stackBase() int {
	if len(t.stackEnd) < 2 {
		return 0
	}
	return t.stackEnd[len(t.stackEnd)-2]
}

func (t *xmlTokenizer) pop() {
	t.stack = t.stack[:t.stackBase()]
	t.stackEnd = t.stackEnd[:len(t.stackEnd)-1]
}

// startTag parses <name (S attr S? = S? "value")* S? /?>.
func (t *xmlTokenizer) startTag(b []byte) (tokenKind, error) {
	name, i, err := readName(b, 1)
	if err != nil {
		return 0, err
	}
	if name == nil {
		return 0, syntaxError("expected element name after <")
	}
	t.attrs = t.attrs[:0]
	type span struct {
		qname    []byte
		from, to int
	}
	var spans [16]span
	vals := spans[:0]
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return 0, errNeedMore
		}
		if b[i] == '/' {
			if i+1 >= len(b) {
				return 0, errNeedMore
			}
			if b[i+1] != '>' {
				return 0, syntaxError("expected /> in element")
			}
			t.selfClosing = true
			i += 2
			break
		}
		if b[i] == '>' {
			t.selfClosing = false
			i++
			break
		}
		an, j, err := readName(b, i)
		if err != nil {
			return 0, err
		}
		if an == nil {
			return 0, syntaxError("expected attribute name in element")
		}
		j = skipSpace(b, j)
		if j >= len(b) {
			return 0, errNeedMore
		}
		if b[j] != '=' {
			return 0, syntaxError("attribute name without = in element")
		}
		j = skipSpace(b, j+1)
		if j >= len(b) {
			return 0, errNeedMore
		}
		q := b[j]
		if q != '"' && q != '\'' {
			return 0, syntaxError("unquoted or missing attribute value in element")
		}
		e := bytes.IndexByte(b[j+1:], q)
		if e < 0 {
			if bytes.IndexByte(b[j+1:], '<') >= 0 {
				return 0, syntaxError("unescaped < inside quoted string")
			}
			return 0, errNeedMore
		}
		raw := b[j+1 : j+1+e]
		from := len(t.scratch)
		v, decoded, err := t.decodeText(raw, int(q), false)
		if err != nil {
			return 0, err
		}
		if !decoded {
			t.scratch = append(t.scratch, v...)
		}
		vals = append(vals, span{an, from, len(t.scratch)})
		i = j + 1 + e + 1
	}
	for _, s := range vals {
		t.attrs = append(t.attrs, xmlAttribute{qname: s.qname, local: localName(s.qname), value: t.scratch[s.from:s.to]})
	}
	t.qname = name
	t.local = localName(name)
	t.pos += i
	t.stack = append(t.stack, name...)
	t.stackEnd = append(t.stackEnd, len(t.stack))
	if t.selfClosing {
		t.name = append(t.name[:0], name...)
		t.pendingEnd = true
	}
	return tokenStart, nil
}

// procInst parses <?target ...?>; only the declaration <?xml ...?> at the
// start of the part says anything: its version and encoding.
func (t *xmlTokenizer) procInst(b []byte) (tokenKind, error) {
	target, i, err := readName(b, 2)
	if err != nil {
		return 0, err
	}
	if target == nil {
		return 0, syntaxError("expected target name after <?")
	}
	e := bytes.Index(b[i:], []byte("?>"))
	if e < 0 {
		if len(b) > maxTextRun {
			return 0, errLongText
		}
		return 0, errNeedMore
	}
	content := string(b[i : i+e])
	if string(target) == "xml" {
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return 0, syntaxError("unsupported version %q; only version 1.0 is supported", ver)
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			if t.consumed != 0 || t.pos != 0 {
				return 0, syntaxError("encoding declaration not at the start")
			}
			rest := bytes.Clone(t.buf[i+e+2 : t.n])
			r, err := charset.NewReaderLabel(enc, io.MultiReader(bytes.NewReader(rest), t.r))
			if err != nil {
				return 0, syntaxError("unsupported encoding %q", enc)
			}
			t.r, t.n, t.pos, t.consumed = r, 0, 0, int64(i+e+2)
			return 0, nil
		}
	}
	t.pos += i + e + 2
	return 0, nil
}

// procInstParam returns the value of param in a processing instruction,
// as encoding/xml reads it.
func procInstParam(param, s string) string {
	param = param + "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang parses a comment or a CDATA section; a document type declaration
// is refused.
func (t *xmlTokenizer) bang(b []byte) (tokenKind, error) {
	switch {
	case bytes.HasPrefix(b, []byte("<!--")):
		var b0, b1 byte
		for i := 4; i < len(b); i++ {
			c := b[i]
			if b0 == '-' && b1 == '-' {
				if c != '>' {
					return 0, syntaxError(`invalid sequence "--" not allowed in comments`)
				}
				t.pos += i + 1
				return 0, nil
			}
			b0, b1 = b1, c
		}
		if len(b) > maxTextRun {
			return 0, errLongText
		}
		return 0, errNeedMore
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		e := bytes.Index(b[9:], []byte("]]>"))
		if e < 0 {
			if len(b) > maxTextRun {
				return 0, errLongText
			}
			return 0, errNeedMore
		}
		text, _, err := t.decodeText(b[9:9+e], -1, true)
		if err != nil {
			return 0, err
		}
		t.text = text
		t.pos += 9 + e + 3
		return tokenText, nil
	case len(b) < 9 && (bytes.HasPrefix([]byte("<![CDATA["), b) || bytes.HasPrefix([]byte("<!--"), b)):
		return 0, errNeedMore
	case len(b) > 2 && b[2] == '[':
		return 0, syntaxError("invalid <![ sequence")
	case len(b) > 2 && b[2] == '-':
		return 0, syntaxError("invalid sequence <!- not part of <!--")
	}
	return 0, errUnsupportedXML
}

// attr returns the value of the current start tag's last attribute with
// the local name, as excelize reads attributes.
func (t *xmlTokenizer) attr(local string) ([]byte, bool) {
	var v []byte
	found := false
	for _, a := range t.attrs {
		if string(a.local) == local {
			v, found = a.value, true
		}
	}
	return v, found
}

// skip consumes the rest of the element whose start tag was just read.
func (t *xmlTokenizer) skip() error {
	depth := 1
	for depth > 0 {
		kind, err := t.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokenStart:
			depth++
		case tokenEnd:
			depth--
		case tokenEOF:
			return syntaxError("unexpected EOF")
		}
	}
	return nil
}
