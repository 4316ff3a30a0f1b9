package cli

import (
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// scopesFor returns the least-privilege operator scopes to ask for when
// calling method, as the reference CLI chooses them: operator.admin for
// config.*, the manifest's scope for a known operator method, and all six
// operator scopes for a method it does not know.
func scopesFor(method string) []string {
	if strings.HasPrefix(method, "config.") {
		return []string{gatewire.ScopeAdmin}
	}
	spec, ok := protocol.Manifest.Method(method)
	if !ok || spec.Role == rpc.RoleNode || spec.Scope == "" {
		return append([]string(nil), gatewire.AllOperatorScopes...)
	}
	return []string{spec.Scope}
}
