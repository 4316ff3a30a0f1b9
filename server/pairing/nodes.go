package pairing

import (
	"context"
	"strings"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
)

// NodeRequest is a node asking to be paired (node.pair.request, or a node
// connect that declares commands it is not approved for).
type NodeRequest struct {
	NodeID string
	store.NodeInfo
	Silent bool
}

// RequestNode records a node pairing request: the node's one pending
// request is refreshed, several are superseded by a new one. A new
// request is announced with node.pair.requested.
func (s *Service) RequestNode(ctx context.Context, req NodeRequest) (*protocol.PendingNodeRequest, bool, error) {
	var p *store.PendingNode
	var created bool
	err := s.store.Update(ctx, func(tx *store.Tx) (err error) {
		p, created, err = s.requestNode(tx, req)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	v := pendingNodeView(p)
	if created {
		s.publish(outbox{{Name: protocol.EventNodePairRequested, Payload: v}})
	}
	return &v, created, nil
}

// requestNode is RequestNode inside a transaction: a node's one pending
// request is refreshed by any repeated ask (it declares its surface anew
// each time), several are superseded.
func (s *Service) requestNode(tx *store.Tx, req NodeRequest) (*store.PendingNode, bool, error) {
	req.NodeID = strings.TrimSpace(req.NodeID)
	req.Caps, req.Commands = cleanOptional(req.Caps), cleanOptional(req.Commands)
	return request(s, tx, ask[store.NodeInfo]{
		kind:    store.NodeRequests,
		subject: req.NodeID,
		same:    func(*store.PendingNode) bool { return true },
		refresh: func(p store.PendingNode) store.PendingNode { return refreshNode(p, req) },
		supersede: func(existing []store.PendingNode) store.PendingNode {
			silent := req.Silent
			for _, old := range existing {
				silent = silent && old.Silent
			}
			return store.PendingNode{Info: req.NodeInfo, Silent: silent}
		},
	})
}

// cleanOptional trims and de-duplicates a list, keeping nil as nil.
func cleanOptional(v []string) []string {
	if v == nil {
		return nil
	}
	return cleanList(v)
}

// refreshNode updates a pending node request from a repeated ask.
func refreshNode(p store.PendingNode, req NodeRequest) store.PendingNode {
	n := &p.Info
	n.DisplayName = orKeep(req.DisplayName, n.DisplayName)
	n.Platform = orKeep(req.Platform, n.Platform)
	n.Version = orKeep(req.Version, n.Version)
	n.CoreVersion = orKeep(req.CoreVersion, n.CoreVersion)
	n.UIVersion = orKeep(req.UIVersion, n.UIVersion)
	n.DeviceFamily = orKeep(req.DeviceFamily, n.DeviceFamily)
	n.ModelIdentifier = orKeep(req.ModelIdentifier, n.ModelIdentifier)
	n.RemoteIP = orKeep(req.RemoteIP, n.RemoteIP)
	if req.Caps != nil {
		n.Caps = req.Caps
	}
	if req.Commands != nil {
		n.Commands = req.Commands
	}
	if req.Permissions != nil {
		n.Permissions = req.Permissions
	}
	p.Silent = p.Silent && req.Silent
	return p
}

// ListNodes returns pending node requests (newest first, each with the
// scopes its approval needs) and paired nodes (most recently approved
// first).
func (s *Service) ListNodes(ctx context.Context) (*protocol.NodePairListResult, error) {
	out := &protocol.NodePairListResult{Pending: []protocol.PendingNodeRequest{}, Paired: []protocol.PairedNode{}}
	cutoff := s.pendingCutoff()
	err := s.store.View(ctx, func(tx *store.Tx) error {
		pending, err := store.NodeRequests.List(tx, "")
		if err != nil {
			return err
		}
		for i := range pending {
			if pending[i].TS >= cutoff {
				v := pendingNodeView(&pending[i])
				v.RequiredApproveScopes = nodeApproveScopes(pending[i].Info.Commands)
				out.Pending = append(out.Pending, v)
			}
		}
		nodes, err := tx.Nodes()
		if err != nil {
			return err
		}
		for i := range nodes {
			out.Paired = append(out.Paired, pairedNodeView(&nodes[i]))
		}
		return nil
	})
	return out, err
}

// ApproveNode approves a pending node request with a fresh node token.
// The caller must hold the scopes the node's declared commands require.
func (s *Service) ApproveNode(ctx context.Context, c Caller, requestID string) (*protocol.PairedNode, error) {
	var n *store.Node
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		_, err := resolve(s, tx, store.NodeRequests, requestID, func(p *store.PendingNode) (err error) {
			n, err = s.approveNode(tx, p, c)
			return err
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	s.log.Info("node pairing approved", "node", n.NodeID, "request", requestID)
	resolved := resolvedNode(requestID, n.NodeID, protocol.NodePairResolvedEventDecisionApproved, s.nowMs())
	s.publish(outbox{{Name: protocol.EventNodePairResolved, Payload: resolved}})
	s.tellNode(&resolved)
	v := pairedNodeView(n)
	return &v, nil
}

// approveNode writes the paired node record a pending request asks for,
// with a fresh node token. The approver must hold the scopes the node's
// declared commands require.
func (s *Service) approveNode(tx *store.Tx, p *store.PendingNode, c Caller) (*store.Node, error) {
	if missing := missingScope(roleOperator, nodeApproveScopes(p.Info.Commands), c.Scopes); missing != "" {
		required := []string{ScopePairing}
		if missing != ScopePairing {
			required = append(required, missing)
		}
		return nil, protocol.Manifest.Protocols.MissingScope(c.Protocol, missing, required...)
	}
	existing, err := tx.Node(p.SubjectID)
	if err != nil {
		return nil, err
	}
	now := s.nowMs()
	n := &store.Node{NodeID: p.SubjectID, Token: statedir.NewToken(), NodeInfo: p.Info, CreatedAtMs: now, ApprovedAtMs: now}
	if existing != nil {
		n.CreatedAtMs = existing.CreatedAtMs
	}
	return n, tx.PutNode(n)
}

// RejectNode drops a pending node request and announces it.
func (s *Service) RejectNode(ctx context.Context, requestID string) (nodeID string, err error) {
	err = s.store.Update(ctx, func(tx *store.Tx) error {
		p, err := resolve(s, tx, store.NodeRequests, requestID, nil)
		if err == nil {
			nodeID = p.SubjectID
		}
		return err
	})
	if err != nil {
		return "", err
	}
	s.publish(outbox{{Name: protocol.EventNodePairResolved,
		Payload: resolvedNode(requestID, nodeID, protocol.NodePairResolvedEventDecisionRejected, s.nowMs())}})
	return nodeID, nil
}

// RemoveNode unpairs a node and announces it (decision "removed", empty
// request id).
func (s *Service) RemoveNode(ctx context.Context, nodeID string) error {
	nodeID = strings.TrimSpace(nodeID)
	var existed bool
	err := s.store.Update(ctx, func(tx *store.Tx) (err error) {
		existed, err = tx.DeleteNode(nodeID)
		return err
	})
	if err != nil {
		return err
	}
	if !existed {
		return errUnknownNode()
	}
	s.publish(outbox{{Name: protocol.EventNodePairResolved,
		Payload: resolvedNode("", nodeID, protocol.NodePairResolvedEventDecisionRemoved, s.nowMs())}})
	return nil
}

// errUnknownNode is the reply for a node id that is not paired.
func errUnknownNode() *wire.Error { return wire.InvalidRequest("unknown nodeId") }

// VerifyNode checks a node token in constant time; the node is returned
// when it matches.
func (s *Service) VerifyNode(ctx context.Context, nodeID, token string) (*protocol.PairedNode, error) {
	var n *store.Node
	err := s.store.View(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.Node(strings.TrimSpace(nodeID))
		return err
	})
	if err != nil || n == nil || !tokenMatches(token, n.Token) {
		return nil, err
	}
	v := pairedNodeView(n)
	return &v, nil
}

// RenameNode sets a paired node's display name (trimmed, not empty).
func (s *Service) RenameNode(ctx context.Context, nodeID, displayName string) (string, error) {
	name := strings.TrimSpace(displayName)
	if name == "" {
		return "", wire.InvalidRequest("displayName required")
	}
	err := s.store.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.Node(strings.TrimSpace(nodeID))
		if err != nil {
			return err
		}
		if n == nil {
			return errUnknownNode()
		}
		n.DisplayName = name
		return tx.PutNode(n)
	})
	return name, err
}
