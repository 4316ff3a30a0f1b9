package cli

import (
	"os"
	"time"

	"github.com/spf13/cobra"
)

// AddCommands adds the client commands (call, health, status, presence,
// logs, devices, nodes) to root, and `gateway status` to root's "gateway"
// command when it has one without a "status" subcommand.
func AddCommands(root *cobra.Command) {
	addCommands(root, osEnv(root.Version))
}

// osEnv is the process's environment and clock, and the binary's version.
func osEnv(version string) *env { return &env{getenv: os.Getenv, now: time.Now, version: version} }

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
