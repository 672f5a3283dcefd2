package roster

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"unicode/utf8"
)

// The text of XML as encoding/xml reads it: entities, line ends, the
// characters XML allows, and names.

// decodeText decodes text or an attribute value (quote is its quote, -1
// for text) as encoding/xml does: entities replaced, line ends made \n,
// and every character checked. It returns raw itself when nothing needs
// decoding, and reports whether it decoded into scratch instead.
func (t *xmlTokenizer) decodeText(raw []byte, quote int, cdata bool) (_ []byte, decoded bool, _ error) {
	simple := true
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&' && !cdata, c == '\r':
				simple = false
			case c == '>' && quote < 0 && !cdata && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']':
				return nil, false, syntaxError("unescaped ]]> not in CDATA section")
			case c == '<' && quote >= 0:
				return nil, false, syntaxError("unescaped < inside quoted string")
			case c < 0x20 && c != '\t' && c != '\n':
				return nil, false, syntaxError("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return nil, false, syntaxError("invalid UTF-8")
		}
		if !isInCharacterRange(r) {
			return nil, false, syntaxError("illegal character code %U", r)
		}
		i += size
	}
	if simple {
		return raw, false, nil
	}
	from := len(t.scratch)
	out := t.scratch
	var b0, b1 byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if quote < 0 && !cdata && b0 == ']' && b1 == ']' && c == '>' {
			return nil, false, syntaxError("unescaped ]]> not in CDATA section")
		}
		if c == '&' && !cdata {
			text, n, err := entity(raw[i:])
			if err != nil {
				return nil, false, err
			}
			out = append(out, text...)
			i += n - 1
			b0, b1 = 0, 0
			continue
		}
		switch {
		case c == '\r':
			out = append(out, '\n')
		case b1 == '\r' && c == '\n':
		default:
			out = append(out, c)
		}
		b0, b1 = b1, c
	}
	t.scratch = out
	data := out[from:]
	for buf := data; len(buf) > 0; {
		r, size := utf8.DecodeRune(buf)
		if r == utf8.RuneError && size == 1 {
			return nil, false, syntaxError("invalid UTF-8")
		}
		buf = buf[size:]
		if !isInCharacterRange(r) {
			return nil, false, syntaxError("illegal character code %U", r)
		}
	}
	return data, true, nil
}

// entity decodes the entity at the start of b ("&amp;", "&#x4E2D;"): its
// text and its length.
func entity(b []byte) (string, int, error) {
	semi := bytes.IndexByte(b, ';')
	bad := func() (string, int, error) {
		end := len(b)
		if semi >= 0 {
			end = semi + 1
		}
		return "", 0, syntaxError("invalid character entity %s", b[:min(end, 32)])
	}
	if semi < 0 {
		return bad()
	}
	name := b[1:semi]
	if len(name) > 1 && name[0] == '#' {
		digits, base := name[1:], 10
		if digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		for _, c := range digits {
			if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
				return bad()
			}
		}
		n, err := strconv.ParseUint(string(digits), base, 64)
		if err != nil || n > utf8.MaxRune {
			return bad()
		}
		return string(rune(n)), semi + 1, nil
	}
	switch string(name) {
	case "lt":
		return "<", semi + 1, nil
	case "gt":
		return ">", semi + 1, nil
	case "amp":
		return "&", semi + 1, nil
	case "apos":
		return "'", semi + 1, nil
	case "quot":
		return `"`, semi + 1, nil
	}
	return bad()
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
}

// readName reads an XML name at b[i:]: nil when there is none, an error
// when it is not a valid name or has more than one colon.
func readName(b []byte, i int) ([]byte, int, error) {
	j := i
	ascii := true
	colons := 0
	for j < len(b) && isNameByte(b[j]) {
		if b[j] >= utf8.RuneSelf {
			ascii = false
		} else if b[j] == ':' {
			colons++
		}
		j++
	}
	if j == len(b) {
		return nil, j, errNeedMore
	}
	if j == i {
		return nil, j, nil
	}
	name := b[i:j]
	if ascii {
		if c := name[0]; c >= '0' && c <= '9' || c == '.' || c == '-' {
			return nil, j, syntaxError("invalid XML name: %s", name)
		}
	} else if !validName(name) {
		return nil, j, syntaxError("invalid XML name: %s", name)
	}
	if colons > 1 {
		return nil, j, syntaxError("expected element name after <")
	}
	return name, j, nil
}

// validName checks a name with characters beyond ASCII as encoding/xml does.
func validName(name []byte) bool {
	_, err := xml.NewDecoder(bytes.NewReader(append(append([]byte("<"), name...), "/>"...))).Token()
	return err == nil
}

func localName(qname []byte) []byte {
	if c := bytes.IndexByte(qname, ':'); c > 0 && c < len(qname)-1 {
		return qname[c+1:]
	}
	return qname
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
