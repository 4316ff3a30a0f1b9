// Command gatewire is the gatewire binary: `gatewire gateway` runs the
// gateway (OpenClaw gateway protocols v3 and v4) in the foreground, and the client
// commands (call, health, status, presence, logs, devices, nodes,
// sessions, gateway status) talk to one, `gatewire sessions import`
// brings OpenClaw sessions into the state directory; `gatewire node run` is the headless node
// host; `gatewire doctor` checks a gateway's state dir, config and
// service.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/clients/cli"
	"github.com/gatewire/gatewire/clients/nodehost"
	"github.com/gatewire/gatewire/server/doctor"
	"github.com/gatewire/gatewire/server/gatewaycmd"
	"github.com/gatewire/gatewire/server/sessionsimport"
	"github.com/gatewire/gatewire/server/version"
)

func main() {
	if err := rootCommand().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "gatewire:", err)
		os.Exit(1)
	}
}

// rootCommand is `gatewire` with its subcommands.
func rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "gatewire",
		Short:         "gatewire: a gateway for the OpenClaw gateway protocols v3 and v4",
		Version:       version.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate(fmt.Sprintf("gatewire %s\n", version.Version))
	root.AddCommand(gatewaycmd.Command(), nodehost.Command(version.Version), doctor.Command())
	cli.AddCommands(root, localGateway)
	for _, c := range root.Commands() {
		if c.Name() == "sessions" {
			c.AddCommand(sessionsimport.Command())
		}
	}
	return root
}

// localGateway reads the port and secret of the gateway on this host the
// way the gateway command resolves them, for the client commands.
func localGateway(stateDir, configPath string) (cli.LocalGateway, error) {
	l, err := gatewaycmd.LocalGateway(stateDir, configPath)
	return cli.LocalGateway(l), err
}
