package tools

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// nodesTool lists and describes the gateway's nodes and invokes their
// commands.
type nodesTool struct{ d Deps }

// shellCommands are node commands the nodes tool never invokes: running
// a command goes through exec with host node, where approvals apply.
var shellCommands = []string{cmdRun, cmdPrepare}

// run does the action.
func (t nodesTool) run(ctx context.Context, c Call, p *protocol.NodesToolParams) Result {
	if t.d.Nodes == nil {
		return failed("nodes are not available on this gateway")
	}
	switch p.Action {
	case protocol.NodesToolActionList:
		return t.list(ctx)
	case protocol.NodesToolActionDescribe:
		return t.describe(ctx, deref0(p.Node))
	}
	return t.invoke(ctx, *p)
}

// list answers the known nodes.
func (t nodesTool) list(ctx context.Context) Result {
	list, err := t.d.knownNodes(ctx)
	if err != nil {
		return failed(err.Error())
	}
	type row struct {
		NodeID      string   `json:"nodeId"`
		DisplayName *string  `json:"displayName,omitempty"`
		Platform    *string  `json:"platform,omitempty"`
		Connected   bool     `json:"connected"`
		Paired      bool     `json:"paired"`
		Commands    []string `json:"commands"`
	}
	rows := make([]row, 0, len(list))
	for _, n := range list {
		rows = append(rows, row{n.NodeID, n.DisplayName, n.Platform, n.Connected, n.Paired, n.Commands})
	}
	return jsonResult(map[string]any{"nodes": rows})
}

// describe answers one node's description.
func (t nodesTool) describe(ctx context.Context, ref string) Result {
	if ref == "" {
		return failed("node required")
	}
	n, err := t.d.pickNode(ctx, ref, "")
	if err != nil {
		return failed(err.Error())
	}
	res, err := t.d.Nodes.NodeDescribe(ctx, nil, &protocol.NodeDescribeParams{NodeID: n.NodeID})
	if err != nil {
		return failed(nodeErr(err).Error())
	}
	return jsonResult(res)
}

// invoke relays one command to a node under node.invoke's checks.
func (t nodesTool) invoke(ctx context.Context, p protocol.NodesToolParams) Result {
	ref, command := deref0(p.Node), deref0(p.InvokeCommand)
	switch {
	case ref == "":
		return failed("node required")
	case command == "":
		return failed("invokeCommand required")
	case slices.Contains(shellCommands, command):
		return failed(`invokeCommand "` + command + `" is reserved for shell execution; use exec with host node instead`)
	}
	n, err := t.d.pickNode(ctx, ref, "")
	if err != nil {
		return failed(err.Error())
	}
	var params json.RawMessage
	if p.InvokeParams != nil {
		if params, err = json.Marshal(p.InvokeParams); err != nil {
			return failed(err.Error())
		}
	}
	timeout := time.Duration(0)
	if p.InvokeTimeoutMs != nil {
		timeout = time.Duration(*p.InvokeTimeoutMs) * time.Millisecond
	}
	res, err := t.d.Nodes.InvokeFor(ctx, n.NodeID, command, params, timeout, nil)
	if err != nil {
		return failed(nodeErr(err).Error())
	}
	var payload json.RawMessage
	if err := nodePayload(res, &payload); err != nil {
		return failed(err.Error())
	}
	return Result{Text: string(payload), Details: map[string]any{"nodeId": n.NodeID, "command": command}}
}

// jsonResult is v as indented JSON text.
func jsonResult(v any) Result {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return failed(err.Error())
	}
	return Result{Text: string(raw)}
}
