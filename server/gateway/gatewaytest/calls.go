package gatewaytest

import (
	"encoding/json"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// ConnectParams returns connect params for a token-authenticated local
// backend client ("gateway-client"/"backend", which keeps its requested
// scopes on loopback without a device identity) asking for the given role
// and scopes. Change Client for other kinds of client; those need a
// device identity (Client.Sign) to keep any scope.
func ConnectParams(token, role string, scopes ...string) *protocol.ConnectParams {
	return ConnectParamsAt(3, token, role, scopes...)
}

// ConnectParamsAt is ConnectParams offering exactly protocol version
// (minProtocol = maxProtocol = version).
func ConnectParamsAt(version int, token, role string, scopes ...string) *protocol.ConnectParams {
	p := &protocol.ConnectParams{
		MinProtocol: int64(version), MaxProtocol: int64(version),
		Client: protocol.ClientInfo{ID: "gateway-client", Version: "1.0.0", Platform: "linux", Mode: "backend"},
		Role:   &role, Scopes: append([]string{}, scopes...),
	}
	if token != "" {
		p.Auth = &protocol.ConnectAuth{Token: &token}
	}
	return p
}

// Connect sends connect and returns the reply; a successful reply's
// payload is decoded into hello.
func (c *Client) Connect(params *protocol.ConnectParams) (Frame, *protocol.HelloOk) {
	c.t.Helper()
	res := c.Client.Connect(params)
	if !res.OK {
		return res, nil
	}
	var hello protocol.HelloOk
	if err := json.Unmarshal(res.Payload, &hello); err != nil {
		c.t.Fatalf("gatewaytest: hello-ok: %v", err)
	}
	return res, &hello
}

// MustConnect connects and fails the test unless hello-ok comes back.
func (c *Client) MustConnect(params *protocol.ConnectParams) *protocol.HelloOk {
	c.t.Helper()
	res, hello := c.Connect(params)
	if hello == nil {
		c.t.Fatalf("gatewaytest: connect refused: %s", res.Raw)
	}
	return hello
}
