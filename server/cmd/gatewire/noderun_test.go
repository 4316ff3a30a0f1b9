package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// `gatewire node run` pairs with a gateway as a node, keeps its identity
// in --state-dir, and on SIGTERM closes its connection and exits 0.
func TestNodeRunConnectsAndStopsCleanlyOnSigterm(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	state := filepath.Join(t.TempDir(), "node")
	p := launch(t, "node", "run", "--url", g.URL, "--token", g.Token, "--state-dir", state, "--display-name", "bin-node")
	op := gatewaytest.Dial(t, g.URL)
	op.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", "operator.read", "operator.pairing", "operator.admin"))
	defer op.CloseNow()

	n := waitNode(t, op, p, true)
	if deref(n.DisplayName) != "bin-node" || !strings.Contains(strings.Join(n.Commands, ","), "system.run") {
		t.Fatalf("listed node = %+v", n)
	}
	if fi, err := os.Stat(filepath.Join(state, "identity", "device.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("identity file: %v %v", fi, err)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.exitCode(t, 10*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM\nstderr: %s", code, &p.stderr)
	}
	if gone := waitNode(t, op, p, false); gone.NodeID != n.NodeID {
		t.Fatalf("node after SIGTERM = %+v", gone)
	}
}

// waitNode polls node.list until the one node is listed with connected
// as wanted.
func waitNode(t *testing.T, op *gatewaytest.Client, p *process, connected bool) protocol.KnownNode {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var res protocol.NodeListResult
		op.Result("node.list", map[string]any{}, &res)
		if len(res.Nodes) == 1 && res.Nodes[0].Connected == connected && (!connected || !op.ApprovePendingNode(res.Nodes[0].NodeID)) {
			return res.Nodes[0]
		}
	}
	t.Fatalf("no node with connected=%v", connected)
	return protocol.KnownNode{}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
