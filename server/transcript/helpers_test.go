package transcript

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/store"
)

// clock is a test clock that only moves when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// openStore opens a transcript store over a fresh state database.
func openStore(t *testing.T) (*Store, *clock, string) {
	t.Helper()
	path := store.PathIn(filepath.Join(t.TempDir(), "state"))
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{now: time.UnixMilli(1_796_567_503_060)}
	return New(db, c.Now), c, path
}

func userMsg(text string, ts int64) Message {
	return Message{Role: RoleUser, Content: []Part{{Type: PartText, Text: text}}, Timestamp: ts}
}

func assistantMsg(text string, ts int64) Message {
	return Message{Role: RoleAssistant, Content: []Part{{Type: PartText, Text: text}}, Timestamp: ts,
		API: "openai-completions", Provider: "fake", Model: "fake-model", StopReason: "stop",
		Usage: &Usage{Input: 10, Output: 5, TotalTokens: 15}}
}
