package agents

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent/catalog"
)

// The identity an agent without one presents (v3's defaults).
const (
	defaultName   = "Assistant"
	defaultAvatar = "A"
)

// Length caps of identity values, as v3 applies them.
const (
	maxNameRunes  = 50
	maxEmojiUnits = 16
)

// AgentIdentityGet serves agent.identity.get: the identity of agentId, of
// the agent of sessionKey (agent:<id>:…; a key of another shape means
// "main"), or of the default agent. name is identity.name, else
// "Assistant"; avatar the configured avatar or emoji, else "A", a local
// image path becoming v3's /avatar/<agentId> URL; emoji the first
// emoji-like value of identity.emoji and identity.avatar. avatarStatus
// says what the configured avatar is (none, local, remote, data);
// nameSource (protocol 4) whether name is the agent's ("agent") or the
// default ("default": gatewire reads no workspace IDENTITY.md).
func (h *Handlers) AgentIdentityGet(_ context.Context, _ *rpc.Call, p *protocol.AgentIdentityGetParams) (*protocol.AgentIdentityGetResult, error) {
	agentID, err := h.targetAgent(p)
	if err != nil {
		return nil, err
	}
	a, ok := h.d.Catalog.Agent(agentID)
	if !ok {
		a = catalog.Agent{ID: agentID}
	}
	res := &protocol.AgentIdentityGetResult{AgentID: agentID, Name: optional(defaultName), NameSource: nameSource(protocol.AgentIdentityGetResultNameSourceDefault)}
	if n := strings.TrimSpace(a.Identity.Name); n != "" {
		res.Name = optional(truncateRunes(n, maxNameRunes))
		res.NameSource = nameSource(protocol.AgentIdentityGetResultNameSourceAgent)
	}
	res.Avatar = optional(avatarOf(a))
	res.Emoji = optional(emojiOf(a))
	st := resolveAvatar(a)
	status := st.kind
	res.AvatarStatus = &status
	res.AvatarSource = optional(st.publicSource)
	res.AvatarReason = optional(st.reason)
	return res, nil
}

// targetAgent resolves the agent id the params name.
func (h *Handlers) targetAgent(p *protocol.AgentIdentityGetParams) (string, error) {
	raw := ""
	if p.AgentID != nil {
		raw = strings.TrimSpace(*p.AgentID)
	}
	agentID := strings.ToLower(raw)
	key := ""
	if p.SessionKey != nil {
		key = strings.TrimSpace(*p.SessionKey)
	}
	if key != "" {
		fromKey, ok := agentOfSessionKey(key)
		if !ok {
			return "", wire.InvalidRequest("invalid agent.identity.get params: malformed session key %q", key)
		}
		if agentID != "" && agentID != fromKey {
			return "", wire.InvalidRequest("invalid agent.identity.get params: agent %q does not match session key agent %q", raw, fromKey)
		}
		agentID = fromKey
	}
	if agentID == "" {
		agentID = h.d.Catalog.DefaultAgentID()
	}
	return agentID, nil
}

// agentOfSessionKey returns the agent of a session key: <id> of
// agent:<id>:<rest>, "main" for a key of another shape (v3's legacy and
// alias keys); ok is false for a malformed agent:… key.
func agentOfSessionKey(key string) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(key), "agent:") {
		return catalog.DefaultAgentID, true
	}
	id, rest, found := strings.Cut(key[len("agent:"):], ":")
	if !found || strings.TrimSpace(id) == "" || strings.TrimSpace(rest) == "" {
		return "", false
	}
	return strings.ToLower(strings.TrimSpace(id)), true
}

// avatarOf is the avatar an agent shows: its configured avatar, else its
// emoji (short values without spaces only, as v3), else "A"; a local
// image path is served as /avatar/<agentId>.
func avatarOf(a catalog.Agent) string {
	for _, v := range []string{a.Identity.Avatar, a.Identity.Emoji} {
		v = strings.TrimSpace(v)
		switch {
		case v == "":
		case isHTTPURL(v) || isImageDataURL(v):
			return v
		case looksLikeImagePath(v):
			return "/avatar/" + a.ID
		case !strings.ContainsAny(v, " \t\r\n") && utf16Len(v) <= 4:
			return v
		}
	}
	return defaultAvatar
}

// emojiOf is the first of identity.emoji and identity.avatar that looks
// like an emoji: non-ASCII, at most 16 UTF-16 units, not a URL or path.
func emojiOf(a catalog.Agent) string {
	for _, v := range []string{a.Identity.Emoji, a.Identity.Avatar} {
		v = strings.TrimSpace(v)
		if v == "" || utf16Len(v) > maxEmojiUnits || isASCII(v) || isHTTPURL(v) || isImageDataURL(v) || looksLikeImagePath(v) {
			continue
		}
		return v
	}
	return ""
}

// nameSource is a pointer to s, for the optional nameSource member.
func nameSource(s protocol.AgentIdentityGetResultNameSource) *protocol.AgentIdentityGetResultNameSource {
	return &s
}
