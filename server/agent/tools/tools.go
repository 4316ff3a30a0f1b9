package tools

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/approvals"
	"github.com/gatewire/gatewire/server/methods/nodes"
)

// The names of the built-in tools, as the model calls them.
const (
	NameExec  = "exec"
	NameNodes = "nodes"
	NameRead  = "read"
	NameWrite = "write"
	NameEdit  = "edit"
)

// Call is one tool call of a run: who runs it (run, session, agent), the
// agent's workspace (an absolute directory the file tools are confined
// to), the model's tool call id and its raw JSON arguments.
type Call struct {
	RunID      string
	SessionKey string
	AgentID    string
	Workspace  string
	ToolCallID string
	Args       json.RawMessage
}

// Result is what a tool call produced. Text is what the model is fed back
// (the toolResult message's text); IsError marks a failed call (bad
// arguments, refusal, a command that failed to start, a denial); Details
// is structured data for the tool event stream (may be nil).
type Result struct {
	Text    string
	IsError bool
	Details any
}

// Tool is one built-in tool. Run never panics on bad arguments: it
// answers a Result with IsError and a message the model can act on.
// Cancelling ctx (the run's abort) stops the call promptly.
type Tool interface {
	// Spec is the tool as the model sees it: name, description and the
	// JSON Schema of its arguments from schema/tools.json.
	Spec() provider.Tool
	// Run executes one call.
	Run(ctx context.Context, c Call) Result
}

// Deps is what the built-in tools need from the gateway.
type Deps struct {
	// Nodes relays node commands (exec host "node", the nodes tool).
	Nodes *nodes.Service
	// Approvals asks for exec approvals on behalf of a run and forwards
	// system.run with the approved plan (security invariant 10).
	Approvals *approvals.Service
	// ExecPolicy is the gateway host's own exec-approvals.json (exec host
	// "gateway").
	ExecPolicy *execapprovals.Store
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Log receives the tools' diagnostics (slog.Default when nil).
	Log *slog.Logger
}
