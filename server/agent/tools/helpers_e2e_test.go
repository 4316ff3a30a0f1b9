package tools_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/clients/nodehost"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/tools"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// env is a real gateway on loopback with the built-in tools built over
// it, as the agent runtime builds them, and an agent workspace.
type env struct {
	t     *testing.T
	g     *gatewaytest.Gateway
	tools map[string]tools.Tool
	ws    string
	runs  int
}

func start(t *testing.T) *env {
	t.Helper()
	return startWith(t, gatewaytest.Options{}, filepath.Join(t.TempDir(), "workspace"))
}

// startWith starts the gateway with o, the agent workspace being ws.
func startWith(t *testing.T, o gatewaytest.Options, ws string) *env {
	t.Helper()
	g := gatewaytest.Start(t, o)
	e := &env{t: t, g: g, tools: map[string]tools.Tool{}, ws: ws}
	for _, tl := range tools.Builtin(g.ToolDeps()) {
		e.tools[tl.Spec().Name] = tl
	}
	return e
}

// call runs tool name with args as one call of a fresh run.
func (e *env) call(name string, args any) tools.Result {
	e.t.Helper()
	return e.callCtx(context.Background(), name, args)
}

func (e *env) callCtx(ctx context.Context, name string, args any) tools.Result {
	e.t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		e.t.Fatal(err)
	}
	e.runs++
	return e.tools[name].Run(ctx, tools.Call{RunID: "run-" + string(rune('a'+e.runs)), SessionKey: "agent:main:main",
		AgentID: "main", Workspace: e.ws, ToolCallID: "call-1", Args: raw})
}

// async runs the call in the background; the result arrives on the
// channel.
func (e *env) async(name string, args any) <-chan tools.Result {
	ch := make(chan tools.Result, 1)
	raw, _ := json.Marshal(args)
	e.runs++
	c := tools.Call{RunID: "run-async-" + string(rune('a'+e.runs)), SessionKey: "agent:main:main", AgentID: "main", Workspace: e.ws, Args: raw}
	go func() { ch <- e.tools[name].Run(context.Background(), c) }()
	return ch
}

// policy writes the gateway's own exec-approvals.json.
func (e *env) policy(file string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.g.StateDir.Root(), "exec-approvals.json"), []byte(file), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// approver connects an operator that may decide approvals.
func (e *env) approver() *gatewaytest.Client {
	e.t.Helper()
	return e.g.Operator(e.t, "operator.admin")
}

// requested waits for the next exec.approval.requested on c.
func requested(t *testing.T, c *gatewaytest.Client) protocol.PendingExecApproval {
	t.Helper()
	var ev protocol.PendingExecApproval
	if err := json.Unmarshal(c.NextEvent("exec.approval.requested").Payload, &ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

// result waits for a background call.
func result(t *testing.T, ch <-chan tools.Result) tools.Result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("tool call did not finish")
		return tools.Result{}
	}
}

func wantText(t *testing.T, r tools.Result, text string) {
	t.Helper()
	if r.IsError || r.Text != text {
		t.Fatalf("result = %+v, want %q", r, text)
	}
}

func wantError(t *testing.T, r tools.Result, contains string) {
	t.Helper()
	if !r.IsError || !strings.Contains(r.Text, contains) {
		t.Fatalf("result = %+v, want an error containing %q", r, contains)
	}
}

// node runs a real headless node host (`gatewire node run`) against the
// gateway, with its own state directory (policy, when not empty, as its
// exec-approvals file), and waits until it is connected.
func (e *env) node(name, policy string) (nodeID, dir string) {
	e.t.Helper()
	dir = e.t.TempDir()
	if policy != "" {
		if err := os.WriteFile(filepath.Join(dir, "exec-approvals.json"), []byte(policy), 0o600); err != nil {
			e.t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- nodehost.Run(ctx, nodehost.Flags{URL: e.g.URL, Token: e.g.Token, DisplayName: name, StateDir: dir, Version: "test"}, io.Discard)
	}()
	e.t.Cleanup(func() { cancel(); <-done })
	op := gatewaytest.Dial(e.t, e.g.URL)
	op.MustConnect(gatewaytest.ConnectParams(e.g.Token, "operator", gatewire.AllOperatorScopes...))
	defer op.CloseNow()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var res protocol.NodeListResult
		op.Result("node.list", map[string]any{}, &res)
		for _, n := range res.Nodes {
			if n.DisplayName != nil && *n.DisplayName == name && n.Connected && !op.ApprovePendingNode(n.NodeID) {
				return n.NodeID, dir
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("node %s never connected", name)
	return "", ""
}
