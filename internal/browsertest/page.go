package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultTimeout bounds each Page action; the machines tests run on are small and shared, so it is generous.
const DefaultTimeout = 30 * time.Second

// pollEvery is how often WaitText and WaitEval look at the page again.
const pollEvery = 20 * time.Millisecond

// Page is one browser tab of a test. Its helpers fail the test on error; Ctx is there for chromedp actions the
// helpers do not cover (run them with chromedp.Do or chromedp.Run).
type Page struct {
	// Ctx is the tab's chromedp context.
	Ctx context.Context
	// Timeout bounds each helper call; DefaultTimeout unless the test changes it.
	Timeout time.Duration

	t       testing.TB
	n       int64
	console *consoleLog
}

// pages numbers the pages of a process so that the artifacts of two pages of one test do not collide.
var pages atomic.Int64

// Page opens a new tab on url and returns it once the page has loaded. The tab closes when t ends; when t has
// failed by then, its screenshot and console log go to t.ArtifactDir().
func (b *Browser) Page(t testing.TB, url string) *Page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	p := &Page{Ctx: ctx, Timeout: DefaultTimeout, t: t, n: pages.Add(1), console: &consoleLog{}}
	p.console.follow(ctx)
	t.Cleanup(func() {
		if t.Failed() {
			p.saveArtifacts()
		}
		cancel()
		p.console.wait()
	})
	p.Navigate(url)
	return p
}

// Navigate loads url in the tab and waits for its load event.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	p.do("navigate to "+url, chromedp.Navigate(url))
}

// Eval evaluates the JavaScript expression js (awaiting it when it is a promise) and decodes its JSON value into
// out; out may be nil when the value does not matter.
func (p *Page) Eval(js string, out any) {
	p.t.Helper()
	raw, err := p.eval(js)
	if err != nil {
		p.t.Fatalf("browsertest: eval %q: %v", js, err)
	}
	if out == nil {
		return
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.t.Fatalf("browsertest: eval %q: decode %s: %v", js, raw, err)
	}
}

// eval runs js once, within the page's timeout, and returns its value as JSON ("null" for undefined).
func (p *Page) eval(js string) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(p.Ctx, p.Timeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return json.RawMessage("null"), nil
	}
	return raw, nil
}

// WaitEval waits until the JavaScript expression js is truthy, evaluating it again as the page changes (also
// across reloads), and fails the test when it is not within the page's timeout.
func (p *Page) WaitEval(js string) {
	p.t.Helper()
	check := "!!(" + js + ")"
	var last error
	if !p.poll(func() bool {
		raw, err := p.eval(check)
		last = err
		return err == nil && string(raw) == "true"
	}) {
		p.t.Fatalf("browsertest: %s never became true within %s (last error: %v)", js, p.Timeout, last)
	}
}

// WaitText waits until the first element matching the CSS selector sel has a text content that contains text.
func (p *Page) WaitText(sel, text string) {
	p.t.Helper()
	js := "(() => { const e = document.querySelector(" + jsString(sel) + "); return e ? e.textContent : null })()"
	var seen string
	if !p.poll(func() bool {
		raw, err := p.eval(js)
		if err != nil {
			return false
		}
		var got *string
		if json.Unmarshal(raw, &got) != nil || got == nil {
			seen = "(no element)"
			return false
		}
		seen = *got
		return strings.Contains(seen, text)
	}) {
		p.t.Fatalf("browsertest: %s never contained %q within %s; last text: %q", sel, text, p.Timeout, seen)
	}
}

// poll calls ok until it returns true or the page's timeout passes.
func (p *Page) poll(ok func() bool) bool {
	deadline := time.Now().Add(p.Timeout)
	for {
		if ok() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		select {
		case <-p.Ctx.Done():
			return false
		case <-time.After(pollEvery):
		}
	}
}

// Click clicks the first element matching the CSS selector sel, once it is visible.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// Type types text into the first element matching the CSS selector sel, once it is visible ("\n" is Enter).
func (p *Page) Type(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// WaitVisible waits until the first element matching the CSS selector sel is visible.
func (p *Page) WaitVisible(sel string) {
	p.t.Helper()
	p.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Text returns the visible text of the first element matching the CSS selector sel.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, p.Timeout)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("browsertest: text of %s: %v", sel, err)
	}
	return text
}

// do runs chromedp actions within the page's timeout and fails the test with what on error.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, p.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browsertest: %s: %v", what, err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) //nolint:errchkjson // a string always marshals
	return string(b)
}
