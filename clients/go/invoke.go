package gatewire

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// InvokeRequest is one node.invoke.request: a command an operator (or the
// agent) invoked on this node through the gateway.
type InvokeRequest struct {
	// ID is the request id the result answers.
	ID string
	// NodeID is this node's id as the gateway addressed it.
	NodeID string
	// Command is the command's name, e.g. "system.run".
	Command string
	// ParamsJSON is the command's params as JSON text; nil when the
	// caller gave none.
	ParamsJSON []byte
	// Timeout is the caller's timeoutMs (0 when it gave none); the
	// handler's context ends then too.
	Timeout time.Duration
	// IdempotencyKey is the caller's key.
	IdempotencyKey string
}

// Decode decodes the params into v. Missing params fail with v3's
// INVALID_REQUEST "INVALID_REQUEST: paramsJSON required", and params that
// do not decode with an INVALID_REQUEST naming the problem.
func (r *InvokeRequest) Decode(v any) error {
	if len(r.ParamsJSON) == 0 {
		return &InvokeError{Code: wire.CodeInvalidRequest, Message: "INVALID_REQUEST: paramsJSON required"}
	}
	if err := json.Unmarshal(r.ParamsJSON, v); err != nil {
		return &InvokeError{Code: wire.CodeInvalidRequest, Message: "INVALID_REQUEST: " + err.Error()}
	}
	return nil
}

// Handler serves one command. Its result is sent as the invoke's
// payloadJSON (a json.RawMessage is sent as it is; nil sends no payload);
// an error is sent as the invoke's error: an *InvokeError or *wire.Error
// with its code and message, any other error as UNAVAILABLE with its
// text. ctx ends when the caller's timeout passes or the Node stops.
type Handler func(ctx context.Context, req *InvokeRequest) (any, error)

// HandlerFunc adapts a function taking typed params to a Handler: the
// params are decoded into a new P (see InvokeRequest.Decode) first.
func HandlerFunc[P any](fn func(ctx context.Context, req *InvokeRequest, params *P) (any, error)) Handler {
	return func(ctx context.Context, req *InvokeRequest) (any, error) {
		p := new(P)
		if err := req.Decode(p); err != nil {
			return nil, err
		}
		return fn(ctx, req, p)
	}
}

// InvokeError is a command's failure as the node reports it: the
// node.invoke.result error {code, message}.
type InvokeError struct {
	Code    string
	Message string
}

// Error returns "code: message".
func (e *InvokeError) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *InvokeError with code and a formatted message.
func Errorf(code, format string, args ...any) *InvokeError {
	return &InvokeError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrCommandNotSupported is the answer to a command no handler serves
// (v3's node host sends the same).
var ErrCommandNotSupported = &InvokeError{Code: wire.CodeUnavailable, Message: "command not supported"}

// ErrNodeBusy is the answer to a request beyond MaxConcurrentInvokes.
var ErrNodeBusy = &InvokeError{Code: wire.CodeUnavailable, Message: "node busy"}

// dispatch starts serving one node.invoke.request; it runs on the reader
// goroutine, so it never blocks.
func (n *Node) dispatch(ev Event) {
	req, ok := decodeInvokeRequest(ev.Payload)
	if !ok {
		n.log.Warn("ignoring a malformed node.invoke.request")
		return
	}
	n.inflight.Add(1)
	select {
	case n.slots <- struct{}{}:
		go n.serve(req, true)
	default:
		go n.serve(req, false)
	}
}

// serve runs the request's handler (when it got a slot) and sends the
// result.
func (n *Node) serve(req *InvokeRequest, slot bool) {
	defer n.inflight.Done()
	var (
		res any
		err error
	)
	if slot {
		res, err = n.run(req)
		<-n.slots
	} else {
		err = ErrNodeBusy
	}
	if n.ctx.Err() != nil {
		return // stopped: the connection is gone with the Node
	}
	n.reply(req, res, err)
}

// run calls the command's handler, turning a panic into an error so
// that one bad handler cannot take the node down.
func (n *Node) run(req *InvokeRequest) (res any, err error) {
	h, ok := n.handler(req.Command)
	if !ok {
		return nil, ErrCommandNotSupported
	}
	ctx := n.ctx
	if req.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, req.Timeout)
		defer cancel()
	}
	defer func() {
		if p := recover(); p != nil {
			n.log.Error("command handler panicked", "command", req.Command, "panic", p)
			res, err = nil, &InvokeError{Code: wire.CodeUnavailable, Message: "command failed"}
		}
	}()
	return h(ctx, req)
}

// reply sends node.invoke.result for req.
func (n *Node) reply(req *InvokeRequest, res any, err error) {
	p, perr := resultParams(req, res, err)
	if perr != nil {
		n.log.Error("command result does not encode", "command", req.Command, "err", perr)
		p, _ = resultParams(req, nil, &InvokeError{Code: wire.CodeUnavailable, Message: "result not encodable"})
	}
	ctx, cancel := context.WithTimeout(n.ctx, DefaultRequestTimeout)
	defer cancel()
	var ack protocol.NodeInvokeResultResult
	if err := n.client.Call(ctx, protocol.MethodNodeInvokeResult, p, &ack, rpc.CallOptions{}); err != nil {
		n.log.Debug("node.invoke.result not delivered", "command", req.Command, "err", err)
	}
}

// resultParams builds the node.invoke.result params of an answer.
func resultParams(req *InvokeRequest, res any, err error) (*protocol.NodeInvokeResultParams, error) {
	p := &protocol.NodeInvokeResultParams{ID: req.ID, NodeID: req.NodeID, Ok: err == nil}
	if err != nil {
		code, msg := errorShape(err)
		p.Error = protocol.NewNullable(protocol.NodeInvokeError{Code: &code, Message: &msg})
		return p, nil
	}
	if res == nil {
		return p, nil
	}
	text, mErr := marshalText(res)
	if mErr != nil {
		return nil, mErr
	}
	p.PayloadJSON = protocol.NewNullable(text)
	return p, nil
}

// errorShape returns the code and message an error is reported with.
func errorShape(err error) (string, string) {
	var ie *InvokeError
	if errors.As(err, &ie) {
		return ie.Code, ie.Message
	}
	var we *wire.Error
	if errors.As(err, &we) {
		return we.Code, we.Message
	}
	return wire.CodeUnavailable, err.Error()
}

// marshalText encodes v as JSON text; raw JSON is passed on as it is.
func marshalText(v any) (string, error) {
	if raw, ok := v.(json.RawMessage); ok {
		if !json.Valid(raw) {
			return "", errors.New("invalid JSON payload")
		}
		return string(raw), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// decodeInvokeRequest reads a node.invoke.request payload; a payload
// without id, nodeId or command is dropped, as v3's node host drops it.
func decodeInvokeRequest(payload json.RawMessage) (*InvokeRequest, bool) {
	var ev protocol.NodeInvokeRequestEvent
	if err := json.Unmarshal(payload, &ev); err != nil || ev.ID == "" || ev.NodeID == "" || ev.Command == "" {
		return nil, false
	}
	req := &InvokeRequest{ID: ev.ID, NodeID: ev.NodeID, Command: ev.Command}
	if ev.ParamsJSON != nil {
		req.ParamsJSON = []byte(*ev.ParamsJSON)
	}
	if ev.TimeoutMs != nil && *ev.TimeoutMs > 0 {
		req.Timeout = time.Duration(*ev.TimeoutMs) * time.Millisecond
	}
	if ev.IdempotencyKey != nil {
		req.IdempotencyKey = *ev.IdempotencyKey
	}
	return req, true
}
