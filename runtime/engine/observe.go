package engine

import (
	"encoding/json"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Observer receives the engine's measurements (server/metrics implements
// it with Prometheus). The recorders of methods and events are asked for
// once, when the server is built, so that a request or an event costs a
// lookup in a read-only table and the recorder's own work, never a lock.
// Every method is called concurrently from many goroutines.
type Observer interface {
	// Method returns the recorder of a method's requests. The server asks
	// once for every method of the manifest and once for UnknownMethod,
	// under which requests for names it does not know are recorded (a
	// client's made-up names never become label values).
	Method(name string) MethodRecorder
	// Event returns the recorder of an event's deliveries; the server asks
	// once for every event of the manifest.
	Event(name string) EventRecorder
	// Opened is called when a handshake succeeded and Closed when that
	// connection has gone.
	Opened(p *Peer)
	Closed(p *Peer)
	// Refused is called when a socket ends without completing its
	// handshake; reason is one of a small fixed set (see the Refused*
	// constants, a refusal's error details code or error code).
	Refused(reason string)
	// SlowConsumer is called when a connection is closed as a slow
	// consumer.
	SlowConsumer()
}

// MethodRecorder records the requests of one method.
type MethodRecorder interface {
	// Done records a request answered after elapsed, with e its error
	// reply (nil for a result).
	Done(elapsed time.Duration, e *wire.Error)
}

// EventRecorder records the deliveries of one event.
type EventRecorder interface {
	// Delivered records one publication: sent connections got the event,
	// dropped ones did not because they were slow consumers.
	Delivered(sent, dropped int)
}

// UnknownMethod is the method name requests for unknown methods are
// recorded under.
const UnknownMethod = "unknown"

// Handshake failure reasons the engine itself decides; the Handshaker's
// refusals are recorded by their reply (see refusalReason).
const (
	RefusedClosed          = "closed"            // the peer went away or broke the WebSocket protocol
	RefusedTimeout         = "timeout"           // no connect request within the handshake timeout
	RefusedTooBig          = "frame_too_big"     // the first frame exceeded the pre-auth limit
	RefusedNotText         = "not_text"          // the first frame was binary
	RefusedInvalidUTF8     = "invalid_utf8"      // the first frame was not UTF-8
	RefusedInvalidFrame    = "invalid_frame"     // the first frame was not a valid request frame
	RefusedNotConnect      = "first_not_connect" // the first request was not connect
	RefusedInvalidParams   = "invalid_params"    // connect params failed the schema
	RefusedShuttingDown    = "shutting_down"     // the server began shutting down
	RefusedInternal        = "internal"          // hello-ok could not be encoded, or the Handshaker panicked
	refusedWithoutReplyPfx = "close_"            // a refusal without a reply: close_<code>
)

// observer is the server's Observer and its pre-resolved recorders; nil
// when the server records nothing.
type observer struct {
	Observer
	methods map[string]MethodRecorder
	unknown MethodRecorder
}

// newObserver resolves the recorders of every method and event of the
// server's manifest; nil for a nil Observer.
func (s *Server) newObserver(o Observer) *observer {
	if o == nil {
		return nil
	}
	obs := &observer{Observer: o, methods: map[string]MethodRecorder{}, unknown: o.Method(UnknownMethod)}
	add := func(name string) {
		if _, ok := obs.methods[name]; !ok {
			obs.methods[name] = o.Method(name)
		}
	}
	for name := range s.methods {
		add(name)
	}
	for _, specs := range s.byVersion {
		for name := range specs {
			add(name)
		}
	}
	events := make(map[string]EventRecorder, len(s.cfg.Manifest.Events))
	for _, e := range s.cfg.Manifest.Events {
		events[e.Name] = o.Event(e.Name)
	}
	s.hub.events.Store(&events)
	return obs
}

// method returns the recorder of a request's method.
func (o *observer) method(name string) MethodRecorder {
	if r, ok := o.methods[name]; ok {
		return r
	}
	return o.unknown
}

// clockEpoch anchors monotonic reads: time.Since(clockEpoch) reads only
// the monotonic clock, where time.Now reads the wall clock as well (on a
// virtual machine each read can cost tens of nanoseconds).
var clockEpoch = time.Now()

// callMark returns when a request started on the monotonic clock, or 0
// when requests are not measured.
func (s *Server) callMark() time.Duration {
	if s.obs == nil {
		return 0
	}
	return time.Since(clockEpoch)
}

// recordCall records a finished request that started at mark (callMark):
// e is its error reply, and a handler that did not return (it panicked)
// was answered UNAVAILABLE.
func (s *Server) recordCall(method string, mark time.Duration, returned bool, e *wire.Error) {
	if s.obs == nil {
		return
	}
	if !returned && e == nil {
		e = handlerPanicked(method)
	}
	s.obs.method(method).Done(time.Since(clockEpoch)-mark, e)
}

// recordRefused records a handshake that failed for reason.
func (s *Server) recordRefused(reason string) {
	if s.obs != nil && reason != "" {
		s.obs.Refused(reason)
	}
}

// recordOpened and recordClosed count a connection in and out.
func (s *Server) recordOpened(c *Conn) {
	if s.obs != nil {
		s.obs.Opened(c.Peer())
	}
}

func (s *Server) recordClosed(c *Conn) {
	if s.obs != nil {
		s.obs.Closed(c.Peer())
	}
}

// recordSlowConsumer counts a slow-consumer close.
func (s *Server) recordSlowConsumer() {
	if s.obs != nil {
		s.obs.SlowConsumer()
	}
}

// refusalReason is the failure reason a Handshaker's refusal is recorded
// under: the code of its reply's details when they carry one (the
// connect error detail codes of the schema), else the reply's error code,
// else close_<close code> for a refusal without a reply.
func refusalReason(r *Refusal) string {
	if r.Reply == nil {
		return refusedWithoutReplyPfx + strconv.Itoa(r.Code)
	}
	if code := detailsCode(r.Reply.Details); code != "" {
		return code
	}
	return r.Reply.Code
}

// detailsCode returns the "code" member of an error's details, "" when
// they have none. It runs only for refused handshakes.
func detailsCode(details any) string {
	if details == nil {
		return ""
	}
	raw, err := json.Marshal(details)
	if err != nil {
		return ""
	}
	var d struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(raw, &d) != nil {
		return ""
	}
	return d.Code
}

// eventRecorders is the hub's table of event recorders, set once by the
// server that serves the hub.
type eventRecorders = atomic.Pointer[map[string]EventRecorder]

// recordDelivered records one publication of event.
func (h *Hub) recordDelivered(event string, sent, dropped int) {
	if t := h.events.Load(); t != nil {
		if r, ok := (*t)[event]; ok {
			r.Delivered(sent, dropped)
		}
	}
}
