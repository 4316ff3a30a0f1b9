package cli

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// requestNode files a node pairing request and returns its id.
func requestNode(t *testing.T, c *cli, nodeID string, commands ...string) string {
	t.Helper()
	params, _ := json.Marshal(map[string]any{"nodeId": nodeID, "displayName": nodeID, "platform": "linux", "commands": append([]string{}, commands...)})
	var r protocol.NodePairRequestResult
	if err := json.Unmarshal([]byte(c.ok("call", "node.pair.request", "--protocol", "3", "--params", string(params)).stdout), &r); err != nil {
		t.Fatal(err)
	}
	return r.Request.RequestID
}

func TestNodesPairingCommands(t *testing.T) {
	checkLeaks(t)
	g, _ := startGateway(t)
	c := newCLI(t, t.TempDir(), envURL, g.URL, envToken, g.Token)
	c.ok("nodes", "pending") // nothing pending yet; the token on the gateway's host needs no pairing

	first := requestNode(t, c, "node-a", "system.run")
	second := requestNode(t, c, "node-b")
	contains(t, "nodes pending", c.ok("nodes", "pending").stdout, "REQUEST", first, "node-a", "system.run", second)

	var pending []protocol.PendingNodeRequest
	if err := json.Unmarshal([]byte(c.ok("nodes", "pending", "--json").stdout), &pending); err != nil || len(pending) != 2 {
		t.Fatalf("nodes pending --json = %v (%v)", pending, err)
	}

	// node-a declares system.run: approving it needs more than pairing,
	// which the command asks for on a second connection.
	contains(t, "approve", c.ok("nodes", "approve", first).stdout, "approved node request "+first, "node node-a")
	contains(t, "reject", c.ok("nodes", "reject", second).stdout, "rejected node request "+second)
	contains(t, "rename", c.ok("nodes", "rename", "node-a", "Kitchen Pi").stdout, `renamed node node-a to "Kitchen Pi"`)

	var list protocol.NodePairListResult
	if err := json.Unmarshal([]byte(c.ok("call", "node.pair.list").stdout), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Pending) != 0 || len(list.Paired) != 1 || str(list.Paired[0].DisplayName) != "Kitchen Pi" {
		t.Fatalf("node.pair.list = %+v", list)
	}
	contains(t, "remove", c.ok("nodes", "remove", "node-a").stdout, "removed node node-a")
	c.fails([]string{"nodes", "remove", "node-a"}, "node.pair.remove failed")
	c.fails([]string{"nodes", "rename", "node-a"}, "accepts 2 arg(s)")
}
