package approvals_test

import (
	"encoding/json"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
)

// fuzzMethods are the methods FuzzApprovalParams sends its input to.
var fuzzMethods = []string{
	"exec.approval.request", "exec.approval.resolve", "exec.approval.get", "exec.approval.list", "exec.approval.waitDecision",
}

// FuzzApprovalParams sends arbitrary JSON params to every exec.approval.*
// method of a real gateway: each gets an answer and the socket stays
// usable. Each input gets its own gateway, where the requester is the only
// connection: no request waits for a decision (a connection closed by an
// earlier input could otherwise still count as an approver).
func FuzzApprovalParams(f *testing.F) {
	for _, seed := range []string{
		`{}`, `null`, `[]`, `{"command":"ls"}`, `{"command":"ls","twoPhase":true,"timeoutMs":1}`,
		`{"command":"ls","timeoutMs":0}`, `{"host":"node","nodeId":"n","systemRunPlan":{"argv":["a"],"cwd":null,"commandText":"a","agentId":null,"sessionKey":null}}`,
		`{"id":"plugin:x","command":"ls"}`, `{"id":"x","decision":"maybe"}`, `{"id":"x","decision":"deny"}`, `{"id":""}`,
		`{"command":"ls","env":{"A":"b"},"turnSourceThreadId":7,"ask":"always"}`, `{"id":5}`, `{"bogus":true}`,
	} {
		for i := range fuzzMethods {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, params string) {
		if !json.Valid([]byte(params)) || !utf8.ValidString(params) { // other input is the frame layer's
			return
		}
		dir, err := os.MkdirTemp("", "approvals-fuzz") // seed names hold '#', which a database path may not
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		g := gatewaytest.Start(t, gatewaytest.Options{StateDir: statedir.Dir(dir)}) // alone, so no request waits
		c := gatewaytest.Dial(t, g.URL)
		c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.approvals"))
		method := fuzzMethods[int(which)%len(fuzzMethods)]
		res := c.Call(method, json.RawMessage(params))
		if !res.OK && (res.Error == nil || res.Error.Message == "") {
			t.Fatalf("%s %s: %s", method, params, res.Raw)
		}
		if h := c.Call("exec.approval.list", map[string]any{}); !h.OK {
			t.Fatalf("socket unusable after %s %s: %s", method, params, h.Raw)
		}
	})
}
