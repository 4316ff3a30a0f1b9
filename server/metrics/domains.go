package metrics

// Tokens is the token accounting of one run.
type Tokens struct {
	Input, Output, CacheRead, CacheWrite int64
}

// noProvider is the provider label of a run that never reached a model.
const noProvider = "none"

// PairingRequested counts a new pairing request of kind (device, node).
func (m *Metrics) PairingRequested(kind string) { m.pairingRequests.WithLabelValues(kind).Inc() }

// NodeInvoked counts a command relayed to a node that ended with result.
func (m *Metrics) NodeInvoked(result string) { m.nodeInvokes.WithLabelValues(result).Inc() }

// RunEnded counts an agent run that ended with status, and the tokens its
// provider reported (nil when it reported none).
func (m *Metrics) RunEnded(status, provider string, t *Tokens) {
	m.agentRuns.WithLabelValues(status).Inc()
	if t == nil {
		return
	}
	if provider == "" {
		provider = noProvider
	}
	for _, k := range []struct {
		kind string
		n    int64
	}{{"input", t.Input}, {"output", t.Output}, {"cache_read", t.CacheRead}, {"cache_write", t.CacheWrite}} {
		if k.n > 0 {
			m.providerTokens.WithLabelValues(provider, k.kind).Add(float64(k.n))
		}
	}
}

// ModelCallFailed counts a failed model call of provider.
func (m *Metrics) ModelCallFailed(provider string) {
	if provider == "" {
		provider = noProvider
	}
	m.providerFailures.WithLabelValues(provider).Inc()
}
