package chat

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent"
	"github.com/gatewire/gatewire/server/transcript"
)

// reset carries out /new and /reset: the session starts over (a new
// session id; the old transcript is archived). "/new <model>" also sets
// the session's model; any other text after /new is then sent as the new
// session's first message.
func (s *Service) reset(ctx context.Context, req agent.StartRequest, cmd command) (started, error) {
	if _, _, err := s.d.Sessions.Reset(ctx, req.SessionKey); err != nil {
		return started{}, wire.Unavailable("%s", err.Error())
	}
	text := "✅ New session started."
	if cmd.args != "" && cmd.name == "new" {
		if m, ok := s.d.Models.Model(cmd.args); ok {
			if _, err := s.d.Sessions.Patch(ctx, req.SessionKey, transcript.Changes{Model: &m.Ref}); err != nil {
				return started{}, wire.Unavailable("%s", err.Error())
			}
			text = "✅ New session started · model: " + m.Ref
		} else {
			req.Message = cmd.args
			return s.start(ctx, req)
		}
	}
	return s.reply(ctx, req, text)
}

// model carries out /model: with no argument (or "list") it lists the
// configured models, numbered, the session's marked; "status" names the
// session's model and its API; a reference or a number sets the
// session's model.
func (s *Service) model(ctx context.Context, key, arg string) (string, error) {
	agentID, _, _ := transcript.ParseKey(key)
	entry, _, err := s.d.Sessions.Get(ctx, key)
	if err != nil {
		return "", wire.Unavailable("%s", err.Error())
	}
	current, curErr := s.d.Models.ModelFor(agentID, entry.Model)
	models := s.d.Models.Models()
	switch arg {
	case "status":
		if curErr != nil {
			return curErr.Error(), nil
		}
		return fmt.Sprintf("Current model: %s (%s, api %s, context %d tokens)", current.Ref, current.Name, current.API, current.ContextWindow), nil
	case "", "list":
		if len(models) == 0 {
			return "No models are configured (models.providers.<id>.models).", nil
		}
		var b strings.Builder
		b.WriteString("Models:\n")
		for i, m := range models {
			mark := " "
			if curErr == nil && m.Ref == current.Ref {
				mark = "*"
			}
			fmt.Fprintf(&b, "%s %d. %s\n", mark, i+1, m.Ref)
		}
		b.WriteString("Use /model <number|provider/model> to switch.")
		return b.String(), nil
	}
	ref := arg
	if n, err := strconv.Atoi(strings.TrimPrefix(arg, "#")); err == nil && n >= 1 && n <= len(models) {
		ref = models[n-1].Ref
	}
	m, ok := s.d.Models.Model(ref)
	if !ok {
		return fmt.Sprintf("Unknown model: %s. Use /model to list the configured models.", arg), nil
	}
	if _, err := s.d.Sessions.Patch(ctx, key, transcript.Changes{Model: &m.Ref}); err != nil {
		return "", wire.Unavailable("%s", err.Error())
	}
	return "Model set to " + m.Ref + ".", nil
}

// status carries out /status: the session, its model, its token totals,
// whether a run is going, and the gateway's uptime.
func (s *Service) status(ctx context.Context, key string) (string, error) {
	agentID, _, _ := transcript.ParseKey(key)
	entry, found, err := s.d.Sessions.Get(ctx, key)
	if err != nil {
		return "", wire.Unavailable("%s", err.Error())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Session: %s", key)
	if found {
		fmt.Fprintf(&b, " (id %s)", entry.SessionID)
	}
	if m, err := s.d.Models.ModelFor(agentID, entry.Model); err == nil {
		fmt.Fprintf(&b, "\nModel: %s", m.Ref)
	} else {
		fmt.Fprintf(&b, "\nModel: none (%s)", err.Error())
	}
	t := entry.Totals
	fmt.Fprintf(&b, "\nTokens: %d in · %d out · %d total (cost $%.4f)", t.Input, t.Output, t.TotalTokens, t.Cost)
	run := "idle"
	if s.d.Runtime.Active(key) {
		run = "running"
	}
	fmt.Fprintf(&b, "\nRun: %s\nUptime: %s", run, s.d.Now().Sub(s.d.StartedAt).Round(time.Second))
	return b.String(), nil
}
