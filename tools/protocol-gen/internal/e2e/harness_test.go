package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// tableServer is a minimal gateway for the test: it reads request frames
// with the generated decoder, dispatches them through an rpc.Registry
// (filled by the generated RegisterAll) and writes response frames,
// including the interim reply of two-phase methods.
type tableServer struct {
	table *rpc.Registry

	mu        sync.Mutex
	rawParams map[string]json.RawMessage // last params seen per method
}

func (s *tableServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	ctx := r.Context()
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		frame, err := protocol.DecodeGatewayFrame(data)
		req, ok := frame.(*protocol.RequestFrame)
		if err != nil || !ok {
			conn.Close(websocket.StatusPolicyViolation, wire.ReasonInvalidRequestFrame)
			return
		}
		s.serve(ctx, conn, req)
	}
}

func (s *tableServer) serve(ctx context.Context, conn *websocket.Conn, req *protocol.RequestFrame) {
	s.mu.Lock()
	s.rawParams[string(req.Method)] = req.Params
	s.mu.Unlock()
	handle, ok := s.table.Handler(string(req.Method))
	if !ok {
		s.reply(ctx, conn, req.ID, nil, wire.InvalidRequest("unknown method: %s", req.Method))
		return
	}
	call := rpc.NewCall(string(req.Method), "test", &rpc.Peer{Role: rpc.RoleOperator}, protocol.Manifest.Scopes,
		interim(func(payload any) error { return s.reply(ctx, conn, req.ID, payload, nil) }))
	result, err := handle(ctx, call, req.Params)
	s.reply(ctx, conn, req.ID, result, err)
}

// interim is an rpc.Responder that sends the interim reply and runs work
// after the reply at once.
type interim func(payload any) error

func (i interim) Interim(payload any) error { return i(payload) }
func (interim) AfterReply(fn func())        { fn() }

// registryOf registers every domain of h.
func registryOf(t *testing.T, h protocol.Handler) *rpc.Registry {
	t.Helper()
	r := rpc.NewRegistry(&protocol.Manifest)
	if err := protocol.RegisterAll(r, h); err != nil {
		t.Fatal(err)
	}
	return r
}

func (s *tableServer) reply(ctx context.Context, conn *websocket.Conn, id string, result any, err error) error {
	res := protocol.ResponseFrame{Type: wire.TypeResponse, ID: id, Ok: err == nil}
	if err != nil {
		var werr *wire.Error
		if !errors.As(err, &werr) {
			werr = wire.Unavailable("%v", err)
		}
		res.Error = werr
	} else if result != nil {
		payload, merr := json.Marshal(result)
		if merr != nil {
			return merr
		}
		res.Payload = payload
	}
	data, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return conn.Write(ctx, websocket.MessageText, data)
}

func (s *tableServer) paramsOf(method string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rawParams[method]
}

// wsCaller is an rpc.Caller over one WebSocket, calls one at a time. With
// ExpectFinal it skips a reply whose payload status is "accepted".
type wsCaller struct {
	conn *websocket.Conn

	mu       sync.Mutex
	next     int
	accepted []string // methods that got an interim reply
}

func (c *wsCaller) Call(ctx context.Context, method string, params, result any, opts rpc.CallOptions) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	id := fmt.Sprintf("%d:%s", c.next, method)
	raw, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("encode params: %w", err)
	}
	data, err := json.Marshal(protocol.RequestFrame{Type: wire.TypeRequest, ID: id, Method: method, Params: raw})
	if err != nil {
		return err
	}
	if err := c.conn.Write(ctx, websocket.MessageText, data); err != nil {
		return err
	}
	for {
		res, err := c.readResponse(ctx, id)
		if err != nil {
			return err
		}
		if !res.Ok {
			return res.Error
		}
		if opts.ExpectFinal && isAccepted(res.Payload) {
			c.accepted = append(c.accepted, method)
			if opts.OnAccepted != nil {
				opts.OnAccepted(res.Payload)
			}
			continue
		}
		if result == nil || len(res.Payload) == 0 {
			return nil
		}
		return json.Unmarshal(res.Payload, result)
	}
}

func (c *wsCaller) readResponse(ctx context.Context, id string) (*protocol.ResponseFrame, error) {
	for {
		_, data, err := c.conn.Read(ctx)
		if err != nil {
			return nil, err
		}
		frame, err := protocol.DecodeGatewayFrame(data)
		if err != nil {
			return nil, err
		}
		if res, ok := frame.(*protocol.ResponseFrame); ok && res.ID == id {
			return res, nil
		}
	}
}

func isAccepted(payload json.RawMessage) bool {
	var p struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(payload, &p) == nil && p.Status == "accepted"
}

// dial starts a tableServer for h on loopback and returns a generated
// Client connected to it.
func dial(t *testing.T, h protocol.Handler) (*protocol.Client, *tableServer, *wsCaller) {
	t.Helper()
	srv := &tableServer{table: registryOf(t, h), rawParams: map[string]json.RawMessage{}}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	conn, _, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(hs.URL, "http"), nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
	caller := &wsCaller{conn: conn}
	return protocol.NewClient(caller), srv, caller
}
