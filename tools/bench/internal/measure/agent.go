package measure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/tools/bench/internal/client"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
	"github.com/gatewire/gatewire/tools/bench/internal/target"
)

// AgentOptions size the agent figures.
type AgentOptions struct {
	// Turns is the number of sequential turns per run of the overhead
	// figure (after a few warm-up turns).
	Turns int
	// Subscribers and Deltas size the fan-out figure: one run streams
	// Deltas chunks, DeltaGap apart, to Subscribers connections.
	Subscribers, Deltas int
	DeltaGap            time.Duration
	// Concurrent is the number of runs started at once, each in its own
	// session on its own connection.
	Concurrent int
	// TTFT is the provider's time to first token of the second overhead
	// figure (the first has an instant provider).
	TTFT time.Duration
	Runs int
}

// Agent holds the agent runtime figures, one entry per run.
type Agent struct {
	Options AgentOptions
	// OverheadP50 and OverheadP99 are the gateway's own share of a turn's
	// time to the first chat delta: (chat.send sent → first chat delta
	// read) − (the provider got the request → it sent the first token).
	// ProviderTTFT is that provider time (the fake answers at once).
	OverheadP50, OverheadP99, ProviderTTFT []time.Duration
	// SlowOverheadP50 and SlowOverheadP99 are the same with a provider
	// that takes Options.TTFT to its first token (SlowTTFT as measured):
	// the gateway's work before the model call overlaps it.
	SlowOverheadP50, SlowOverheadP99, SlowTTFT []time.Duration
	// LagP50 and LagP99 are the fan-out lag: a chunk sent by the provider
	// → its agent assistant event read by a subscriber, over every chunk
	// and subscriber.
	LagP50, LagP99 []time.Duration
	// RunP50 and RunP99 are chat.send → chat final of the concurrent runs;
	// Wall the time until the last of them ended.
	RunP50, RunP99, Wall []time.Duration
}

// stampPrefix marks a fan-out chunk's send time, in ns since the epoch.
const stampPrefix = "ts="

// MeasureAgent starts a gateway whose model is an in-process fake LLM
// (OpenAI Chat Completions over loopback) and measures the turn
// overhead, the fan-out of one run's deltas and concurrent runs.
func (e *Env) MeasureAgent(o AgentOptions) (*Agent, error) {
	fake := fakellm.New()
	defer fake.Close()
	fake.Respond(func(r fakellm.Request) fakellm.Reply { return agentReply(r.LastUserText(), o) })
	g, ok := e.Launcher.(target.Gateway)
	if !ok {
		return nil, errors.New("the agent figures need the gateway")
	}
	g.Config = fmt.Sprintf(`models: { providers: { fake: { baseUrl: %q, apiKey: "sk-bench", api: "openai-completions",
    models: [ { id: "fake-model", name: "Fake Model", contextWindow: 128000 } ] } } },
  agents: { defaults: { model: { primary: "fake/fake-model" } } }`, fake.BaseURL(fakellm.APIOpenAICompletions))
	env := *e
	env.Launcher = g
	s, err := env.launch()
	if err != nil {
		return nil, err
	}
	defer s.stop()
	out := &Agent{Options: o}
	for run := range o.Runs {
		if err := env.agentRun(s, fake, o, run, out); err != nil {
			return nil, fmt.Errorf("agent figures: %w (%v)", err, s.proc.Failure())
		}
	}
	return out, nil
}

// agentReply is the fake provider's answer to a message of the benchmark.
func agentReply(msg string, o AgentOptions) fakellm.Reply {
	switch {
	case strings.Contains(msg, "fanout"):
		chunks := make([]string, o.Deltas)
		for i := range chunks {
			chunks[i] = "x"
		}
		return fakellm.Reply{Chunks: chunks, Interval: o.DeltaGap, Rewrite: func(int, string) string {
			return stampPrefix + strconv.FormatInt(time.Now().UnixNano(), 10) + ";"
		}}
	case strings.Contains(msg, "slowturn"):
		return fakellm.Reply{Text: "ok", Delay: o.TTFT}
	case strings.Contains(msg, "conc"):
		return fakellm.Text("one ", "two ", "three ", "four")
	}
	return fakellm.Text("ok")
}

