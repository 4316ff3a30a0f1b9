package report

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"
)

// NotesMarker separates the generated part of BENCHMARKS.md from the
// hand-written notes below it, which a new run keeps.
const NotesMarker = "<!-- Everything below this line is written by hand and kept by `make bench`. -->"

// Write renders the report to path, keeping the notes of an existing
// file.
func (r *Report) Write(path string) error {
	notes, err := existingNotes(path)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	r.Render(&b)
	b.WriteString("\n" + NotesMarker + "\n")
	b.WriteString(notes)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// existingNotes returns what follows NotesMarker in the file at path, or
// a fresh notes heading when there is no such file or marker.
func existingNotes(path string) (string, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "\n## Notes\n", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the previous report: %w", err)
	}
	if _, notes, ok := strings.Cut(string(b), NotesMarker+"\n"); ok {
		return notes, nil
	}
	return "\n## Notes\n", nil
}

// Render writes the generated part of the report as Markdown.
func (r *Report) Render(b *bytes.Buffer) {
	b.WriteString("# gatewire benchmarks\n\n")
	b.WriteString("Written by `make bench` (`go run ./tools/bench`, see `tools/bench/README.md`). Do not edit above the notes marker; a new run replaces it.\n\n")
	r.renderMachine(b)
	r.renderTargets(b)
	r.renderFigures(b)
	r.renderVersions(b)
	r.renderTLS(b)
	r.renderMetrics(b)
	r.renderNodes(b)
	r.renderHistory(b)
	r.renderAgent(b)
	r.renderGenerator(b)
	r.renderMethod(b)
}

func (r *Report) renderMachine(b *bytes.Buffer) {
	m := r.Machine
	fmt.Fprintf(b, "- **Machine:** %s, %d cores, Linux %s, %s\n", m.CPU, m.Cores, m.Kernel, m.GoVersion)
	fmt.Fprintf(b, "- **Run:** %s, commit %s, load average at start %s, took %s\n", m.Date.Format(time.RFC3339), m.Commit, m.LoadAvg, r.Took.Round(time.Second))
	s := r.Settings
	fmt.Fprintf(b, "- **Settings:** runs per figure: %d (medians shown), %s per measured round, %d connections for the aggregate figures, idle steps %v, tick interval %d ms for the idle run",
		s.Runs, s.Duration, s.Conns, s.IdleSteps, s.TickIntervalMs)
	if s.Only != "" {
		fmt.Fprintf(b, ", only `%s`", s.Only)
	}
	b.WriteString("\n\n")
	b.WriteString("The machine is shared with other work and the load client runs on the same cores as the server, so absolute figures move from run to run; the ratios to the echo baseline, measured in the same run with the same client, are the figures to compare.\n\n")
}

func (r *Report) renderTargets(b *bytes.Buffer) {
	rows := r.targetRows()
	if len(rows) == 0 {
		return
	}
	b.WriteString("## Targets (DESIGN.md)\n\n| target | goal | measured | met |\n|---|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", row.target, row.goal, row.measured, row.met)
	}
	b.WriteString("\n")
}

func (r *Report) renderFigures(b *bytes.Buffer) {
	rows := r.figureRows()
	if len(rows) == 0 {
		return
	}
	b.WriteString("## Figures\n\n")
	b.WriteString("| measurement | gatewire | echo baseline | gatewire ÷ echo | OpenClaw 2026.9.6 (Node), quoted from DESIGN.md, not measured here |\n|---|---|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", row.what, row.gateway, row.echo, row.ratio, row.openclaw)
	}
	b.WriteString("\nRates: higher is better, the ratio is a share of the baseline. Latency and memory: lower is better, the ratio is a multiple of the baseline.\n\n")
}

func (r *Report) renderGenerator(b *bytes.Buffer) {
	if len(r.Generator) == 0 && r.GeneratorErr == "" {
		return
	}
	b.WriteString("## Generator\n\n")
	if r.GeneratorErr != "" {
		fmt.Fprintf(b, "The generator benchmarks did not run: %s\n\n", r.GeneratorErr)
		return
	}
	b.WriteString("| benchmark | median time per run | runs |\n|---|---|---|\n")
	for _, g := range r.Generator {
		if len(g.PerOp) == 0 {
			fmt.Fprintf(b, "| `%s` | not found in `tools/protocol-gen` | 0 |\n", g.Name)
			continue
		}
		fmt.Fprintf(b, "| `%s` | %s | %d |\n", g.Name, dur(g.Median()), len(g.PerOp))
	}
	b.WriteString("\n")
}

