package gatewaytest

import (
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Operator connects a local backend operator with the gateway's token and
// the given scopes; the connection is closed when the test ends.
func (g *Gateway) Operator(t testing.TB, scopes ...string) *Client {
	t.Helper()
	c := Dial(t, g.URL)
	c.MustConnect(ConnectParams(g.Token, string(protocol.RoleOperator), scopes...))
	t.Cleanup(c.CloseNow)
	return c
}
