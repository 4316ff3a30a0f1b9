package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestDashboardURL: the gateway's address turned into the Control UI's,
// with the token (escaped) only in the fragment.
func TestDashboardURL(t *testing.T) {
	for _, tc := range []struct{ ws, base, token, want string }{
		{"ws://127.0.0.1:18789", "", "tok", "http://127.0.0.1:18789/#token=tok"},
		{"wss://gw.example:443/", "/ui", "a+b/c", "https://gw.example:443/ui/#token=a%2Bb%2Fc"},
		{"ws://u:p@[::1]:9?x=1", "ui/", "", "http://[::1]:9/ui/"},
	} {
		got, err := dashboardURL(tc.ws, tc.base, tc.token)
		if err != nil || got != tc.want {
			t.Errorf("dashboardURL(%q, %q, %q) = %q, %v; want %q", tc.ws, tc.base, tc.token, got, err, tc.want)
		}
	}
	if _, err := dashboardURL("http://x", "", ""); err == nil {
		t.Error("an http:// gateway URL was accepted")
	}
}

// TestDashboardCommand: on the gateway's host the command finds the port
// and token by itself and prints the gateway's http address with the
// token in the fragment, where the Control UI is served; --open hands
// exactly that URL to the opener.
func TestDashboardCommand(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := newCLI(t, string(g.StateDir), envURL, g.URL)
	r := c.ok("dashboard", "--json")
	var out struct{ URL string }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("dashboard --json: %q: %v", r.stdout, err)
	}
	u, err := url.Parse(out.URL)
	if err != nil || "ws://"+u.Host != g.URL || u.Path != "/" || u.Fragment != "token="+g.Token || u.RawQuery != "" {
		t.Fatalf("dashboard URL %q for gateway %s (token %s)", out.URL, g.URL, g.Token)
	}
	res, err := http.Get(strings.Split(out.URL, "#")[0])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), `src="app.js"`) {
		t.Fatalf("GET %s: %s\n%s", out.URL, res.Status, page)
	}
	var opened []string
	c.openURL = func(link string) error {
		opened = append(opened, link)
		return nil
	}
	r = c.ok("dashboard", "--open")
	if strings.TrimSpace(r.stdout) != out.URL || len(opened) != 1 || opened[0] != out.URL {
		t.Fatalf("--open printed %q and opened %v; want %s", r.stdout, opened, out.URL)
	}
}

// TestDashboardBasePath: the base path comes from the local gateway's
// config file unless --base-path says otherwise.
func TestDashboardBasePath(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { controlUi: { basePath: "/ops" } } }`})
	c := newCLI(t, string(g.StateDir), envURL, g.URL)
	if got, want := strings.TrimSpace(c.ok("dashboard").stdout), g.HTTPURL+"/ops/#token="+url.QueryEscape(g.Token); got != want {
		t.Fatalf("dashboard = %q, want %q", got, want)
	}
	if got := strings.TrimSpace(c.ok("dashboard", "--base-path", "/other").stdout); !strings.HasPrefix(got, g.HTTPURL+"/other/#token=") {
		t.Fatalf("dashboard --base-path /other = %q", got)
	}
}
