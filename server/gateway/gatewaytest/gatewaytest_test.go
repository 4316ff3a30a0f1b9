package gatewaytest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCheckRejectsFramesARealClientWouldDrop(t *testing.T) {
	rec := &recorder{TB: t}
	c := &Client{t: rec, methods: map[string]string{"1": "health"}}
	bad := []string{
		`{"type":"event","event":"tick","payload":{"ts":1},"extra":true}`,
		`{"type":"event","event":"presence","payload":{"presence":[{"ts":1,"host":""}]}}`,
		`{"type":"res","id":"1","ok":false,"error":{"code":"INVALID_REQUEST","message":""}}`,
		`{"type":"res","id":"1","ok":true,"payload":{"ok":true}}`,
	}
	for _, raw := range bad {
		rec.errors = nil
		var f Frame
		json.Unmarshal([]byte(raw), &f)
		f.Raw = []byte(raw)
		c.check(f)
		if len(rec.errors) == 0 {
			t.Errorf("accepted %s", raw)
		}
	}
	rec.errors = nil
	var good Frame
	good.Raw = []byte(`{"type":"event","event":"tick","payload":{"ts":1},"seq":3}`)
	json.Unmarshal(good.Raw, &good)
	if c.check(good); len(rec.errors) != 0 {
		t.Fatalf("rejected a valid tick: %v", rec.errors)
	}
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
