package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric name.
const namespace = "gatewire"

// Metrics is one gateway's registry and its metric families. It is safe
// for concurrent use. A process that rebuilds its gateway in place (an
// in-process restart) may hand the same Metrics to the new gateway: its
// families are registered once, when New builds it.
type Metrics struct {
	reg *prometheus.Registry

	connections      *prometheus.GaugeVec
	handshakes       *prometheus.CounterVec
	handshakeFails   *prometheus.CounterVec
	requests         *prometheus.CounterVec
	requestDuration  *prometheus.HistogramVec
	eventsSent       *prometheus.CounterVec
	eventsDropped    *prometheus.CounterVec
	slowConsumers    prometheus.Counter
	pairingRequests  *prometheus.CounterVec
	nodeInvokes      *prometheus.CounterVec
	agentRuns        *prometheus.CounterVec
	providerTokens   *prometheus.CounterVec
	providerFailures *prometheus.CounterVec
}

// requestBuckets are the request latency buckets in seconds: from 100 µs
// (a request answered from memory) to a minute (an agent turn waited on).
var requestBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// New builds a registry with every gatewire family, the Go runtime
// collector, the process collector and gatewire_build_info for version.
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.connections = m.gaugeVec("connections", "WebSocket connections past their handshake, by role and protocol version.", "role", "protocol")
	m.handshakes = m.counterVec("handshakes_total", "Handshakes that opened a connection, by role and protocol version.", "role", "protocol")
	m.handshakeFails = m.counterVec("handshake_failures_total", "Sockets that ended without completing their handshake, by reason.", "reason")
	m.requests = m.counterVec("requests_total", "Requests answered, by method and error code (OK for a result).", "method", "code")
	m.requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "request_duration_seconds",
		Help:    "Time from a request's arrival to its reply, by method.",
		Buckets: requestBuckets,
	}, []string{"method"})
	m.reg.MustRegister(m.requestDuration)
	m.eventsSent = m.counterVec("events_sent_total", "Events queued for connections, by event (one per recipient).", "event")
	m.eventsDropped = m.counterVec("events_dropped_total", "Events a slow consumer did not get (skipped drop-if-slow events and the event that closed it), by event.", "event")
	m.slowConsumers = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "slow_consumer_closes_total",
		Help: "Connections closed with 1008 \"slow consumer\".",
	})
	m.reg.MustRegister(m.slowConsumers)
	m.pairingRequests = m.counterVec("pairing_requests_total", "New pairing requests (a repeated ask for the same thing is not counted), by kind (device or node).", "kind")
	m.nodeInvokes = m.counterVec("node_invokes_total", "Commands relayed to nodes, by result.", "result")
	m.agentRuns = m.counterVec("agent_runs_total", "Agent runs that ended, by status (ok, error, aborted).", "status")
	m.providerTokens = m.counterVec("provider_tokens_total", "Model tokens the providers reported, by provider and kind (input, output, cache_read, cache_write).", "provider", "kind")
	m.providerFailures = m.counterVec("provider_errors_total", "Model calls that failed (not aborted), by provider.", "provider")
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info", Help: "Always 1; the version label is the running gatewire's.",
	}, []string{"version"})
	build.WithLabelValues(version).Set(1)
	m.reg.MustRegister(build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// counterVec registers a counter family.
func (m *Metrics) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: name, Help: help}, labels)
	m.reg.MustRegister(v)
	return v
}

// gaugeVec registers a gauge family.
func (m *Metrics) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	v := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, labels)
	m.reg.MustRegister(v)
	return v
}

// Registry returns the gateway's registry (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition formats; a
// collector's error fails the scrape with a 500 rather than serving a
// partial page.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError})
}

// protocolLabel is a protocol version as a label value.
func protocolLabel(v int) string { return strconv.Itoa(v) }
