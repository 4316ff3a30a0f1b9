package gateway_test

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// metricsOn is a config with metrics on and an OpenAI-compatible provider
// served by fake.
func metricsOn(fake *fakellm.Server) string {
	return fmt.Sprintf(`{
  gateway: { metrics: { enabled: true } },
  models: { providers: { fake: { baseUrl: %q, apiKey: "sk-test", api: "openai-completions",
    models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000, maxTokens: 4096 } ] } } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } }
}`, fake.BaseURL(fakellm.APIOpenAICompletions))
}

// scrape GETs /metrics with the gateway token and returns the page.
func scrape(t *testing.T, g *gatewaytest.Gateway) []byte {
	t.Helper()
	resp, body := request(t, "GET", g.HTTPURL+"/metrics", http.Header{"Authorization": {"Bearer " + g.Token}})
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	return []byte(body)
}

// families parses a scraped page.
func families(t *testing.T, page []byte) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("parsing the scrape: %v\n%s", err, page)
	}
	return mfs
}

// value returns the value of the series of family name whose labels
// include want (summed over the series that match), and whether any
// matched. Histograms give their sample count.
func value(mfs map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	mf, ok := mfs[name]
	if !ok {
		return 0, false
	}
	sum, found := 0.0, false
	for _, m := range mf.GetMetric() {
		if !hasLabels(m, want) {
			continue
		}
		found = true
		switch {
		case m.GetCounter() != nil:
			sum += m.GetCounter().GetValue()
		case m.GetGauge() != nil:
			sum += m.GetGauge().GetValue()
		case m.GetHistogram() != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum, found
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	have := map[string]string{}
	for _, l := range m.GetLabel() {
		have[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

// labelValues lists the values label takes in family name.
func labelValues(mfs map[string]*dto.MetricFamily, name, label string) []string {
	var out []string
	for _, m := range mfs[name].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == label {
				out = append(out, l.GetValue())
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestMetricsAreOffByDefault(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	resp, body := request(t, "GET", g.HTTPURL+"/metrics", http.Header{"Authorization": {"Bearer " + g.Token}})
	if strings.Contains(body, "gatewire_") || strings.Contains(resp.Header.Get("Content-Type"), "version=") || g.Metrics() != nil {
		t.Fatalf("GET /metrics without gateway.metrics.enabled = %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// TestMetricsNeedGatewayAuth: /metrics is behind gateway HTTP auth like
// every HTTP route but liveness, for loopback callers as well.
func TestMetricsNeedGatewayAuth(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{Config: `{ gateway: { metrics: { enabled: true } } }`})
	for _, h := range []http.Header{nil, {"Authorization": {"Bearer wrong-token"}}, {"Authorization": {"Basic " + g.Token}}} {
		resp, body := request(t, "GET", g.HTTPURL+"/metrics", h)
		if resp.StatusCode != 401 || strings.Contains(body, "gatewire_") {
			t.Errorf("GET /metrics with %v = %d %s", h, resp.StatusCode, body)
		}
	}
	resp, _ := request(t, "POST", g.HTTPURL+"/metrics", http.Header{"Authorization": {"Bearer " + g.Token}})
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /metrics = %d", resp.StatusCode)
	}
	if page := scrape(t, g); !bytes.Contains(page, []byte("gatewire_build_info{")) {
		t.Errorf("the scrape has no build info:\n%s", page)
	}
}

// TestMetricsAfterRealTraffic drives every kind of traffic the metrics
// count over real sockets, then scrapes /metrics: the page passes
// promlint (what `promtool check metrics` runs) and the values moved.
func TestMetricsAfterRealTraffic(t *testing.T) {
	fake := fakellm.Start(t,
		fakellm.Reply{Chunks: []string{"hello ", "there"}, Usage: &fakellm.Usage{Input: 11, Output: 7}},
		fakellm.Fail(500, "the model is down"))
	g := gatewaytest.Start(t, gatewaytest.Options{Config: metricsOn(fake)})

	v3 := operator(t, g, admin)
	v4 := gatewaytest.Dial(t, g.URL)
	v4.MustConnect(gatewaytest.ConnectParamsAt(4, g.Token, "operator", admin))
	v3.Result("health", nil, nil)
	v4.Result("health", nil, nil)
	if f := v3.Call("no.such.method", map[string]any{}); f.OK || f.Error.Code != "INVALID_REQUEST" {
		t.Fatalf("unknown method = %s", f.Raw)
	}

	// Failed handshakes: a wrong token, and a first request that is not
	// connect.
	bad := gatewaytest.Dial(t, g.URL)
	if f, _ := bad.Connect(gatewaytest.ConnectParams("not-the-token", "operator", read)); f.OK {
		t.Fatalf("connect with a wrong token = %s", f.Raw)
	}
	notConnect := gatewaytest.Dial(t, g.URL)
	notConnect.Request("health", nil)
	notConnect.Closed()

	// A protocol 4 node asks for its command surface (a pairing request),
	// is approved, and answers one node.invoke.
	dev := gatewaytest.NewDevice(t)
	node := gatewaytest.Dial(t, g.URL)
	p := gatewaytest.ConnectParamsAt(4, g.Token, string(protocol.RoleNode))
	name := "metrics-box"
	p.Client = protocol.ClientInfo{ID: "node-host", Version: "1.0.0", Platform: "linux", Mode: protocol.ClientModeNode, DisplayName: &name}
	p.Commands = []string{"system.which"}
	node.Sign(p, dev)
	node.MustConnect(p)
	if !v3.ApprovePendingNode(dev.DeviceID) {
		t.Fatal("the node's command surface was not pending")
	}
	id := v3.Request("node.invoke", map[string]any{"nodeId": dev.DeviceID, "command": "system.which", "idempotencyKey": "m1",
		"params": map[string]any{"bins": []string{"git"}}})
	ev := node.NextEvent(protocol.EventNodeInvokeRequest)
	var req protocol.NodeInvokeRequestEvent
	if err := ev.Decode(&req); err != nil {
		t.Fatal(err)
	}
	node.Call("node.invoke.result", map[string]any{"id": req.ID, "nodeId": dev.DeviceID, "ok": true, "payloadJSON": `{"bins":{}}`})
	if f := v3.Response(id); !f.OK {
		t.Fatalf("node.invoke = %s", f.Raw)
	}

	// Two agent runs: one answered with usage, one the provider fails.
	for i, want := range []string{`"status":"ok"`, `"status":"error"`} {
		id := v3.Request("agent", map[string]any{"message": "hi", "agentId": "main", "idempotencyKey": fmt.Sprintf("run-%d", i)})
		v3.Response(id) // accepted
		if final := v3.Response(id); !strings.Contains(string(final.Raw), want) {
			t.Fatalf("run %d = %s, want %s", i, final.Raw, want)
		}
	}
	v4.CloseNow()
	for deadline := time.Now().Add(gatewaytest.Wait); ; time.Sleep(10 * time.Millisecond) {
		n, _ := value(families(t, scrape(t, g)), "gatewire_connections", map[string]string{"role": "operator", "protocol": "4"})
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the closed v4 operator is still counted as connected")
		}
	}

	page := scrape(t, g)
	problems, err := promlint.New(bytes.NewReader(page)).Lint()
	if err != nil {
		t.Fatalf("promlint: %v", err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	mfs := families(t, page)
	atLeast := func(name string, labels map[string]string, min float64) {
		t.Helper()
		if v, ok := value(mfs, name, labels); !ok || v < min {
			t.Errorf("%s%v = %v (present %v), want at least %v", name, labels, v, ok, min)
		}
	}
	atLeast("gatewire_connections", map[string]string{"role": "operator", "protocol": "3"}, 1)
	atLeast("gatewire_connections", map[string]string{"role": "node", "protocol": "4"}, 1)
	atLeast("gatewire_handshakes_total", map[string]string{"role": "operator", "protocol": "4"}, 1)
	atLeast("gatewire_handshake_failures_total", map[string]string{"reason": "first_not_connect"}, 1)
	atLeast("gatewire_handshake_failures_total", map[string]string{"reason": "AUTH_TOKEN_MISMATCH"}, 1)
	atLeast("gatewire_requests_total", map[string]string{"method": "health", "code": "OK"}, 2)
	atLeast("gatewire_requests_total", map[string]string{"method": "unknown", "code": "INVALID_REQUEST"}, 1)
	atLeast("gatewire_request_duration_seconds", map[string]string{"method": "health"}, 2)
	atLeast("gatewire_request_duration_seconds", map[string]string{"method": "node.invoke"}, 1)
	atLeast("gatewire_events_sent_total", map[string]string{"event": "agent"}, 1)
	atLeast("gatewire_events_sent_total", map[string]string{"event": "node.invoke.request"}, 1)
	atLeast("gatewire_pairing_requests_total", map[string]string{"kind": "node"}, 1)
	atLeast("gatewire_node_invokes_total", map[string]string{"result": "ok"}, 1)
	atLeast("gatewire_agent_runs_total", map[string]string{"status": "ok"}, 1)
	atLeast("gatewire_agent_runs_total", map[string]string{"status": "error"}, 1)
	atLeast("gatewire_provider_tokens_total", map[string]string{"provider": "fake", "kind": "input"}, 11)
	atLeast("gatewire_provider_tokens_total", map[string]string{"provider": "fake", "kind": "output"}, 7)
	atLeast("gatewire_provider_errors_total", map[string]string{"provider": "fake"}, 1)
	if v, ok := value(mfs, "gatewire_connections", map[string]string{"role": "operator", "protocol": "4"}); !ok || v != 0 {
		t.Errorf("the closed v4 operator is still counted: %v", v)
	}
	// Label values come from the manifest, never from what a client sent.
	for _, m := range labelValues(mfs, "gatewire_requests_total", "method") {
		if m == "no.such.method" {
			t.Errorf("a client's made-up method name became a label value")
		}
	}
	if _, ok := mfs["go_goroutines"]; !ok {
		t.Error("the Go runtime collector is missing")
	}
}
