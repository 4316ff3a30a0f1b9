package nodes

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// DefaultInvokeTimeout is how long node.invoke waits for the node when
// the caller gives no timeoutMs.
const DefaultInvokeTimeout = 30 * time.Second

// invocation is one node.invoke waiting for its node.invoke.result.
type invocation struct {
	nodeID  string
	command string
	// done receives the outcome once: the node's result or a failure.
	done chan outcome
}

// outcome ends an invocation: the node's result, or err.
type outcome struct {
	result *protocol.NodeInvokeResultParams
	err    error
}

// NodeInvoke relays a command to a connected node and waits for its
// result, the timeout, or the node going away. The checks come in v3's
// order: the command refused by name, the connection, the policy.
func (s *Service) NodeInvoke(ctx context.Context, call *rpc.Call, p *protocol.NodeInvokeParams) (*protocol.NodeInvokeResult, error) {
	if err := refuseByName(p.Command, p.Params); err != nil {
		return nil, err
	}
	if err := refuseForCaller(call, p.Command); err != nil {
		return nil, err
	}
	live, ok := s.liveNode(p.NodeID)
	if !ok {
		return nil, notConnected()
	}
	if err := s.checkCommand(ctx, live, p.Command); err != nil {
		return nil, err
	}
	params, err := s.forwardedParams(call, p)
	if err != nil {
		return nil, err
	}
	r, err := s.relay(ctx, requestEvent("", p, params))
	if err != nil {
		return nil, err
	}
	forwarded := *p // what is queued for an iOS node is what it was sent
	forwarded.Params = params
	if err := s.queueForeground(live, &forwarded, r); err != nil {
		return nil, err
	}
	return invokeResult(p, r)
}

// Relay sends command with params (nil for none) to a connected node
// without the command policy, as exec.approvals.node.* do, and returns
// the node's answer (ok or not); a node without an open connection
// answers {code:"NOT_CONNECTED", message:"node not connected"}. It fails
// like node.invoke on timeout (DefaultInvokeTimeout) or when the node
// goes away.
func (s *Service) Relay(ctx context.Context, nodeID, command string, params json.RawMessage) (*protocol.NodeInvokeResultParams, error) {
	if _, ok := s.liveNode(nodeID); !ok {
		code, msg := "NOT_CONNECTED", "node not connected"
		return &protocol.NodeInvokeResultParams{NodeID: nodeID, Error: protocol.NewNullable(protocol.NodeInvokeError{Code: &code, Message: &msg})}, nil
	}
	ev := &protocol.NodeInvokeRequestEvent{NodeID: nodeID, Command: command}
	if len(params) > 0 {
		text := string(params)
		ev.ParamsJSON = &text
	}
	return s.relay(ctx, ev)
}

// relay sends ev (under a fresh id) to its node and waits for the
// node's result, ev's timeout, or the node going away; OnInvoke hears how
// it ended.
func (s *Service) relay(ctx context.Context, ev *protocol.NodeInvokeRequestEvent) (*protocol.NodeInvokeResultParams, error) {
	r, result, err := s.await(ctx, ev)
	if s.deps.OnInvoke != nil {
		s.deps.OnInvoke(result)
	}
	return r, err
}

// await is relay without the report: it also returns the Invoke* result.
func (s *Service) await(ctx context.Context, ev *protocol.NodeInvokeRequestEvent) (*protocol.NodeInvokeResultParams, string, error) {
	ev.ID = uuid.NewString()
	inv := &invocation{nodeID: ev.NodeID, command: ev.Command, done: make(chan outcome, 1)}
	s.add(ev.ID, inv)
	defer s.remove(ev.ID)
	if n, err := s.request.ToNode(ev.NodeID, ev); err != nil || n == 0 {
		return nil, InvokeNotConnected, notConnected()
	}
	if _, ok := s.liveNode(ev.NodeID); !ok { // it left while the request was queued
		return nil, InvokeDisconnected, disconnected(ev.Command)
	}
	timeout := DefaultInvokeTimeout
	if ev.TimeoutMs != nil {
		timeout = time.Duration(*ev.TimeoutMs) * time.Millisecond
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case o := <-inv.done:
		return o.result, invokeResultOf(o), o.err
	case <-timer.C:
		return nil, InvokeTimeout, timedOut()
	case <-ctx.Done():
		return nil, InvokeCanceled, wire.Unavailable("node invoke canceled")
	}
}

