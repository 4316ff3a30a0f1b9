package gateway_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
)

// themeScript is an inline script like OpenClaw's index.html has.
const themeScript = "\n      document.documentElement.dataset.theme = 'dark';\n    "

// uiBundle writes a small Control UI bundle and returns its folder.
func uiBundle(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html": "<!doctype html>\n<html>\n  <HEAD lang=\"en\">\n    <script>" + themeScript + "</script>\n" +
			"    <script type=\"module\" crossorigin src=\"./assets/index-Ab12Cd34.js\"></script>\n  </HEAD>\n  <body><app-root></app-root></body>\n</html>\n",
		"assets/index-Ab12Cd34.js": "console.log('app');\n",
		"manifest.webmanifest":     `{"name":"ui"}`,
		"app.js":                   "export const x = 1;\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// rootConfig is a config serving folder dir under base.
func rootConfig(dir, base string) string {
	return `{ gateway: { controlUi: { root: "` + dir + `", basePath: "` + base + `" } } }`
}

func TestControlUIServesTheRootBundleWithItsScriptHashesInTheCSP(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: rootConfig(uiBundle(t), "")})
	sum := sha256.Sum256([]byte(themeScript))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	for _, path := range []string{"/", "/index.html", "/chat", "/sessions/agent:main:main", "/config/"} {
		resp, body := request(t, "GET", g.HTTPURL+path, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, "<app-root>") {
			t.Fatalf("GET %s = %d %q", path, resp.StatusCode, body)
		}
		if !strings.Contains(csp, "script-src 'self' "+hash+";") || strings.Contains(csp, "unsafe-inline';") && strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("GET %s CSP = %q, want the theme script's hash %s", path, csp, hash)
		}
		if !strings.Contains(body, "<HEAD lang=\"en\"><base href=\"/\">") {
			t.Errorf("GET %s: no <base href> first in the head:\n%s", path, body)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"} {
			if resp.Header.Get(k) != v {
				t.Errorf("GET %s %s = %q, want %q", path, k, resp.Header.Get(k), v)
			}
		}
	}
	// Health and readiness keep their own routes.
	if resp, body := request(t, "GET", g.HTTPURL+"/health", nil); body != `{"ok":true,"status":"live"}` {
		t.Errorf("GET /health = %d %q", resp.StatusCode, body)
	}
}

func TestControlUIAssetsAreCachedAndMissingOnesAre404(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: rootConfig(uiBundle(t), "")})
	for _, path := range []string{"/assets/index-Ab12Cd34.js", "/chat/assets/index-Ab12Cd34.js", "/sessions/x/assets/index-Ab12Cd34.js"} {
		resp, body := request(t, "GET", g.HTTPURL+path, nil)
		if resp.StatusCode != 200 || body != "console.log('app');\n" || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
			resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s = %d %q %v", path, resp.StatusCode, body, resp.Header)
		}
	}
	resp, _ := request(t, "GET", g.HTTPURL+"/app.js", nil)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" || etag == "" {
		t.Fatalf("GET /app.js = %d %v", resp.StatusCode, resp.Header)
	}
	if again, body := request(t, "GET", g.HTTPURL+"/app.js", http.Header{"If-None-Match": {etag}}); again.StatusCode != 304 || body != "" {
		t.Errorf("conditional GET /app.js = %d %q", again.StatusCode, body)
	}
	if head, body := request(t, "HEAD", g.HTTPURL+"/manifest.webmanifest", nil); head.StatusCode != 200 || body != "" ||
		head.Header.Get("Content-Type") != "application/manifest+json; charset=utf-8" || head.Header.Get("Content-Length") != "13" {
		t.Errorf("HEAD manifest = %d %v", head.StatusCode, head.Header)
	}
	for _, path := range []string{"/missing.js", "/assets/gone-12345678.css", "/favicon.ico"} {
		if resp, body := request(t, "GET", g.HTTPURL+path, nil); resp.StatusCode != 404 || strings.TrimSpace(body) != "Not Found" {
			t.Errorf("GET %s = %d %q", path, resp.StatusCode, body)
		}
	}
	if resp, _ := request(t, "POST", g.HTTPURL+"/", nil); resp.StatusCode != 404 {
		t.Errorf("POST / = %d", resp.StatusCode)
	}
}