func (r *Report) renderMethod(b *bytes.Buffer) {
	b.WriteString("## How each figure is measured\n\n")
	for _, line := range methodNotes(r.Settings) {
		b.WriteString("- " + line + "\n")
	}
}

// methodNotes describes the measurements.
func methodNotes(s Settings) []string {
	return []string{
		"**Targets.** `bin/gatewire gateway --port P --bind loopback --token T --state-dir D` (a fresh state directory per process) and the echo baseline (`tools/bench/echo`: coder/websocket, decodes the JSON envelope, replies `{\"type\":\"res\",\"id\":…,\"ok\":true,\"payload\":{}}` on the reading goroutine, no validation, auth or dispatch; it greets each socket with a `connect.challenge` like the gateway). Each runs as its own process; the load client is the benchmark process.",
		"**Client.** The same code for both targets (`tools/bench/internal/client`): wait for `connect.challenge`, send `connect` as `gateway-client`/`backend` with the shared token (so the gateway keeps the requested scopes on loopback), wait for the reply. " + sourcesNote(s.Sources),
		"**Presence.** In the main runs all connections send the same `client.instanceId`, so they share one presence entry (the gateway keys presence by it): `system-presence` replies and `presence` events list two entries, the gateway's own and the benchmark's, whatever the number of connections. A second idle run of the gateway at the largest count gives every connection its own entry (no instance id), so the list is at its cap of 200 entries and each `presence` event is as large as it gets.",
		"**Launch to first accepted connect.** Time from executing the binary to the first completed handshake, retrying the dial every 2 ms, each launch with a fresh state directory; median of " + fmt.Sprint(StartupLaunches(s.Runs)) + " launches. **Idle RSS** is VmRSS from `/proc/<pid>/status` one second after that connection closed.",
		"**Protocol 4 clients.** The gateway is measured a second time by the same client code offering exactly protocol 4 (handshakes, calls, idle), taking its turn right after the protocol 3 clients' and before the echo baseline's; the node figures stay at protocol 3 (a protocol 4 node's commands wait for an operator's approval).",
		"**Rounds take turns.** Handshake and call figures are measured round by round across the targets (round 1 on each target, then round 2, …), each round on a fresh server process, so a change in the machine's load over the run reaches every target alike.",
		"**Handshakes.** Each worker loops open → challenge → connect → reply → close handshake; the rate is completed loops per second over a round.",
		"**Req/s and latency.** Ping-pong: every connection has exactly one request in flight and sends the next as soon as the reply arrives (same for both targets); 0.5 s warm-up, then a measured round. p50/p99 are per-request round trips over all connections of the round; server CPU per request is the server process's user+system time (from `/proc/<pid>/stat`, 10 ms resolution) over the round divided by the requests completed.",
		"**Memory per idle connection.** One process; connections are opened by 16 concurrent dialers up to each step and left idle for 2 s; (median of three VmRSS readings − VmRSS before the first connection) ÷ connections. KB = 1,000 bytes.",
		"**Ticks.** The idle run's gateway has `gateway.tickIntervalMs` = " + fmt.Sprint(s.TickIntervalMs) + " in its config file; every connection must receive a new `tick` within two intervals plus a second.",
		"**Presence fan-out.** An extra admin connection calls `system-event`; the gateway refreshes presence and broadcasts `presence` to every operator. The time runs from sending the request to the arrival of the event at the last (and the median) idle connection, as seen by the client's reader goroutines.",
		"**Node command plane.** One node host (role `node`, its own device identity, paired silently on loopback, declaring `system.which`) answers every `node.invoke.request` at once with an empty payload, on its reading goroutine. Operators call `node.invoke` on it in a ping-pong loop, each call with its own idempotency key; a fresh gateway per figure, 0.5 s warm-up. Memory: " + fmt.Sprint(s.NodeIdle) + " (`--node-idle`) node connections, each with its own device, on one fresh gateway, and as many idle operator connections on another; (VmRSS with them − VmRSS before) ÷ connections, 2 s after the last one connected; the two kinds take turns, once per run, and the medians are shown.",
		"**Generator.** `go test -bench` of `" + benchGenerate + "` and `" + benchTypesLargeDoc + "` in `tools/protocol-gen`.",
	}
}

// sourcesNote says which loopback addresses the client's sockets came
// from.
func sourcesNote(sources int) string {
	if sources <= 1 {
		return "Sockets come from one loopback address."
	}
	return fmt.Sprintf("Sockets come from 127.0.0.1–127.0.0.%d so that ports never run short.", sources)
}

// StartupLaunches is how many launches the startup figures take for a
// given number of runs: at least five, since a launch is quick.
func StartupLaunches(runs int) int { return max(runs, 5) }
