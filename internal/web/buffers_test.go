package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// Pages and JSON answers go out whole with their length; a buffer reused
// from an earlier answer carries nothing of it into the next.
func TestAnswersGoOutWithTheirLength(t *testing.T) {
	e := newEnv(t, "sqlite")
	hr := e.login("t-county")
	var first string
	for i, target := range []string{"/api/v1/educators?per_page=50", "/", "/api/v1/educators?per_page=1", "/notices", "/api/v1/educators?per_page=50"} {
		rec := e.do("GET", target, hr, "", "")
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		body := rec.Body.String()
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %q, body of %d bytes", target, got, len(body))
		}
		if strings.HasPrefix(target, "/api/") {
			var v struct {
				Total int               `json:"total"`
				Items []json.RawMessage `json:"items"`
			}
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("%s: %v in %q", target, err, body)
			}
			if i == 0 {
				first = body
			} else if i == 4 && body != first {
				t.Errorf("%s: the same answer twice differs", target)
			}
		} else if !strings.HasSuffix(strings.TrimSpace(body), "</html>") {
			t.Errorf("%s: the page does not end with </html>", target)
		}
	}
}
