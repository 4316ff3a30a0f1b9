package tools

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/provider"
)

// editTool replaces one unique piece of text in a file of the workspace.
type editTool struct{}

// Spec describes edit.
func (editTool) Spec() provider.Tool {
	return spec(NameEdit, "Edit a file inside the agent workspace: replace oldText, which must occur exactly once, with newText.", "EditToolParams")
}

// Run applies the edit.
func (editTool) Run(_ context.Context, c Call) Result {
	var p protocol.EditToolParams
	if err := decodeArgs("EditToolParams", c.Args, &p); err != nil {
		return failed(err.Error())
	}
	rel, err := relPath(c.Workspace, p.Path)
	if err != nil {
		return failed(fileError(p.Path, err))
	}
	root, err := workspaceRoot(c.Workspace)
	if err != nil {
		return failed(err.Error())
	}
	defer root.Close()
	info, err := root.Stat(rel)
	switch {
	case err != nil:
		return failed(fileError(p.Path, err))
	case info.IsDir():
		return failed(p.Path + ": is a directory")
	case info.Size() > readMaxFile:
		return failed(fmt.Sprintf("%s: file too large (%d bytes)", p.Path, info.Size()))
	}
	data, err := root.ReadFile(rel)
	if err != nil {
		return failed(fileError(p.Path, err))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return failed(p.Path + ": binary file")
	}
	text := string(data)
	switch n := strings.Count(text, p.OldText); {
	case n == 0:
		return failed(p.Path + ": oldText not found; read the file and copy the text exactly")
	case n > 1:
		return failed(fmt.Sprintf("%s: oldText occurs %d times; include more surrounding text so that it is unique", p.Path, n))
	}
	if err := overwrite(root, rel, []byte(strings.Replace(text, p.OldText, p.NewText, 1))); err != nil {
		return failed(fileError(p.Path, err))
	}
	return Result{Text: "Edited " + rel, Details: map[string]any{"path": rel}}
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
