package handshake

import (
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/session"
)

// authMethods maps a session's auth method to hello-ok's auth.method.
var authMethods = map[string]protocol.AuthMethod{
	session.AuthNone:        protocol.AuthMethodNone,
	session.AuthToken:       protocol.AuthMethodToken,
	session.AuthPassword:    protocol.AuthMethodPassword,
	session.AuthDeviceToken: protocol.AuthMethodDeviceToken,
}

// authMethod returns hello-ok's auth.method for a session's auth method
// (nil for one the protocol does not name). The field exists from v4 on;
// the v3 projection of hello-ok leaves it out.
func authMethod(m string) *protocol.AuthMethod {
	if v, ok := authMethods[m]; ok {
		return &v
	}
	return nil
}
