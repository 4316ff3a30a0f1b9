package nodehost

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/clients/internal/leakcheck"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// host is a running node host in the test.
type host struct {
	node *gatewire.Node
	id   string
	dir  string
	done chan error
}

// startHost runs a node host against url with its own state directory
// (policy, when not empty, is written as its exec-approvals file first),
// and stops it when the test ends.
func startHost(t *testing.T, url, token, name, policy string) *host {
	t.Helper()
	dir := t.TempDir()
	if policy != "" {
		if err := os.WriteFile(filepath.Join(dir, "exec-approvals.json"), []byte(policy), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return runHost(t, url, token, name, dir)
}

// runHost runs a node host on an existing state directory.
func runHost(t *testing.T, url, token, name, dir string) *host {
	t.Helper()
	return runHostWith(t, Flags{URL: url, Token: token, DisplayName: name, StateDir: dir, Version: "test"})
}

// runHostWith runs a node host with the given flags (StateDir set).
func runHostWith(t *testing.T, f Flags) *host {
	t.Helper()
	dir := f.StateDir
	opts, u, err := f.nodeOptions(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.OnConnect, opts.OnDisconnect, opts.Logger = nil, nil, nil
	opts.Backoff = gatewire.Backoff{Initial: 50 * time.Millisecond, Max: 200 * time.Millisecond}
	n := gatewire.NewNode(u, opts)
	Serve(n, Config{StateDir: dir})
	h := &host{node: n, id: opts.Device.ID(), dir: dir, done: make(chan error, 1)}
	go func() { h.done <- n.Run(context.Background()) }()
	t.Cleanup(h.stop)
	return h
}

// stop closes the host and waits for Run to return.
func (h *host) stop() {
	_ = h.node.Close()
	<-h.done
	h.done <- nil
}

// operator connects a local backend operator holding every operator
// scope.
func operator(t *testing.T, g *gatewaytest.Gateway) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", gatewire.AllOperatorScopes...))
	t.Cleanup(c.CloseNow)
	return c
}

// waitConnected polls node.list until the node is listed as connected
// (or, with want false, as not connected).
func waitConnected(t *testing.T, op *gatewaytest.Client, nodeID string, want bool) protocol.KnownNode {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var res protocol.NodeListResult
		op.Result("node.list", map[string]any{}, &res)
		for _, n := range res.Nodes {
			if n.NodeID == nodeID && n.Connected == want && (!want || !op.ApprovePendingNode(nodeID)) {
				return n
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("node %s never listed with connected=%v", nodeID, want)
	return protocol.KnownNode{}
}

// invoke calls node.invoke and returns the response frame.
func invoke(op *gatewaytest.Client, nodeID, command string, params any) gatewaytest.Frame {
	p := map[string]any{"nodeId": nodeID, "command": command, "idempotencyKey": randomKey()}
	if params != nil {
		p["params"] = params
	}
	return op.Call("node.invoke", p)
}

// payload returns a successful invoke's payload, failing the test
// otherwise.
func payload(t *testing.T, f gatewaytest.Frame) json.RawMessage {
	t.Helper()
	var res struct {
		Payload json.RawMessage `json:"payload"`
	}
	if !f.OK || json.Unmarshal(f.Payload, &res) != nil {
		t.Fatalf("invoke failed: %s", f.Raw)
	}
	return res.Payload
}

// nodeError fails unless f is the gateway's UNAVAILABLE answer carrying
// the node's error {code, message}.
func nodeError(t *testing.T, f gatewaytest.Frame, code, message string) {
	t.Helper()
	if f.OK || f.Error == nil {
		t.Fatalf("want a node error, got %s", f.Raw)
	}
	d, _ := json.Marshal(f.Error.Details)
	var det struct {
		NodeError struct{ Code, Message string } `json:"nodeError"`
	}
	if json.Unmarshal(d, &det) != nil || det.NodeError.Code != code || det.NodeError.Message != message {
		t.Fatalf("node error = %s, want %s %q", f.Raw, code, message)
	}
}

// decode decodes JSON into a new T, failing the test on error.
func decode[T any](t *testing.T, raw []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

var keyCounter atomic.Int64

// randomKey returns a fresh idempotency key.
func randomKey() string { return fmt.Sprintf("key-%d", keyCounter.Add(1)) }

// checkLeaks fails the test when node goroutines outlive it.
func checkLeaks(t *testing.T) { leakcheck.Check(t) }

const fullPolicy = `{"version":1,"defaults":{"security":"full","ask":"off"}}`

// The schema's types under the names the tests use.
type (
	runParams     = protocol.SystemRunParams
	runResult     = protocol.SystemRunResult
	runPlan       = protocol.SystemRunPlan
	prepareResult = protocol.SystemRunPrepareResult
)

// yes is a present true for an optional boolean param.
var yes = func() *bool { b := true; return &b }()

// notifyResult is system.notify's result as the test reads it off the wire.
type notifyResult struct {
	OK        bool   `json:"ok"`
	Delivered string `json:"delivered"`
}

// formatArgv is the command text the host shows for an argv.
var formatArgv = execapprovals.CommandText
