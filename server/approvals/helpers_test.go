package approvals_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// obj is a JSON object as decoded from a payload.
type obj = map[string]any

// operator connects a token-authenticated operator with the given scopes
// and display name ("" for none).
func operator(t *testing.T, g *gatewaytest.Gateway, name string, scopes ...string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParams(g.Token, "operator", scopes...)
	if name != "" {
		p.Client.DisplayName = &name
	}
	c.MustConnect(p)
	return c
}

// start runs a gateway with a requester (approvals scope) and an
// approver (admin), the approver named "Alice".
func start(t *testing.T) (g *gatewaytest.Gateway, requester, approver *gatewaytest.Client) {
	t.Helper()
	g = gatewaytest.Start(t, gatewaytest.Options{})
	return g, operator(t, g, "", "operator.approvals"), operator(t, g, "Alice", "operator.admin")
}

// decode returns a frame's payload as an object.
func decode(t *testing.T, f gatewaytest.Frame) obj {
	t.Helper()
	var m obj
	if err := json.Unmarshal(f.Payload, &m); err != nil {
		t.Fatalf("payload %s: %v", f.Raw, err)
	}
	return m
}

// ok calls method and returns its successful payload as an object.
func ok(t *testing.T, c *gatewaytest.Client, method string, params any) obj {
	t.Helper()
	f := c.Call(method, params)
	if !f.OK {
		t.Fatalf("%s: %s", method, f.Raw)
	}
	return decode(t, f)
}

// refused calls method and checks the error message and, when given,
// details.reason.
func refused(t *testing.T, c *gatewaytest.Client, method string, params any, msg, reason string) {
	t.Helper()
	f := c.Call(method, params)
	if f.OK || f.Error == nil || f.Error.Code != "INVALID_REQUEST" || f.Error.Message != msg {
		t.Fatalf("%s: want INVALID_REQUEST %q, got %s", method, msg, f.Raw)
	}
	if reason != "" {
		d, _ := f.Error.Details.(map[string]any)
		if d["reason"] != reason {
			t.Fatalf("%s: want details.reason %q, got %s", method, reason, f.Raw)
		}
	}
}

// keys checks that m has exactly the given keys.
func keys(t *testing.T, what string, m obj, want ...string) {
	t.Helper()
	got := make([]string, 0, len(m))
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s keys: got %v, want %v", what, got, want)
	}
}

// approvalEvents sends a request of method and returns the
// exec.approval.* events that arrived before its answer.
func approvalEvents(t *testing.T, c *gatewaytest.Client, method string) []gatewaytest.Frame {
	t.Helper()
	id := c.Request(method, obj{})
	var out []gatewaytest.Frame
	for {
		f := c.Read()
		if f.IsResponse(id) {
			return out
		}
		if f.Type == "event" && strings.HasPrefix(f.Event, "exec.approval.") {
			out = append(out, f)
		}
	}
}

// requested waits for the requested event of an approval on c.
func requested(t *testing.T, c *gatewaytest.Client) obj {
	t.Helper()
	f := c.NextEvent("exec.approval.requested")
	if f.Seq == nil {
		t.Fatalf("requested event without seq: %s", f.Raw)
	}
	return decode(t, f)
}
