package gateway_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/version"
)

// avatarGateway serves the Control UI under /ui with agents whose
// avatars are a local file (ops, the default), a URL (web) and nothing
// (zed).
func avatarGateway(t *testing.T) *gatewaytest.Gateway {
	t.Helper()
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "avatars"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "avatars", "s.png"), []byte("\x89PNG\r\nimage"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := `{
  gateway: { controlUi: { basePath: "/ui" } },
  models: { providers: { fake: { baseUrl: "http://127.0.0.1:9/v1", models: [ { id: "m" } ] } } },
  agents: {
    defaults: { model: "fake/m", workspace: "` + ws + `" },
    list: [
      { id: "ops", default: true, identity: { name: "Samantha", avatar: "avatars/s.png" } },
      { id: "web", identity: { name: "Web", avatar: "https://example.com/a.png" } },
      { id: "zed", identity: { emoji: "🦥" } },
      { id: "out", identity: { avatar: "../secret.png" } },
    ],
  },
}`
	return gatewaytest.Start(t, gatewaytest.Options{Config: cfg})
}

func TestControlUIConfigNeedsTheGatewayTokenAndNamesTheAssistant(t *testing.T) {
	g := avatarGateway(t)
	url := g.HTTPURL + "/ui/__openclaw/control-ui-config.json"
	for _, h := range []http.Header{nil, {"Authorization": {"Bearer wrong"}}} {
		resp, body := request(t, "GET", url, h)
		if resp.StatusCode != 401 || body != `{"error":{"message":"Unauthorized","type":"unauthorized"}}` || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET config with %v = %d %s", h, resp.StatusCode, body)
		}
	}
	resp, body := request(t, "GET", url, http.Header{"Authorization": {"Bearer " + g.Token}})
	var got map[string]any
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &got) != nil {
		t.Fatalf("GET config = %d %s", resp.StatusCode, body)
	}
	want := map[string]any{
		"basePath": "/ui", "assistantName": "Samantha", "assistantAvatar": "/ui/avatar/ops", "assistantAvatarSource": "avatars/s.png",
		"assistantAvatarStatus": "local", "assistantAgentId": "ops", "serverVersion": version.Version, "embedSandbox": "scripts",
		"allowExternalEmbedUrls": false,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (%s)", k, got[k], v, body)
		}
	}
	if roots, ok := got["localMediaPreviewRoots"].([]any); !ok || len(roots) != 0 {
		t.Errorf("localMediaPreviewRoots = %v", got["localMediaPreviewRoots"])
	}
	// Outside the base path it is the page's route, not the JSON.
	if resp, _ := request(t, "GET", g.HTTPURL+"/__openclaw/control-ui-config.json", http.Header{"Authorization": {"Bearer " + g.Token}}); resp.StatusCode != 404 {
		t.Errorf("config outside the base path = %d", resp.StatusCode)
	}
}

func TestControlUIAvatarServesTheAgentsLocalImage(t *testing.T) {
	g := avatarGateway(t)
	auth := http.Header{"Authorization": {"Bearer " + g.Token}}
	resp, body := request(t, "GET", g.HTTPURL+"/ui/avatar/ops", auth)
	if resp.StatusCode != 200 || body != "\x89PNG\r\nimage" || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET avatar = %d %q %v", resp.StatusCode, body, resp.Header)
	}
	if resp, _ := request(t, "GET", g.HTTPURL+"/ui/avatar/ops", nil); resp.StatusCode != 401 {
		t.Errorf("avatar without the token = %d", resp.StatusCode)
	}
	for _, id := range []string{"web", "zed", "out", "nobody"} {
		if resp, body := request(t, "GET", g.HTTPURL+"/ui/avatar/"+id, auth); resp.StatusCode != 404 {
			t.Errorf("GET avatar %s = %d %q", id, resp.StatusCode, body)
		}
	}
	// A malformed id is 404 before authentication, as in v3.
	for _, p := range []string{"/ui/avatar/ops/x", "/ui/avatar/-x", "/ui/avatar/"} {
		if resp, _ := request(t, "GET", g.HTTPURL+p, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s = %d", p, resp.StatusCode)
		}
	}
	for id, want := range map[string]string{
		"ops": `{"avatarReason":null,"avatarSource":"avatars/s.png","avatarStatus":"local","avatarUrl":"/ui/avatar/ops"}`,
		"web": `{"avatarReason":null,"avatarSource":"remote URL","avatarStatus":"remote","avatarUrl":"https://example.com/a.png"}`,
		"zed": `{"avatarReason":"missing","avatarSource":null,"avatarStatus":"none","avatarUrl":null}`,
		"out": `{"avatarReason":"outside_workspace","avatarSource":null,"avatarStatus":"none","avatarUrl":null}`,
	} {
		if resp, body := request(t, "GET", g.HTTPURL+"/ui/avatar/"+id+"?meta=1", auth); resp.StatusCode != 200 || body != want {
			t.Errorf("GET avatar %s meta = %d %s, want %s", id, resp.StatusCode, body, want)
		}
	}
}

func TestControlUIConfigAcceptsAPairedDevicesOperatorToken(t *testing.T) {
	g := avatarGateway(t)
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "operator", "operator.read", "operator.pairing")
	p.Client.ID, p.Client.Mode = "cli", "cli" // a backend client gets no device token
	dev := gatewaytest.NewDevice(t)
	c.Sign(p, dev)
	hello := c.MustConnect(p)
	if hello.Auth.DeviceToken == nil {
		t.Fatalf("no device token in hello-ok: %+v", hello.Auth)
	}
	url := g.HTTPURL + "/ui/__openclaw/control-ui-config.json"
	if resp, body := request(t, "GET", url, http.Header{"Authorization": {"Bearer " + *hello.Auth.DeviceToken}}); resp.StatusCode != 200 {
		t.Fatalf("GET config with the device token = %d %s", resp.StatusCode, body)
	}
	var revoked map[string]any
	c.Result("device.token.revoke", map[string]any{"deviceId": dev.DeviceID, "role": "operator"}, &revoked)
	if resp, body := request(t, "GET", url, http.Header{"Authorization": {"Bearer " + *hello.Auth.DeviceToken}}); resp.StatusCode != 401 {
		t.Fatalf("GET config with a revoked device token = %d %s", resp.StatusCode, body)
	}
}
