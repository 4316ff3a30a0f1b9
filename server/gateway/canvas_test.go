package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// canvasGet fetches a gateway URL with an optional bearer and returns the status and body.
func canvasGet(t *testing.T, url, bearer string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// capabilityOf returns the capability at the end of a scoped canvas URL.
func capabilityOf(t *testing.T, scoped, httpURL string) string {
	t.Helper()
	capability, ok := strings.CutPrefix(scoped, httpURL+"/__openclaw__/cap/")
	if !ok || len(capability) != 24 || strings.Contains(capability, "/") {
		t.Fatalf("canvasHostUrl %q is not %s/__openclaw__/cap/<24-char capability>", scoped, httpURL)
	}
	return capability
}

const unauthorizedBody = `{"error":{"message":"Unauthorized","type":"unauthorized"}}`

func TestCanvasHostServesWithACapabilityOrTheToken(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	if _, err := os.Stat(filepath.Join(g.StateDir.Root(), "canvas", "index.html")); err != nil {
		t.Fatalf("default canvas root <stateDir>/canvas has no starter page: %v", err)
	}
	c := gatewaytest.Dial(t, g.URL)
	hello := c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", read))
	if hello.CanvasHostURL == nil {
		t.Fatal("v3 hello-ok has no canvasHostUrl")
	}
	scoped := *hello.CanvasHostURL
	capability := capabilityOf(t, scoped, g.HTTPURL)
	canvas := g.HTTPURL + "/__openclaw__/canvas/"

	for name, url := range map[string]string{"scoped path": scoped + "/__openclaw__/canvas/", "query": canvas + "?oc_cap=" + capability} {
		if status, body := canvasGet(t, url, ""); status != http.StatusOK || !strings.Contains(body, "<h1>Canvas</h1>") ||
			!strings.Contains(body, "/__openclaw__/ws") {
			t.Errorf("%s: %d %q", name, status, body)
		}
	}
	if status, body := canvasGet(t, canvas, g.Token); status != http.StatusOK || !strings.Contains(body, "<h1>Canvas</h1>") {
		t.Errorf("bearer token: %d %q", status, body)
	}
	for name, c := range map[string]struct{ url, bearer string }{
		"no credential (loopback too)": {canvas, ""},
		"wrong bearer":                 {canvas, "not-the-token"},
		"unknown capability":           {canvas + "?oc_cap=AAAAAAAAAAAAAAAAAAAAAAAA", ""},
		"scoped path without a rest":   {g.HTTPURL + "/__openclaw__/cap/" + capability, ""},
		"live-reload socket":           {g.HTTPURL + "/__openclaw__/ws", ""},
	} {
		if status, body := canvasGet(t, c.url, c.bearer); status != http.StatusUnauthorized || body != unauthorizedBody {
			t.Errorf("%s: %d %q, want 401", name, status, body)
		}
	}
	if status, body := canvasGet(t, g.HTTPURL+"/__openclaw__/ws", g.Token); status != http.StatusUpgradeRequired {
		t.Errorf("plain GET of the live-reload socket: %d %q", status, body)
	}

	c.CloseNow() // the capability goes with its connection
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, _ := canvasGet(t, canvas+"?oc_cap="+capability, "")
		if status == http.StatusUnauthorized {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("capability still accepted (%d) after its connection closed", status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCanvasHostURLIsV3Only(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	hello := gatewaytest.Dial(t, g.URL).MustConnect(gatewaytest.ConnectParamsAt(4, g.Token, "operator", read))
	if hello.Protocol != 4 || hello.CanvasHostURL != nil {
		t.Fatalf("v4 hello: protocol %d canvasHostUrl %v", hello.Protocol, hello.CanvasHostURL)
	}
}

// connectNode connects a v3 node with a fresh device and returns it with its hello-ok.
func connectNode(t *testing.T, g *gatewaytest.Gateway) (*gatewaytest.Client, *protocol.HelloOk) {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleNode))
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.2.3", Platform: "linux", Mode: protocol.ClientModeNode}
	c.Sign(p, gatewaytest.NewDevice(t))
	return c, c.MustConnect(p)
}

func TestNodeRefreshesItsCanvasCapability(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	node, hello := connectNode(t, g)
	old := capabilityOf(t, *hello.CanvasHostURL, g.HTTPURL)
	before := time.Now()
	f := node.Call("node.canvas.capability.refresh", map[string]any{})
	if !f.OK {
		t.Fatalf("refresh: %s", f.Raw)
	}
	var got protocol.NodeCanvasCapabilityRefreshResult
	if err := json.Unmarshal(f.Payload, &got); err != nil {
		t.Fatal(err)
	}
	if fresh := capabilityOf(t, got.CanvasHostURL, g.HTTPURL); fresh != got.CanvasCapability || fresh == old {
		t.Fatalf("refresh = %+v (old capability %s)", got, old)
	}
	expires := time.UnixMilli(got.CanvasCapabilityExpiresAtMs)
	if expires.Before(before.Add(10*time.Minute-time.Second)) || expires.After(time.Now().Add(10*time.Minute+time.Second)) {
		t.Errorf("expires at %v, want about 10 min from now", expires)
	}
	canvas := g.HTTPURL + "/__openclaw__/canvas/?oc_cap="
	if status, _ := canvasGet(t, canvas+got.CanvasCapability, ""); status != http.StatusOK {
		t.Errorf("fresh capability: %d", status)
	}
	if status, _ := canvasGet(t, canvas+old, ""); status != http.StatusUnauthorized {
		t.Errorf("replaced capability still accepted: %d", status)
	}
}

func TestCanvasHostOff(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{canvasHost: {enabled: false}}`})
	node, hello := connectNode(t, g)
	if hello.CanvasHostURL != nil {
		t.Fatalf("canvas host off, yet canvasHostUrl %q", *hello.CanvasHostURL)
	}
	f := node.Call("node.canvas.capability.refresh", map[string]any{})
	if f.OK || f.Error == nil || f.Error.Code != string(protocol.ErrorCodeUnavailable) ||
		f.Error.Message != "canvas host unavailable for this node session" {
		t.Fatalf("refresh with the canvas host off: %s", f.Raw)
	}
	if status, _ := canvasGet(t, g.HTTPURL+"/__openclaw__/canvas/", g.Token); status != http.StatusNotFound {
		t.Errorf("canvas route with the host off: %d, want 404", status)
	}
	if _, err := os.Stat(filepath.Join(g.StateDir.Root(), "canvas")); !os.IsNotExist(err) {
		t.Errorf("canvas folder made with the host off: %v", err)
	}
}

func TestCanvasRootIsConfigurable(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{canvasHost: {root: "pages", liveReload: false}}`})
	root := filepath.Join(g.StateDir.Root(), "pages")
	if err := os.WriteFile(filepath.Join(root, "hello.html"), []byte("<p>hello</p>"), 0o600); err != nil {
		t.Fatal(err)
	}
	if status, body := canvasGet(t, g.HTTPURL+"/__openclaw__/canvas/hello.html", g.Token); status != http.StatusOK || body != "<p>hello</p>" {
		t.Fatalf("GET hello.html from canvasHost.root (live reload off: no script) = %d %q", status, body)
	}
	if g.CanvasRoot() != root {
		t.Errorf("CanvasRoot() = %q, want %q", g.CanvasRoot(), root)
	}
}
