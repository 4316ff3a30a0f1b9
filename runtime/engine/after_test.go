package engine

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
)

func TestAfterReplyRunsOnceTheReplyIsQueued(t *testing.T) {
	h := newHarness(t, func(cfg *Config) {
		cfg.Manifest.Methods = append(append([]rpc.MethodSpec(nil), cfg.Manifest.Methods...),
			rpc.MethodSpec{Name: "leave", Role: rpc.RoleOperator, Scope: ScopeRead})
		cfg.Table["leave"] = func(ctx context.Context, _ json.RawMessage) (any, error) {
			c, _ := ConnFrom(ctx)
			if err := rpc.AfterReply(ctx, func() { c.Close(4001, "device removed") }); err != nil {
				return nil, err
			}
			return map[string]bool{"ok": true}, nil
		}
	})
	c := h.open("operator", "operator.read")
	if f := c.call("1", "leave", `{}`); !f.OK || string(f.Payload) != `{"ok":true}` {
		t.Fatalf("reply = %+v", f)
	}
	if ce := c.closed(); ce.Code != 4001 || ce.Reason != "device removed" {
		t.Fatalf("close = %d %q", ce.Code, ce.Reason)
	}
	if err := rpc.AfterReply(context.Background(), func() {}); !errors.Is(err, rpc.ErrNoDeferrer) {
		t.Fatalf("AfterReply outside a request = %v", err)
	}
}
