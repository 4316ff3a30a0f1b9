package engine

import (
	"io"
	"log/slog"
	"testing"
)

// A successful request costs no allocation for logging unless the level
// is debug (the hot path checks the level before building a line).
func TestRequestLoggingAllocatesNothingAboveDebug(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	c := &Conn{id: "conn-1"}
	allocs := testing.AllocsPerRun(100, func() {
		s.logCall(c, "health", s.callStart(), nil)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per request at info", allocs)
	}
}
