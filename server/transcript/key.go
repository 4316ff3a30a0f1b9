package transcript

import "strings"

// DefaultAgentID is the agent of keys that name none.
const DefaultAgentID = "main"

// MainName is the rest of every agent's main session key.
const MainName = "main"

// ParseKey splits a session key agent:<agentId>:<rest>. ok is false when
// key does not have that form or either part is empty.
func ParseKey(key string) (agentID, rest string, ok bool) {
	after, found := strings.CutPrefix(key, "agent:")
	if !found {
		return "", "", false
	}
	agentID, rest, found = strings.Cut(after, ":")
	if !found || agentID == "" || rest == "" {
		return "", "", false
	}
	return agentID, rest, true
}

// Key builds the session key of rest under agentID.
func Key(agentID, rest string) string { return "agent:" + agentID + ":" + rest }

// MainKey is agentID's main session key, agent:<agentId>:main.
func MainKey(agentID string) string { return Key(agentID, MainName) }

// IsMain reports whether key is an agent's main session.
func IsMain(key string) bool {
	_, rest, ok := ParseKey(key)
	return ok && rest == MainName
}

// Canonical returns the full session key a client's key names: an
// agent:<agentId>:<rest> key as it is, a bare name (e.g. "main") under
// defaultAgent. ok is false for a key that starts with "agent:" but is
// not a valid one, or for an empty key.
func Canonical(key, defaultAgent string) (string, bool) {
	key = strings.TrimSpace(key)
	if key == "" {
		return "", false
	}
	if strings.HasPrefix(key, "agent:") {
		_, _, ok := ParseKey(key)
		return key, ok
	}
	if defaultAgent == "" {
		defaultAgent = DefaultAgentID
	}
	return Key(defaultAgent, key), true
}
