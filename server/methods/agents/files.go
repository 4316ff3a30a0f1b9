package agents

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// workspaceFiles are the bootstrap files agents.files.* know, in v3's
// order (gatewire keeps no onboarding state, so BOOTSTRAP.md is always
// listed, as v3 lists it before setup completes).
var workspaceFiles = []string{"AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md", "MEMORY.md"}

// maxWorkspaceFileBytes caps the content agents.files.get returns.
const maxWorkspaceFileBytes = 4 << 20

// AgentsFilesList serves agents.files.list: each bootstrap file of the
// agent's workspace with its size and modification time, or missing.
func (h *Handlers) AgentsFilesList(_ context.Context, _ *rpc.Call, p *protocol.AgentsFilesListParams) (*protocol.AgentsFilesListResult, error) {
	a, err := h.knownAgent(p.AgentID)
	if err != nil {
		return nil, err
	}
	res := &protocol.AgentsFilesListResult{AgentID: a.ID, Workspace: a.Workspace, Files: make([]protocol.AgentWorkspaceFile, 0, len(workspaceFiles))}
	root, _ := os.OpenRoot(a.Workspace) // a workspace that does not exist has only missing files
	for _, name := range workspaceFiles {
		f, _ := statFile(root, a.Workspace, name)
		res.Files = append(res.Files, f)
	}
	if root != nil {
		root.Close()
	}
	return res, nil
}

// AgentsFilesGet serves agents.files.get: one bootstrap file with its
// text; a file that does not exist is missing (not an error), one that
// is not a regular file inside the workspace is an error, as in v3.
func (h *Handlers) AgentsFilesGet(_ context.Context, _ *rpc.Call, p *protocol.AgentsFilesGetParams) (*protocol.AgentsFilesGetResult, error) {
	a, err := h.knownAgent(p.AgentID)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(p.Name)
	if !slices.Contains(workspaceFiles, name) {
		return nil, wire.InvalidRequest("unsupported file %q", name)
	}
	res := &protocol.AgentsFilesGetResult{AgentID: a.ID, Workspace: a.Workspace}
	root, err := os.OpenRoot(a.Workspace)
	if err != nil {
		res.File = protocol.AgentWorkspaceFile{Name: name, Path: filepath.Join(a.Workspace, name), Missing: true}
		return res, nil
	}
	defer root.Close()
	if res.File, err = statFile(root, a.Workspace, name); err != nil {
		return nil, wire.InvalidRequest("unsafe workspace file %q", name)
	}
	if res.File.Missing {
		return res, nil
	}
	text, err := readFile(root, name)
	if err != nil {
		return nil, wire.InvalidRequest("unsafe workspace file %q", name)
	}
	res.File.Content = &text
	return res, nil
}

// knownAgent returns a configured agent (or the default one), else v3's
// "unknown agent id".
func (h *Handlers) knownAgent(id string) (catalog.Agent, error) {
	a, ok := h.d.Catalog.Agent(strings.ToLower(strings.TrimSpace(id)))
	if !ok {
		return catalog.Agent{}, wire.InvalidRequest("unknown agent id")
	}
	return a, nil
}

// statFile describes one file of the workspace: missing when it does not
// exist; an error when it exists but is not a regular file the root can
// open (a link out of the workspace, a folder).
func statFile(root *os.Root, workspace, name string) (protocol.AgentWorkspaceFile, error) {
	f := protocol.AgentWorkspaceFile{Name: name, Path: filepath.Join(workspace, name), Missing: true}
	if root == nil {
		return f, nil
	}
	info, err := root.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, nil
	case err != nil:
		return f, err
	case !info.Mode().IsRegular():
		return f, errors.New("not a regular file")
	}
	size, mod := info.Size(), info.ModTime().UnixMilli()
	f.Missing, f.Size, f.UpdatedAtMs = false, &size, &mod
	return f, nil
}

// readFile reads a file of the workspace as text, up to the cap.
func readFile(root *os.Root, name string) (string, error) {
	f, err := root.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxWorkspaceFileBytes))
	return string(data), err
}
