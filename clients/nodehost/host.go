package nodehost

import (
	"context"
	"errors"
	"log/slog"
	"time"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
)

// The commands the host serves (their names are the schema's NodeCommand).
const (
	CommandWhich           = string(protocol.NodeCommandSystemWhich)
	CommandRun             = string(protocol.NodeCommandSystemRun)
	CommandRunPrepare      = string(protocol.NodeCommandSystemRunPrepare)
	CommandNotify          = string(protocol.NodeCommandSystemNotify)
	CommandApprovalsGet    = string(protocol.NodeCommandSystemExecApprovalsGet)
	CommandApprovalsSet    = string(protocol.NodeCommandSystemExecApprovalsSet)
	capSystem              = "system"
	defaultNodeSessionKey  = "node"
	execEventHost          = "node"
	execEventOutputTailLen = 20_000
)

// Config configures a Host.
type Config struct {
	// StateDir holds the exec-approvals policy file (and, for the
	// command, the device identity).
	StateDir string
	// Logger receives the host's log (default: discarded).
	Logger *slog.Logger
	// Now is the clock stamped on allowlist entries (default time.Now).
	Now func() time.Time
}

// Host serves the headless node host's commands on a gatewire Node.
type Host struct {
	node      *gatewire.Node
	approvals *execapprovals.Store
	log       *slog.Logger
	now       func() time.Time
}

// Serve registers the host's commands on n (before n.Run) and returns
// the Host serving them.
func Serve(n *gatewire.Node, cfg Config) *Host {
	h := &Host{node: n, approvals: execapprovals.InDir(cfg.StateDir), log: cfg.Logger, now: cfg.Now}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	n.Handle(CommandWhich, withParams(which))
	n.Handle(CommandRunPrepare, withParams(prepare))
	n.Handle(CommandRun, withParams(h.run))
	n.Handle(CommandNotify, withParams(h.notify))
	n.Handle(CommandApprovalsGet, h.approvalsGet)
	n.Handle(CommandApprovalsSet, withParams(h.approvalsSet))
	return h
}

// withParams decodes a command's params into a new P before calling fn;
// params that are missing or do not decode are refused as v3's host
// refuses them: INVALID_REQUEST with the error's text after "Error: ".
func withParams[P any](fn func(context.Context, *gatewire.InvokeRequest, *P) (any, error)) gatewire.Handler {
	return func(ctx context.Context, req *gatewire.InvokeRequest) (any, error) {
		p := new(P)
		if err := req.Decode(p); err != nil {
			var ie *gatewire.InvokeError
			if errors.As(err, &ie) {
				return nil, invalid("Error: " + ie.Message)
			}
			return nil, invalid("Error: " + err.Error())
		}
		return fn(ctx, req, p)
	}
}

// Caps are the capabilities a host declares.
func Caps() []string { return []string{capSystem} }
