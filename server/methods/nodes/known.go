package nodes

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/pairing"
)

// NodeList lists the known nodes: every paired node, connected or not,
// and every connected node; connected ones first, then by name and id.
func (s *Service) NodeList(ctx context.Context, _ *rpc.Call, _ *protocol.NodeListParams) (*protocol.NodeListResult, error) {
	nodes, err := s.known(ctx)
	if err != nil {
		return nil, err
	}
	return &protocol.NodeListResult{Ts: s.deps.Now().UnixMilli(), Nodes: nodes}, nil
}

// NodeDescribe describes one known node; an id the gateway does not know
// gets "unknown nodeId".
func (s *Service) NodeDescribe(ctx context.Context, _ *rpc.Call, p *protocol.NodeDescribeParams) (*protocol.NodeDescribeResult, error) {
	nodes, err := s.known(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(nodes, func(n protocol.KnownNode) bool { return n.NodeID == p.NodeID })
	if i < 0 {
		return nil, wire.InvalidRequest("unknown nodeId")
	}
	n := nodes[i]
	return &protocol.NodeDescribeResult{
		Ts: s.deps.Now().UnixMilli(), NodeID: n.NodeID, DisplayName: n.DisplayName, Platform: n.Platform,
		Version: n.Version, CoreVersion: n.CoreVersion, UIVersion: n.UIVersion, ClientID: n.ClientID,
		ClientMode: n.ClientMode, DeviceFamily: n.DeviceFamily, ModelIdentifier: n.ModelIdentifier,
		RemoteIP: n.RemoteIP, Caps: n.Caps, Commands: n.Commands, PathEnv: n.PathEnv, Permissions: n.Permissions,
		ConnectedAtMs: n.ConnectedAtMs, LastSeenAtMs: n.LastSeenAtMs, LastSeenReason: n.LastSeenReason,
		ApprovedAtMs: n.ApprovedAtMs, Paired: n.Paired, Connected: n.Connected,
		SessionHost: n.SessionHost, NodePluginTools: n.NodePluginTools, ApprovalState: n.ApprovalState,
		PendingRequestID: n.PendingRequestID, PendingDeclaredCaps: n.PendingDeclaredCaps,
		PendingDeclaredCommands: n.PendingDeclaredCommands, PendingDeclaredPermissions: n.PendingDeclaredPermissions,
		LastConnectedAtMs: n.LastConnectedAtMs,
	}, nil
}

// known joins the paired nodes with the live node connections.
func (s *Service) known(ctx context.Context) ([]protocol.KnownNode, error) {
	paired, err := s.deps.Known(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]*protocol.KnownNode{}
	records := map[string]*pairing.KnownNode{}
	for i := range paired {
		v := pairedView(&paired[i])
		withApproval(&v, &paired[i])
		byID[v.NodeID], records[v.NodeID] = &v, &paired[i]
	}
	for _, l := range s.deps.LiveNodes() {
		id := l.Peer.Identity.DeviceID
		if id == "" || byID[id] != nil && byID[id].Connected {
			continue
		}
		v := liveView(l, byID[id], approvalOf(records[id]))
		if k := records[id]; k != nil {
			withApproval(&v, k)
		} else {
			withApproval(&v, &pairing.KnownNode{NodeID: id})
		}
		if tools, ok := s.hosts.toolsOf(l.ConnID); ok {
			v.NodePluginTools = tools
		}
		byID[id] = &v
	}
	out := make([]protocol.KnownNode, 0, len(byID))
	for _, v := range byID {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b protocol.KnownNode) int {
		if a.Connected != b.Connected {
			if a.Connected {
				return -1
			}
			return 1
		}
		return cmp.Or(strings.Compare(strings.ToLower(deref(a.DisplayName)), strings.ToLower(deref(b.DisplayName))),
			strings.Compare(a.NodeID, b.NodeID))
	})
	return out, nil
}