// agentRun measures one run of each agent figure.
func (e *Env) agentRun(s *server, fake *fakellm.Server, o AgentOptions, run int, out *Agent) error {
	// Each figure gets fresh connections, so none reads a backlog of the
	// previous figure's events.
	cs, err := openConns(s, 1)
	if err != nil {
		return err
	}
	over, ttft, err := turnOverhead(cs[0], fake, "turn-", o.Turns, run)
	if err != nil {
		closeAll(cs)
		return err
	}
	slow, slowTTFT, err := turnOverhead(cs[0], fake, "slowturn-", o.Turns, run)
	closeAll(cs)
	if err != nil {
		return err
	}
	out.SlowOverheadP50, out.SlowOverheadP99 = append(out.SlowOverheadP50, stats.Percentile(slow, 50)), append(out.SlowOverheadP99, stats.Percentile(slow, 99))
	out.SlowTTFT = append(out.SlowTTFT, stats.Percentile(slowTTFT, 50))
	out.OverheadP50, out.OverheadP99 = append(out.OverheadP50, stats.Percentile(over, 50)), append(out.OverheadP99, stats.Percentile(over, 99))
	out.ProviderTTFT = append(out.ProviderTTFT, stats.Percentile(ttft, 50))
	if cs, err = openConns(s, o.Subscribers+1); err != nil {
		return err
	}
	lags, err := fanout(cs[0], cs[1:], run)
	closeAll(cs)
	if err != nil {
		return err
	}
	out.LagP50, out.LagP99 = append(out.LagP50, stats.Percentile(lags, 50)), append(out.LagP99, stats.Percentile(lags, 99))
	if cs, err = openConns(s, o.Concurrent); err != nil {
		return err
	}
	lat, wall, err := concurrentRuns(cs, run)
	closeAll(cs)
	if err != nil {
		return err
	}
	out.RunP50, out.RunP99, out.Wall = append(out.RunP50, stats.Percentile(lat, 50)), append(out.RunP99, stats.Percentile(lat, 99)), append(out.Wall, wall)
	e.logf("%s agent run %d/%d: turn overhead p50 %v p99 %v (provider TTFT %v), p50 %v p99 %v (provider TTFT %v); fan-out to %d lag p50 %v p99 %v; %d concurrent runs p50 %v p99 %v, all in %v",
		e.Name(), run+1, o.Runs, out.OverheadP50[run], out.OverheadP99[run], out.ProviderTTFT[run],
		out.SlowOverheadP50[run], out.SlowOverheadP99[run], out.SlowTTFT[run], o.Subscribers,
		out.LagP50[run], out.LagP99[run], o.Concurrent, out.RunP50[run], out.RunP99[run], wall)
	return nil
}

// turnWarmup is the number of turns before the measured ones.
const turnWarmup = 10

// turnOverhead runs turns one after another in one session and returns
// each turn's gateway overhead and the provider's time to first token.
func turnOverhead(c *client.Conn, fake *fakellm.Server, kind string, turns, run int) (over, ttft []time.Duration, err error) {
	key := "agent:main:bench-" + kind + strconv.Itoa(run)
	sent := map[string]time.Duration{} // marker → send to first delta
	for i := range turns + turnWarmup {
		marker := kind + strconv.Itoa(run) + "-" + strconv.Itoa(i)
		start := time.Now()
		first, err := chatTurn(c, key, marker)
		if err != nil {
			return nil, nil, err
		}
		if i >= turnWarmup {
			sent[marker] = first.Sub(start)
		}
	}
	for _, r := range fake.Requests() {
		msg := r.LastUserText()
		at := strings.LastIndex(msg, kind)
		if at < 0 || (at > 0 && msg[at-1] != ' ') {
			continue
		}
		d, ok := sent[msg[at:]]
		if !ok || r.FirstChunkAt.IsZero() {
			continue
		}
		provider := r.FirstChunkAt.Sub(r.ReceivedAt)
		over, ttft = append(over, d-provider), append(ttft, provider)
	}
	if len(over) != turns {
		return nil, nil, fmt.Errorf("matched %d of %d turns with the provider's requests", len(over), turns)
	}
	return over, ttft, nil
}

