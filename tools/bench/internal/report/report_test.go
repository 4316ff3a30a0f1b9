package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/gobench"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
)

func sampleReport() *Report {
	ms := time.Millisecond
	return &Report{
		Machine:  Machine{CPU: "Test CPU", Cores: 2, GoVersion: "go1.x", Kernel: "6.0", LoadAvg: "0.1 0.2 0.3", Commit: "abc"},
		Settings: Settings{Runs: 3, Duration: 2 * time.Second, Conns: 50, IdleSteps: []int{2000, 10000}, TickIntervalMs: 2000, Workers: []int{1}, Sources: 8},
		Gateway: &Target{
			Startup:    &measure.Startup{FirstConnect: []time.Duration{40 * ms, 50 * ms, 60 * ms}, IdleRSS: []int64{20 << 20, 21 << 20, 22 << 20}},
			Handshakes: []measure.Handshakes{{Workers: 1, PerSecond: []float64{900, 1000, 1100}}},
			Calls: []*measure.Calls{
				{Method: "health", Conns: 50, ReplyBytes: 245, PerSecond: []float64{30000}, P50: []time.Duration{ms}, P99: []time.Duration{4 * ms}},
				{Method: "health", Conns: 1, ReplyBytes: 245, PerSecond: []float64{5000}, P50: []time.Duration{ms}, P99: []time.Duration{2 * ms}},
			},
			Idle: &measure.Idle{
				BaseRSS:  20 << 20,
				Steps:    []measure.IdleStep{{Conns: 2000, RSS: 40 << 20, PerConn: 11_000}, {Conns: 10000, RSS: 150 << 20, PerConn: 13_000}},
				Ticks:    &measure.Ticks{Conns: 10000, Reached: 10000, Window: 5 * time.Second, AllWithin: 900 * ms},
				Fanout:   &measure.Fanout{Conns: 10000, Latency: []time.Duration{200 * ms, 240 * ms, 300 * ms}, Median: []time.Duration{ms, ms, ms}, Delivered: []int{10000, 10000, 10000}, FrameBytes: 700},
				Shutdown: 300 * ms, ShutdownClean: true,
			},
			IdleOwnEntries: &measure.Idle{
				Steps:  []measure.IdleStep{{Conns: 10000, PerConn: 11_500}},
				Fanout: &measure.Fanout{Conns: 10000, Latency: []time.Duration{260 * ms}, Median: []time.Duration{ms}, Delivered: []int{10000}, FrameBytes: 43000},
			},
		},
		Echo: &Target{
			Calls: []*measure.Calls{
				{Method: "health", Conns: 50, ReplyBytes: 46, PerSecond: []float64{40000}, P50: []time.Duration{ms / 2}, P99: []time.Duration{2 * ms}},
				{Method: "health", Conns: 1, ReplyBytes: 46, PerSecond: []float64{10000}, P50: []time.Duration{ms / 2}, P99: []time.Duration{ms}},
			},
			Handshakes: []measure.Handshakes{{Workers: 1, PerSecond: []float64{2000}}},
		},
		Generator: []gobench.Result{
			{Name: "BenchmarkGenerateProtocol", PerOp: []time.Duration{300 * ms, 310 * ms}},
			{Name: "BenchmarkTypesLargeDocument"},
		},
	}
}

// row returns the table row that starts with prefix.
func row(t *testing.T, doc, prefix string) string {
	t.Helper()
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	t.Fatalf("no row starting %q in:\n%s", prefix, doc)
	return ""
}

