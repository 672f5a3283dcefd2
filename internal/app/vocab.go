package app

import "strings"

// Term is one value of an enumerated field: the code stored in the database
// and used by the API, with its Chinese and English labels. Rosters may carry
// either label or the code; Chinese is what users type.
type Term struct {
	Code string
	Zh   string
	En   string
}

// Vocab is the closed list of values of an enumerated field, in display order.
type Vocab []Term

// Lookup finds the term whose code, Chinese or English label equals s after
// trimming spaces (English compared without case).
func (v Vocab) Lookup(s string) (Term, bool) {
	s = strings.TrimSpace(s)
	for _, t := range v {
		if s == t.Code || s == t.Zh || strings.EqualFold(s, t.En) {
			return t, true
		}
	}
	return Term{}, false
}

// Label returns the label of code in lang ("en" or Chinese otherwise); an
// unknown code is returned as it is.
func (v Vocab) Label(code, lang string) string {
	for _, t := range v {
		if t.Code == code {
			if lang == "en" {
				return t.En
			}
			return t.Zh
		}
	}
	return code
}

// Has reports whether code is one of v's codes.
func (v Vocab) Has(code string) bool {
	for _, t := range v {
		if t.Code == code {
			return true
		}
	}
	return false
}

// Zh returns the Chinese labels in order, e.g. for a spreadsheet's validation list.
func (v Vocab) Zh() []string {
	out := make([]string, len(v))
	for i, t := range v {
		out[i] = t.Zh
	}
	return out
}