// chatTurn sends message as the run marker and waits for its final; it
// returns when the first chat delta was read.
func chatTurn(c *client.Conn, key, marker string) (time.Time, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	params := `{"sessionKey":"` + key + `","message":"` + marker + `","idempotencyKey":"` + marker + `"}`
	if _, err := c.Send(ctx, protocol.MethodChatSend, params); err != nil {
		return time.Time{}, err
	}
	var first time.Time
	runID := []byte(`"runId":"` + marker + `"`)
	for {
		msg, err := c.Next(ctx)
		if err != nil {
			return time.Time{}, err
		}
		if !bytes.Contains(msg, []byte(`"event":"chat"`)) || !bytes.Contains(msg, runID) {
			continue
		}
		if first.IsZero() && bytes.Contains(msg, []byte(`"state":"delta"`)) {
			first = time.Now()
		}
		if bytes.Contains(msg, []byte(`"state":"final"`)) || bytes.Contains(msg, []byte(`"state":"error"`)) {
			if first.IsZero() {
				return time.Time{}, fmt.Errorf("run %s ended without a delta: %s", marker, msg)
			}
			return first, nil
		}
	}
}

// fanout streams one run's deltas to every subscriber (they are operators,
// which get every run's events) and returns the lag of each delta at each.
func fanout(sender *client.Conn, subs []*client.Conn, run int) ([]time.Duration, error) {
	id := "fanout-" + strconv.Itoa(run)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	lags := make([][]time.Duration, len(subs))
	errs := make([]error, len(subs))
	var wg sync.WaitGroup
	for i, c := range subs {
		wg.Go(func() { lags[i], errs[i] = readLags(ctx, c, id) })
	}
	params := `{"sessionKey":"agent:main:bench-fanout","message":"` + id + `","idempotencyKey":"` + id + `"}`
	if _, err := sender.Send(ctx, protocol.MethodChatSend, params); err != nil {
		return nil, err
	}
	wg.Wait()
	var all []time.Duration
	for i := range subs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		all = append(all, lags[i]...)
	}
	return all, nil
}

// readLags reads run id's agent assistant events until its chat final
// and returns how late each delta arrived.
func readLags(ctx context.Context, c *client.Conn, id string) ([]time.Duration, error) {
	runID := []byte(`"runId":"` + id + `"`)
	stamp := []byte(`"delta":"` + stampPrefix)
	var lags []time.Duration
	for {
		msg, err := c.Next(ctx)
		if err != nil {
			return nil, err
		}
		now := time.Now().UnixNano()
		if !bytes.Contains(msg, runID) {
			continue
		}
		if at := bytes.Index(msg, stamp); at >= 0 && bytes.Contains(msg, []byte(`"event":"agent"`)) {
			rest := msg[at+len(stamp):]
			if end := bytes.IndexByte(rest, ';'); end > 0 {
				if sent, err := strconv.ParseInt(string(rest[:end]), 10, 64); err == nil {
					lags = append(lags, time.Duration(now-sent))
				}
			}
		}
		if bytes.Contains(msg, []byte(`"event":"chat"`)) && bytes.Contains(msg, []byte(`"state":"final"`)) {
			return lags, nil
		}
	}
}

// concurrentRuns starts one run per connection at once, each in its own
// session, and returns each run's chat.send → final time and the time
// until the last ended.
func concurrentRuns(cs []*client.Conn, run int) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, len(cs))
	errs := make([]error, len(cs))
	start := time.Now()
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() {
			marker := "conc-" + strconv.Itoa(run) + "-" + strconv.Itoa(i)
			t0 := time.Now()
			if _, errs[i] = chatTurn(c, "agent:main:bench-"+marker, marker); errs[i] == nil {
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return nil, 0, err
		}
	}
	return lat, wall, nil
}
