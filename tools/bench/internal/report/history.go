package report

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gatewire/gatewire/tools/bench/internal/measure"
	"github.com/gatewire/gatewire/tools/bench/internal/stats"
)

// DESIGN.md's transcript target.
const maxHistoryP50 = 20 * time.Millisecond

// History is what the history group measured on the gateway.
type History struct {
	// Messages is the length of the session read.
	Messages int
	// Reads holds chat.history with each limit, in order.
	Reads []*measure.Calls
	// Limits are the limits of Reads.
	Limits []int
}

// historyTargets judges chat.history of the long session at the
// default limit (the first one measured).
func (r *Report) historyTargets() []targetRow {
	if r.History == nil || len(r.History.Reads) == 0 {
		return nil
	}
	c := r.History.Reads[0]
	p50 := stats.MedianDuration(c.P50)
	return []targetRow{{
		target:   fmt.Sprintf("`chat.history` of a %s-message session (limit %d), p50", thousands(int64(r.History.Messages)), r.History.Limits[0]),
		goal:     "< 20 ms",
		measured: dur(p50),
		met:      verdict(p50 < maxHistoryP50),
	}}
}

// renderHistory writes the transcript figures.
func (r *Report) renderHistory(b *bytes.Buffer) {
	if r.History == nil || len(r.History.Reads) == 0 {
		return
	}
	b.WriteString("## Transcripts\n\n")
	fmt.Fprintf(b, "| `chat.history` of a %s-message session, one connection | req/s | p50 | p99 | server CPU per call | reply size |\n|---|---|---|---|---|---|\n",
		thousands(int64(r.History.Messages)))
	for i, c := range r.History.Reads {
		fmt.Fprintf(b, "| limit %d | %s | %s | %s | %s | %s |\n", r.History.Limits[i],
			rate(stats.Median(c.PerSecond))+spread(c.PerSecond, rate), dur(stats.MedianDuration(c.P50)),
			dur(stats.MedianDuration(c.P99)), dur(stats.MedianDuration(c.ServerCPU)), replySize(c))
	}
	b.WriteString("\nThe session is written into the gateway's state database before it starts (alternating user and assistant messages of about 200 characters, the assistant ones with usage); each call reads the last `limit` visible messages through the partial index over them and answers them in v3's display shape.\n\n")
}
