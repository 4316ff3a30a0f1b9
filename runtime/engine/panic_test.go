package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// withMethod adds a method to the test protocol.
func withMethod(spec rpc.MethodSpec, handler rpc.HandlerFunc) func(*Config) {
	return func(cfg *Config) {
		cfg.Manifest.Methods = append(append([]rpc.MethodSpec(nil), cfg.Manifest.Methods...), spec)
		mustRegister(cfg, spec.Name, handler)
	}
}

func TestAPanickingIdempotentRequestStillAnswersItsDuplicates(t *testing.T) {
	h := newHarness(t, withMethod(rpc.MethodSpec{Name: "boom.once", Role: rpc.RoleOperator, Scope: "operator.read", IdempotencyKey: true},
		func(context.Context, *rpc.Call, json.RawMessage) (any, error) { panic("handler bug") }))
	c := h.open("operator", "operator.read")
	for _, id := range []string{"first", "repeat"} {
		f := c.call(id, "boom.once", `{"idempotencyKey":"k"}`)
		if f.OK || f.Error == nil || f.Error.Code != "UNAVAILABLE" {
			t.Fatalf("%s: reply = %+v", id, f)
		}
	}
}

func TestAPanicAfterTheReplyAddsNoSecondReply(t *testing.T) {
	h := newHarness(t, withMethod(rpc.MethodSpec{Name: "after.boom", Role: rpc.RoleOperator, Scope: "operator.read"},
		func(_ context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			call.AfterReply(func() { panic("after-reply bug") })
			return map[string]bool{"ok": true}, nil
		}))
	c := h.open("operator", "operator.read")
	if f := c.call("a", "after.boom", `{}`); !f.OK {
		t.Fatalf("reply = %+v", f)
	}
	// The work ran on the reader before it read the next request, so a
	// second reply to "a" would come first.
	c.send(`{"type":"req","id":"b","method":"echo","params":{}}`)
	if f := c.read(); f.ID != "b" || !f.OK {
		t.Fatalf("next frame = %+v, want the reply to b", f)
	}
}

// panickyHandshaker panics on every connect.
type panickyHandshaker struct{}

func (panickyHandshaker) Connect(context.Context, *Conn, *wire.Request) (any, *Peer, error) {
	panic("handshaker bug")
}

func TestAPanickingHandshakeClosesAndReleasesTheSocket(t *testing.T) {
	h := newHarness(t, func(cfg *Config) { cfg.Handshaker = panickyHandshaker{} })
	for range 4 { // more than the 3 pre-auth slots per address
		c := h.dial()
		c.read()
		c.send(`{"type":"req","id":"c1","method":"connect","params":{}}`)
		if ce := c.closed(); ce.Code != 1000 || ce.Reason != "" {
			t.Fatalf("close = %d %q, want 1000 without a reason", ce.Code, ce.Reason)
		}
	}
	h.noSocketsLeft()
}