// invokeResultOf is the Invoke* result of an invocation's outcome.
func invokeResultOf(o outcome) string {
	switch {
	case o.err != nil:
		return InvokeDisconnected
	case o.result != nil && o.result.Ok:
		return InvokeOK
	}
	return InvokeFailed
}

// requestEvent is the node.invoke.request payload carrying params:
// paramsJSON is null without params, timeoutMs only when the caller gave
// one.
func requestEvent(id string, p *protocol.NodeInvokeParams, params json.RawMessage) *protocol.NodeInvokeRequestEvent {
	ev := &protocol.NodeInvokeRequestEvent{ID: id, NodeID: p.NodeID, Command: p.Command, TimeoutMs: p.TimeoutMs}
	if len(params) > 0 {
		text := string(params)
		ev.ParamsJSON = &text
	}
	key := p.IdempotencyKey
	ev.IdempotencyKey = &key
	return ev
}

// invokeResult turns the node's answer into the caller's reply: a
// success with its payload (parsed from payloadJSON when the node sent
// text), or the node's error as UNAVAILABLE.
func invokeResult(p *protocol.NodeInvokeParams, r *protocol.NodeInvokeResultParams) (*protocol.NodeInvokeResult, error) {
	if !r.Ok {
		return nil, nodeFailure(r.Error)
	}
	out := &protocol.NodeInvokeResult{Ok: true, NodeID: p.NodeID, Command: p.Command, Payload: r.Payload}
	if r.PayloadJSON.Value != nil {
		text := *r.PayloadJSON.Value
		out.PayloadJSON = &text
		if json.Valid([]byte(text)) {
			out.Payload = json.RawMessage(text)
		} else {
			out.Payload = nil
		}
	}
	return out, nil
}

// nodeFailure is the reply to a node's error: "<code>: <message>",
// "<message>", or "node invoke failed", with the error as sent.
func nodeFailure(e protocol.Nullable[protocol.NodeInvokeError]) error {
	var nodeErr any = map[string]any{}
	msg := "node invoke failed"
	if v := e.Value; v != nil {
		nodeErr = v
		switch {
		case v.Code != nil && *v.Code != "" && v.Message != nil && *v.Message != "":
			msg = *v.Code + ": " + *v.Message
		case v.Message != nil && *v.Message != "":
			msg = *v.Message
		case v.Code != nil && *v.Code != "":
			msg = *v.Code
		}
	}
	return wire.Unavailable("%s", msg).WithDetails(map[string]any{"nodeError": nodeErr})
}

// notConnected is the refusal for a node without an open connection.
func notConnected() error {
	return wire.Unavailable("node not connected").WithDetails(map[string]any{"code": "NOT_CONNECTED"})
}

// disconnected is the reply when the node went away while the invoke
// waited; the text ends in the command.
func disconnected(command string) error {
	return wire.Unavailable("Error: node disconnected (%s)", command)
}

// timedOut is the reply when the node did not answer within timeoutMs.
func timedOut() error {
	return wire.Unavailable("TIMEOUT: node invoke timed out").WithDetails(map[string]any{
		"nodeError": map[string]any{"code": "TIMEOUT", "message": "node invoke timed out"},
	})
}

// liveNode returns an open connection of the node id.
func (s *Service) liveNode(nodeID string) (Live, bool) {
	if nodeID == "" {
		return Live{}, false
	}
	if l := s.deps.LiveNode(nodeID); len(l) > 0 {
		return l[0], true
	}
	return Live{}, false
}
