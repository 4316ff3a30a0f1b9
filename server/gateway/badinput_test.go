package gateway_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// deepRequest is a well-formed request whose params nest depth arrays.
func deepRequest(id string, depth int) string {
	return `{"type":"req","id":"` + id + `","method":"health","params":` +
		strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

func TestARequestNestedTooDeepIsAnswered(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, read)
	c.Send(deepRequest("deep", 10_001))
	f := c.Response("deep")
	want := "invalid request frame: at /params: must not be nested more than 10000 levels deep"
	if f.OK || f.Error.Code != "INVALID_REQUEST" || f.Error.Message != want {
		t.Fatalf("deep request: %s", f.Raw)
	}
	// Input that is not JSON at all (an unbalanced deep frame included)
	// is still ignored after the handshake, as v3 does.
	c.Send("not json")
	c.Send(deepRequest("broken", 10_001)[:15_000])
	if f := c.Call("health", nil); !f.OK {
		t.Fatalf("health after ignored frames: %s", f.Raw)
	}
	for _, f := range c.Frames() {
		if f.Type == "res" {
			t.Fatalf("an ignored frame was answered: %s", f.Raw)
		}
	}
}

func TestAFirstFrameNestedTooDeepIsClosed(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := gatewaytest.Dial(t, g.URL)
	c.Send(deepRequest("deep", 10_001))
	if code, reason := c.Closed(); code != 1008 || reason != "invalid request frame" {
		t.Fatalf("close %d %q", code, reason)
	}
}

func TestInvalidUTF8IsClosedWith1007(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	before := gatewaytest.Dial(t, g.URL)
	before.Send("{\"type\":\"req\",\"id\":\"1\",\"method\":\"connect\",\"params\":{\"x\":\"\xff\xfe\"}}")
	after := operator(t, g, read)
	after.Send("{\"type\":\"req\",\"id\":\"2\",\"method\":\"health\",\"params\":{\"x\":\"\xc3\x28\"}}")
	for name, c := range map[string]*gatewaytest.Client{"before the handshake": before, "after it": after} {
		if code, _ := c.Closed(); code != 1007 {
			t.Errorf("%s: close %d, want 1007", name, code)
		}
	}
	operator(t, g, read) // still serving
}

// Numbers JSON Schema calls integers but a Go integer field cannot hold
// get an answer worded like every other params error, never Go's
// "cannot unmarshal … into Go struct field".
func TestIntegersGoCannotHoldGetASchemaWordedError(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := operator(t, g, admin)
	f := c.Call("logs.tail", json.RawMessage(`{"limit":2.0}`))
	if f.OK || f.Error.Message != "invalid logs.tail params: at /limit: must be integer written without a fraction or exponent" {
		t.Fatalf("limit 2.0: %s", f.Raw)
	}

	conn := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "operator", read)
	raw, _ := json.Marshal(p)
	huge := strings.Replace(string(raw), `"minProtocol":3`, `"minProtocol":1e308`, 1)
	conn.Send(`{"type":"req","id":"c1","method":"connect","params":` + huge + `}`)
	f = conn.Response("c1")
	want := "invalid connect params: at /minProtocol: must be <= 9223372036854775807"
	if f.OK || f.Error.Message != want {
		t.Fatalf("minProtocol 1e308: %s", f.Raw)
	}
	if code, reason := conn.Closed(); code != 1008 || reason != want {
		t.Fatalf("close %d %q", code, reason)
	}
	for _, text := range []string{string(f.Raw)} {
		if strings.Contains(text, "unmarshal") || strings.Contains(text, "Go struct") {
			t.Fatalf("Go's decoder message reached the client: %s", text)
		}
	}
}
