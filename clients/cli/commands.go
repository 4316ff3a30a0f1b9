package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// AddCommands adds the client commands (call, health, status, presence,
// logs, devices, nodes, approvals, sessions, agent, chat, models, dashboard) to root, and `gateway status` to root's "gateway"
// command when it has one without a "status" subcommand. local reads the
// gateway's port and secret on this host (nil: only its token file).
func AddCommands(root *cobra.Command, local LocalResolver) {
	addCommands(root, osEnv(root.Version, local))
}

// osEnv is the process's environment and clock, and the binary's version.
func osEnv(version string, local LocalResolver) *env {
	return &env{getenv: os.Getenv, now: time.Now, version: version, local: local}
}

func addCommands(root *cobra.Command, e *env) {
	root.AddCommand(e.newCallCommand(), e.newHealthCommand(), e.newStatusCommand(), e.newPresenceCommand(),
		e.newLogsCommand(), e.newDevicesCommand(), e.newNodesCommand(), e.newApprovalsCommand(), e.newSessionsCommand(),
		e.newAgentCommand(), e.newChatCommand(), e.newModelsCommand(), e.newDashboardCommand())
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

// groupCommand returns a command that only groups subcommands: without
// arguments it prints its help; with a word that names no subcommand it
// fails (a non-zero exit) and suggests the nearest ones, where cobra
// would print the help and exit 0.
func groupCommand(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		// Suggest subcommands within two edits ("aprove" → "approve").
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return unknownSubcommand(cmd, args[0])
		},
	}
}

// unknownSubcommand is the error for a mistyped subcommand of parent.
func unknownSubcommand(parent *cobra.Command, word string) error {
	msg := fmt.Sprintf("unknown command %q for %q", word, parent.CommandPath())
	if suggestions := parent.SuggestionsFor(word); len(suggestions) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(suggestions, "\n\t")
	}
	return fmt.Errorf("%s\n\nRun '%s --help' for usage", msg, parent.CommandPath())
}
