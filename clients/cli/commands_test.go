package cli

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/server/gatewaycmd"
)

func TestAddCommandsHooksStatusUnderTheGatewayCommand(t *testing.T) {
	root := &cobra.Command{Use: "gatewire"}
	root.AddCommand(gatewaycmd.Command())
	AddCommands(root, nil)
	for _, path := range [][]string{{"call"}, {"health"}, {"status"}, {"presence"}, {"logs"}, {"devices", "approve"},
		{"devices", "rotate"}, {"nodes", "rename"}, {"nodes", "invoke"}, {"approvals", "watch"}, {"gateway", "status"}} {
		cmd, _, err := root.Find(path)
		if err != nil || cmd.Name() != path[len(path)-1] {
			t.Errorf("gatewire %v not found (%v)", path, err)
		}
	}
	// The gateway command keeps its own flags and runs itself.
	if gw, _, _ := root.Find([]string{"gateway"}); gw.Flags().Lookup("port") == nil || gw.RunE == nil {
		t.Fatal("the gateway command changed")
	}
}

func TestAddCommandsKeepsAnExistingGatewayStatus(t *testing.T) {
	root := &cobra.Command{Use: "gatewire"}
	gw := &cobra.Command{Use: "gateway"}
	own := &cobra.Command{Use: "status"}
	gw.AddCommand(own)
	root.AddCommand(gw)
	AddCommands(root, nil)
	if len(gw.Commands()) != 1 || gw.Commands()[0] != own {
		t.Fatalf("gateway subcommands = %v, want only the existing status", gw.Commands())
	}
}

func TestAddCommandsWithoutAGatewayCommand(t *testing.T) {
	root := &cobra.Command{Use: "gatewire"}
	AddCommands(root, nil)
	if subcommand(root, "gateway") != nil {
		t.Fatal("a gateway command appeared")
	}
}
