package handshake

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/server/pairing"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/store"
)

// pairingInput is the pairing decision's view of a connect whose proof
// and credentials checked out.
func (h *Handshake) pairingInput(r *request, st authState, dev *pairing.VerifiedDevice) pairing.ConnectInput {
	locality := pairing.ResolveLocality(pairing.LocalityInput{Admission: r.info, ClientID: r.p.Client.ID,
		ClientMode: r.p.Client.Mode, SharedSecretOK: st.sharedOK})
	return pairing.ConnectInput{
		Device: dev, Role: r.role, Scopes: r.scopes,
		DisplayName: r.client.DisplayName, Platform: r.client.Platform, DeviceFamily: r.client.DeviceFamily,
		ClientID: r.client.ID, ClientMode: r.client.Mode, RemoteIP: r.reportedIP(),
		Silent:      pairing.SilentInput{Locality: locality, HasOrigin: r.info.Origin != "", Class: r.class, Role: r.role},
		SkipPairing: r.localBackend() && (st.sharedOK || st.method == session.AuthDeviceToken),
	}
}

// session builds the connection's session.
func (h *Handshake) session(r *request, st authState, deviceID string, scopes []string) *session.Session {
	s := &session.Session{
		Role: r.role, Scopes: scopes, Client: r.client, DeviceID: deviceID,
		AuthMethod: st.method, ClientIP: r.info.ClientIP,
		Caps: r.p.Caps, Permissions: r.p.Permissions, PathEnv: deref(r.p.PathEnv), ConnectedAt: h.now(),
		Protocol: r.protocol,
	}
	if st.sharedOK {
		s.SecretGeneration = st.generation
	}
	return s
}

// reconcileNode applies node pairing to a node connection and returns the
// commands it may be invoked with.
func (h *Handshake) reconcileNode(ctx context.Context, r *request, deviceID string) ([]string, error) {
	return h.pairing.ReconcileNode(ctx, pairing.NodeConnect{NodeID: deviceID, NodeInfo: store.NodeInfo{
		Commands: r.p.Commands, DisplayName: r.client.DisplayName, Platform: r.client.Platform,
		Version: r.client.Version, DeviceFamily: r.client.DeviceFamily, ModelIdentifier: r.client.ModelIdentifier,
		Caps: r.p.Caps, RemoteIP: r.reportedIP(),
	}})
}

// helloAuth is the hello-ok auth block: the role, and the device token
// with its scopes when one applies (else the session's scopes).
func helloAuth(s *session.Session, admitted *pairing.Admitted) *protocol.HelloAuth {
	a := &protocol.HelloAuth{Method: authMethod(s.AuthMethod), Role: s.Role, Scopes: s.Scopes}
	if t := admitted.Token; t != nil {
		issued := t.CreatedAtMs
		if t.RotatedAtMs != 0 {
			issued = t.RotatedAtMs
		}
		token := t.Token
		a.DeviceToken, a.IssuedAtMs, a.Scopes = &token, &issued, append([]string{}, t.Scopes...)
	}
	return a
}
