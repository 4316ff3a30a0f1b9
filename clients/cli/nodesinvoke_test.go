package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// connectNode connects a raw test node with a device identity of its
// own (paired silently on loopback) that declares commands.
func connectNode(t *testing.T, g *gatewaytest.Gateway, name string, commands ...string) (*gatewaytest.Client, *deviceauth.Identity) {
	t.Helper()
	dev := gatewaytest.NewDevice(t)
	node := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, string(protocol.RoleNode))
	p.Client = protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: "1.2.3", Platform: "linux",
		Mode: protocol.ClientModeNode, DisplayName: &name}
	p.Commands, p.Caps = commands, []string{"system"}
	node.Sign(p, dev)
	node.MustConnect(p)
	t.Cleanup(node.CloseNow)
	return node, dev
}

// invokeRequest reads the next node.invoke.request a test node got.
func invokeRequest(t *testing.T, node *gatewaytest.Client) protocol.NodeInvokeRequestEvent {
	t.Helper()
	var ev protocol.NodeInvokeRequestEvent
	if f := node.NextEvent(protocol.EventNodeInvokeRequest); f.Decode(&ev) != nil {
		t.Fatalf("node.invoke.request: %s", f.Raw)
	}
	return ev
}

// background runs a command line on its own goroutine; the result comes
// on the channel.
func (c *cli) background(args ...string) <-chan result {
	done := make(chan result, 1)
	go func() { done <- c.run(args...) }()
	return done
}

func TestNodesListAndDescribe(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	_, dev := connectNode(t, g, "build-box", "system.which", "system.notify", "acme.custom")

	out := c.ok("nodes", "list").stdout
	contains(t, "nodes list", out, "NODE", "STATE", dev.DeviceID, "build-box", "connected", "system.notify,system.which")
	if strings.Contains(out, "acme.custom") {
		t.Fatalf("a command outside the platform allowlist is listed:\n%s", out)
	}
	var listed protocol.NodeListResult
	if err := json.Unmarshal([]byte(c.ok("nodes", "list", "--json").stdout), &listed); err != nil ||
		len(listed.Nodes) != 1 || listed.Nodes[0].NodeID != dev.DeviceID {
		t.Fatalf("nodes list --json = %+v (%v)", listed, err)
	}

	// By name, and by a unique id prefix.
	out = c.ok("nodes", "describe", "BUILD-BOX").stdout
	contains(t, "nodes describe", out, "node:", dev.DeviceID, "state:", "connected", "client:", "node-host/node",
		"commands:", "system.notify,system.which", "caps:", "system", "version:", "1.2.3")
	var d protocol.NodeDescribeResult
	if err := json.Unmarshal([]byte(c.ok("nodes", "describe", dev.DeviceID[:10], "--json").stdout), &d); err != nil ||
		d.NodeID != dev.DeviceID || !d.Connected {
		t.Fatalf("nodes describe --json = %+v (%v)", d, err)
	}
	c.fails([]string{"nodes", "describe", "no-such-node"}, "node.describe failed: unknown nodeId [INVALID_REQUEST]")
}

