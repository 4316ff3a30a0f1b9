package sessions

import (
	"context"
	"errors"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// SessionsPatch answers sessions.patch: it sets or clears (null) the
// session's label, thinking level and model override, creating the
// session on first use, with v3's messages for bad values. The other v3
// fields are refused: gatewire has no such setting.
func (s *Service) SessionsPatch(ctx context.Context, _ *rpc.Call, p *protocol.SessionsPatchParams) (*protocol.SessionsPatchResult, error) {
	key, err := s.canonical(p.Key)
	if err != nil {
		return nil, err
	}
	if field := unsupportedPatchField(p); field != "" {
		return nil, invalid("sessions.patch %s is not supported by gatewire", field)
	}
	agentID, _, _ := transcript.ParseKey(key)
	var c transcript.Changes
	if c.Label, err = s.patchLabel(ctx, key, p.Label); err != nil {
		return nil, err
	}
	if c.ThinkingLevel, err = s.patchThinking(p.ThinkingLevel, agentID); err != nil {
		return nil, err
	}
	if c.Model, err = s.patchModel(agentID, p.Model); err != nil {
		return nil, err
	}
	e, err := s.d.Transcripts.Patch(ctx, key, c)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	return &protocol.SessionsPatchResult{Ok: true, Path: s.d.StorePath, Key: key, Entry: s.entryJSON(e)}, nil
}

// unsupportedPatchField names the first v3 field in p gatewire has no
// setting for ("" when none).
func unsupportedPatchField(p *protocol.SessionsPatchParams) string {
	for _, f := range []struct {
		name    string
		present bool
	}{
		{"fastMode", p.FastMode.Present}, {"verboseLevel", p.VerboseLevel.Present},
		{"traceLevel", p.TraceLevel.Present}, {"reasoningLevel", p.ReasoningLevel.Present},
		{"responseUsage", p.ResponseUsage.Present}, {"elevatedLevel", p.ElevatedLevel.Present},
		{"execHost", p.ExecHost.Present}, {"execSecurity", p.ExecSecurity.Present},
		{"execAsk", p.ExecAsk.Present}, {"execNode", p.ExecNode.Present},
		{"spawnedBy", p.SpawnedBy.Present}, {"spawnedWorkspaceDir", p.SpawnedWorkspaceDir.Present},
		{"spawnDepth", p.SpawnDepth.Present}, {"subagentRole", p.SubagentRole.Present},
		{"subagentControlScope", p.SubagentControlScope.Present}, {"sendPolicy", p.SendPolicy.Present},
		{"groupActivation", p.GroupActivation.Present},
	} {
		if f.present {
			return f.name
		}
	}
	return ""
}

// cleared is the change that clears a field.
var cleared = new(string)

// patchLabel validates a label change as v3 does: trimmed, not empty,
// at most 512 characters, not another session's label.
func (s *Service) patchLabel(ctx context.Context, key string, v protocol.Nullable[string]) (*string, error) {
	if !v.Present {
		return nil, nil
	}
	if v.Value == nil {
		return cleared, nil
	}
	label := strings.TrimSpace(*v.Value)
	switch {
	case label == "":
		return nil, invalid("invalid label: empty")
	case len([]rune(label)) > 512:
		return nil, invalid("invalid label: too long (max 512)")
	}
	same, _, err := s.d.Transcripts.List(ctx, transcript.ListOptions{Label: label})
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	for _, e := range same {
		if e.Key != key {
			return nil, invalid("label already in use: %s", label)
		}
	}
	return &label, nil
}

// patchThinking validates a thinking level change with v3's messages.
func (s *Service) patchThinking(v protocol.Nullable[string], agentID string) (*string, error) {
	if !v.Present {
		return nil, nil
	}
	if v.Value == nil {
		return cleared, nil
	}
	level, ok := normalizeThinking(*v.Value)
	use := strings.Join(thinkingLevels, "|")
	switch {
	case level == "":
		return nil, invalid("invalid thinkingLevel (use %s)", use)
	case !ok:
		return nil, invalid("thinkingLevel %q is not supported for %s (use %s)", level, s.modelName(agentID), use)
	}
	return &level, nil
}

// modelName is agentID's default model reference for messages.
func (s *Service) modelName(agentID string) string {
	if s.d.Models != nil {
		if m, ok := s.d.Models.Default(agentID); ok {
			return m.Ref()
		}
	}
	return "the default model"
}

// errNoCatalog is v3's answer when the model catalog cannot be read.
var errNoCatalog = errors.New("model catalog unavailable")

// patchModel resolves a model override against the catalog; null clears
// it (the agent's default model again).
func (s *Service) patchModel(agentID string, v protocol.Nullable[string]) (*string, error) {
	if !v.Present {
		return nil, nil
	}
	if v.Value == nil {
		return cleared, nil
	}
	ref := strings.TrimSpace(*v.Value)
	if ref == "" {
		return nil, invalid("invalid model: empty")
	}
	if s.d.Models == nil {
		return nil, unavailable("%v", errNoCatalog)
	}
	m, err := s.d.Models.Resolve(agentID, ref)
	if err != nil {
		return nil, invalid("%v", err)
	}
	if d, ok := s.d.Models.Default(agentID); ok && d.Ref() == m.Ref() {
		return cleared, nil // the default needs no override
	}
	out := m.Ref()
	return &out, nil
}