func TestTargetsVerdicts(t *testing.T) {
	var b bytes.Buffer
	sampleReport().Render(&b)
	doc := b.String()
	cases := []struct{ prefix, want string }{
		{"| throughput, `health` over 50 connections, vs echo |", "| 75% (30,000/s vs 40,000/s) | yes |"},
		{"| throughput, `health` over 1 connection, vs echo |", "| 50% (5,000/s vs 10,000/s) | **no** |"},
		{"| launch to first accepted connect |", "| 50.0 ms | yes |"},
		{"| RSS idle after start |", "| 21.0 MiB | yes |"},
		{"| memory per idle connection at 2,000 |", "| 11.0 KB | yes |"},
		{"| memory per idle connection at 10,000 |", "| 13.0 KB | **no** |"},
		{"| 10,000 connections held with ticks flowing |", "(all within 900 ms); 0 closed by the server | yes |"},
		{"| presence event delivered to every connection (one shared presence entry; 700 B event) |", "| 240 ms to the last of 10,000 (median of 3 broadcasts) | yes |"},
		{"| presence event delivered to every connection (every connection its own presence entry, 200-entry list; 43,000 B event) |", "| 260 ms to the last of 10,000 (median of 1 broadcasts) | **no** |"},
		{"| SIGTERM with 10,000 connections open", "| 300 ms, exit 0 | yes |"},
		{"| regenerating `gen/`", "| 305 ms per run (2 counts) | yes |"},
		{"| `protocol-gen types`", "| benchmark not found | not measured |"},
	}
	for _, tc := range cases {
		if got := row(t, doc, tc.prefix); !strings.HasSuffix(got, tc.want) {
			t.Errorf("row %s\n  ends %q, want %q", got, got[max(0, len(got)-len(tc.want)):], tc.want)
		}
	}
}

func TestFiguresShowBothTargetsRatiosAndQuotedReferences(t *testing.T) {
	var b bytes.Buffer
	sampleReport().Render(&b)
	doc := b.String()
	if got := row(t, doc, "| `health`, 1 connection: req/s |"); got != "| `health`, 1 connection: req/s | 5,000/s | 10,000/s | 50% | ≈1,200/s |" {
		t.Errorf("health row = %s", got)
	}
	if got := row(t, doc, "| `health`, 1 connection: p50 latency |"); got != "| `health`, 1 connection: p50 latency | 1.00 ms | 500 µs | 2.00× | 0.78 ms |" {
		t.Errorf("latency row = %s", got)
	}
	if got := row(t, doc, "| handshakes, sequential (1 worker) |"); got != "| handshakes, sequential (1 worker) | 1,000/s (3 runs: 900/s – 1,100/s) | 2,000/s | 50% | — |" {
		t.Errorf("handshake row = %s", got)
	}
	if got := row(t, doc, "| presence event |"); !strings.Contains(got, "| 700 B |") {
		t.Errorf("event size row = %s", got)
	}
	if got := row(t, doc, "| memory per idle connection at 10,000, own presence entries |"); !strings.Contains(got, "| 11.5 KB |") {
		t.Errorf("own entries memory row = %s", got)
	}
	if got := row(t, doc, "| presence fan-out to 10,000, own presence entries: last connection |"); !strings.Contains(got, "| 260 ms |") {
		t.Errorf("own entries fan-out row = %s", got)
	}
	for _, want := range []string{"Test CPU, 2 cores", "commit abc", "quoted from DESIGN.md, not measured here"} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestMethodNamesTheSourceAddressesUsed(t *testing.T) {
	for sources, want := range map[int]string{8: "127.0.0.1–127.0.0.8", 3: "127.0.0.1–127.0.0.3", 1: "one loopback address"} {
		r := sampleReport()
		r.Settings.Sources = sources
		var b bytes.Buffer
		r.Render(&b)
		if got := row(t, b.String(), "- **Client.**"); !strings.Contains(got, want) {
			t.Errorf("with %d sources the client note reads %q, want %q", sources, got, want)
		}
	}
}

func TestWriteKeepsTheNotes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	r := sampleReport()
	if err := r.Write(path); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(first), NotesMarker+"\n\n## Notes\n") {
		t.Fatalf("new report does not end with an empty notes section:\n%s", first[max(0, len(first)-200):])
	}
	notes := "\n## Notes\n\nThe per-connection figure is dominated by …\n"
	edited := strings.Replace(string(first), "\n## Notes\n", notes, 1)
	edited = strings.Replace(edited, "Test CPU", "Old CPU", 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := r.Write(path); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(second), NotesMarker+"\n"+notes) || strings.Contains(string(second), "Old CPU") {
		t.Fatalf("rewritten report lost the notes or kept stale figures:\n%s", second)
	}
}
