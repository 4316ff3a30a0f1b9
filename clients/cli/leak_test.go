package cli

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// checkLeaks fails the test when connections or clients of the Go client
// are still running once the test and its cleanups are done. Call it
// first in a test: cleanups run last-registered first.
func checkLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for {
			buf := make([]byte, 1<<20)
			stacks := string(buf[:runtime.Stack(buf, true)])
			if !strings.Contains(stacks, "clients/go.(*Conn)") && !strings.Contains(stacks, "clients/go.(*Client)") {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("client goroutines still running after the test:\n%s", stacks)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
