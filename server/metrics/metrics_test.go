package metrics

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/gatewire/gatewire/runtime/wire"
)

// TestEachGatewayHasItsOwnRegistry: two registries side by side (two
// gateways in one process, or one rebuilt in place) never clash, and what
// one records the other does not see.
func TestEachGatewayHasItsOwnRegistry(t *testing.T) {
	a, b := New("1"), New("1")
	a.Method("health").Done(0, nil)
	a.Method("health").Done(0, wire.InvalidRequest("x"))
	if got := testutil.ToFloat64(a.requests.WithLabelValues("health", "OK")); got != 1 {
		t.Fatalf("a's health OK = %v", got)
	}
	if got := testutil.ToFloat64(a.requests.WithLabelValues("health", "INVALID_REQUEST")); got != 1 {
		t.Fatalf("a's health INVALID_REQUEST = %v", got)
	}
	if n := testutil.CollectAndCount(b.requests); n != 0 {
		t.Fatalf("b sees %d request series", n)
	}
	problems, err := testutil.GatherAndLint(a.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

func TestRunsCountTokensByProviderAndKind(t *testing.T) {
	m := New("1")
	m.RunEnded("ok", "fake", &Tokens{Input: 3, Output: 5, CacheRead: 2})
	m.RunEnded("error", "", nil)
	m.ModelCallFailed("")
	want := `
# HELP gatewire_provider_tokens_total Model tokens the providers reported, by provider and kind (input, output, cache_read, cache_write).
# TYPE gatewire_provider_tokens_total counter
gatewire_provider_tokens_total{kind="cache_read",provider="fake"} 2
gatewire_provider_tokens_total{kind="input",provider="fake"} 3
gatewire_provider_tokens_total{kind="output",provider="fake"} 5
# HELP gatewire_provider_errors_total Model calls that failed (not aborted), by provider.
# TYPE gatewire_provider_errors_total counter
gatewire_provider_errors_total{provider="none"} 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "gatewire_provider_tokens_total", "gatewire_provider_errors_total"); err != nil {
		t.Fatal(err)
	}
}
