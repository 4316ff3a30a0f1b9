// Package crashtest runs a test's helper process and kills it with SIGKILL
// part way through its work, for the tests that show an acknowledged write
// survives a crash (kill -9). The helper is a test of the same binary,
// selected with -test.run, that prints one line "acked <what>" after each
// write it acknowledges.
package crashtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RunAndKill starts the test binary again running only the test named
// helper, with env added to its environment, SIGKILLs it once it has
// printed n "acked" lines, and returns what every such line acknowledged.
// The test fails when the helper ends before n acknowledgements.
func RunAndKill(t testing.TB, helper, env string, n int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+helper+"$", "-test.count=1") //nolint:gosec // the test binary itself, re-run on one of its own tests
	cmd.Env = append(os.Environ(), env)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	var acked []string
	killed := false
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		what, ok := strings.CutPrefix(lines.Text(), "acked ")
		if !ok {
			continue
		}
		acked = append(acked, what)
		if len(acked) == n && !killed {
			killed = true
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("helper ended before %d acknowledgements: %v\n%s", n, err, stderr.String())
	}
	return acked
}
