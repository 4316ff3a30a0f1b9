package agents

import (
	"path/filepath"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// LocalAvatar returns the file of an agent's avatar when it is a local
// image inside the agent's workspace (agent.identity.get's avatarStatus
// "local"), for the Control UI's /avatar/<agentId> route; ok is false for
// an unknown agent and for any other avatar.
func LocalAvatar(c *catalog.Catalog, agentID string) (path, contentType string, ok bool) {
	a, found := c.Agent(agentID)
	if !found || resolveAvatar(a).kind != protocol.AgentIdentityGetResultAvatarStatusLocal {
		return "", "", false
	}
	src := strings.TrimSpace(a.Identity.Avatar)
	if !filepath.IsAbs(src) {
		src = filepath.Join(realPath(a.Workspace), src)
	}
	return realPath(src), avatarMIME(src), true
}

// MaxAvatarBytes caps a local avatar file, as v3 does.
const MaxAvatarBytes = maxAvatarBytes
