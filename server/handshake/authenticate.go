package handshake

import (
	"context"
	"errors"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/admission"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
)

// Authenticate runs the connect pipeline for a request whose params
// passed schema validation. It returns the session the connection acts as
// and the hello-ok auth block, or an *engine.Refusal with the exact reply
// and close of the first check that failed. When the pairing store fails
// the connect is refused as unavailable (retryable, close 1011) and the
// cause is logged, not sent.
func (h *Handshake) Authenticate(ctx context.Context, c *engine.Conn, p *protocol.ConnectParams) (*session.Session, *protocol.HelloAuth, error) {
	s, a, err := h.authenticate(ctx, c, p)
	var refusal *engine.Refusal
	if err != nil && !errors.As(err, &refusal) {
		h.log.Error("connect failed on gateway state", "err", err)
		return nil, nil, stateUnavailable()
	}
	return s, a, err
}

// authenticate is Authenticate before store failures are turned into a
// refusal.
func (h *Handshake) authenticate(ctx context.Context, c *engine.Conn, p *protocol.ConnectParams) (*session.Session, *protocol.HelloAuth, error) {
	r := newRequest(c, p)
	if refusal := h.checkEnvelope(r); refusal != nil {
		return nil, nil, refusal
	}
	st := h.checkShared(r)
	if p.Device == nil {
		return h.withoutDevice(r, st)
	}
	return h.withDevice(ctx, r, st)
}

// checkEnvelope checks what is judged before any credential: the
// protocol range (negotiating the connection's version), v4's worker
// client, the role, and a browser origin (the Control UI and web chat
// are browsers whether or not they sent one).
func (h *Handshake) checkEnvelope(r *request) *engine.Refusal {
	v, ok := protocol.Manifest.Protocols.Negotiate(int(r.p.MinProtocol), int(r.p.MaxProtocol), rpc.Role(r.role), string(r.p.Client.Mode))
	if !ok {
		return protocolMismatch(r.p)
	}
	r.protocol = v
	if r.p.Client.Mode == protocol.ClientModeWorker || r.p.Client.ID == protocol.ClientIdOpenclawWorker {
		return invalidHandshake()
	}
	if !protocol.Manifest.ValidRole(rpc.Role(r.role)) {
		return invalidRole()
	}
	if r.info.Origin != "" || r.p.Client.ID == protocol.ClientIdOpenclawControlUI || r.class.Webchat {
		if ok, reason := h.admitter.CheckOrigin(r.info); !ok || r.info.Origin == "" {
			if reason == "" {
				reason = admission.ReasonOriginInvalid
			}
			h.log.Warn("connect from a disallowed browser origin", "origin", r.info.Origin, "host", r.info.Host)
			return originNotAllowed(reason)
		}
	}
	return nil
}

// withoutDevice finishes a connect that carries no device identity. An
// allowed client's requested scopes are cleared — scopes come from
// pairing, and it has none — except for the gateway's own local backend
// helper and, on v4 connections, the local CLI (both with a valid shared
// secret).
func (h *Handshake) withoutDevice(r *request, st authState) (*session.Session, *protocol.HelloAuth, error) {
	if refusal := h.checkMissingDevice(r, st); refusal != nil {
		return nil, nil, refusal
	}
	scopes := []string{}
	if st.sharedOK && (r.localBackend() || r.localCLIKeepsScopes()) {
		scopes = pairing.CleanScopes(r.scopes)
	}
	s := h.session(r, st, "", scopes)
	if h.stale(s) {
		return nil, nil, authChanged()
	}
	return s, &protocol.HelloAuth{Method: authMethod(s.AuthMethod), Role: s.Role, Scopes: s.Scopes}, nil
}

// withDevice finishes a connect that carries a device identity: proof,
// credentials, pairing decision, token and, for nodes, node pairing.
func (h *Handshake) withDevice(ctx context.Context, r *request, st authState) (*session.Session, *protocol.HelloAuth, error) {
	dev, failure := pairing.VerifyProof(pairing.Proof{
		ID: r.p.Device.ID, PublicKey: r.p.Device.PublicKey, Signature: r.p.Device.Signature,
		SignedAt: r.p.Device.SignedAt, Nonce: r.p.Device.Nonce,
	}, pairing.ProofContext{
		ClientID: r.client.ID, ClientMode: r.client.Mode, Role: r.role, Scopes: r.scopes, Token: r.signedToken(),
		Platform: r.client.Platform, DeviceFamily: r.client.DeviceFamily, ChallengeNonce: r.conn.Nonce(), Now: h.now(),
	})
	if failure != nil {
		h.log.Warn("device proof rejected", "reason", failure.Reason, "ip", r.info.ClientIP.String())
		return nil, nil, refuse(failure.Reply(), wire.ClosePolicyViolation)
	}
	if err := h.checkDeviceToken(ctx, r, &st, dev.ID); err != nil {
		return nil, nil, err
	}
	if !st.ok {
		return nil, nil, h.unauthorized(r, st, true)
	}
	admitted, required, err := h.pairing.Connect(ctx, h.pairingInput(r, st, dev))
	if err != nil {
		return nil, nil, err
	}
	if required != nil {
		return nil, nil, &engine.Refusal{Reply: required.Reply(), Code: wire.ClosePolicyViolation, Reason: required.CloseReason()}
	}
	r.client.Platform, r.client.DeviceFamily = admitted.Platform, admitted.DeviceFamily
	s := h.session(r, st, dev.ID, pairing.CleanScopes(r.scopes))
	if h.stale(s) {
		return nil, nil, authChanged()
	}
	if r.role == string(protocol.RoleNode) {
		if s.Commands, err = h.reconcileNode(ctx, r, dev.ID); err != nil {
			return nil, nil, err
		}
	}
	return s, helloAuth(s, admitted), nil
}
