package tools

import (
	"fmt"
	"strings"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// modelOutputCap bounds the command output fed back to the model, in
// bytes; longer output keeps its head and its tail.
const modelOutputCap = 30_000

// runResult is what the model is told of a finished run: its output
// (stdout, then stderr under a marker), then how it ended when that was
// not a plain success. A run that did not start, timed out or exited
// non-zero is an error result.
func runResult(host, nodeID string, res protocol.SystemRunResult, timeout, took time.Duration) Result {
	details := map[string]any{"status": "completed", "host": host, "timedOut": res.TimedOut, "durationMs": took.Milliseconds()}
	if nodeID != "" {
		details["nodeId"] = nodeID
	}
	if res.ExitCode != nil {
		details["exitCode"] = *res.ExitCode
	}
	var b strings.Builder
	b.WriteString(res.Stdout)
	if res.Stderr != "" {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
		b.WriteString("[stderr]\n" + res.Stderr)
	}
	text := clipMiddle(b.String(), modelOutputCap)
	var ending string
	switch {
	case res.TimedOut:
		ending = fmt.Sprintf("[timed out after %s]", timeout)
	case res.Error != nil && res.ExitCode == nil:
		ending = "[failed to start: " + *res.Error + "]"
	case res.Error != nil:
		ending = "[error: " + *res.Error + "]"
	case res.ExitCode != nil && *res.ExitCode != 0:
		ending = fmt.Sprintf("[exit code %d]", *res.ExitCode)
	}
	if ending == "" {
		if text == "" {
			text = "(no output)"
		}
		return Result{Text: text, Details: details}
	}
	details["status"] = "failed"
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return Result{Text: text + ending, IsError: true, Details: details}
}

// clipMiddle keeps the first and last parts of s when it is longer than
// max bytes, with a note of how much was left out.
func clipMiddle(s string, max int) string {
	if len(s) <= max {
		return s
	}
	half := max / 2
	head, tail := s[:half], s[len(s)-half:]
	head = strings.ToValidUTF8(head, "")
	tail = strings.ToValidUTF8(tail, "")
	return head + fmt.Sprintf("\n[... %d bytes left out ...]\n", len(s)-len(head)-len(tail)) + tail
}
