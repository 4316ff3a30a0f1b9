package gatewaytest

import (
	"strings"
	"testing"

	"github.com/gatewire/gatewire/runtime/wire"
)

func TestCheckRejectsFramesARealClientWouldDrop(t *testing.T) {
	bad := []string{
		`{"type":"event","event":"tick","payload":{"ts":1},"extra":true}`,
		`{"type":"event","event":"presence","payload":{"presence":[{"ts":1,"host":""}]}}`,
		`{"type":"res","id":"1","ok":false,"error":{"code":"INVALID_REQUEST","message":""}}`,
		`{"type":"res","id":"1","ok":true,"payload":{"ok":true}}`,
	}
	for _, raw := range bad {
		if err := check(frame(t, raw), "health", 3); err == nil {
			t.Errorf("accepted %s", raw)
		}
	}
	if err := check(frame(t, `{"type":"event","event":"tick","payload":{"ts":1},"seq":3}`), "", 3); err != nil {
		t.Fatalf("rejected a valid tick: %v", err)
	}
}

// frame decodes raw as the client does.
func frame(t *testing.T, raw string) Frame {
	t.Helper()
	in, err := wire.DecodeInbound([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	return Frame{Inbound: in, Raw: []byte(raw)}
}

func TestStartDialAndConnect(t *testing.T) {
	g := Start(t, Options{})
	if !strings.HasPrefix(g.URL, "ws://127.0.0.1:") || g.Token == "" {
		t.Fatalf("gateway %q token %q", g.URL, g.Token)
	}
	c := Dial(t, g.URL)
	hello := c.MustConnect(ConnectParams(g.Token, "operator", "operator.read"))
	if hello.Auth.Role != "operator" || len(hello.Auth.Scopes) != 1 {
		t.Fatalf("auth = %+v", hello.Auth)
	}
	var health map[string]any
	c.Result("health", nil, &health)
	g.Stop()
	if code, _ := c.Closed(); code != 1012 {
		t.Fatalf("close after Stop = %d", code)
	}
}
