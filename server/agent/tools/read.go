package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Limits of what read returns.
const (
	// readMaxBytes caps the text one read returns.
	readMaxBytes = 50 * 1024
	// readMaxFile is the largest file read opens.
	readMaxFile = 10 << 20
)

// readTool reads a text file inside the workspace.
type readTool struct{}

// run reads the file, or the lines asked for.
func (readTool) run(_ context.Context, c Call, p *protocol.ReadToolParams) Result {
	return withText(c.Workspace, p.Path, func(f *wsFile, text string) Result {
		return Result{Text: window(text, deref(p.Offset), deref(p.Limit)), Details: map[string]any{"path": f.rel, "bytes": len(text)}}
	})
}

// window returns the lines [offset, offset+limit) of text (offset from 1;
// 0 means all), capped at readMaxBytes with a note saying how to go on.
func window(text string, offset, limit int64) string {
	lines := strings.SplitAfter(text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	start := int64(0)
	if offset > 1 {
		start = offset - 1
	}
	if start >= int64(len(lines)) {
		return fmt.Sprintf("[offset %d is past the end of the file (%d lines)]", offset, len(lines))
	}
	end := int64(len(lines))
	if limit > 0 && start+limit < end {
		end = start + limit
	}
	var b strings.Builder
	i := start
	for ; i < end; i++ {
		if b.Len()+len(lines[i]) > readMaxBytes {
			break
		}
		b.WriteString(lines[i])
	}
	if i < int64(len(lines)) {
		fmt.Fprintf(&b, "\n[%d more lines; continue with offset=%d]", int64(len(lines))-i, i+1)
	}
	return b.String()
}

// failed is an error result.
func failed(text string) Result { return Result{Text: text, IsError: true} }

// deref is an optional integer's value, 0 when absent.
func deref(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}
