package execpolicy

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// The node commands the relay uses.
const (
	commandGet = string(protocol.NodeCommandSystemExecApprovalsGet)
	commandSet = string(protocol.NodeCommandSystemExecApprovalsSet)
)

// ExecApprovalsNodeGet relays system.execApprovals.get to the node and
// answers its reply: payloadJSON parsed, else payload.
func (s *Service) ExecApprovalsNodeGet(ctx context.Context, _ *rpc.Call, p *protocol.ExecApprovalsNodeGetParams) (*protocol.ExecApprovalsNodeResult, error) {
	id, err := nodeID(p.NodeID)
	if err != nil {
		return nil, err
	}
	r, err := s.relay(ctx, id, commandGet, json.RawMessage(`{}`))
	if err != nil {
		return nil, err
	}
	if r.PayloadJSON.Value != nil {
		return parsed(*r.PayloadJSON.Value), nil
	}
	out := r.Payload
	if len(out) == 0 {
		out = json.RawMessage("null")
	}
	return &out, nil
}

// ExecApprovalsNodeSet relays system.execApprovals.set {file, baseHash}
// to the node and answers its payloadJSON parsed (null without one).
func (s *Service) ExecApprovalsNodeSet(ctx context.Context, _ *rpc.Call, p *protocol.ExecApprovalsNodeSetParams) (*protocol.ExecApprovalsNodeResult, error) {
	id, err := nodeID(p.NodeID)
	if err != nil {
		return nil, err
	}
	params, err := json.Marshal(struct {
		File     protocol.ExecApprovalsFile `json:"file"`
		BaseHash *string                    `json:"baseHash,omitempty"`
	}{p.File, p.BaseHash})
	if err != nil {
		return nil, err
	}
	r, err := s.relay(ctx, id, commandSet, params)
	if err != nil {
		return nil, err
	}
	text := "null"
	if r.PayloadJSON.Value != nil {
		text = *r.PayloadJSON.Value
	}
	return parsed(text), nil
}

// nodeID trims the node id; blank is "nodeId required".
func nodeID(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if id == "" {
		return "", wire.InvalidRequest("nodeId required")
	}
	return id, nil
}

// relay sends the command and turns a node's failure into UNAVAILABLE
// "<code>: <message>" (message "node invoke failed" when it sent none)
// with details.nodeError the node's error (null when it sent none).
func (s *Service) relay(ctx context.Context, id, command string, params json.RawMessage) (*protocol.NodeInvokeResultParams, error) {
	r, err := s.deps.Relay(ctx, id, command, params)
	if err != nil {
		return nil, err
	}
	if r.Ok {
		return r, nil
	}
	var nodeErr any
	msg := "node invoke failed"
	if e := r.Error.Value; e != nil {
		nodeErr = e
		if e.Message != nil && strings.TrimSpace(*e.Message) != "" {
			msg = strings.TrimSpace(*e.Message)
		}
		if e.Code != nil && strings.TrimSpace(*e.Code) != "" {
			msg = strings.TrimSpace(*e.Code) + ": " + msg
		}
	}
	return nil, wire.Unavailable("%s", msg).WithDetails(map[string]any{"nodeError": nodeErr})
}

// parsed is a node's JSON text as a value; text that is not JSON is null.
func parsed(text string) *protocol.ExecApprovalsNodeResult {
	out := protocol.ExecApprovalsNodeResult("null")
	if json.Valid([]byte(text)) {
		out = protocol.ExecApprovalsNodeResult(text)
	}
	return &out
}
