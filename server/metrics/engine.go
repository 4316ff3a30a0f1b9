package metrics

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
)

// codeOK is the code label of a request answered with a result.
const codeOK = "OK"

var _ engine.Observer = (*Metrics)(nil)

// Method returns the recorder of a method's requests. Its series are
// created on the method's first request, so a scrape lists only the
// methods that were called.
func (m *Metrics) Method(name string) engine.MethodRecorder {
	return &methodRecorder{m: m, name: name}
}

// methodRecorder records one method's requests.
type methodRecorder struct {
	m    *Metrics
	name string
	hot  atomic.Pointer[methodSeries]
}

// methodSeries are a method's resolved series for the common case.
type methodSeries struct {
	ok       prometheus.Counter
	duration prometheus.Observer
}

// Done records one answered request.
func (r *methodRecorder) Done(elapsed time.Duration, e *wire.Error) {
	s := r.series()
	s.duration.Observe(elapsed.Seconds())
	if e == nil {
		s.ok.Inc()
		return
	}
	r.m.requests.WithLabelValues(r.name, e.Code).Inc()
}

// series returns the method's series, resolving them on first use (two
// racing first requests resolve the same series).
func (r *methodRecorder) series() *methodSeries {
	if s := r.hot.Load(); s != nil {
		return s
	}
	s := &methodSeries{
		ok:       r.m.requests.WithLabelValues(r.name, codeOK),
		duration: r.m.requestDuration.WithLabelValues(r.name),
	}
	r.hot.Store(s)
	return s
}

// Event returns the recorder of an event's deliveries; its series are
// created on the event's first delivery or drop.
func (m *Metrics) Event(name string) engine.EventRecorder {
	return &eventRecorder{m: m, name: name}
}

// eventRecorder records one event's deliveries.
type eventRecorder struct {
	m    *Metrics
	name string
	hot  atomic.Pointer[eventSeries]
}

// eventSeries are an event's resolved series.
type eventSeries struct {
	sent, dropped prometheus.Counter
}

// Delivered records one publication.
func (r *eventRecorder) Delivered(sent, dropped int) {
	if sent == 0 && dropped == 0 {
		return
	}
	s := r.hot.Load()
	if s == nil {
		s = &eventSeries{sent: r.m.eventsSent.WithLabelValues(r.name), dropped: r.m.eventsDropped.WithLabelValues(r.name)}
		r.hot.Store(s)
	}
	if sent > 0 {
		s.sent.Add(float64(sent))
	}
	if dropped > 0 {
		s.dropped.Add(float64(dropped))
	}
}

// Opened counts a connection that completed its handshake.
func (m *Metrics) Opened(p *engine.Peer) {
	if p == nil {
		return
	}
	role, proto := string(p.Role), protocolLabel(p.Protocol)
	m.handshakes.WithLabelValues(role, proto).Inc()
	m.connections.WithLabelValues(role, proto).Inc()
}

// Closed counts out a connection that had been opened.
func (m *Metrics) Closed(p *engine.Peer) {
	if p == nil {
		return
	}
	m.connections.WithLabelValues(string(p.Role), protocolLabel(p.Protocol)).Dec()
}

// Refused counts a failed handshake.
func (m *Metrics) Refused(reason string) { m.handshakeFails.WithLabelValues(reason).Inc() }

// SlowConsumer counts a slow-consumer close.
func (m *Metrics) SlowConsumer() { m.slowConsumers.Inc() }
