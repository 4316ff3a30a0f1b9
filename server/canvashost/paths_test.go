package canvashost_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/canvashost"
)

func TestUnscope(t *testing.T) {
	cases := []struct {
		url, path, query, capability string
		malformed                    bool
	}{
		{"/__openclaw__/canvas/a.js", "/__openclaw__/canvas/a.js", "", "", false},
		{"/__openclaw__/canvas/?oc_cap=abc", "/__openclaw__/canvas/", "oc_cap=abc", "abc", false},
		{"/__openclaw__/cap/abc/__openclaw__/canvas/x.html", "/__openclaw__/canvas/x.html", "oc_cap=abc", "abc", false},
		{"/__openclaw__/cap/abc/__openclaw__/ws?oc_cap=zzz", "/__openclaw__/ws", "oc_cap=zzz", "zzz", false},
		{"/__openclaw__/cap/a%2Fb/health", "/health", "oc_cap=a%2Fb", "a/b", false},
		{"/__openclaw__/cap/abc", "", "", "", true},
		{"/__openclaw__/cap//x", "", "", "", true},
		{"/__openclaw__/cap/%20/x", "", "", "", true},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", c.url, nil)
		s := canvashost.Unscope(r)
		if s.Malformed != c.malformed || s.Capability != c.capability {
			t.Errorf("%s: scope %+v", c.url, s)
			continue
		}
		if !c.malformed && (r.URL.Path != c.path || r.URL.RawQuery != c.query) {
			t.Errorf("%s: rewritten to %s ? %s", c.url, r.URL.Path, r.URL.RawQuery)
		}
	}
}

func TestScopedURLAndHandles(t *testing.T) {
	if got := canvashost.ScopedURL("http://127.0.0.1:18789/", "a/b"); got != "http://127.0.0.1:18789/__openclaw__/cap/a%2Fb" {
		t.Errorf("ScopedURL = %s", got)
	}
	for p, want := range map[string]bool{"/__openclaw__/canvas": true, "/__openclaw__/canvas/x": true, "/__openclaw__/ws": true,
		"/__openclaw__/canvasx": false, "/__openclaw__/a2ui/": false, "/": false} {
		if canvashost.Handles(p) != want {
			t.Errorf("Handles(%s) = %v", p, !want)
		}
	}
}

func TestCapabilitiesLiveWithTheirConnection(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	caps := canvashost.NewCapabilities(func() time.Time { return now })
	g := caps.Mint("c1", "http://h:1")
	if len(g.Capability) != 24 || g.URL != "http://h:1/__openclaw__/cap/"+g.Capability || !g.ExpiresAt.Equal(now.Add(10*time.Minute)) {
		t.Fatalf("grant = %+v", g)
	}
	if !caps.Valid(g.Capability) || caps.Valid("other") || caps.Valid("") {
		t.Fatal("validity")
	}
	now = now.Add(9 * time.Minute) // each use extends it
	if !caps.Valid(g.Capability) {
		t.Fatal("lapsed early")
	}
	now = now.Add(9 * time.Minute)
	if !caps.Valid(g.Capability) {
		t.Fatal("use did not extend it")
	}
	now = now.Add(10 * time.Minute)
	if caps.Valid(g.Capability) {
		t.Fatal("valid after 10 min unused")
	}
	fresh, ok := caps.Refresh("c1")
	if !ok || fresh.Capability == g.Capability || !caps.Valid(fresh.Capability) || fresh.URL != "http://h:1/__openclaw__/cap/"+fresh.Capability {
		t.Fatalf("refresh = %+v %v", fresh, ok)
	}
	if _, ok := caps.Refresh("c2"); ok {
		t.Fatal("refresh of a connection that never had one")
	}
	caps.Drop("c1")
	if caps.Valid(fresh.Capability) {
		t.Fatal("valid after its connection closed")
	}
}
