package cli

import (
	"os"
	"time"

	"github.com/spf13/cobra"
)

// AddCommands adds the client commands (call, health, status, presence,
// logs, devices, nodes) to root. When root already has a "gateway"
// command without a "status" subcommand, `gateway status` is added to it;
// otherwise add NewGatewayStatusCommand where it belongs.
func AddCommands(root *cobra.Command) {
	addCommands(root, osEnv())
}

// NewGatewayStatusCommand returns the `status` subcommand of `gateway`.
func NewGatewayStatusCommand() *cobra.Command {
	return osEnv().newGatewayStatusCommand()
}

// osEnv is the process's environment and clock.
func osEnv() *env { return &env{getenv: os.Getenv, now: time.Now} }

func addCommands(root *cobra.Command, e *env) {
	root.AddCommand(e.newCallCommand(), e.newHealthCommand(), e.newStatusCommand(), e.newPresenceCommand(),
		e.newLogsCommand(), e.newDevicesCommand(), e.newNodesCommand())
	if gw := subcommand(root, "gateway"); gw != nil && subcommand(gw, "status") == nil {
		gw.AddCommand(e.newGatewayStatusCommand())
	}
}

// subcommand returns the direct subcommand of parent named name.
func subcommand(parent *cobra.Command, name string) *cobra.Command {
	for _, c := range parent.Commands() {
		if c.Name() == name {
			return c
		}
	}
	return nil
}
