package gateway_test

import (
	"testing"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// operator dials and connects an operator with the given scopes.
func operator(t *testing.T, g *gatewaytest.Gateway, scopes ...string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, g.URL)
	c.MustConnect(gatewaytest.ConnectParams(g.Token, "operator", scopes...))
	return c
}

const (
	admin = "operator.admin"
	read  = "operator.read"
	write = "operator.write"
)
