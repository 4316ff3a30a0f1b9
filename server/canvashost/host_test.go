package canvashost_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/server/canvashost"
)

// serveHost runs a Host over a loopback HTTP server.
func serveHost(t *testing.T, root string, live bool) (*canvashost.Host, string) {
	t.Helper()
	h, err := canvashost.New(canvashost.Options{Root: root, LiveReload: live})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		_ = h.Close()
		srv.Close()
	})
	return h, srv.URL
}

// get fetches a URL and returns the status, the Content-Type and the body.
func get(t *testing.T, method, url string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestNewCreatesTheRootWithAStarterPage(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", "canvas")
	_, url := serveHost(t, root, true)
	page, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil || !strings.Contains(string(page), "<h1>Canvas</h1>") {
		t.Fatalf("starter page: %q, %v", page, err)
	}
	status, hdr, body := get(t, http.MethodGet, url+canvashost.BasePath+"/")
	if status != http.StatusOK || hdr.Get("Content-Type") != "text/html; charset=utf-8" || hdr.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET canvas/: %d %v", status, hdr)
	}
	if !strings.Contains(body, "<h1>Canvas</h1>") || !strings.Contains(body, "/__openclaw__/ws") ||
		!strings.Contains(body, "openclawSendUserAction") {
		t.Fatalf("served page lacks the page or the live-reload script:\n%s", body)
	}
	if i, j := strings.Index(body, "/__openclaw__/ws"), strings.LastIndex(body, "</body>"); i > j {
		t.Errorf("the script is not before </body>")
	}
	write(t, filepath.Join(root, "index.html"), "<p>mine</p>")
	_, _ = serveHost(t, root, true) // an existing index.html is kept
	if page, _ := os.ReadFile(filepath.Join(root, "index.html")); string(page) != "<p>mine</p>" {
		t.Fatalf("index.html overwritten: %q", page)
	}
}

func TestFilesTypesAndMisses(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "app.js"), "console.log(1)")
	write(t, filepath.Join(root, "data.json"), "{}")
	write(t, filepath.Join(root, "sub", "index.html"), "<p>sub</p>")
	write(t, filepath.Join(root, "empty", "x.txt"), "x")
	_, url := serveHost(t, root, false)
	base := url + canvashost.BasePath
	cases := []struct {
		path, ctype, body string
		status            int
	}{
		{"/app.js", "text/javascript; charset=utf-8", "console.log(1)", 200},
		{"/data.json", "application/json", "{}", 200},
		{"/sub", "text/html; charset=utf-8", "<p>sub</p>", 200}, // live reload off: no script
		{"/sub/", "text/html; charset=utf-8", "<p>sub</p>", 200},
		{"", "text/html; charset=utf-8", "<h1>Canvas</h1>", 200},
		{"/nope.js", "text/plain; charset=utf-8", "not found", 404},
		{"/empty/", "text/html; charset=utf-8", "Missing file.\nCreate " + filepath.Join(root, "empty", "index.html"), 404},
		{"/%2e%2e/%2e%2e/etc/passwd", "text/plain; charset=utf-8", "not found", 404},
	}
	for _, c := range cases {
		status, hdr, body := get(t, http.MethodGet, base+c.path)
		if status != c.status || hdr.Get("Content-Type") != c.ctype || !strings.Contains(body, c.body) {
			t.Errorf("GET %s = %d %q %q, want %d %q %q", c.path, status, hdr.Get("Content-Type"), body, c.status, c.ctype, c.body)
		}
		if c.path == "/sub" && strings.Contains(body, "<script") {
			t.Errorf("live reload off, yet the page got a script: %q", body)
		}
	}
	if status, hdr, _ := get(t, http.MethodPost, base+"/app.js"); status != http.StatusMethodNotAllowed || hdr.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST = %d Allow %q", status, hdr.Get("Allow"))
	}
	if status, _, body := get(t, http.MethodHead, base+"/app.js"); status != http.StatusOK || body != "" {
		t.Errorf("HEAD = %d %q", status, body)
	}
	if status, _, body := get(t, http.MethodGet, url+canvashost.WSPath); status != http.StatusNotFound || body != "not found" {
		t.Errorf("live reload off: GET ws = %d %q", status, body)
	}
}

func TestSymlinksOutOfTheRootAreNotServed(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write(t, filepath.Join(outside, "secret.txt"), "secret")
	write(t, filepath.Join(root, "real.txt"), "real")
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "real.txt"), filepath.Join(root, "inside.txt")); err != nil {
		t.Fatal(err)
	}
	_, url := serveHost(t, root, false)
	for _, p := range []string{"/link.txt", "/dir/secret.txt", "/inside.txt"} {
		if status, _, body := get(t, http.MethodGet, url+canvashost.BasePath+p); status != http.StatusNotFound || strings.Contains(body, "secret") {
			t.Errorf("GET %s = %d %q, want 404", p, status, body)
		}
	}
}

func TestLiveReloadSocketGetsReloadOnAChange(t *testing.T) {
	root := t.TempDir()
	_, url := serveHost(t, root, true)
	if status, _, body := get(t, http.MethodGet, url+canvashost.WSPath); status != http.StatusUpgradeRequired || body != "upgrade required" {
		t.Fatalf("plain GET of the socket = %d %q", status, body)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+canvashost.WSPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	// The watcher starts with the first socket; a change in a folder made after it is seen too.
	write(t, filepath.Join(root, "new", "page.html"), "<p>v1</p>")
	typ, msg, err := c.Read(ctx)
	if err != nil || typ != websocket.MessageText || string(msg) != "reload" {
		t.Fatalf("read = %v %q %v, want text reload", typ, msg, err)
	}
	write(t, filepath.Join(root, "new", "page.html"), "<p>v2</p>")
	if _, msg, err := c.Read(ctx); err != nil || string(msg) != "reload" {
		t.Fatalf("second change: %q %v", msg, err)
	}
}

func TestCloseEndsTheSockets(t *testing.T) {
	h, url := serveHost(t, t.TempDir(), true)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+canvashost.WSPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Read(ctx); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("after Close: %v, want going away", err)
	}
}
