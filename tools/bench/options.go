package main

import (
	"errors"

	"flag"
	"fmt"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Measurement groups --only selects from.
const (
	groupStartup    = "startup"
	groupHandshakes = "handshakes"
	groupCalls      = "calls"
	groupIdle       = "idle"
	groupNodes      = "nodes"
	groupHistory    = "history"
	groupAgent      = "agent"
	groupGenerator  = "generator"
)

var allGroups = []string{groupStartup, groupHandshakes, groupCalls, groupIdle, groupNodes, groupHistory, groupAgent, groupGenerator}

// Target names --targets selects from: the gateway with protocol 3
// clients, the same gateway with protocol 4 clients, and the echo
// baseline.
const (
	targetGateway    = "gatewire"
	targetGatewayV4  = "gatewire-v4"
	targetGatewayTLS = "gatewire-tls"
	targetMetrics    = "gatewire-metrics"
	targetEcho       = "echo"
)

var allTargets = []string{targetGateway, targetGatewayV4, targetGatewayTLS, targetMetrics, targetEcho}

// options are the parsed flags.
type options struct {
	gateway, echo, out string
	only               []string
	targets            []string
	runs               int
	duration           time.Duration
	conns              int
	idleSteps          []int
	tickMs             int64
	workers            []int
	fanoutRuns         int
	sources            int
	genCount           int
	keep               bool
	ownEntries         bool
	nodeIdle           int
	agent              measure.AgentOptions
}

func parseFlags(args []string) (options, error) {
	var o options
	var only, targets, idle, workers string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = usage(fs)
	fs.StringVar(&o.gateway, "gateway", "bin/gatewire", "gatewire binary")
	fs.StringVar(&o.echo, "echo", "", "echo baseline binary (default: built from ./tools/bench/echo)")
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "report to write (hand-written notes below its marker are kept)")
	fs.StringVar(&only, "only", strings.Join(allGroups, ","), "measurement groups to run: "+strings.Join(allGroups, ","))
	fs.StringVar(&targets, "targets", strings.Join(allTargets, ","),
		"servers to measure: gatewire (protocol 3 clients), gatewire-v4 (the same figures with protocol 4 clients), "+
			"gatewire-tls (the same figures over wss://), gatewire-metrics (handshakes and calls with gateway.metrics.enabled), echo")
	fs.IntVar(&o.runs, "runs", 3, "runs per figure (the report shows medians)")
	fs.DurationVar(&o.duration, "duration", 2*time.Second, "length of each measured round")
	fs.IntVar(&o.conns, "conns", 50, "connections for the aggregate req/s figures")
	fs.StringVar(&idle, "idle", "2000,10000", "idle connection counts at which memory is read")
	fs.Int64Var(&o.tickMs, "tick-ms", 2000, "gateway.tickIntervalMs of the idle run's gateway (≥ 1000)")
	fs.StringVar(&workers, "workers", "1,4", "concurrent workers of the handshake figures")
	fs.IntVar(&o.fanoutRuns, "fanout-runs", 5, "presence broadcasts timed in the idle run")
	fs.IntVar(&o.sources, "sources", 8, "loopback source addresses to dial from (127.0.0.1…)")
	fs.IntVar(&o.genCount, "gen-count", 3, "-count of the generator benchmarks")
	fs.BoolVar(&o.keep, "keep", false, "keep the scratch directory (server logs and state)")
	fs.BoolVar(&o.ownEntries, "own-entries", true, "in the idle group, also run the gateway with every connection in its own presence entry (a 200-entry presence list)")
	fs.IntVar(&o.nodeIdle, "node-idle", 1000, "node connections held in the nodes group (memory per node vs per idle operator)")
	fs.IntVar(&o.agent.Turns, "agent-turns", 200, "sequential turns per run of the agent turn-overhead figure")
	fs.IntVar(&o.agent.Subscribers, "agent-subscribers", 100, "connections one run's deltas fan out to in the agent group")
	fs.IntVar(&o.agent.Deltas, "agent-deltas", 200, "deltas of the agent fan-out run")
	fs.DurationVar(&o.agent.DeltaGap, "agent-delta-gap", 10*time.Millisecond, "time between the fan-out run's deltas (10 ms: 100 tokens/s)")
	fs.DurationVar(&o.agent.TTFT, "agent-ttft", 20*time.Millisecond, "provider time to first token of the second turn-overhead figure")
	fs.IntVar(&o.agent.Concurrent, "agent-concurrent", 100, "runs started at once, each in its own session, in the agent group")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.only, err = pick(only, allGroups, "--only"); err != nil {
		return o, err
	}
	if o.targets, err = pick(targets, allTargets, "--targets"); err != nil {
		return o, err
	}
	if o.idleSteps, err = ints(idle, "--idle"); err != nil {
		return o, err
	}
	if o.workers, err = ints(workers, "--workers"); err != nil {
		return o, err
	}
	return o, o.check()
}

// check rejects settings that cannot produce a figure.
func (o options) check() error {
	switch {
	case o.runs < 1, o.conns < 1, o.fanoutRuns < 1, o.sources < 1 || o.sources > 250, o.genCount < 1, o.nodeIdle < 1:
		return errors.New("--runs, --conns, --fanout-runs, --gen-count and --node-idle must be at least 1, --sources 1…250")
	case o.agent.Turns < 1, o.agent.Subscribers < 1, o.agent.Deltas < 1, o.agent.Concurrent < 1:
		return errors.New("--agent-turns, --agent-subscribers, --agent-deltas and --agent-concurrent must be at least 1")
	case o.duration < 100*time.Millisecond:
		return errors.New("--duration must be at least 100ms")
	case o.tickMs < 1000:
		return errors.New("--tick-ms must be at least 1000 (the gateway's minimum)")
	case !slices.IsSorted(o.idleSteps):
		return errors.New("--idle counts must be ascending")
	}
	return nil
}

// pick splits a comma list and checks every item is allowed.
func pick(list string, allowed []string, flagName string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !slices.Contains(allowed, item) {
			return nil, fmt.Errorf("%s: unknown %q (want some of %s)", flagName, item, strings.Join(allowed, ","))
		}
		out = append(out, item)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: nothing selected", flagName)
	}
	return out, nil
}

// ints splits a comma list of positive integers.
func ints(list, flagName string) ([]int, error) {
	var out []int
	for _, item := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive integer", flagName, item)
		}
		out = append(out, n)
	}
	return out, nil
}

// selected reports whether a measurement group runs.
func (o options) selected(group string) bool { return slices.Contains(o.only, group) }

// targeted reports whether a server is measured.
func (o options) targeted(name string) bool { return slices.Contains(o.targets, name) }
