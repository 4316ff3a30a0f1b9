package nodes_test

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// runHost is a node that runs programs.
var runHost = nodeSpec{name: "runner", commands: []string{"system.run", "system.run.prepare", "browser.proxy"}, caps: []string{"system"}}

// plan is the canonical plan the approvals in these tests were asked for.
var plan = map[string]any{
	"argv": []string{"echo", "hi there"}, "cwd": "/srv/app", "commandText": `echo "hi there"`,
	"agentId": "main", "sessionKey": "agent:main:main",
}

// runEnv is a gateway with a run node, a requester (write + approvals)
// and an approver.
type runEnv struct {
	*env
	dev       *deviceauth.Identity
	node      *gatewaytest.Client
	requester *gatewaytest.Client
	approver  *gatewaytest.Client
}

func startRun(t *testing.T) *runEnv {
	e := start(t, gatewaytest.Options{})
	r := &runEnv{env: e, dev: gatewaytest.NewDevice(t)}
	r.node = e.node(r.dev, runHost)
	r.requester = e.operator("operator.write", "operator.approvals")
	r.approver = e.operator("operator.approvals")
	return r
}

// ask opens a host=node approval from c (extra merged into the params,
// a nil value removing the key)
// and returns its id once the gateway accepted it.
func (r *runEnv) ask(c *gatewaytest.Client, extra map[string]any) string {
	r.t.Helper()
	p := map[string]any{"host": "node", "nodeId": r.dev.DeviceID, "systemRunPlan": plan, "twoPhase": true}
	for k, v := range extra {
		p[k] = v
		if v == nil {
			delete(p, k)
		}
	}
	var acc protocol.ExecApprovalRequestResult
	c.Result("exec.approval.request", p, &acc)
	if acc.Status == nil || *acc.Status != "accepted" {
		r.t.Fatalf("approval not accepted: %+v", acc)
	}
	return acc.ID
}

// decide resolves id from the approver.
func (r *runEnv) decide(id, decision string) {
	r.t.Helper()
	r.approver.Result("exec.approval.resolve", map[string]any{"id": id, "decision": decision}, nil)
}

// invoke sends node.invoke system.run from c with params.
func (r *runEnv) invoke(c *gatewaytest.Client, key string, params map[string]any) string {
	return c.Request("node.invoke", invokeParams(r.dev.DeviceID, "system.run", key, map[string]any{"params": params}))
}

// received reads what the node got for system.run and answers it, so
// the invoke completes; it returns the params as the node saw them.
func (r *runEnv) received() map[string]any {
	r.t.Helper()
	ev, raw := request(r.t, r.node)
	var got map[string]any
	if ev.ParamsJSON == nil || json.Unmarshal([]byte(*ev.ParamsJSON), &got) != nil {
		r.t.Fatalf("node got no params object: %s", raw)
	}
	r.node.Result("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": r.dev.DeviceID, "ok": true, "payloadJSON": `{"exitCode":0}`}, nil)
	return got
}

// refused checks that invoke id failed with INVALID_REQUEST message and
// details.code, and that the node got nothing.
func (r *runEnv) refused(c *gatewaytest.Client, id, message, code string) {
	r.t.Helper()
	f := c.Response(id)
	wantError(r.t, f, codeInvalid, message)
	var d map[string]any
	raw, _ := json.Marshal(f.Error.Details)
	_ = json.Unmarshal(raw, &d)
	if d["code"] != code {
		r.t.Fatalf("details = %s, want code %s", raw, code)
	}
	r.nothingForwarded()
}

// nothingForwarded checks the node received no invoke: a probe the node
// answers must be the next thing it sees.
func (r *runEnv) nothingForwarded() {
	r.t.Helper()
	probe := r.requester.Request("node.invoke", invokeParams(r.dev.DeviceID, "system.run.prepare", "probe-"+r.requester.Request("node.list", map[string]any{}), nil))
	ev, raw := request(r.t, r.node)
	if ev.Command != "system.run.prepare" {
		r.t.Fatalf("the node got a refused run: %s", raw)
	}
	r.node.Result("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": r.dev.DeviceID, "ok": true}, nil)
	if f := r.requester.Response(probe); !f.OK {
		r.t.Fatalf("probe failed: %s", f.Raw)
	}
}

