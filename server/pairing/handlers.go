package pairing

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/store"
)

// DeviceHandlers serves device.pair.* and device.token.* (domain
// "devices").
type DeviceHandlers struct{ svc *Service }

// NodeHandlers serves node.pair.* and node.rename (domain "nodePairing").
type NodeHandlers struct{ svc *Service }

var (
	_ protocol.DevicesHandler     = (*DeviceHandlers)(nil)
	_ protocol.NodePairingHandler = (*NodeHandlers)(nil)
)

// Devices returns the device method handlers.
func (s *Service) Devices() *DeviceHandlers { return &DeviceHandlers{s} }

// Nodes returns the node pairing method handlers.
func (s *Service) Nodes() *NodeHandlers { return &NodeHandlers{s} }

// DevicePairList serves device.pair.list.
func (h *DeviceHandlers) DevicePairList(ctx context.Context, call *rpc.Call, _ *protocol.DevicePairListParams) (*protocol.DevicePairListResult, error) {
	return h.svc.ListDevices(ctx, callerOf(call))
}

// DevicePairApprove serves device.pair.approve.
func (h *DeviceHandlers) DevicePairApprove(ctx context.Context, call *rpc.Call, p *protocol.DevicePairApproveParams) (*protocol.DevicePairApproveResult, error) {
	d, err := h.svc.ApproveDevice(ctx, callerOf(call), p.RequestID)
	if err != nil {
		return nil, err
	}
	return &protocol.DevicePairApproveResult{RequestID: p.RequestID, Device: *d}, nil
}

// DevicePairReject serves device.pair.reject.
func (h *DeviceHandlers) DevicePairReject(ctx context.Context, call *rpc.Call, p *protocol.DevicePairRejectParams) (*protocol.DevicePairRejectResult, error) {
	id, err := h.svc.RejectDevice(ctx, callerOf(call), p.RequestID)
	if err != nil {
		return nil, err
	}
	return &protocol.DevicePairRejectResult{RequestID: p.RequestID, DeviceID: id}, nil
}

// DevicePairRemove serves device.pair.remove.
func (h *DeviceHandlers) DevicePairRemove(ctx context.Context, call *rpc.Call, p *protocol.DevicePairRemoveParams) (*protocol.DevicePairRemoveResult, error) {
	if err := h.svc.RemoveDevice(ctx, callerOf(call), p.DeviceID); err != nil {
		return nil, err
	}
	return &protocol.DevicePairRemoveResult{DeviceID: p.DeviceID}, nil
}

// DeviceTokenRotate serves device.token.rotate.
func (h *DeviceHandlers) DeviceTokenRotate(ctx context.Context, call *rpc.Call, p *protocol.DeviceTokenRotateParams) (*protocol.DeviceTokenRotateResult, error) {
	return h.svc.RotateToken(ctx, callerOf(call), p.DeviceID, p.Role, p.Scopes)
}

// DeviceTokenRevoke serves device.token.revoke.
func (h *DeviceHandlers) DeviceTokenRevoke(ctx context.Context, call *rpc.Call, p *protocol.DeviceTokenRevokeParams) (*protocol.DeviceTokenRevokeResult, error) {
	at, err := h.svc.RevokeToken(ctx, callerOf(call), p.DeviceID, p.Role)
	if err != nil {
		return nil, err
	}
	return &protocol.DeviceTokenRevokeResult{DeviceID: p.DeviceID, Role: p.Role, RevokedAtMs: at}, nil
}

// NodePairRequest serves node.pair.request.
func (h *NodeHandlers) NodePairRequest(ctx context.Context, call *rpc.Call, p *protocol.NodePairRequestParams) (*protocol.NodePairRequestResult, error) {
	req := NodeRequest{NodeID: p.NodeID, NodeInfo: store.NodeInfo{
		DisplayName: deref(p.DisplayName), Platform: deref(p.Platform), Version: deref(p.Version),
		CoreVersion: deref(p.CoreVersion), UIVersion: deref(p.UIVersion), DeviceFamily: deref(p.DeviceFamily),
		ModelIdentifier: deref(p.ModelIdentifier), Caps: p.Caps, Commands: p.Commands, RemoteIP: deref(p.RemoteIP),
	}, Silent: p.Silent != nil && *p.Silent}
	pending, created, err := h.svc.RequestNode(ctx, req)
	if err != nil {
		return nil, err
	}
	return &protocol.NodePairRequestResult{Status: "pending", Request: *pending, Created: created}, nil
}

// NodePairList serves node.pair.list.
func (h *NodeHandlers) NodePairList(ctx context.Context, call *rpc.Call, _ *protocol.NodePairListParams) (*protocol.NodePairListResult, error) {
	return h.svc.ListNodes(ctx)
}

// NodePairApprove serves node.pair.approve.
func (h *NodeHandlers) NodePairApprove(ctx context.Context, call *rpc.Call, p *protocol.NodePairApproveParams) (*protocol.NodePairApproveResult, error) {
	n, err := h.svc.ApproveNode(ctx, callerOf(call), p.RequestID)
	if err != nil {
		return nil, err
	}
	return &protocol.NodePairApproveResult{RequestID: p.RequestID, Node: *n}, nil
}

// NodePairReject serves node.pair.reject.
func (h *NodeHandlers) NodePairReject(ctx context.Context, call *rpc.Call, p *protocol.NodePairRejectParams) (*protocol.NodePairRejectResult, error) {
	id, err := h.svc.RejectNode(ctx, p.RequestID)
	if err != nil {
		return nil, err
	}
	return &protocol.NodePairRejectResult{RequestID: p.RequestID, NodeID: id}, nil
}

// NodePairRemove serves node.pair.remove.
func (h *NodeHandlers) NodePairRemove(ctx context.Context, call *rpc.Call, p *protocol.NodePairRemoveParams) (*protocol.NodePairRemoveResult, error) {
	if err := h.svc.RemoveNode(ctx, p.NodeID); err != nil {
		return nil, err
	}
	return &protocol.NodePairRemoveResult{NodeID: p.NodeID}, nil
}

// NodePairVerify serves node.pair.verify.
func (h *NodeHandlers) NodePairVerify(ctx context.Context, call *rpc.Call, p *protocol.NodePairVerifyParams) (*protocol.NodePairVerifyResult, error) {
	n, err := h.svc.VerifyNode(ctx, p.NodeID, p.Token)
	if err != nil {
		return nil, err
	}
	return &protocol.NodePairVerifyResult{Ok: n != nil, Node: n}, nil
}

// NodeRename serves node.rename.
func (h *NodeHandlers) NodeRename(ctx context.Context, call *rpc.Call, p *protocol.NodeRenameParams) (*protocol.NodeRenameResult, error) {
	name, err := h.svc.RenameNode(ctx, p.NodeID, p.DisplayName)
	if err != nil {
		return nil, err
	}
	return &protocol.NodeRenameResult{NodeID: p.NodeID, DisplayName: name}, nil
}

// deref returns *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
