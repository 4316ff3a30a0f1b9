package agent

import (
	"context"
	"errors"
	"strings"

	"github.com/gatewire/gatewire/server/agent/provider"
	"github.com/gatewire/gatewire/server/transcript"
)

// summarizePrompt is the system prompt of a compaction summary.
const summarizePrompt = "You summarize conversations for later continuation. Write a concise summary of the " +
	"conversation below: the user's goals, decisions made, facts learned, open questions and the current state " +
	"of the work. Reply with the summary only."

// Summarize makes one provider call with the session's model that
// summarizes text (for compaction) and returns the summary.
func (r *Runtime) Summarize(ctx context.Context, sessionKey, text string) (string, error) {
	agentID, _, ok := transcript.ParseKey(sessionKey)
	if !ok {
		return "", transcript.ErrBadKey
	}
	entry, err := r.d.Transcripts.Ensure(ctx, sessionKey)
	if err != nil {
		return "", err
	}
	model, err := r.d.Catalog.ModelFor(agentID, entry.Model)
	if err != nil {
		return "", err
	}
	prov, err := r.d.Catalog.Provider(model)
	if err != nil {
		return "", err
	}
	req := &provider.Request{Model: model.ID, System: summarizePrompt, MaxTokens: model.MaxTokens,
		Messages: []provider.Message{{Role: provider.RoleUser, Content: []provider.Part{provider.Text(text)}}}}
	var b strings.Builder
	for ev := range prov.Stream(ctx, req) {
		switch ev.Type {
		case provider.EventTextDelta:
			b.WriteString(ev.Text)
		case provider.EventError:
			if ev.Err == nil {
				return "", errors.New("the summary call failed")
			}
			return "", ev.Err
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", errors.New("the model returned an empty summary")
	}
	return strings.TrimSpace(b.String()), nil
}
