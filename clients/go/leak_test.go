package gatewire

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// checkLeaks fails the test when goroutines of this package's connections
// or clients are still running once the test and its cleanups are done.
// Call it first in a test: cleanups run last-registered first.
func checkLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for {
			leaked := leakedGoroutines()
			if leaked == "" {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("goroutines still running after the test:\n%s", leaked)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// leakedGoroutines returns the stacks of goroutines running code of a
// Conn, Client or Subscription.
func leakedGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, owner := range []string{"clients/go.(*Conn)", "clients/go.(*Client)", "clients/go.(*Subscription)"} {
			if strings.Contains(g, owner) && !strings.Contains(g, "testing.tRunner") {
				out = append(out, g)
				break
			}
		}
	}
	return strings.Join(out, "\n\n")
}
