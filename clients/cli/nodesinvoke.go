package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// invokeAccess is how `nodes invoke` connects: node.invoke needs
// operator.write, whatever the command (as on the running v3 gateway),
// and node.list, to find the node, operator.read, which write implies.
var invokeAccess = access{scopes: []string{gatewire.ScopeWrite}}

// invokeMargin is the time the command waits past the node's timeout,
// so that the gateway's own timeout answer arrives first.
const invokeMargin = time.Second

// invokeFlags are the flags of `nodes invoke`.
type invokeFlags struct {
	node, command, params, key string
	invokeTimeout              msDuration
}

// nodesInvoke returns `nodes invoke`: one node.invoke, its payload
// printed.
func (e *env) nodesInvoke(f *connFlags) *cobra.Command {
	var v invokeFlags
	cmd := &cobra.Command{
		Use:   "invoke --node <id|name|ip> --command <command> [--params <json>]",
		Short: "Invoke a command on a node and print its result",
		Long: `Invoke one command on a connected node (node.invoke) and print the payload it
returns. The node is named by id, display name, address or a unique id prefix.
--timeout bounds the connection and is the node's time for the command unless
--invoke-timeout says otherwise; --json prints the gateway's whole reply.`,
		Example: `  gatewire nodes invoke --node build-box --command system.which --params '{"bins":["git"]}'
  gatewire nodes invoke --node 3f2a1c --command system.notify --params '{"title":"hi"}' --timeout 5s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if v.node == "" || v.command == "" {
				return errors.New("--node and --command are required")
			}
			if !json.Valid([]byte(v.params)) {
				return fmt.Errorf("--params is not valid JSON: %q", v.params)
			}
			if v.key == "" {
				v.key = wire.NewUUID()
			}
			return e.withSessionFor(cmd, f, invokeAccess, func(s *settings) time.Duration { return v.nodeTimeout(s) + invokeMargin },
				func(ctx context.Context, s *session) error { return invoke(ctx, s, &v) })
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&v.node, "node", "", "the node: id, display name, address or unique id prefix")
	fl.StringVar(&v.command, "command", "", "the command, e.g. system.which")
	fl.StringVar(&v.params, "params", "{}", "the command's params as JSON")
	fl.StringVar(&v.key, "idempotency-key", "", "idempotency key (default: a new one)")
	fl.Var(&v.invokeTimeout, "invoke-timeout", "the node's time for the command, in ms or as a duration (default: --timeout)")
	return cmd
}

// nodeTimeout is the node's time for the command.
func (v *invokeFlags) nodeTimeout(s *settings) time.Duration {
	if v.invokeTimeout > 0 {
		return time.Duration(v.invokeTimeout)
	}
	return s.timeout
}

// invoke resolves the node, invokes the command and prints the result.
func invoke(ctx context.Context, s *session, v *invokeFlags) error {
	id, err := resolveNode(ctx, s, v.node)
	if err != nil {
		return err
	}
	ms := v.nodeTimeout(s.settings).Milliseconds()
	r, err := s.api.NodeInvoke(ctx, &protocol.NodeInvokeParams{NodeID: id, Command: v.command,
		Params: json.RawMessage(v.params), TimeoutMs: &ms, IdempotencyKey: v.key})
	if err != nil {
		return err
	}
	return s.emit(func() error { return printInvokeResult(s.cmd.OutOrStdout(), r) })
}

// printInvokeResult prints the node's payload as indented JSON, or says
// that the node returned none.
func printInvokeResult(w io.Writer, r *protocol.NodeInvokeResult) error {
	if len(r.Payload) == 0 || string(r.Payload) == "null" {
		return printLine(w, "%s on node %s: ok (no payload)", r.Command, r.NodeID)
	}
	return printJSON(w, r.Payload)
}
