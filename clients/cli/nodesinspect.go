package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// nodesList returns `nodes list`: the nodes the gateway knows (node.list).
func (e *env) nodesList(f *connFlags) *cobra.Command {
	var connected bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the nodes the gateway knows, connected or not, with their commands",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return query(e, cmd, f, readAccess, (*protocol.Client).NodeList, &protocol.NodeListParams{},
				func(s *session, r *protocol.NodeListResult) error { return printNodes(s, r.Nodes, connected) })
		},
	}
	cmd.Flags().BoolVar(&connected, "connected", false, "only the nodes connected now (ignored with --json)")
	return cmd
}

// printNodes writes the known nodes as a table, connected ones first.
func printNodes(s *session, nodes []protocol.KnownNode, onlyConnected bool) error {
	nodes = slices.Clone(nodes)
	slices.SortStableFunc(nodes, func(a, b protocol.KnownNode) int {
		if a.Connected != b.Connected {
			if a.Connected {
				return -1
			}
			return 1
		}
		return strings.Compare(nodeName(a.DisplayName, a.NodeID), nodeName(b.DisplayName, b.NodeID))
	})
	t := newTable(s.cmd.OutOrStdout(), "NODE", "NAME", "PLATFORM", "VERSION", "STATE", "COMMANDS", "IP", "LAST SEEN")
	now := s.now()
	for _, n := range nodes {
		if onlyConnected && !n.Connected {
			continue
		}
		t.row(n.NodeID, str(n.DisplayName), str(n.Platform), str(n.Version), nodeState(n.Connected, n.Paired),
			list(n.Commands), str(n.RemoteIP), ago(msOf(n.LastSeenAtMs), now))
	}
	return t.flush()
}

// nodeName is a node's display name, else its id.
func nodeName(display *string, id string) string {
	if n := str(display); n != "" {
		return n
	}
	return id
}

// nodeState says whether a node is connected and paired.
func nodeState(connected, paired bool) string {
	state := "disconnected"
	if connected {
		state = "connected"
	}
	if !paired {
		state += ", unpaired"
	}
	return state
}

// msOf returns *p, or 0 for nil.
func msOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// nodesDescribe returns `nodes describe <node>`: one node in full
// (node.describe), found by id, name, address or id prefix.
func (e *env) nodesDescribe(f *connFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "describe <id|name|ip>",
		Short: "Show one node: identity, connection, commands, capabilities and permissions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withSession(cmd, f, readAccess, func(ctx context.Context, s *session) error {
				id, err := resolveNode(ctx, s, args[0])
				if err != nil {
					return err
				}
				r, err := s.api.NodeDescribe(ctx, &protocol.NodeDescribeParams{NodeID: id})
				if err != nil {
					return err
				}
				return s.emit(func() error { return printNodeDescription(s.cmd.OutOrStdout(), r, s) })
			})
		},
	}
}

// printNodeDescription writes node.describe's reply as aligned fields.
func printNodeDescription(w io.Writer, r *protocol.NodeDescribeResult, s *session) error {
	now := s.now()
	client := strings.Trim(str(r.ClientID)+"/"+str(r.ClientMode), "/")
	device := strings.Trim(str(r.DeviceFamily)+" "+str(r.ModelIdentifier), " ")
	return fields(w,
		"node", r.NodeID,
		"name", str(r.DisplayName),
		"state", nodeState(r.Connected, r.Paired),
		"platform", str(r.Platform),
		"device", device,
		"version", str(r.Version),
		"client", client,
		"address", str(r.RemoteIP),
		"connected", ago(msOf(r.ConnectedAtMs), now),
		"last seen", lastSeen(r.LastSeenAtMs, r.LastSeenReason, now),
		"approved", ago(msOf(r.ApprovedAtMs), now),
		"commands", list(r.Commands),
		"caps", list(r.Caps),
		"permissions", permissionList(r.Permissions),
		"PATH", str(r.PathEnv),
	)
}

// lastSeen describes when a node was last seen and why.
func lastSeen(ms *int64, reason *string, now time.Time) string {
	when := ago(msOf(ms), now)
	if r := str(reason); r != "" && when != "" {
		return fmt.Sprintf("%s (%s)", when, r)
	}
	return when
}

// permissionList writes a permission map as "name=yes|no", sorted.
func permissionList(p map[string]bool) string {
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = name + "=no"
		if p[name] {
			out[i] = name + "=yes"
		}
	}
	return list(out)
}
