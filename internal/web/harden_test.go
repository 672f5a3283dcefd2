package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestSafeNext: hostile next= values never leave the site.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/educators?page=2", "/educators?page=2"},
		{"/rotation/rounds/3#notice", "/rotation/rounds/3#notice"},
		{"/search?q=%E5%BC%A0", "/search?q=%E5%BC%A0"},
		{"//evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/\u200b/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/a\\..\\..\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"///evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/@evil.example", "/@evil.example"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestClientAddr: X-Forwarded-For names the client only when the peer is a
// trusted proxy, and then its rightmost untrusted hop.
func TestClientAddr(t *testing.T) {
	none := &Server{}
	proxied := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}}
	for _, tc := range []struct {
		s      *Server
		peer   string
		xff    []string
		client string
	}{
		{none, "192.0.2.1:5555", nil, "192.0.2.1"},
		{none, "192.0.2.1:5555", []string{"198.51.100.7"}, "192.0.2.1"},
		{none, "10.0.0.1:5555", []string{"198.51.100.7"}, "10.0.0.1"},
		{proxied, "192.0.2.1:5555", []string{"198.51.100.7"}, "192.0.2.1"}, // not through the proxy
		{proxied, "10.0.0.1:5555", nil, "10.0.0.1"},
		{proxied, "10.0.0.1:5555", []string{"198.51.100.7"}, "198.51.100.7"},
		{proxied, "[::1]:5555", []string{"198.51.100.7"}, "198.51.100.7"},
		{proxied, "10.0.0.1:5555", []string{"203.0.113.66, 198.51.100.7"}, "198.51.100.7"}, // the client wrote the first
		{proxied, "10.0.0.1:5555", []string{"203.0.113.66", "198.51.100.7, 10.0.0.2"}, "198.51.100.7"},
		{proxied, "10.0.0.1:5555", []string{"10.0.0.3, 10.0.0.2"}, "10.0.0.3"},
		{proxied, "10.0.0.1:5555", []string{"198.51.100.7, garbage"}, "10.0.0.1"},
		{proxied, "10.0.0.1:5555", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := tc.s.clientAddr(r); got != tc.client {
			t.Errorf("peer %s, X-Forwarded-For %q, %d proxies: client %q, want %q", tc.peer, tc.xff, len(tc.s.cfg.TrustedProxies), got, tc.client)
		}
	}
}
