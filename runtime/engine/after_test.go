package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
)

func TestAfterReplyRunsOnceTheReplyIsQueued(t *testing.T) {
	h := newHarness(t, func(cfg *Config) {
		cfg.Manifest.Methods = append(append([]rpc.MethodSpec(nil), cfg.Manifest.Methods...),
			rpc.MethodSpec{Name: "leave", Role: rpc.RoleOperator, Scope: "operator.read"})
		hub := hubOf(cfg)
		mustRegister(cfg, "leave", func(_ context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			c, _ := hub.Conn(call.ConnID)
			call.AfterReply(func() { c.Close(4001, "device removed") })
			return map[string]bool{"ok": true}, nil
		})
	})
	c := h.open("operator", "operator.read")
	if f := c.call("1", "leave", `{}`); !f.OK || string(f.Payload) != `{"ok":true}` {
		t.Fatalf("reply = %+v", f)
	}
	if ce := c.closed(); ce.Code != 4001 || ce.Reason != "device removed" {
		t.Fatalf("close = %d %q", ce.Code, ce.Reason)
	}
	ran := false
	rpc.NewCall("leave", "", &Peer{}, nil, nil).AfterReply(func() { ran = true })
	if !ran {
		t.Fatal("AfterReply outside a dispatched request did not run its work at once")
	}
}
