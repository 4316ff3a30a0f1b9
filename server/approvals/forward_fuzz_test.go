package approvals_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/approvals"
)

// FuzzForwardSystemRunNeverForwardsAClaim feeds arbitrary system.run
// params to the forwarding check of a gateway that holds no approval:
// whatever the caller wrote, an object that passes carries no approved
// or approvalDecision, and anything that is not an object passes as it
// is (security invariant 10).
func FuzzForwardSystemRunNeverForwardsAClaim(f *testing.F) {
	for _, seed := range []string{
		`{"command":["ls"],"approved":true}`, `{"approvalDecision":"allow-always","runId":"x"}`,
		`{"approved":true,"approvalDecision":"allow-once","runId":"r","systemRunPlan":{"argv":["rm"]}}`,
		`{"command":["sh","-c","id"],"rawCommand":"id","approved":"true","approvalDecision":"deny"}`,
		`{"approved":true,"approved":false}`, `{"approvalDecision":" allow-once ","runId":" "}`, `[{"approved":true}]`,
		`"x"`, `null`, `{}`, `{"command":"ls","rawCommand":"ls"}`, `{"env":{"A":"1"},"approved":true,"runId":"r"}`,
	} {
		f.Add(seed)
	}
	svc := approvals.New(approvals.Deps{Publisher: silent{}, Peers: func(func(string, *rpc.Peer) bool) {}})
	peer := &rpc.Peer{Role: rpc.RoleOperator, Scopes: []string{"operator.admin"}}
	call := rpc.NewCall("node.invoke", "conn-1", peer, protocol.Manifest.Scopes, nil)
	f.Fuzz(func(t *testing.T, params string) {
		if !json.Valid([]byte(params)) {
			return // the frame layer refuses it
		}
		out, err := svc.ForwardSystemRun(call, "node-1", json.RawMessage(params))
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%s: refusal without a message", params)
			}
			return
		}
		var obj map[string]json.RawMessage
		if trimmed := bytes.TrimSpace([]byte(params)); len(trimmed) == 0 || trimmed[0] != '{' {
			if string(out) != params {
				t.Fatalf("%s: non-object params changed to %s", params, out)
			}
			return
		}
		if json.Unmarshal(out, &obj) != nil {
			t.Fatalf("%s: forwarded %s is not an object", params, out)
		}
		if _, ok := obj["approved"]; ok {
			t.Fatalf("%s: forwarded approved: %s", params, out)
		}
		if _, ok := obj["approvalDecision"]; ok {
			t.Fatalf("%s: forwarded approvalDecision: %s", params, out)
		}
	})
}

// silent is a publisher with no connections (no approval is ever asked
// for in the fuzz target).
type silent struct{}

func (silent) Publish(rpc.Delivery) int { return 0 }
func (silent) Bind(string)              {}