func TestForgedApprovalNeverReachesTheNode(t *testing.T) {
	r := startRun(t)
	for i, forged := range []map[string]any{
		{"command": []string{"rm", "-rf", "/"}, "approved": true},
		{"command": []string{"rm", "-rf", "/"}, "approvalDecision": "allow-always"},
		{"command": []string{"rm", "-rf", "/"}, "approved": true, "approvalDecision": "allow-once", "runId": "no-such-approval"},
	} {
		id := r.invoke(r.requester, "forged-"+string(rune('a'+i)), forged)
		f := r.requester.Response(id)
		if f.OK {
			t.Fatalf("forged approval %v accepted", forged)
		}
		r.nothingForwarded()
	}
	// Values that do not claim an approval are stripped, and the run goes
	// on unapproved for the node's own policy to judge.
	id := r.invoke(r.requester, "stripped", map[string]any{
		"command": []string{"ls"}, "approved": "true", "approvalDecision": "deny", "extra": 1, "cwd": "/tmp",
	})
	got := r.received()
	if _, ok := got["approved"]; ok {
		t.Fatalf("approved reached the node: %v", got)
	}
	if _, ok := got["approvalDecision"]; ok {
		t.Fatalf("approvalDecision reached the node: %v", got)
	}
	if _, ok := got["extra"]; ok || got["cwd"] != "/tmp" {
		t.Fatalf("forwarded keys = %v", got)
	}
	if f := r.requester.Response(id); !f.OK {
		t.Fatalf("unapproved run refused: %s", f.Raw)
	}
}

func TestApprovedRunForwardsTheStoredPlanOnce(t *testing.T) {
	r := startRun(t)
	runID := r.ask(r.requester, nil)
	r.decide(runID, "allow-once")
	first := r.invoke(r.requester, "run-1", map[string]any{
		"command": []string{"rm", "-rf", "/"}, "cwd": "/", "approved": true, "approvalDecision": "allow-always", "runId": runID,
	})
	got := r.received()
	want := `{"command":["echo","hi there"],"rawCommand":"echo \"hi there\"","cwd":"/srv/app","agentId":"main",
		"sessionKey":"agent:main:main","runId":"` + runID + `","approved":true,"approvalDecision":"allow-once",
		"systemRunPlan":{"argv":["echo","hi there"],"cwd":"/srv/app","commandText":"echo \"hi there\"","commandPreview":null,
		"agentId":"main","sessionKey":"agent:main:main"}}`
	raw, _ := json.Marshal(got)
	if !jsonEqual(string(raw), want) {
		t.Fatalf("node got %s\nwant %s", raw, want)
	}
	if f := r.requester.Response(first); !f.OK {
		t.Fatalf("approved run: %s", f.Raw)
	}
	again := r.invoke(r.requester, "run-2", map[string]any{"approved": true, "approvalDecision": "allow-once", "runId": runID})
	r.refused(r.requester, again, "approval required", "APPROVAL_REQUIRED")
}

func TestAllowAlwaysForwardsEachTime(t *testing.T) {
	r := startRun(t)
	runID := r.ask(r.requester, nil)
	r.decide(runID, "allow-always")
	for _, key := range []string{"a1", "a2"} {
		id := r.invoke(r.requester, key, map[string]any{"approved": true, "runId": runID})
		if got := r.received(); got["approvalDecision"] != "allow-always" || got["approved"] != true {
			t.Fatalf("node got %v", got)
		}
		if f := r.requester.Response(id); !f.OK {
			t.Fatalf("run %s: %s", key, f.Raw)
		}
	}
}

