package measure

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
	"github.com/gatewire/gatewire/server/transcript"
	"github.com/gatewire/gatewire/tools/bench/internal/target"
)

// HistorySessionKey is the session the history group reads.
const HistorySessionKey = "agent:main:bench-history"

// historyWords is the text the seeded messages repeat.
const historyWords = "the quick brown fox jumps over the lazy dog while the gateway keeps every word "

// MeasureHistory starts a gateway whose state holds a session of the
// given number of messages (alternating user and assistant turns, about 200
// characters each, the assistant ones with usage) and measures
// chat.history of it with each limit on one connection.
func (e *Env) MeasureHistory(messages int, limits []int, runs int, d time.Duration) ([]*Calls, error) {
	g, ok := e.Launcher.(target.Gateway)
	if !ok {
		return nil, fmt.Errorf("the history group needs the gateway target, not %s", e.Name())
	}
	seeded := *e
	seeded.Launcher = seededGateway{Gateway: g, messages: messages}
	var out []*Calls
	for _, limit := range limits {
		params := fmt.Sprintf(`{"sessionKey":%q,"limit":%d}`, HistorySessionKey, limit)
		c, err := seeded.MeasureCalls("chat.history", params, 1, runs, d)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// seededGateway is the gateway launcher with a long session written into
// its state directory before it starts.
type seededGateway struct {
	target.Gateway
	messages int
}

// Command seeds the state directory, then returns the gateway's command.
func (s seededGateway) Command(port int, dir string) (*exec.Cmd, error) {
	state := statedir.Dir(filepath.Join(dir, "state"))
	if err := state.Ensure(); err != nil {
		return nil, err
	}
	if err := seedHistory(state, s.messages); err != nil {
		return nil, fmt.Errorf("seeding %d messages: %w", s.messages, err)
	}
	return s.Gateway.Command(port, dir)
}

// seedHistory writes the session in one transaction.
func seedHistory(state statedir.Dir, n int) error {
	ctx := context.Background()
	db, err := store.Open(ctx, store.PathIn(state.Root()))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now().Add(-time.Duration(n) * time.Second).UnixMilli()
	in := transcript.Imported{Entry: transcript.Entry{Key: HistorySessionKey, AgentID: "main",
		SessionID: uuid.NewString(), ChatType: "direct", CreatedAt: start, UpdatedAt: start + int64(n)*1000}}
	text := strings.Repeat(historyWords, 3)[:200]
	for i := range n {
		m := transcript.Message{Role: transcript.RoleUser, Timestamp: start + int64(i)*1000,
			Content: []transcript.Part{{Type: transcript.PartText, Text: fmt.Sprintf("[Sun 2026-12-06 14:32 UTC] %d %s", i, text)}}}
		if i%2 == 1 {
			m = transcript.Message{Role: transcript.RoleAssistant, Timestamp: m.Timestamp, API: "openai-completions",
				Provider: "bench", Model: "bench-model", StopReason: "stop", ResponseID: fmt.Sprintf("chatcmpl-%d", i),
				Content: []transcript.Part{{Type: transcript.PartText, Text: fmt.Sprintf("%d %s", i, text)}},
				Usage:   &transcript.Usage{Input: 120, Output: 60, TotalTokens: 180}}
		}
		in.Messages = append(in.Messages, transcript.Stored{ID: fmt.Sprintf("%08x", i), Message: m})
	}
	return transcript.New(db, nil).Import(ctx, in)
}
