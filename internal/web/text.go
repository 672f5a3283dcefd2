package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
)

// errBadText refuses text the databases cannot hold alike: PostgreSQL
// rejects NUL and invalid UTF-8 where SQLite stores them as they are.
var errBadText = &app.Error{Code: app.Invalid,
	Message: "请求中含有空字符（NUL）或无效的 UTF-8 编码，已拒绝；请检查输入的文字",
	English: "The request holds a NUL character or invalid UTF-8 and was refused; check the text entered"}

// maxFormBody bounds the form bodies refuseBadText reads, as ParseForm does.
const maxFormBody = 10 << 20

// refuseBadText answers 422 to a request whose path, query string, form
// body or JSON body holds a NUL character or invalid UTF-8, before any
// handler sees it. Uploaded files (multipart) are the roster codec's to
// check.
func (s *Server) refuseBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := goodText(r.URL.Path) && goodQuery(r.URL.RawQuery)
		if ok && r.Body != nil && r.Body != http.NoBody {
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			var limit int64
			switch mt {
			case "application/x-www-form-urlencoded":
				limit = maxFormBody
			case "application/json":
				limit = maxJSONBody
			}
			if limit > 0 {
				body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
				if err != nil {
					s.refuse(w, r, &app.Error{Code: app.Invalid, Message: "请求不完整，请重试", English: "The request is incomplete; try again", Err: err})
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
				if mt == "application/json" {
					ok = goodJSON(body)
				} else {
					ok = goodQuery(string(body))
				}
			}
		}
		if !ok {
			s.refuse(w, r, errBadText)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiFail(w, r, err)
		return
	}
	s.renderError(w, r, err)
}

// goodText reports whether s is valid UTF-8 without NUL.
func goodText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// goodQuery reports whether every name and value of a URL-encoded query
// decodes to good text. A malformed query is left to the handlers.
func goodQuery(raw string) bool {
	if raw == "" {
		return true
	}
	vs, _ := url.ParseQuery(raw)
	for k, list := range vs {
		if !goodText(k) {
			return false
		}
		for _, v := range list {
			if !goodText(v) {
				return false
			}
		}
	}
	return true
}

// goodJSON reports whether a JSON body is valid UTF-8 with no NUL, raw or
// escaped as \u0000 (which decodes to NUL).
func goodJSON(b []byte) bool {
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			continue
		}
		if b[i+1] == 'u' && i+5 < len(b) && string(b[i+2:i+6]) == "0000" {
			return false
		}
		i++ // skip the escaped character, so \\u0000 is text
	}
	return true
}
