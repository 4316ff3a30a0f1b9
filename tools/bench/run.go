package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/gobench"
	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/report"
	"github.com/gatewire/gatewire/tools/bench/internal/target"
)

// benchInstance is the client.instanceId the benchmark's connections
// share, so that they make one presence entry.
const benchInstance = "gatewire-bench"

// run measures the selected groups and writes the report.
func run(o options) error {
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp("", "gatewire-bench-")
	if err != nil {
		return fmt.Errorf("creating scratch dir: %w", err)
	}
	if o.keep {
		logf("scratch directory (kept): %s", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	r := &report.Report{
		Machine: report.DescribeMachine(root),
		Settings: report.Settings{Runs: o.runs, Duration: o.duration, Conns: o.conns, IdleSteps: o.idleSteps,
			TickIntervalMs: o.tickMs, Workers: o.workers, Sources: o.sources, NodeIdle: o.nodeIdle, Only: onlyLabel(o)},
	}
	benches, err := environments(o, root, scratch, r)
	if err != nil {
		return err
	}
	if err := measureAll(o, benches); err != nil {
		return err
	}
	if o.selected(groupGenerator) {
		runGenerator(o, root, r)
	}
	r.Took = time.Since(started)
	if err := r.Write(o.out); err != nil {
		return err
	}
	logf("wrote %s in %s", o.out, r.Took.Round(time.Second))
	return nil
}

// onlyLabel names the selected groups when not all of them ran.
func onlyLabel(o options) string {
	if len(o.only) == len(allGroups) && len(o.targets) == len(allTargets) {
		return ""
	}
	return strings.Join(o.only, ",") + " on " + strings.Join(o.targets, ",")
}

// bench is one server to measure and where its results go.
type bench struct {
	env    *measure.Env
	result *report.Target
	events bool              // the server sends ticks and presence
	nodes  *report.NodePlane // the gateway's node figures (nil for echo)
	// history is the gateway's transcript figures (nil for echo).
	history *report.History
	agent   *measure.Agent // the gateway's agent figures (nil for echo)
	// groups, when set, limits the bench to those groups: the gateway
	// measured again with protocol 4 clients, or with metrics on.
	groups []string
}

// clientGroups are the groups measured with protocol 4 clients as well.
var clientGroups = []string{groupHandshakes, groupCalls, groupIdle}

// metricsGroups are the groups measured with metrics on as well: the
// paths every request and handshake records on.
var metricsGroups = []string{groupHandshakes, groupCalls}

// measures reports whether b runs group.
func (b bench) measures(group string) bool {
	return b.groups == nil || slices.Contains(b.groups, group)
}

// environments prepares the selected servers, building the echo
// baseline when no binary was given, and gives each its place in r.
func environments(o options, root, scratch string, r *report.Report) ([]bench, error) {
	token := rand.Text() // a fresh shared token for this run's gateways
	var out []bench
	if o.targeted(targetGateway) {
		bin, err := filepath.Abs(o.gateway)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("gateway binary: %w (run make build)", err)
		}
		r.Gateway = &report.Target{}
		b := bench{env: newEnv(target.Gateway{Binary: bin, Token: token}, scratch, token, o), result: r.Gateway, events: true}
		if o.selected(groupNodes) {
			r.Nodes = &report.NodePlane{}
			b.nodes = r.Nodes
		}
		if o.selected(groupHistory) {
			r.History = &report.History{}
			b.history = r.History
		}
		if o.selected(groupAgent) {
			r.Agent = &measure.Agent{}
			b.agent = r.Agent
		}
		out = append(out, b)
	}
	if o.targeted(targetGatewayV4) {
		bin, err := filepath.Abs(o.gateway)
		if err != nil {
			return nil, err
		}
		env := newEnv(target.Gateway{Binary: bin, Token: token}, scratch, token, o)
		env.Protocol, env.Label = 4, targetGatewayV4
		r.GatewayV4 = &report.Target{}
		out = append(out, bench{env: env, result: r.GatewayV4, events: true, groups: clientGroups})
	}
	if o.targeted(targetMetrics) {
		bin, err := filepath.Abs(o.gateway)
		if err != nil {
			return nil, err
		}
		env := newEnv(target.Gateway{Binary: bin, Token: token, Config: "gateway: { metrics: { enabled: true } }"}, scratch, token, o)
		env.Label = targetMetrics
		r.GatewayMetrics = &report.Target{}
		out = append(out, bench{env: env, result: r.GatewayMetrics, events: true, groups: metricsGroups})
	}
	if o.targeted(targetGatewayTLS) {
		bin, err := filepath.Abs(o.gateway)
		if err != nil {
			return nil, err
		}
		env := newEnv(target.Gateway{Binary: bin, Token: token, TLS: true}, scratch, token, o)
		env.Label = targetGatewayTLS
		r.GatewayTLS = &report.Target{}
		out = append(out, bench{env: env, result: r.GatewayTLS, events: true, groups: clientGroups})
	}
	if o.targeted(targetEcho) {
		bin, err := o.echo, error(nil)
		if bin == "" {
			if bin, err = buildEcho(root, scratch); err != nil {
				return nil, err
			}
		}
		r.Echo = &report.Target{}
		out = append(out, bench{env: newEnv(target.Echo{Binary: bin}, scratch, token, o), result: r.Echo})
	}
	return out, nil
}

func newEnv(l target.Launcher, scratch, token string, o options) *measure.Env {
	return &measure.Env{Launcher: l, Scratch: scratch, Token: token, Sources: o.sources, Logf: logf, InstanceID: benchInstance}
}

// buildEcho compiles the echo baseline into the scratch directory.
func buildEcho(root, scratch string) (string, error) {
	bin := filepath.Join(scratch, "echo")
	cmd := exec.Command("go", "build", "-o", bin, "./tools/bench/echo")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the echo baseline: %w\n%s", err, out)
	}
	return bin, nil
}

// moduleRoot finds the directory holding go.mod from the working
// directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run bench inside the gatewire module (no go.mod found)")
		}
		dir = parent
	}
}

// runGenerator runs the generator benchmarks; a failure is reported in
// the document rather than ending the run.
func runGenerator(o options, root string, r *report.Report) {
	logf("running the generator benchmarks (%s)", strings.Join(report.GeneratorBenchmarks, ", "))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, out, err := gobench.Run(ctx, root, "./tools/protocol-gen/...", report.GeneratorBenchmarks, "1x", o.genCount)
	if err != nil {
		r.GeneratorErr = err.Error()
		logf("generator benchmarks failed: %v\n%s", err, out)
		return
	}
	r.Generator = res
	for _, g := range res {
		logf("%s: %v (%d counts)", g.Name, g.Median(), len(g.PerOp))
	}
}
