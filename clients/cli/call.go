package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/runtime/rpc"
)

// newCallCommand returns `call <method>`: one raw request, its reply
// printed as JSON.
func (e *env) newCallCommand() *cobra.Command {
	var f connFlags
	var params string
	var expectFinal bool
	cmd := &cobra.Command{
		Use:   "call <method>",
		Short: "Call a gateway method and print its reply as JSON",
		Long: `Call one gateway method and print its reply as JSON.

The connection asks for the least privilege the method needs (operator.admin for
config.*, the method's own scope otherwise, all operator scopes for a method this
client does not know).`,
		Example: `  gatewire call health
  gatewire call logs.tail --params '{"limit":5}'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			method := args[0]
			if !json.Valid([]byte(params)) {
				return fmt.Errorf("--params is not valid JSON: %q", params)
			}
			acc := access{scopes: scopesFor(method)}
			return e.withSession(cmd, &f, acc, func(ctx context.Context, s *session) error {
				// The one generic path: any method, its reply as sent.
				var raw json.RawMessage
				err := s.calls.Call(ctx, method, json.RawMessage(params), &raw, rpc.CallOptions{ExpectFinal: expectFinal})
				if err != nil {
					return err
				}
				return printJSON(cmd.OutOrStdout(), raw)
			})
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&params, "params", "{}", "method params as JSON")
	cmd.Flags().BoolVar(&expectFinal, "expect-final", false, "for two-phase methods, wait past the \"accepted\" reply for the final one")
	return cmd
}