func TestApprovalGuardErrors(t *testing.T) {
	r := startRun(t)
	override := func(runID string) map[string]any {
		return map[string]any{"approved": true, "approvalDecision": "allow-once", "runId": runID}
	}
	t.Run("missing run id", func(t *testing.T) {
		id := r.invoke(r.requester, "g1", map[string]any{"approved": true})
		r.refused(r.requester, id, "approval override requires params.runId", "MISSING_RUN_ID")
	})
	t.Run("unknown approval", func(t *testing.T) {
		r.refused(r.requester, r.invoke(r.requester, "g2", override("nope")), "unknown or expired approval id", "UNKNOWN_APPROVAL_ID")
	})
	t.Run("pending approval", func(t *testing.T) {
		runID := r.ask(r.requester, nil)
		r.refused(r.requester, r.invoke(r.requester, "g3", override(runID)), "approval required", "APPROVAL_REQUIRED")
	})
	t.Run("denied approval", func(t *testing.T) {
		runID := r.ask(r.requester, nil)
		r.decide(runID, "deny")
		r.refused(r.requester, r.invoke(r.requester, "g4", override(runID)), "approval required", "APPROVAL_REQUIRED")
	})
	t.Run("expired approval", func(t *testing.T) {
		var res protocol.ExecApprovalRequestResult
		r.requester.Result("exec.approval.request", map[string]any{"host": "node", "nodeId": r.dev.DeviceID,
			"systemRunPlan": plan, "timeoutMs": 1}, &res) // answered once it expired
		r.refused(r.requester, r.invoke(r.requester, "g5", override(res.ID)), "approval expired", "APPROVAL_EXPIRED")
	})
	t.Run("approval without a node", func(t *testing.T) {
		runID := r.ask(r.requester, map[string]any{"host": "gateway", "nodeId": nil, "systemRunPlan": nil, "command": "echo hi"})
		r.decide(runID, "allow-once")
		r.refused(r.requester, r.invoke(r.requester, "g6", override(runID)), "approval id missing node binding", "APPROVAL_NODE_BINDING_MISSING")
	})
	t.Run("approval for another node", func(t *testing.T) {
		runID := r.ask(r.requester, map[string]any{"nodeId": "some-other-node"})
		r.decide(runID, "allow-once")
		r.refused(r.requester, r.invoke(r.requester, "g7", override(runID)), "approval id not valid for this node", "APPROVAL_NODE_MISMATCH")
	})
	t.Run("approval asked by another connection", func(t *testing.T) {
		runID := r.ask(r.requester, nil)
		r.decide(runID, "allow-once")
		other := r.operator("operator.write")
		r.refused(other, r.invoke(other, "g8", override(runID)), "approval id not valid for this client", "APPROVAL_CLIENT_MISMATCH")
	})
	t.Run("approval not for a node run", func(t *testing.T) {
		runID := r.ask(r.requester, map[string]any{"host": "gateway"})
		r.decide(runID, "allow-once")
		r.refused(r.requester, r.invoke(r.requester, "g9", override(runID)), "approval id does not match request", "APPROVAL_REQUEST_MISMATCH")
	})
	t.Run("env added after approval", func(t *testing.T) {
		runID := r.ask(r.requester, nil)
		r.decide(runID, "allow-once")
		p := override(runID)
		p["env"] = map[string]string{"LD_PRELOAD": "/tmp/evil.so"}
		r.refused(r.requester, r.invoke(r.requester, "g10", p), "approval id missing env binding for requested env overrides", "APPROVAL_ENV_BINDING_MISSING")
	})
	t.Run("env changed after approval", func(t *testing.T) {
		runID := r.ask(r.requester, map[string]any{"env": map[string]string{"MODE": "safe"}})
		r.decide(runID, "allow-once")
		p := override(runID)
		p["env"] = map[string]string{"MODE": "unsafe"}
		r.refused(r.requester, r.invoke(r.requester, "g11", p), "approval id env binding mismatch", "APPROVAL_ENV_MISMATCH")
		p["env"] = map[string]string{"MODE": "safe"}
		id := r.invoke(r.requester, "g12", p)
		if got := r.received(); got["approvalDecision"] != "allow-once" {
			t.Fatalf("node got %v", got)
		}
		if f := r.requester.Response(id); !f.OK {
			t.Fatalf("run with the approved env: %s", f.Raw)
		}
	})
}

func TestApprovalIsBoundToTheRequestingDevice(t *testing.T) {
	r := startRun(t)
	owner := gatewaytest.NewDevice(t)
	connect := func(dev *deviceauth.Identity) *gatewaytest.Client {
		c := gatewaytest.Dial(t, r.g.URL)
		p := gatewaytest.ConnectParams(r.g.Token, string(protocol.RoleOperator), "operator.write", "operator.approvals")
		c.Sign(p, dev)
		c.MustConnect(p)
		t.Cleanup(c.CloseNow)
		return c
	}
	asker := connect(owner)
	runID := r.ask(asker, nil)
	r.decide(runID, "allow-once")
	stranger := connect(gatewaytest.NewDevice(t))
	override := map[string]any{"approved": true, "approvalDecision": "allow-once", "runId": runID}
	r.refused(stranger, r.invoke(stranger, "d1", override), "approval id not valid for this device", "APPROVAL_DEVICE_MISMATCH")
	sameDevice := connect(owner) // another connection of the asking device
	id := r.invoke(sameDevice, "d2", override)
	if got := r.received(); got["approved"] != true {
		t.Fatalf("node got %v", got)
	}
	if f := sameDevice.Response(id); !f.OK {
		t.Fatalf("same device: %s", f.Raw)
	}
}

