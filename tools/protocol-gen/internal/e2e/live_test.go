package e2e

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// liveHandler serves a few methods; Unimplemented answers the rest.
type liveHandler struct {
	protocol.Unimplemented
	presence protocol.SystemPresenceResult
}

func (h *liveHandler) SystemPresence(context.Context, *rpc.Call, *protocol.SystemPresenceParams) (*protocol.SystemPresenceResult, error) {
	return &h.presence, nil
}

func (h *liveHandler) AgentWait(_ context.Context, call *rpc.Call, p *protocol.AgentWaitParams) (*protocol.AgentWaitResult, error) {
	return &protocol.AgentWaitResult{RunID: p.RunID, Status: protocol.AgentWaitResultStatusTimeout}, nil
}

// Agent is two-phase: it acknowledges with "accepted" and returns the final result.
func (h *liveHandler) Agent(ctx context.Context, call *rpc.Call, p *protocol.AgentParams) (*protocol.AgentResult, error) {
	at := int64(1767225600000)
	if err := call.Accept(protocol.AgentResult{RunID: p.IdempotencyKey, Status: protocol.AgentRunStatusAccepted, AcceptedAt: &at}); err != nil {
		return nil, err
	}
	summary := "completed"
	return &protocol.AgentResult{RunID: p.IdempotencyKey, Status: protocol.AgentRunStatusOk, Summary: &summary}, nil
}

func (h *liveHandler) LastHeartbeat(context.Context, *rpc.Call, *protocol.LastHeartbeatParams) (*protocol.LastHeartbeatResult, error) {
	return nil, nil // no heartbeat yet: the result is null
}

func (h *liveHandler) ChatAbort(_ context.Context, call *rpc.Call, p *protocol.ChatAbortParams) (*protocol.ChatAbortResult, error) {
	return nil, wire.Unavailable("session %s is busy", p.SessionKey).WithRetry(500)
}

func TestGeneratedClientCallsGeneratedTableOverWebSocket(t *testing.T) {
	host, text := "gw-1", "gateway"
	h := &liveHandler{presence: protocol.SystemPresenceResult{{Host: &host, Text: &text, Ts: 1767225600000}}}
	client, srv, caller := dial(t, h)
	ctx := context.Background()

	t.Run("array result, nil params sent as {}", func(t *testing.T) {
		got, err := client.SystemPresence(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, h.presence) {
			t.Fatalf("SystemPresence = %+v, want %+v", *got, h.presence)
		}
		if raw := string(srv.paramsOf(protocol.MethodSystemPresence)); raw != "{}" {
			t.Fatalf("nil params went out as %s, want {}", raw)
		}
	})

	t.Run("typed params reach the handler", func(t *testing.T) {
		timeout := int64(10)
		got, err := client.AgentWait(ctx, &protocol.AgentWaitParams{RunID: "run-7", TimeoutMs: &timeout})
		if err != nil {
			t.Fatal(err)
		}
		if got.RunID != "run-7" || got.Status != protocol.AgentWaitResultStatusTimeout {
			t.Fatalf("AgentWait = %+v", got)
		}
	})

	t.Run("two-phase method returns the final reply", func(t *testing.T) {
		got, err := client.Agent(ctx, &protocol.AgentParams{Message: "hi", IdempotencyKey: "7d3c1a52-1c1e-4c7e-9d55-0c2b7f9e1a10"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != protocol.AgentRunStatusOk || got.Summary == nil || *got.Summary != "completed" {
			t.Fatalf("Agent = %+v, want the final ok reply", got)
		}
		if len(caller.accepted) != 1 || caller.accepted[0] != protocol.MethodAgent {
			t.Fatalf("interim replies seen = %v, want one for agent", caller.accepted)
		}
	})

	t.Run("null result is nil", func(t *testing.T) {
		got, err := client.LastHeartbeat(ctx, nil)
		if err != nil || got != nil {
			t.Fatalf("LastHeartbeat = %v, %v; want nil, nil", got, err)
		}
	})

	t.Run("handler error arrives as wire.Error", func(t *testing.T) {
		_, err := client.ChatAbort(ctx, &protocol.ChatAbortParams{SessionKey: "main"})
		var werr *wire.Error
		if !errors.As(err, &werr) || werr.Code != wire.CodeUnavailable || werr.Message != "session main is busy" ||
			werr.RetryAfterMs == nil || *werr.RetryAfterMs != 500 {
			t.Fatalf("ChatAbort error = %#v", err)
		}
	})

	t.Run("Unimplemented answers unknown method", func(t *testing.T) {
		_, err := client.Status(ctx, nil)
		var werr *wire.Error
		if !errors.As(err, &werr) || werr.Code != wire.CodeInvalidRequest || werr.Message != "unknown method: status" {
			t.Fatalf("Status error = %#v", err)
		}
	})
}

func TestRegisterAllCoversEveryManifestMethod(t *testing.T) {
	r := registryOf(t, protocol.Unimplemented{})
	if got := r.Methods(false); len(got) != len(protocol.Manifest.Methods) {
		t.Fatalf("registry has %d methods, manifest %d", len(got), len(protocol.Manifest.Methods))
	}
	if err := protocol.RegisterSystem(r, protocol.UnimplementedSystemHandler{}); err == nil {
		t.Fatal("registering the system domain a second time succeeded")
	}
}

func TestTableRejectsUndecodableParams(t *testing.T) {
	handle, _ := registryOf(t, protocol.Unimplemented{}).Handler(protocol.MethodAgentWait)
	_, err := handle(context.Background(), nil, []byte(`{"runId": 5}`))
	var werr *wire.Error
	if !errors.As(err, &werr) || werr.Code != wire.CodeInvalidRequest {
		t.Fatalf("err = %v, want INVALID_REQUEST", err)
	}
}