// pairedView is what the store remembers of a paired node, shown as not
// connected.
func pairedView(k *pairing.KnownNode) protocol.KnownNode {
	no := false
	v := protocol.KnownNode{NodeID: k.NodeID, Caps: []string{}, Commands: []string{}, Paired: true, SessionHost: &no}
	var seen lastSeen
	if d := k.Device; d != nil {
		v.DisplayName, v.Platform, v.DeviceFamily = opt(d.DisplayName), opt(d.Platform), opt(d.DeviceFamily)
		v.ClientID, v.ClientMode, v.RemoteIP = opt(d.ClientID), opt(d.ClientMode), opt(d.RemoteIP)
		v.ApprovedAtMs = optMs(d.ApprovedAtMs)
		seen = seen.newer(d.LastSeenAtMs, d.LastSeenReason)
	}
	if n := k.Node; n != nil {
		v.DisplayName = cmp.Or(opt(n.DisplayName), v.DisplayName)
		v.Platform = cmp.Or(opt(n.Platform), v.Platform)
		v.Version, v.CoreVersion, v.UIVersion = opt(n.Version), opt(n.CoreVersion), opt(n.UIVersion)
		v.DeviceFamily = cmp.Or(opt(n.DeviceFamily), v.DeviceFamily)
		v.ModelIdentifier = opt(n.ModelIdentifier)
		v.Caps, v.Commands = sorted(n.Caps), sorted(n.Commands)
		if len(n.Permissions) > 0 {
			v.Permissions = maps.Clone(n.Permissions)
		}
		v.ApprovedAtMs = cmp.Or(optMs(n.ApprovedAtMs), v.ApprovedAtMs)
		seen = seen.newer(n.LastSeenAtMs, n.LastSeenReason).newer(n.LastConnectedAtMs, "connect")
		v.LastConnectedAtMs = optMs(n.LastConnectedAtMs)
	}
	v.LastSeenAtMs, v.LastSeenReason = seen.view()
	return v
}

// lastSeen is the newest of the times a node was seen, with its reason.
type lastSeen struct {
	atMs   int64
	reason string
}

// newer returns the later of l and (atMs, reason); 0 is never.
func (l lastSeen) newer(atMs int64, reason string) lastSeen {
	if atMs > l.atMs {
		return lastSeen{atMs, reason}
	}
	return l
}

// view is l as KnownNode's lastSeenAtMs and lastSeenReason.
func (l lastSeen) view() (*int64, *string) {
	if l.atMs == 0 {
		return nil, nil
	}
	return optMs(l.atMs), opt(l.reason)
}

// liveView is a connected node as its connection describes it; paired
// (from the store) may be nil for a node the gateway has not paired, and
// approval is its approval record (nil when it has none). Its commands
// are those it may be invoked with.
func liveView(l Live, paired *protocol.KnownNode, approval *pairing.NodeApproval) protocol.KnownNode {
	s, id := l.Session, l.Peer.Identity
	connected := s.ConnectedAt.UnixMilli()
	no := false
	v := protocol.KnownNode{
		NodeID: id.DeviceID, DisplayName: opt(id.DisplayName), Platform: opt(id.Platform), Version: opt(id.Version),
		ClientID: opt(id.ClientID), ClientMode: opt(id.ClientMode), DeviceFamily: opt(id.DeviceFamily),
		ModelIdentifier: opt(id.ModelIdentifier), Caps: sorted(effectiveCaps(l, approval)),
		Commands:    sorted(effectiveCommands(l, approval)),
		SessionHost: &no, PathEnv: opt(s.PathEnv), ConnectedAtMs: &connected, LastConnectedAtMs: &connected,
		LastSeenAtMs: &connected, LastSeenReason: opt("connect"), Connected: true,
	}
	if id.ClientIP.IsValid() {
		v.RemoteIP = opt(id.ClientIP.String())
	}
	if s.Permissions != nil {
		v.Permissions = maps.Clone(s.Permissions)
	}
	if paired != nil {
		v.Paired, v.ApprovedAtMs = true, paired.ApprovedAtMs
		v.CoreVersion, v.UIVersion = paired.CoreVersion, paired.UIVersion
		if paired.LastSeenAtMs != nil && *paired.LastSeenAtMs > connected {
			v.LastSeenAtMs, v.LastSeenReason = paired.LastSeenAtMs, paired.LastSeenReason
		}
	}
	return v
}

// sorted returns a sorted copy of list, never nil.
func sorted(list []string) []string {
	out := append([]string{}, list...)
	slices.Sort(out)
	return out
}

// opt returns a pointer to s, or nil for "".
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optMs returns a pointer to ms, or nil for 0.
func optMs(ms int64) *int64 {
	if ms == 0 {
		return nil
	}
	return &ms
}

// deref returns *s, or "" for nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