func TestControlUIKeepsRequestsInsideTheRootFolder(t *testing.T) {
	dir := uiBundle(t)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("top secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("TOKEN=x"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: rootConfig(dir, "")})
	for _, path := range []string{"/leak.txt", "/../" + filepath.Base(filepath.Dir(outside)) + "/secret.txt", "/assets/../../secret.txt", "/.env", "/%2e%2e/secret.txt"} {
		body := rawGet(t, g.HTTPURL, path)
		if strings.Contains(body, "top secret") || strings.Contains(body, "TOKEN=x") || !strings.HasPrefix(body, "HTTP/1.1 404") && !strings.Contains(body, "<app-root>") {
			t.Errorf("GET %s =\n%s", path, body)
		}
	}
}

// rawGet sends a GET with the path exactly as given (no client-side
// cleaning) and returns the raw response.
func rawGet(t *testing.T, base, path string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			return out.String()
		}
	}
}

func TestControlUIUnderABasePath(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: rootConfig(uiBundle(t), "/ui/")})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/": "/ui/", "/ui": "/ui/", "/ui?x=1": "/ui/?x=1"} {
		resp, err := noRedirect.Get(g.HTTPURL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 302 || resp.Header.Get("Location") != want {
			t.Errorf("GET %s = %d Location %q, want %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	resp, body := request(t, "GET", g.HTTPURL+"/ui/chat", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `<base href="/ui/">`) {
		t.Errorf("GET /ui/chat = %d %q", resp.StatusCode, body)
	}
	if resp, body := request(t, "GET", g.HTTPURL+"/ui/chat/assets/index-Ab12Cd34.js", nil); resp.StatusCode != 200 || body != "console.log('app');\n" {
		t.Errorf("asset under the base path = %d %q", resp.StatusCode, body)
	}
	for _, path := range []string{"/chat", "/assets/index-Ab12Cd34.js", "/uix/"} {
		if resp, _ := request(t, "GET", g.HTTPURL+path, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s outside the base path = %d", path, resp.StatusCode)
		}
	}
}

func TestControlUIIsServedByDefaultAndCanBeTurnedOff(t *testing.T) {
	on := gatewaytest.Start(t, gatewaytest.Options{})
	resp, body := request(t, "GET", on.HTTPURL+"/", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("embedded UI: GET / = %d %v %q", resp.StatusCode, resp.Header, body)
	}
	off := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { controlUi: { enabled: false } } }`})
	resp, body = request(t, "GET", off.HTTPURL+"/", nil)
	if resp.StatusCode != 404 || strings.TrimSpace(body) != "Not Found" || resp.Header.Get("Content-Security-Policy") != "" {
		t.Errorf("disabled UI: GET / = %d %q", resp.StatusCode, body)
	}
}

func TestControlUIRootWithoutIndexStopsTheStart(t *testing.T) {
	for name, root := range map[string]string{"no index.html": t.TempDir(), "missing folder": filepath.Join(t.TempDir(), "nope")} {
		dir := statedir.Dir(t.TempDir())
		if err := os.WriteFile(dir.ConfigFile(), []byte(rootConfig(root, "")), 0o600); err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		g, err := gateway.New(gateway.Setup{StateDir: dir, Listener: ln, Getenv: func(string) string { return "" }})
		ln.Close()
		if err == nil || !strings.Contains(err.Error(), "gateway.controlUi.root") || !strings.Contains(err.Error(), root) {
			t.Errorf("%s: start error = %v", name, err)
		}
		if g != nil {
			t.Errorf("%s: a gateway started", name)
		}
	}
}
