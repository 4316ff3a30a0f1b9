package chat

import (
	"context"
	"strings"
	"unicode"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/agent"
)

// The methods whose authorization a slash command takes: a command may do
// only what its caller could do by calling the method.
const (
	methodSessionsPatch = "sessions.patch"
	methodSessionsReset = "sessions.reset"
	methodStatus        = "status"
)

// command is one parsed slash command: its name (lower case, without the
// slash) and the rest of the message.
type command struct {
	name, args string
}

// spec describes one slash command for commands.list and its
// authorization.
type spec struct {
	name, description, category string
	// method is the method the command acts as (its authorization).
	method string
	args   []protocol.CommandArg
}

// commands are the slash commands chat.send and agent understand, in the
// order commands.list lists them.
var commands = []spec{
	{name: "stop", description: "Stop the current run.", category: "session", method: protocol.MethodChatAbort},
	{name: "new", description: "Start a new session (optionally on a model).", category: "session", method: methodSessionsReset,
		args: []protocol.CommandArg{{Name: "model", Description: "Model to use (provider/model)", Type: protocol.CommandArgTypeString}}},
	{name: "reset", description: "Reset the current session.", category: "session", method: methodSessionsReset},
	{name: "model", description: "Show or set the model.", category: "options", method: methodSessionsPatch,
		args: []protocol.CommandArg{{Name: "model", Description: "Model id (provider/model, a number from the list, or status)", Type: protocol.CommandArgTypeString}}},
	{name: "status", description: "Show the session's status (model, tokens, run).", category: "status", method: methodStatus},
}

// stopTriggers are the plain-text messages that also stop a run, as v3
// recognizes them (a subset of its list: the English ones).
var stopTriggers = map[string]bool{"stop": true, "esc": true, "abort": true, "wait": true, "exit": true, "interrupt": true,
	"halt": true, "stop run": true, "stop agent": true, "stop the agent": true, "please stop": true, "stop please": true}

// isStop reports whether a message is a stop command: /stop, or one of
// the plain stop words (case and trailing punctuation ignored).
func isStop(message string) bool {
	t := strings.ToLower(strings.Join(strings.Fields(message), " "))
	t = strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsPunct(r) && r != '/' })
	return t == "/stop" || stopTriggers[t]
}

// parseCommand parses a message that is one of the slash commands.
func parseCommand(message string) (command, bool) {
	t := strings.TrimSpace(message)
	if !strings.HasPrefix(t, "/") {
		return command{}, false
	}
	name, args, _ := strings.Cut(t[1:], " ")
	name = strings.ToLower(name)
	if name, _, _ = strings.Cut(name, "\n"); lookup(name) == nil {
		return command{}, false
	}
	return command{name: name, args: strings.TrimSpace(args)}, true
}

// lookup returns the command named name, nil for none.
func lookup(name string) *spec {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// authorize judges the caller acting as method: the one authorization
// function of every entry path (rpc.Manifest.AuthorizeAs), at the
// caller's protocol version (a method's scope may differ per version).
func (s *Service) authorize(call *rpc.Call, method string) error {
	m := s.d.Manifest
	if view := m.At(call.Peer.Protocol); view != nil {
		m = view
	}
	if e := m.AuthorizeAs(call.Peer, method); e != nil {
		return e
	}
	return nil
}

// runCommand authorizes and carries out a slash command; its answer is
// sent as the run's reply.
func (s *Service) runCommand(ctx context.Context, call *rpc.Call, req agent.StartRequest, cmd command) (started, error) {
	sp := lookup(cmd.name)
	method := sp.method
	if cmd.name == "model" && (cmd.args == "" || cmd.args == "list" || cmd.args == "status") {
		method = methodStatus // showing the model is a read
	}
	if err := s.authorize(call, method); err != nil {
		return started{}, err
	}
	switch cmd.name {
	case "stop":
		ids, err := s.abortSession(call, req.SessionKey, agent.AbortStop)
		return started{stop: true, stopped: ids}, err
	case "new", "reset":
		return s.reset(ctx, req, cmd)
	}
	var text string
	var err error
	if cmd.name == "model" {
		text, err = s.model(ctx, req.SessionKey, cmd.args)
	} else {
		text, err = s.status(ctx, req.SessionKey)
	}
	if err != nil {
		return started{}, err
	}
	return s.reply(ctx, req, text)
}

// reply answers req with text as its run's reply.
func (s *Service) reply(ctx context.Context, req agent.StartRequest, text string) (started, error) {
	run, existing, err := s.d.Runtime.Reply(ctx, req, text)
	if err != nil {
		return started{}, startError(err)
	}
	return started{run: run, existing: existing}, nil
}

// CommandsList lists the slash commands: all of them are typed as text,
// and none is a channel's native command.
func (h commandMethods) CommandsList(ctx context.Context, call *rpc.Call, p *protocol.CommandsListParams) (*protocol.CommandsListResult, error) {
	if id := strings.TrimSpace(deref(p.AgentID)); id != "" {
		if _, ok := h.s.d.Models.Agent(id); !ok {
			return nil, wire.InvalidRequest("unknown agent id %q", id)
		}
	}
	withArgs := p.IncludeArgs == nil || *p.IncludeArgs
	out := make([]protocol.CommandEntry, 0, len(commands))
	for _, c := range commands {
		e := protocol.CommandEntry{Name: c.name, TextAliases: []string{"/" + c.name}, Description: c.description,
			Category: ptr(protocol.CommandEntryCategory(c.category)), Source: protocol.CommandEntrySourceNative,
			Scope: protocol.CommandScopeText, AcceptsArgs: len(c.args) > 0}
		if withArgs && len(c.args) > 0 {
			e.Args = c.args
		}
		out = append(out, e)
	}
	if p.Scope != nil && *p.Scope == protocol.CommandScopeNative {
		out = out[:0]
	}
	return &protocol.CommandsListResult{Commands: out}, nil
}
