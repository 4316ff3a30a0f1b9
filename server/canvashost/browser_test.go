package canvashost_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestBrowserPageReloadsWhenTheCanvasChanges opens the canvas in a real browser the way a node's WebView does
// (the scoped canvasHostUrl of a connected client, no credential) and checks that the page reloads itself with
// the new content when the agent rewrites the file.
func TestBrowserPageReloadsWhenTheCanvasChanges(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	hello := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.read"))
	index := filepath.Join(g.CanvasRoot(), "index.html")
	page := func(text string) {
		t.Helper()
		html := "<!doctype html><html><head><title>canvas</title><link rel=\"icon\" href=\"data:,\"></head><body><h1>" + text + "</h1></body></html>"
		if err := os.WriteFile(index, []byte(html), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	page("first")

	p := browsertest.New(t).Page(t, *hello.CanvasHostURL+"/__openclaw__/canvas/")
	p.WaitText("h1", "first")
	p.Eval(`window.__beforeReload = true`, nil)

	// The page's live-reload socket opens after the load; a change made before it is connected reloads nothing,
	// so the change is written again until the page shows it.
	var shown string
	for deadline := time.Now().Add(p.Timeout); shown != "second" && time.Now().Before(deadline); {
		page("second")
		end := time.Now().Add(time.Second)
		for shown != "second" && time.Now().Before(end) {
			time.Sleep(20 * time.Millisecond)
			p.Eval(`(document.querySelector("h1") || {}).textContent || ""`, &shown)
		}
	}
	if shown != "second" {
		t.Fatalf("the page never showed the new canvas; h1 = %q", shown)
	}
	var survived bool
	p.Eval(`window.__beforeReload === true`, &survived)
	if survived {
		t.Fatal("the new content arrived without a reload")
	}
	p.NoConsoleErrors()
}
