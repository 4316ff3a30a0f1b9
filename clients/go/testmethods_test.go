package gatewire

import (
	"context"
	"encoding/json"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// table holds the test methods.
func (g *gateway) table() map[string]rpc.HandlerFunc {
	return map[string]rpc.HandlerFunc{
		"health": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return map[string]bool{"ok": true}, nil
		},
		"echo": func(_ context.Context, call *rpc.Call, p json.RawMessage) (any, error) {
			if len(p) == 0 {
				return map[string]any{}, nil
			}
			return p, nil
		},
		"fail": func(context.Context, *rpc.Call, json.RawMessage) (any, error) {
			return nil, &rpc.Failure{Err: wire.Unavailable("it broke").WithDetails(map[string]any{"reason": "test"}),
				Payload: map[string]string{"status": "error"}}
		},
		"hang": func(ctx context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			select {
			case <-g.release:
			case <-ctx.Done():
			}
			return map[string]bool{"ok": true}, nil
		},
		"two.phase": func(ctx context.Context, call *rpc.Call, _ json.RawMessage) (any, error) {
			if err := call.Accept(map[string]string{"status": "accepted", "runId": "r1"}); err != nil {
				return nil, err
			}
			select {
			case <-g.release:
			case <-ctx.Done():
			}
			return map[string]string{"status": "ok", "runId": "r1"}, nil
		},
		"broadcast": func(_ context.Context, call *rpc.Call, p json.RawMessage) (any, error) {
			var b struct {
				Name  string `json:"name"`
				Count int    `json:"count"`
			}
			if err := json.Unmarshal(p, &b); err != nil {
				return nil, err
			}
			for i := range max(b.Count, 1) {
				g.srv.Broadcast(engine.Event{Name: b.Name, Payload: map[string]int{"n": i}})
			}
			return map[string]bool{"ok": true}, nil
		},
	}
}