func TestRequesterMayAllowOnceWhenNobodyCouldDecide(t *testing.T) {
	e := start(t, gatewaytest.Options{})
	r := &runEnv{env: e, dev: gatewaytest.NewDevice(t)}
	r.node = e.node(r.dev, runHost)
	r.requester = e.operator("operator.write", "operator.approvals")
	var res protocol.ExecApprovalRequestResult
	r.requester.Result("exec.approval.request", map[string]any{"host": "node", "nodeId": r.dev.DeviceID, "systemRunPlan": plan}, &res)
	if res.Decision.Value != nil {
		t.Fatalf("decision without approvers: %+v", res)
	}
	id := r.invoke(r.requester, "n1", map[string]any{"approved": true, "approvalDecision": "allow-always", "runId": res.ID})
	r.refused(r.requester, id, "approval required", "APPROVAL_REQUIRED")
	id = r.invoke(r.requester, "n2", map[string]any{"approved": true, "approvalDecision": "allow-once", "runId": res.ID})
	if got := r.received(); got["approvalDecision"] != "allow-once" {
		t.Fatalf("node got %v", got)
	}
	if f := r.requester.Response(id); !f.OK {
		t.Fatalf("requester's allow-once: %s", f.Raw)
	}
}

func TestSystemRunCommandChecks(t *testing.T) {
	r := startRun(t)
	id := r.invoke(r.requester, "c1", map[string]any{"rawCommand": "ls"})
	r.refused(r.requester, id, "rawCommand requires params.command", "MISSING_COMMAND")
	id = r.invoke(r.requester, "c2", map[string]any{"command": []string{"ls", "-l"}, "rawCommand": "ls -la"})
	f := r.requester.Response(id)
	wantError(t, f, codeInvalid, "INVALID_REQUEST: rawCommand does not match command")
	wantDetails(t, f, `{"code":"RAW_COMMAND_MISMATCH","rawCommand":"ls -la","inferred":"ls -l","formattedArgv":"ls -l"}`)
	id = r.invoke(r.requester, "c3", map[string]any{"command": []string{"sh", "-c", "ls | wc"}, "rawCommand": "ls | wc"})
	if got := r.received(); got["rawCommand"] != "ls | wc" {
		t.Fatalf("node got %v", got)
	}
	if f := r.requester.Response(id); !f.OK {
		t.Fatalf("shell script text: %s", f.Raw)
	}
}

func TestBrowserProxyCannotChangeProfiles(t *testing.T) {
	r := startRun(t)
	for i, p := range []map[string]any{
		{"method": "POST", "path": "/profiles/create"}, {"method": "post", "path": "reset-profile/"},
		{"method": "DELETE", "path": "/profiles/work"},
	} {
		f := r.requester.Call("node.invoke", invokeParams(r.dev.DeviceID, "browser.proxy", "b"+string(rune('0'+i)), map[string]any{"params": p}))
		wantError(t, f, codeInvalid, "node.invoke cannot mutate persistent browser profiles via browser.proxy")
		wantDetails(t, f, `{"command":"browser.proxy"}`)
	}
	id := r.requester.Request("node.invoke", invokeParams(r.dev.DeviceID, "browser.proxy", "b9", map[string]any{"params": map[string]any{"method": "GET", "path": "/profiles"}}))
	ev, _ := request(t, r.node)
	r.node.Result("node.invoke.result", map[string]any{"id": ev.ID, "nodeId": r.dev.DeviceID, "ok": true}, nil)
	if f := r.requester.Response(id); !f.OK || ev.Command != "browser.proxy" {
		t.Fatalf("read-only browser.proxy: %s", f.Raw)
	}
}
