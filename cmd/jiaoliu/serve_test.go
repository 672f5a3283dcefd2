package main

import (
	"net/netip"
	"slices"
	"testing"
)

func TestParseProxies(t *testing.T) {
	got, err := parseProxies(" 10.0.0.0/8, 192.0.2.7 ,::1,172.16.5.4/12")
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("172.16.0.0/12")}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("parseProxies: %v %v", got, err)
	}
	if got, err := parseProxies(""); err != nil || len(got) != 0 {
		t.Fatalf("no proxies: %v %v", got, err)
	}
	for _, bad := range []string{"proxy.example", "10.0.0.0/33", "10.0.0"} {
		if _, err := parseProxies(bad); exitCode(err) != 2 {
			t.Errorf("parseProxies(%q): %v, want a usage error", bad, err)
		}
	}
}
