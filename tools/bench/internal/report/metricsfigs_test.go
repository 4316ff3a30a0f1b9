package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/measure"
)

func TestMetricsOnIsJudgedAgainstMetricsOff(t *testing.T) {
	ms := time.Millisecond
	r := sampleReport()
	r.GatewayMetrics = &Target{
		Handshakes: []measure.Handshakes{{Workers: 1, PerSecond: []float64{980, 990, 1000}}},
		Calls: []*measure.Calls{
			{Method: "health", Conns: 50, ReplyBytes: 245, PerSecond: []float64{27000}, P50: []time.Duration{ms}, P99: []time.Duration{4 * ms}},
			{Method: "health", Conns: 1, ReplyBytes: 245, PerSecond: []float64{4900}, P50: []time.Duration{ms}, P99: []time.Duration{2 * ms}},
		},
	}
	var b bytes.Buffer
	r.Render(&b)
	doc := b.String()
	for _, c := range []struct{ prefix, want string }{
		{"| handshakes, sequential (1 worker), metrics on vs off (issue 12) |", "| 99% (990/s vs 1,000/s) | yes |"},
		{"| throughput, `health` over 50 connections, metrics on vs off (issue 12) |", "| 90% (27,000/s vs 30,000/s) | **no** |"},
		{"| throughput, `health` over 1 connection, metrics on vs off (issue 12) |", "| 98% (4,900/s vs 5,000/s) | yes |"},
	} {
		if got := row(t, doc, c.prefix); !strings.HasSuffix(got, c.want) {
			t.Errorf("row %q\n got %s\nwant suffix %s", c.prefix, got, c.want)
		}
	}
	if !strings.Contains(doc, "## Metrics on\n") {
		t.Error("no metrics section")
	}
}

func TestNoMetricsSectionWithoutMetricsFigures(t *testing.T) {
	var b bytes.Buffer
	sampleReport().Render(&b)
	if doc := b.String(); strings.Contains(doc, "## Metrics on") || strings.Contains(doc, "metrics on vs off") {
		t.Errorf("a metrics section without metrics figures:\n%s", doc)
	}
}
