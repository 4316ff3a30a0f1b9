package gateway_test

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// TestConnectionsThatDeclareTheCLIStayOutOfPresence: the local backend
// helper that declares the CLI mode in caps (as gatewire's CLI does, to
// keep its scopes) is left out like client.mode "cli"; a node that names
// "cli" among its capability categories is not.
func TestConnectionsThatDeclareTheCLIStayOutOfPresence(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	backend := func(instance string, caps ...string) *protocol.HelloOk {
		c := gatewaytest.Dial(t, g.URL)
		p := gatewaytest.ConnectParams(g.Token, "operator", read)
		p.Client.InstanceID, p.Caps = &instance, caps
		return c.MustConnect(p)
	}
	hello := backend("inst-cli", "cli")
	if len(hello.Auth.Scopes) != 1 || hello.Auth.Scopes[0] != read {
		t.Fatalf("the CLI's backend connection lost its scopes: %v", hello.Auth.Scopes)
	}
	backend("inst-program")

	node := gatewaytest.Dial(t, g.URL)
	np := gatewaytest.ConnectParams(g.Token, "node")
	instance := "inst-node"
	np.Client.ID, np.Client.Mode, np.Client.InstanceID, np.Caps = "node-host", "node", &instance, []string{"cli"}
	node.Sign(np, gatewaytest.NewDevice(t))
	node.MustConnect(np)

	watcher := operator(t, g, read)
	var list protocol.SystemPresenceResult
	watcher.Result("system-presence", nil, &list)
	if findPresence(list, "inst-cli") != nil {
		t.Fatalf("the CLI's connection is in presence: %+v", list)
	}
	if findPresence(list, "inst-program") == nil {
		t.Fatalf("a backend program without the CLI cap is missing: %+v", list)
	}
	// A node's presence key is its device id; look for its mode.
	found := false
	for _, e := range list {
		found = found || deref(e.Mode) == "node"
	}
	if !found {
		t.Fatalf("a node with a \"cli\" capability is missing: %+v", list)
	}
}