func TestNodesInvoke(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	node, dev := connectNode(t, g, "build-box", "system.which", "system.notify", "acme.custom")

	// The payload comes back indented; the node got the params, the
	// timeout (--timeout's) and a fresh idempotency key.
	done := c.background("nodes", "invoke", "--node", "build-box", "--command", "system.which", "--params", `{"bins":["git"]}`)
	ev := invokeRequest(t, node)
	if ev.NodeID != dev.DeviceID || ev.Command != "system.which" || str(ev.ParamsJSON) != `{"bins":["git"]}` ||
		ev.TimeoutMs == nil || *ev.TimeoutMs != defaultTimeout.Milliseconds() || str(ev.IdempotencyKey) == "" {
		t.Fatalf("node.invoke.request = %+v", ev)
	}
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true,
		"payloadJSON": `{"bins":{"git":"/usr/bin/git"}}`})
	r := <-done
	if r.err != nil || r.stdout != "{\n  \"bins\": {\n    \"git\": \"/usr/bin/git\"\n  }\n}\n" {
		t.Fatalf("nodes invoke = %q (%v)", r.stdout, r.err)
	}

	// --json prints the whole reply; --invoke-timeout and the key are sent.
	done = c.background("nodes", "invoke", "--node", dev.DeviceID, "--command", "system.notify", "--json",
		"--invoke-timeout", "4s", "--idempotency-key", "k-1")
	ev = invokeRequest(t, node)
	if *ev.TimeoutMs != 4000 || str(ev.IdempotencyKey) != "k-1" || str(ev.ParamsJSON) != "{}" {
		t.Fatalf("node.invoke.request = %+v", ev)
	}
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": true})
	r = <-done
	var reply protocol.NodeInvokeResult
	if err := json.Unmarshal([]byte(r.stdout), &reply); r.err != nil || err != nil || !reply.Ok ||
		reply.NodeID != dev.DeviceID || reply.Command != "system.notify" {
		t.Fatalf("nodes invoke --json = %q (%v)", r.stdout, r.err)
	}

	// The node's error, with the gateway's code and the node's details.
	done = c.background("nodes", "invoke", "--node", "build-box", "--command", "system.which")
	ev = invokeRequest(t, node)
	node.Call("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": dev.DeviceID, "ok": false,
		"error": map[string]any{"code": "NOT_FOUND", "message": "no such binary"}})
	r = <-done
	if r.err == nil {
		t.Fatalf("a node error succeeded: %q", r.stdout)
	}
	contains(t, "node error", r.err.Error(), "node.invoke failed: NOT_FOUND: no such binary [UNAVAILABLE]", `"nodeError"`)

	// The gateway's refusals, as it words them.
	c.fails([]string{"nodes", "invoke", "--node", "build-box", "--command", "acme.custom"},
		`node command not allowed: "acme.custom" is not in the allowlist for platform "linux"`)
	c.fails([]string{"nodes", "invoke", "--node", "nowhere", "--command", "system.which"}, "node not connected [UNAVAILABLE]")
	c.fails([]string{"nodes", "invoke", "--node", "build-box"}, "--node and --command are required")
	c.fails([]string{"nodes", "invoke", "--node", "build-box", "--command", "x", "--params", "{"}, "--params is not valid JSON")
}

func TestNodesInvokeTimeoutIsTheGateways(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	node, _ := connectNode(t, g, "slow", "system.which")
	done := c.background("nodes", "invoke", "--node", "slow", "--command", "system.which", "--invoke-timeout", "300")
	invokeRequest(t, node) // and never answered
	r := <-done
	if r.err == nil || !strings.Contains(r.err.Error(), "TIMEOUT: node invoke timed out [UNAVAILABLE]") {
		t.Fatalf("unanswered invoke = %v", r.err)
	}
}

func TestMatchNode(t *testing.T) {
	name := func(s string) *string { return &s }
	nodes := []protocol.KnownNode{
		{NodeID: "aaaaaa111", DisplayName: name("pi"), RemoteIP: name("10.0.0.2"), Connected: true},
		{NodeID: "aaaaaa222", DisplayName: name("pi")},
		{NodeID: "bbbbbb333", DisplayName: name("mac"), Connected: true},
		{NodeID: "bbbbbb444", DisplayName: name("mac"), Connected: true},
	}
	for word, want := range map[string]string{
		"aaaaaa222": "aaaaaa222", "PI": "aaaaaa111", "10.0.0.2": "aaaaaa111", "bbbbbb3": "bbbbbb333",
		"unknown": "unknown", "aaaaa": "aaaaa",
	} {
		if got, err := matchNode(nodes, word); err != nil || got != want {
			t.Errorf("matchNode(%q) = %q, %v; want %q", word, got, err, want)
		}
	}
	for _, word := range []string{"mac", "bbbbbb"} {
		if _, err := matchNode(nodes, word); err == nil || !strings.Contains(err.Error(), "names 2 nodes") {
			t.Errorf("matchNode(%q) = %v, want an ambiguity error", word, err)
		}
	}
}
