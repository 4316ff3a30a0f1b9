package tools

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/agent/provider"
)

// typed is a built-in tool whose arguments are the generated type P of
// definition def in schema/tools.json: Spec hands the model that
// definition, and Run validates and decodes the arguments against it
// before run sees them (bad arguments are an error result).
type typed[P any] struct {
	name, description, def string
	run                    func(ctx context.Context, c Call, p *P) Result
}

// Spec is the tool as the model sees it.
func (t typed[P]) Spec() provider.Tool { return spec(t.name, t.description, t.def) }

// Run checks the arguments and runs the tool.
func (t typed[P]) Run(ctx context.Context, c Call) Result {
	var p P
	if err := decodeArgs(t.def, c.Args, &p); err != nil {
		return failed(err.Error())
	}
	return t.run(ctx, c, &p)
}

// Builtin returns the built-in tools in a stable order: exec, nodes,
// read, write, edit.
func Builtin(d Deps) []Tool {
	return []Tool{
		typed[protocol.ExecToolParams]{NameExec, "Run a command on the gateway host (host gateway, the default; in the agent " +
			"workspace unless workdir says otherwise) or on a paired node (host node). The command runs without a shell unless " +
			"shell is true. Both hosts apply their exec-approvals policy; a command that needs approval waits for an operator's " +
			"decision.", "ExecToolParams", execTool{d: d}.run},
		typed[protocol.NodesToolParams]{NameNodes, "Work with the gateway's paired nodes: list them (action list), describe one " +
			"(action describe), or invoke one of the commands a node declared (action invoke with invokeCommand and " +
			"invokeParams). To run a shell command on a node use exec with host node.", "NodesToolParams", nodesTool{d: d}.run},
		typed[protocol.ReadToolParams]{NameRead, "Read a text file inside the agent workspace. Use offset and limit (lines) " +
			"for large files.", "ReadToolParams", readTool{}.run},
		typed[protocol.WriteToolParams]{NameWrite, "Create or overwrite a file inside the agent workspace with the given " +
			"content; parent directories are created.", "WriteToolParams", writeTool{}.run},
		typed[protocol.EditToolParams]{NameEdit, "Edit a file inside the agent workspace: replace oldText, which must occur " +
			"exactly once, with newText.", "EditToolParams", editTool{}.run},
	}
}
