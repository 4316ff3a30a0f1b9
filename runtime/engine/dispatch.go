package engine

import (
	"encoding/json"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/gatewire/gatewire/runtime/dedupe"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// floodLimit is the number of consecutive "unauthorized role" refusals a
// connection is allowed: the next one is answered and then closes it, as
// v3's flood guard does.
const floodLimit = 10

// dispatch authorizes, validates and runs one request, and replies; then
// it runs the work the handler registered with Call.AfterReply.
func (s *Server) dispatch(c *Conn, req *wire.Request) {
	s.activity.Add(1)
	defer func() { <-c.inflight }()
	start := s.callStart()
	mark := s.callMark()
	var after deferred
	returned, failed := s.handle(c, req, &after)
	s.logCall(c, req.Method, start, failed)
	s.recordCall(req.Method, mark, returned, failed)
	if returned {
		s.runAfterReply(c, req, &after)
	}
}

// handle authorizes, validates and runs one request and replies to it. It
// reports whether the handler returned (rather than panicked, which the
// reply then says) and the error it replied with, if any.
func (s *Server) handle(c *Conn, req *wire.Request, after *deferred) (returned bool, failed *wire.Error) {
	defer s.recoverHandler(c, req, &returned)
	spec, known := s.methodAt(c.Peer().Protocol, req.Method)
	if e := s.admitCall(c, req, spec, known); e != nil {
		c.answer(req.ID, nil, e)
		if c.unauthorizedRun.Load() > floodLimit {
			c.Close(wire.ClosePolicyViolation, wire.ReasonRepeatedUnauthorized)
		}
		return true, e
	}
	if key, ok := idempotencyKey(spec, req.Params); ok {
		return true, s.callOnce(c, req, spec, key, after)
	}
	payload, e := s.call(c, req, nil, after)
	c.answer(req.ID, payload, e)
	return true, e
}

// runAfterReply runs the work registered with Call.AfterReply once the
// reply has been queued. A panic there is logged; the request already has
// its reply, so it gets no other.
func (s *Server) runAfterReply(c *Conn, req *wire.Request, after *deferred) {
	defer func() {
		if v := recover(); v != nil {
			c.logAt(slog.LevelError, "work after a reply panicked", "method", req.Method, "panic", v, "stack", string(debug.Stack()))
		}
	}()
	after.run()
}

// deferred collects the work a handler registered with Call.AfterReply.
type deferred struct {
	mu  sync.Mutex
	fns []func()
}

func (d *deferred) add(fn func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fns = append(d.fns, fn)
}

// run runs the registered work in order. dispatch does not call it when
// the handler panicked.
func (d *deferred) run() {
	d.mu.Lock()
	fns := d.fns
	d.fns = nil
	d.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// admitCall runs every check that precedes the handler: authorization
// (with the flood guard), the server's BeforeCall hook, the method's
// existence and the params schema.
func (s *Server) admitCall(c *Conn, req *wire.Request, spec rpc.MethodSpec, known bool) *wire.Error {
	e, roleDenied := s.authorize(c.Peer(), spec, known)
	if roleDenied {
		c.unauthorizedRun.Add(1)
		return e
	}
	c.unauthorizedRun.Store(0) // any other answer, a refusal included, ends the run
	if e != nil {
		return e
	}
	if s.cfg.BeforeCall != nil {
		if err := s.cfg.BeforeCall(c.ctx, c, spec); err != nil {
			_, e := errorReply(err)
			return e
		}
	}
	if _, ok := s.handlers[req.Method]; !ok || !known {
		return wire.InvalidRequest("unknown method: %s", req.Method)
	}
	if err := s.cfg.Validator.Params(c.Peer().Protocol, req.Method, req.Params); err != nil {
		return wire.InvalidRequest("%s", err.Error())
	}
	return nil
}

// call runs the handler. interim, when set, also receives the interim
// reply of a two-phase method; after collects Call.AfterReply work.
func (s *Server) call(c *Conn, req *wire.Request, interim func(dedupe.Reply), after *deferred) (json.RawMessage, *wire.Error) {
	st := &callState{c: c, id: req.ID, interim: interim, after: after}
	st.call.Init(req.Method, c.id, c.Peer(), s.cfg.Manifest.Scopes, st)
	result, err := s.handlers[req.Method](c.ctx, &st.call, req.Params)
	if err != nil {
		return errorReply(err)
	}
	raw, err := wire.Marshal(rpc.Shape(result, c.Peer().Protocol))
	if err != nil {
		c.logAt(slog.LevelError, "encoding result failed", "method", req.Method, "err", err)
		return nil, wire.Unavailable("result could not be encoded")
	}
	return raw, nil
}

// callState is one dispatched call and what answers it early: the
// rpc.Responder of its rpc.Call, allocated with it.
type callState struct {
	call    rpc.Call
	c       *Conn
	id      string
	sent    atomic.Bool
	interim func(dedupe.Reply)
	after   *deferred
}

// Interim sends the interim reply of a two-phase request, once.
func (st *callState) Interim(payload any) error {
	raw, err := wire.Marshal(rpc.Shape(payload, st.c.Peer().Protocol))
	if err != nil {
		return err
	}
	if !st.sent.CompareAndSwap(false, true) {
		return errors.New("engine: interim reply already sent")
	}
	st.c.answer(st.id, raw, nil)
	if st.interim != nil {
		st.interim(dedupe.Reply{Payload: raw})
	}
	return nil
}

// AfterReply registers fn to run once the reply is queued.
func (st *callState) AfterReply(fn func()) { st.after.add(fn) }

// callOnce runs a request that carries an idempotency key through the
// dedupe cache: the first request with a key runs, repeats get its reply.
// It returns the error replied with, if any.
func (s *Server) callOnce(c *Conn, req *wire.Request, spec rpc.MethodSpec, key string, after *deferred) *wire.Error {
	entry, leader := s.dedupe.Begin(req.Method + ":" + key)
	if !leader {
		r, err := entry.Wait(c.ctx, spec.TwoPhase)
		if err != nil {
			return nil
		}
		c.answer(req.ID, r.Payload, r.Err)
		return r.Err
	}
	// Should the handler panic, its duplicates get the reply to the panic
	// instead of waiting for ever (Complete keeps the first reply).
	defer entry.Complete(dedupe.Reply{Err: handlerPanicked(req.Method)})
	payload, e := s.call(c, req, entry.Interim, after)
	entry.Complete(dedupe.Reply{Payload: payload, Err: e})
	c.answer(req.ID, payload, e)
	return e
}

// idempotencyKey extracts params.idempotencyKey of a method whose params
// carry one.
func idempotencyKey(spec rpc.MethodSpec, params json.RawMessage) (string, bool) {
	if !spec.IdempotencyKey || spec.HandlerDedupes {
		return "", false
	}
	var p struct {
		IdempotencyKey string `json:"idempotencyKey"`
	}
	if json.Unmarshal(params, &p) != nil || p.IdempotencyKey == "" {
		return "", false
	}
	return p.IdempotencyKey, true
}

// errorReply turns a handler error into a reply: a *wire.Error as is, an
// *rpc.Failure as its payload plus error, anything else as UNAVAILABLE.
func errorReply(err error) (json.RawMessage, *wire.Error) {
	var payload json.RawMessage
	var f *rpc.Failure
	if errors.As(err, &f) {
		if f.Payload != nil {
			payload, _ = wire.Marshal(f.Payload)
		}
		err = f.Err
	}
	var we *wire.Error
	if errors.As(err, &we) {
		return payload, we
	}
	return payload, wire.Unavailable("%s", err.Error())
}

// recoverHandler turns a handler panic into an UNAVAILABLE reply and a log
// line, and returned into false; the connection and the gateway keep
// serving.
func (s *Server) recoverHandler(c *Conn, req *wire.Request, returned *bool) {
	if v := recover(); v != nil {
		*returned = false
		c.logAt(slog.LevelError, "handler panicked", "method", req.Method, "panic", v, "stack", string(debug.Stack()))
		c.answer(req.ID, nil, handlerPanicked(req.Method))
	}
}

// handlerPanicked is the reply to a request whose handler panicked.
func handlerPanicked(method string) *wire.Error {
	return wire.Unavailable("internal error handling %s", method)
}
