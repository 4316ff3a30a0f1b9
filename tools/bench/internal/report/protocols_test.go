package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/measure"
)

func TestProtocol4ClientsAreJudgedAgainstProtocol3(t *testing.T) {
	ms := time.Millisecond
	r := sampleReport()
	r.GatewayV4 = &Target{
		Handshakes: []measure.Handshakes{{Workers: 1, PerSecond: []float64{980, 990, 1000}}},
		Calls: []*measure.Calls{
			{Method: "health", Conns: 50, ReplyBytes: 260, PerSecond: []float64{27000}, P50: []time.Duration{ms}, P99: []time.Duration{4 * ms}},
			{Method: "health", Conns: 1, ReplyBytes: 260, PerSecond: []float64{4900}, P50: []time.Duration{ms}, P99: []time.Duration{2 * ms}},
		},
		Idle: &measure.Idle{
			Steps:  []measure.IdleStep{{Conns: 2000, PerConn: 11_000}, {Conns: 10000, PerConn: 13_650}},
			Fanout: &measure.Fanout{Conns: 10000, Latency: []time.Duration{220 * ms}, Median: []time.Duration{ms}, Delivered: []int{10000}, FrameBytes: 760},
		},
	}
	var b bytes.Buffer
	r.Render(&b)
	doc := b.String()
	for _, c := range []struct{ prefix, want string }{
		{"| handshakes, sequential (1 worker), protocol 4 clients vs protocol 3 clients (issue 10) |", "| 99% (990/s vs 1,000/s) | yes |"},
		{"| throughput, `health` over 50 connections, protocol 4 clients vs protocol 3 clients (issue 10) |", "| 90% (27,000/s vs 30,000/s) | **no** |"},
		{"| throughput, `health` over 1 connection, protocol 4 clients vs protocol 3 clients (issue 10) |", "| 98% (4,900/s vs 5,000/s) | yes |"},
		{"| `health`, 1 connection: reply size | 245 B | 260 B |", ""},
		{"| memory per idle connection at 10,000 | 13.0 KB | 13.7 KB | 1.05× |", ""},
		{"| presence event | 700 B | 760 B |", ""},
	} {
		if got := row(t, doc, c.prefix); !strings.HasSuffix(got, c.want) {
			t.Errorf("row %q\n got %s\nwant suffix %s", c.prefix, got, c.want)
		}
	}
	if !strings.Contains(doc, "## Protocol 4 clients\n") {
		t.Error("no protocol 4 section")
	}
}

func TestNoProtocol4SectionWithoutProtocol4Clients(t *testing.T) {
	var b bytes.Buffer
	sampleReport().Render(&b)
	if doc := b.String(); strings.Contains(doc, "## Protocol 4 clients") || strings.Contains(doc, "protocol 4 clients vs") {
		t.Errorf("a protocol 4 section without protocol 4 figures:\n%s", doc)
	}
}
