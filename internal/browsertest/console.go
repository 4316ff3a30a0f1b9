package browsertest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// consoleLog collects what a tab writes to its console: console API calls, uncaught exceptions and browser log
// entries (a CSP violation or a failed load is one).
type consoleLog struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
	done chan struct{}
}

// follow subscribes to the console of ctx's tab (creating the tab) and collects its messages until ctx ends.
func (c *consoleLog) follow(ctx context.Context) {
	c.done = make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		defer close(c.done)
		for m, err := range messages {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
}

// wait returns once the collecting goroutine has stopped.
func (c *consoleLog) wait() { <-c.done }

// snapshot returns a copy of the messages so far.
func (c *consoleLog) snapshot() []chromedp.ConsoleMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), c.msgs...)
}

// Console returns every console message, exception and browser log entry of the page so far, oldest first.
func (p *Page) Console() []chromedp.ConsoleMessage { return p.console.snapshot() }

// ConsoleErrors returns the page's console errors, uncaught exceptions and error entries of the browser log so
// far, one line each ("error: text (url:line)").
func (p *Page) ConsoleErrors() []string {
	var out []string
	for _, m := range p.console.snapshot() {
		if m.Type == chromedp.ConsoleError || m.IsException() {
			out = append(out, formatMessage(m))
		}
	}
	return out
}

// NoConsoleErrors fails the test when the page has logged an error or thrown an uncaught exception.
func (p *Page) NoConsoleErrors() {
	p.t.Helper()
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		p.t.Fatalf("browsertest: the page logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// formatMessage renders one message as a line of the console log.
func formatMessage(m chromedp.ConsoleMessage) string {
	s := m.String()
	if m.Exception != nil && m.Exception.Exception != nil && m.Exception.Exception.Description != "" {
		s = string(m.Type) + ": " + m.Exception.Exception.Description
	}
	if m.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
	}
	return s
}
