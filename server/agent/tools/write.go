package tools

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// writeTool creates or replaces a file inside the workspace.
type writeTool struct{}

// run writes the file.
func (writeTool) run(_ context.Context, c Call, p *protocol.WriteToolParams) Result {
	return withFile(c.Workspace, p.Path, func(f *wsFile) Result {
		if f.rel == "." {
			return failed(p.Path + ": is a directory")
		}
		if err := replaceFile(f.root, f.rel, []byte(p.Content)); err != nil {
			return f.fail(err)
		}
		return Result{Text: fmt.Sprintf("Wrote %d bytes to %s", len(p.Content), f.rel), Details: map[string]any{"path": f.rel, "bytes": len(p.Content)}}
	})
}

// replaceFile writes data to rel atomically: a temporary file in the same
// directory, then a rename over the old name. A name that is a symbolic
// link is replaced, never followed; a directory is refused.
func replaceFile(root *os.Root, rel string, data []byte) error {
	dir := filepath.Dir(rel)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if info, err := root.Lstat(rel); err == nil {
		if info.IsDir() {
			return fmt.Errorf("is a directory")
		}
		if info.Mode().IsRegular() {
			mode = info.Mode().Perm()
		}
	}
	tmp := filepath.Join(dir, ".gatewire-write-"+wire.NewUUID())
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr == nil {
		werr = root.Rename(tmp, rel)
	}
	if werr != nil {
		_ = root.Remove(tmp)
	}
	return werr
}
