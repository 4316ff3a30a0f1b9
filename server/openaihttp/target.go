package openaihttp

import (
	"net/http"
	"regexp"
	"strings"
)

// The agent-target model ids.
const (
	modelDefault      = "openclaw"
	modelDefaultAlias = "openclaw/default"
)

// agentIDRE is a valid agent id.
var agentIDRE = regexp.MustCompile(`(?i)^[a-z0-9][a-z0-9_-]{0,63}$`)

// targetRE matches "openclaw/<id>", "openclaw:<id>" and "agent:<id>".
var targetRE = regexp.MustCompile(`(?i)^(?:openclaw[:/]|agent:)([a-z0-9][a-z0-9_-]{0,63})$`)

// msgInvalidModel is v3's message for a model that is no agent target.
const msgInvalidModel = "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`."

// target is who and where a request runs.
type target struct {
	agentID, sessionKey, modelOverride string
}

// agentOfModel returns the agent a model id names; ok is false when it
// names none. "" and "openclaw"/"openclaw/default" are the default agent.
func (s *Server) agentOfModel(model string) (string, bool) {
	m := strings.TrimSpace(model)
	switch strings.ToLower(m) {
	case "", modelDefault, modelDefaultAlias:
		return s.d.Catalog.DefaultAgentID(), true
	}
	if g := targetRE.FindStringSubmatch(m); g != nil {
		return strings.ToLower(g[1]), true
	}
	return "", false
}

// resolveTarget works out the agent (x-openclaw-agent-id, else the
// model's), the session (x-openclaw-session-key, else a stable one per
// OpenAI user, else a new one) and the backend model (x-openclaw-model,
// which must be a model the catalog can run). msg is the message of a
// 400, "" when the request is fine.
func (s *Server) resolveTarget(r *http.Request, model, user, prefix string) (t target, msg string) {
	agentID, ok := s.agentOfModel(model)
	if !ok {
		return target{}, msgInvalidModel
	}
	if h := strings.TrimSpace(r.Header.Get("X-Openclaw-Agent-Id")); h != "" && agentIDRE.MatchString(h) {
		agentID = strings.ToLower(h)
	}
	t = target{agentID: agentID, sessionKey: strings.TrimSpace(r.Header.Get("X-Openclaw-Session-Key"))}
	if t.sessionKey == "" {
		rest := prefix + ":" + s.d.NewID()
		if u := strings.TrimSpace(user); u != "" {
			rest = prefix + "-user:" + u
		}
		t.sessionKey = "agent:" + agentID + ":" + rest
	}
	if raw := strings.TrimSpace(r.Header.Get("X-Openclaw-Model")); raw != "" {
		m, err := s.d.Catalog.ModelFor(agentID, raw)
		if err != nil {
			return target{}, "Model '" + raw + "' is not allowed for agent '" + agentID + "'."
		}
		t.modelOverride = m.Ref
	}
	return t, ""
}
