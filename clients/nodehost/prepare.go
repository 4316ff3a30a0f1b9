package nodehost

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/execapprovals"
	"github.com/gatewire/gatewire/internal/hostexec"
	"github.com/gatewire/gatewire/runtime/wire"
)

// prepare serves system.run.prepare: the plan an approval of this run
// would bind, or v3's refusal.
func prepare(_ context.Context, _ *gatewire.InvokeRequest, p *protocol.SystemRunPrepareParams) (any, error) {
	cmd, err := resolveCommand(p.Command, p.RawCommand)
	if err != nil {
		return nil, err
	}
	if len(cmd.argv) == 0 {
		return nil, invalid("command required")
	}
	cwd, msg := canonicalCwd(trimmedOrNil(p.Cwd))
	if msg != "" {
		return nil, invalid(msg)
	}
	return protocol.SystemRunPrepareResult{Plan: buildPlan(cmd, cwd, trimmedOrNil(p.AgentID), trimmedOrNil(p.SessionKey))}, nil
}

// buildPlan binds a command: argv[0] resolved to its absolute path
// (except for a shell wrapper, whose script is the preview).
// commandPreview is null, never absent, as v3 writes the plan.
func buildPlan(cmd command, cwd, agentID, sessionKey *string) protocol.SystemRunPlan {
	argv := append([]string(nil), cmd.argv...)
	if !cmd.shell {
		if abs := hostexec.ResolveBinary(argv[0], deref(cwd)); abs != "" {
			argv[0] = abs
		}
	}
	text := execapprovals.CommandText(argv)
	preview := protocol.NewNull[string]()
	if s := strings.TrimSpace(cmd.preview); s != "" && s != text {
		preview = protocol.NewNullable(s)
	}
	return protocol.SystemRunPlan{Argv: argv, Cwd: cwd, CommandText: text, CommandPreview: preview, AgentID: agentID, SessionKey: sessionKey}
}

// command is a run's argv with what it says about itself.
type command struct {
	argv    []string
	text    string // the command text approvers see
	shell   bool   // a shell wrapper (sh -c SCRIPT)
	preview string // the shell wrapper's script
}

// resolveCommand checks a run's argv against its rawCommand (when given):
// the raw text must be the formatted argv, or a shell wrapper's script.
func resolveCommand(argv []string, raw *string) (command, error) {
	rawText := strings.TrimSpace(deref(raw))
	if len(argv) == 0 {
		if rawText != "" {
			return command{}, invalid("rawCommand requires params.command")
		}
		return command{}, nil
	}
	c := command{argv: argv, text: execapprovals.CommandText(argv)}
	c.preview, c.shell = hostexec.ShellScript(argv)
	if rawText != "" && rawText != c.text && !(c.shell && rawText == strings.TrimSpace(c.preview)) {
		return command{}, invalid("INVALID_REQUEST: rawCommand does not match command")
	}
	return c, nil
}

// canonicalCwd checks an approved run's working directory: it must be an
// existing directory named without symbolic links. It returns v3's
// refusal text when it is not.
func canonicalCwd(cwd *string) (*string, string) {
	if cwd == nil {
		return nil, ""
	}
	abs, err := filepath.Abs(*cwd)
	if err != nil {
		return nil, "SYSTEM_RUN_DENIED: approval requires an existing canonical cwd"
	}
	fi, err := os.Stat(abs)
	switch {
	case err != nil:
		return nil, "SYSTEM_RUN_DENIED: approval requires an existing canonical cwd"
	case !fi.IsDir():
		return nil, "SYSTEM_RUN_DENIED: approval requires cwd to be a directory"
	}
	if real, err := filepath.EvalSymlinks(abs); err != nil || real != abs {
		return nil, "SYSTEM_RUN_DENIED: approval requires canonical cwd (no symlink path components)"
	}
	return cwd, ""
}

// invalid is an INVALID_REQUEST answer.
func invalid(msg string) error {
	return &gatewire.InvokeError{Code: wire.CodeInvalidRequest, Message: msg}
}

// unavailable is an UNAVAILABLE answer.
func unavailable(msg string) error {
	return &gatewire.InvokeError{Code: wire.CodeUnavailable, Message: msg}
}

func trimmedOrNil(s *string) *string {
	if s == nil || strings.TrimSpace(*s) == "" {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
