package tools

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/hostexec"
)

// Exec timeouts.
const (
	// execDefaultTimeout is a run's timeout when the model names none.
	execDefaultTimeout = 120 * time.Second
	// nodeGrace is how much longer than the run the gateway waits for
	// the node's answer.
	nodeGrace = 5 * time.Second
	// prepareTimeout bounds system.run.prepare and the policy read.
	prepareTimeout = 15 * time.Second
)

// execTool runs one command on the gateway host or on a node.
type execTool struct{ d Deps }

// run runs the command where the arguments say.
func (t execTool) run(ctx context.Context, c Call, p *protocol.ExecToolParams) Result {
	argv, err := commandArgv(p.Command, p.Shell != nil && *p.Shell)
	if err != nil {
		return failed(err.Error())
	}
	env := hostexec.CheckEnv(envAny(p.Env))
	if msg := env.Rejection(); msg != "" {
		return failed(msg)
	}
	timeout := execDefaultTimeout
	if p.Timeout != nil {
		timeout = time.Duration(*p.Timeout) * time.Second
	}
	r := execRequest{call: c, params: *p, argv: argv, env: env.Accepted, timeout: timeout}
	if p.Host != nil && *p.Host == protocol.ExecToolParamsHostNode {
		return t.onNode(ctx, r)
	}
	return t.onGateway(ctx, r)
}

// execRequest is one checked exec call.
type execRequest struct {
	call    Call
	params  protocol.ExecToolParams
	argv    []string
	env     map[string]string
	timeout time.Duration
}

// envAny is the env argument as hostexec judges it.
func envAny(env map[string]string) map[string]any {
	out := make(map[string]any, len(env))
	for k, v := range env {
		out[k] = v
	}
	return out
}

// now is the tools' clock.
func (d Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}
