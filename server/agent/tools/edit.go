package tools

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// editTool replaces one unique piece of text in a file of the workspace.
type editTool struct{}

// run applies the edit.
func (editTool) run(_ context.Context, c Call, p *protocol.EditToolParams) Result {
	return withText(c.Workspace, p.Path, func(f *wsFile, text string) Result {
		switch n := strings.Count(text, p.OldText); {
		case n == 0:
			return failed(p.Path + ": oldText not found; read the file and copy the text exactly")
		case n > 1:
			return failed(fmt.Sprintf("%s: oldText occurs %d times; include more surrounding text so that it is unique", p.Path, n))
		}
		if err := overwrite(f.root, f.rel, []byte(strings.Replace(text, p.OldText, p.NewText, 1))); err != nil {
			return f.fail(err)
		}
		return Result{Text: "Edited " + f.rel, Details: map[string]any{"path": f.rel}}
	})
}

// overwrite writes data over the file rel names, through a symbolic link
// that stays inside the workspace (the link is kept).
func overwrite(root *os.Root, rel string, data []byte) error {
	if info, err := root.Lstat(rel); err == nil && info.Mode().IsRegular() {
		return replaceFile(root, rel, data)
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := f.Close(); werr == nil {
		werr = err
	}
	return werr
}
