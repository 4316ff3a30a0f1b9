package controlui_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/internal/fakellm"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// speedLoads is how many times the page is loaded for the interactive figure (the first with an empty cache).
const speedLoads = 6

// speedChunks is how many text chunks the model streams for the render figure, speedInterval the time between two.
const (
	speedChunks   = 24
	speedInterval = 150 * time.Millisecond
)

// speedConfig is a gateway config whose default model is the fake LLM.
func speedConfig(fake *fakellm.Server) string {
	api := fakellm.APIOpenAICompletions
	return fmt.Sprintf(`{
  "models": { "providers": { "fake": { "baseUrl": %q, "apiKey": "sk-test", "api": %q,
    "models": [ { "id": "fake-model", "name": "Fake Model", "contextWindow": 128000, "maxTokens": 4096 } ] } } },
  "agents": { "defaults": { "model": { "primary": "fake/fake-model" } } }
}`, fake.BaseURL(api), api)
}

// markStart returns the start time (ms since navigation) of the first performance mark with that name, -1 while
// there is none.
func markStart(p *browsertest.Page, name string) float64 {
	var ms float64
	p.Eval(`(performance.getEntriesByName(`+quoteJS(name)+`, "mark")[0] || {startTime: -1}).startTime`, &ms)
	return ms
}

func quoteJS(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// recordChatArrivals marks each chat event frame as it reaches the page, just before the page's own handler of the
// gateway socket runs.
const recordChatArrivals = `(() => {
  const ws = window.__gatewire.gw.ws, handle = ws.onmessage;
  ws.onmessage = function (e) {
    try {
      const f = JSON.parse(e.data);
      if (f.type === 'event' && f.event === 'chat') performance.mark('gw:chat-received:' + f.seq);
    } catch {}
    return handle.call(this, e);
  };
})()`

// renderLatencies pairs each gw:chat-received:<seq> mark with its gw:chat-rendered:<seq> mark and returns the
// differences in milliseconds, and the received events that never rendered.
const renderLatencies = `(() => {
  const marks = performance.getEntriesByType('mark');
  const at = (prefix) => new Map(marks.filter(m => m.name.startsWith(prefix)).map(m => [m.name.slice(prefix.length), m.startTime]));
  const received = at('gw:chat-received:'), rendered = at('gw:chat-rendered:');
  const out = { ms: [], missing: [] };
  for (const [seq, t] of received) {
    if (rendered.has(seq)) out.ms.push(rendered.get(seq) - t); else out.missing.push(seq);
  }
  return out;
})()`

// TestUISpeedFigures measures gatewire's own UI as the gateway serves it, in headless Chromium: how long until the
// first view is usable (navigation start to the page's gw:interactive mark; the first load has an empty cache,
// the others revalidate), and how long a chat event takes from reaching the page to being on screen (its
// gw:chat-rendered:<seq> mark). It prints the figures that BENCHMARKS.md records; it fails when the page does not
// mark them.
func TestUISpeedFigures(t *testing.T) {
	chunks := make([]string, speedChunks)
	for i := range chunks {
		chunks[i] = fmt.Sprintf("word%d ", i)
	}
	fake := fakellm.Start(t, fakellm.Reply{Chunks: chunks, Interval: speedInterval})
	g := gatewaytest.Start(t, gatewaytest.Options{Config: speedConfig(fake)})
	page := g.HTTPURL + "/chat#token=" + url.QueryEscape(g.Token)

	b := browsertest.New(t)
	p := b.Page(t, page)
	var interactive []float64
	for i := range speedLoads {
		if i > 0 {
			p.Navigate("about:blank")
			p.Navigate(page)
		}
		p.WaitEval(`performance.getEntriesByName('gw:interactive', 'mark').length > 0`)
		interactive = append(interactive, markStart(p, "gw:interactive"))
	}
	p.WaitEval(`document.querySelector('.chat[data-ready]') && window.__gatewire.gw.state === 'connected'`)
	p.Eval(recordChatArrivals, nil)
	p.Type("#chat-input", "go\n")
	p.WaitEval(`document.querySelector('#chat-log .msg.assistant[data-run][data-done]')`)
	var lat struct {
		Ms      []float64
		Missing []string
	}
	p.Eval(renderLatencies, &lat)
	if len(lat.Ms) < 2 || len(lat.Missing) > 0 {
		t.Fatalf("chat events rendered: %d with a mark, %d without (seq %v)", len(lat.Ms), len(lat.Missing), lat.Missing)
	}
	p.NoConsoleErrors()

	warm := slices.Clone(interactive[1:])
	slices.Sort(warm)
	slices.Sort(lat.Ms)
	t.Logf("first view interactive: %.0f ms with an empty cache; %.0f ms median of %d reloads (min %.0f, max %.0f)",
		interactive[0], warm[len(warm)/2], len(warm), warm[0], warm[len(warm)-1])
	t.Logf("chat event render latency over %d events: median %.2f ms, p95 %.2f ms, max %.2f ms",
		len(lat.Ms), lat.Ms[len(lat.Ms)/2], lat.Ms[(len(lat.Ms)*95)/100], lat.Ms[len(lat.Ms)-1])
}
