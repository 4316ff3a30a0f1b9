package handshake

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/auth"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
)

// authState is how far a connect's credentials got.
type authState struct {
	ok     bool
	method string // session.Auth* when ok
	reason protocol.AuthFailureReason
	// retryAfterMs is set for a rate-limited failure.
	retryAfterMs int64
	// sharedOK is true when a configured token or password matched.
	sharedOK bool
	// generation is the shared-secret generation the check ran against.
	generation uint64
}

// subject is the rate-limit subject of the request's client.
func (r *request) subject() auth.Subject {
	return auth.SubjectOf(r.info.ClientIP, r.info.Origin, r.info.DirectLocal)
}

// checkShared checks the shared secret, with failed attempts counted per
// client and a locked-out client refused before any comparison.
func (h *Handshake) checkShared(r *request) authState {
	subj := r.subject()
	if r.sharedProvided() {
		if ok, after := h.limiter.Check(subj, auth.ClassSharedSecret); !ok {
			return authState{reason: protocol.AuthFailureReasonRateLimited, retryAfterMs: after.Milliseconds()}
		}
	}
	res := h.shared.Verify(r.sharedCandidates())
	st := authState{ok: res.OK, method: res.Method, reason: res.Reason, generation: res.Generation}
	st.sharedOK = res.OK && (res.Method == session.AuthToken || res.Method == session.AuthPassword)
	switch {
	case !r.sharedProvided():
	case st.sharedOK:
		h.limiter.Reset(subj, auth.ClassSharedSecret)
	case !res.OK:
		h.limiter.Fail(subj, auth.ClassSharedSecret)
	}
	return st
}

// checkDeviceToken tries, for a device whose proof checked out and that
// the shared secret did not authenticate, a bootstrap token (gatewire
// issues none, so any is invalid) and then its device token: auth.deviceToken,
// else auth.token in its place.
func (h *Handshake) checkDeviceToken(ctx context.Context, r *request, st *authState, deviceID string) error {
	if st.ok {
		return nil
	}
	if r.bootstrapToken != "" {
		st.reason = protocol.AuthFailureReasonBootstrapTokenInvalid
	}
	candidate, explicit := r.deviceToken, true
	if candidate == "" {
		candidate, explicit = r.token, false
	}
	if candidate == "" {
		return nil
	}
	subj := r.subject()
	if ok, after := h.limiter.Check(subj, auth.ClassDeviceToken); !ok {
		st.reason, st.retryAfterMs = protocol.AuthFailureReasonRateLimited, after.Milliseconds()
		return nil
	}
	why, err := h.pairing.VerifyToken(ctx, deviceID, r.role, candidate, r.scopes)
	if err != nil {
		return err
	}
	if why == "" {
		st.ok, st.method, st.reason = true, session.AuthDeviceToken, ""
		h.limiter.Reset(subj, auth.ClassDeviceToken)
		if r.sharedProvided() {
			h.limiter.Reset(subj, auth.ClassSharedSecret)
		}
		return nil
	}
	h.log.Info("device token rejected", "device", deviceID, "role", r.role, "reason", why)
	switch {
	case why == pairing.TokenScopeMismatch && r.protocol >= 4:
		st.reason = protocol.AuthFailureReasonScopeMismatch // v4 names the scope check
	case explicit || st.reason == "":
		st.reason = protocol.AuthFailureReasonDeviceTokenMismatch
	}
	h.limiter.Fail(subj, auth.ClassDeviceToken)
	return nil
}

// unauthorized refuses a connect whose credentials failed (§5.3).
func (h *Handshake) unauthorized(r *request, st authState, hasDevice bool) *engine.Refusal {
	f := auth.Failure{Reason: st.reason, Mode: h.shared.Mode(), Sent: r.credentials(), Client: r.kind,
		HasDevice: hasDevice, RetryAfterMs: st.retryAfterMs, Protocol: r.protocol,
		Local: r.info.DirectLocal && r.info.Origin == ""}
	h.log.Warn("connect unauthorized", "reason", string(st.reason), "ip", r.info.ClientIP.String(),
		"client", r.client.ID, "mode", r.client.Mode, "role", r.role, "device", hasDevice)
	return refuse(f.Reply(), wire.ClosePolicyViolation)
}

// checkMissingDevice applies the rules for a connect without a device
// identity: the Control UI and TUI always need one; an operator with a
// valid shared secret may go on; a failed credential is reported as
// such; anyone else needs a device identity.
func (h *Handshake) checkMissingDevice(r *request, st authState) *engine.Refusal {
	switch {
	case r.class.ControlUI:
		return controlUIDeviceRequired()
	case r.role == string(protocol.RoleOperator) && st.sharedOK:
		return nil
	case !st.ok && r.sharedProvided():
		return h.unauthorized(r, st, false)
	}
	return deviceRequired()
}
