package nodes

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
)

// systemRunCommand is the command whose params may carry an approval.
const systemRunCommand = string(protocol.NodeCommandSystemRun)

// browserProxyCommand is the node's browser proxy.
const browserProxyCommand = "browser.proxy"

// forwardedParams are the params relayed to the node: system.run's pass
// through the approvals' check (security invariant 10), others as sent.
func (s *Service) forwardedParams(call *rpc.Call, p *protocol.NodeInvokeParams) (json.RawMessage, error) {
	if p.Command != systemRunCommand {
		return p.Params, nil
	}
	if s.deps.ForwardSystemRun == nil {
		return nil, wire.InvalidRequest("exec approvals unavailable").WithDetails(map[string]any{"code": "APPROVALS_UNAVAILABLE"})
	}
	return s.deps.ForwardSystemRun(call, p.NodeID, p.Params)
}

// profileDelete is the path of deleting one browser profile.
var profileDelete = regexp.MustCompile(`^/profiles/[^/]+$`)

// browserProfileMutation reports whether browser.proxy params create,
// reset or delete a persistent browser profile (POST /profiles/create,
// POST /reset-profile, DELETE /profiles/<name>).
func browserProfileMutation(params json.RawMessage) bool {
	var p struct {
		Method any `json:"method"`
		Path   any `json:"path"`
	}
	if json.Unmarshal(params, &p) != nil {
		return false
	}
	method, _ := p.Method.(string)
	path, _ := p.Path.(string)
	method, path = strings.ToUpper(strings.TrimSpace(method)), strings.TrimSpace(path)
	if method == "" || path == "" {
		return false
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	switch method {
	case "POST":
		return path == "/profiles/create" || path == "/reset-profile"
	case "DELETE":
		return profileDelete.MatchString(path)
	}
	return false
}
