package nodes_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// FuzzInvokeResultParams sends node.invoke.result params from a
// connected node to a real gateway: every input gets a response (a
// result or INVALID_REQUEST), and the gateway keeps serving. "$NODE" in
// an input is the node's own id.
func FuzzInvokeResultParams(f *testing.F) {
	for _, seed := range []string{
		`{"id":"x","nodeId":"$NODE","ok":true}`,
		`{"id":"x","nodeId":"$NODE","ok":true,"payload":{"a":1},"payloadJSON":null}`,
		`{"id":"x","nodeId":"$NODE","ok":true,"payloadJSON":"{\"a\":1}"}`,
		`{"id":"x","nodeId":"$NODE","ok":true,"payloadJSON":"not json"}`,
		`{"id":"x","nodeId":"$NODE","ok":false,"error":{"code":"E","message":"m"}}`,
		`{"id":"x","nodeId":"$NODE","ok":false,"error":{}}`,
		`{"id":"x","nodeId":"$NODE","ok":false,"error":null}`,
		`{"id":"x","nodeId":"someone-else","ok":true}`,
		`{"id":"x","nodeId":"$NODE"}`,
		`{"id":"","nodeId":"","ok":"yes"}`,
		`{"id":"x","nodeId":"$NODE","ok":true,"bogus":1}`,
		`[]`, `null`, `{}`, `"text"`, `{"id":{"nested":[1,2]},"nodeId":7,"ok":true}`,
	} {
		f.Add(seed)
	}
	g := gatewaytest.Start(f, gatewaytest.Options{})
	dev := gatewaytest.NewDevice(f)
	f.Fuzz(func(t *testing.T, params string) {
		params = strings.ReplaceAll(params, "$NODE", dev.DeviceID)
		if !json.Valid([]byte(params)) {
			t.Skip("not JSON")
		}
		e := &env{t: t, g: g}
		node := e.node(dev, linuxHost)
		defer node.Close()
		node.Send(`{"type":"req","id":"fz","method":"node.invoke.result","params":` + params + `}`)
		res := node.Response("fz")
		if !res.OK && (res.Error == nil || res.Error.Code != string(protocol.ErrorCodeInvalidRequest)) {
			t.Fatalf("%s → %s", params, res.Raw)
		}
		if after := node.Call("health", map[string]any{}); !after.OK {
			t.Fatalf("gateway stopped serving after %s: %s", params, after.Raw)
		}
	})
}

// FuzzNodeMethodParams sends params to the node-only methods of the rest
// of the domain (node.event, node.pending.drain|pull|ack, skills.bins,
// node.canvas.capability.refresh) from a connected node: every input gets
// a response (a result, INVALID_REQUEST, or the canvas host's
// UNAVAILABLE), and the gateway keeps serving. An input is
// "method|params".
func FuzzNodeMethodParams(f *testing.F) {
	for _, seed := range []string{
		`node.event|{"event":"node.presence.alive","payload":{"trigger":"manual"}}`,
		`node.event|{"event":"node.presence.alive","payloadJSON":"[1]"}`,
		`node.event|{"event":"node.presence.alive","payloadJSON":"{"}`,
		`node.event|{"event":"exec.finished","payload":{"runId":"r","exitCode":1e308,"output":"\u0000"}}`,
		`node.event|{"event":"exec.denied","payload":{"reason":{"x":1},"command":[1]}}`,
		`node.event|{"event":"acme","bogus":1}`,
		`node.pending.drain|{"maxItems":0}`, `node.pending.drain|{"maxItems":10}`, `node.pending.drain|{}`,
		`node.pending.pull|{}`, `node.pending.pull|{"x":1}`,
		`node.pending.ack|{"ids":["a","a"," "]}`, `node.pending.ack|{"ids":[]}`,
		`skills.bins|{}`, `node.canvas.capability.refresh|{}`, `node.event|null`, `node.pending.ack|[]`,
	} {
		f.Add(seed)
	}
	g := gatewaytest.Start(f, gatewaytest.Options{})
	dev := gatewaytest.NewDevice(f)
	f.Fuzz(func(t *testing.T, input string) {
		method, params, ok := strings.Cut(input, "|")
		if !ok || !json.Valid([]byte(params)) || !slices.Contains(nodeOnly, method) || method == "node.invoke.result" {
			t.Skip("not a node method and JSON params")
		}
		e := &env{t: t, g: g}
		node := e.node(dev, linuxHost)
		defer node.Close()
		node.Send(`{"type":"req","id":"fz","method":"` + method + `","params":` + params + `}`)
		res := node.Response("fz")
		canvas := method == "node.canvas.capability.refresh" && res.Error != nil && res.Error.Code == string(protocol.ErrorCodeUnavailable)
		if !res.OK && !canvas && (res.Error == nil || res.Error.Code != string(protocol.ErrorCodeInvalidRequest)) {
			t.Fatalf("%s %s → %s", method, params, res.Raw)
		}
		if after := node.Call("health", map[string]any{}); !after.OK {
			t.Fatalf("gateway stopped serving after %s %s: %s", method, params, after.Raw)
		}
	})
}
