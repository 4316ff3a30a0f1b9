package gateway

import (
	"context"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/engine"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/session"
	"github.com/gatewire/gatewire/server/version"
)

// Connect is the engine's Handshaker: it authenticates the connect
// request, records the client's presence and answers with hello-ok at
// the negotiated protocol version.
func (g *Gateway) Connect(ctx context.Context, c *engine.Conn, req *wire.Request) (any, *engine.Peer, error) {
	var p protocol.ConnectParams
	if err := rpc.DecodeParams(req.Params, &p); err != nil {
		msg := "invalid connect params: " + err.Error()
		return nil, nil, &engine.Refusal{Reply: wire.InvalidRequest("%s", msg), Code: wire.ClosePolicyViolation, Reason: msg}
	}
	sess, auth, err := g.authn.Authenticate(ctx, c, &p)
	if err != nil {
		return nil, nil, err
	}
	if sess.Protocol == 0 {
		sess.Protocol = protocol.ProtocolVersion // an Authenticator that does not negotiate
	}
	g.recordConnect(c, sess)
	g.sessions.Put(c.ID(), sess)
	return g.hello(c, sess, auth), sess.Peer(), nil
}

// hello builds the hello-ok payload (§4.5; the v4 additions are filled
// for every connection and left out of v3's by its projection).
func (g *Gateway) hello(c *engine.Conn, s *session.Session, auth *protocol.HelloAuth) *protocol.HelloOk {
	pol := g.engine.Policy()
	buildID, bootID := version.BuildID(), g.bootID
	features := g.features[s.Protocol]
	features.Capabilities = []string{} // none of v4's server capabilities
	hello := &protocol.HelloOk{
		Type:     "hello-ok",
		Protocol: int64(s.Protocol),
		Server:   protocol.ServerInfo{Version: version.Version, BuildID: &buildID, BootID: &bootID, ConnID: c.ID()},
		Features: features,
		Snapshot: g.snapshot(s),
		Auth:     *auth,
		Policy: protocol.HelloPolicy{
			MaxPayload:                          pol.MaxPayload,
			MaxBufferedBytes:                    pol.MaxBufferedBytes,
			TickIntervalMs:                      pol.TickIntervalMs,
			Attachments:                         attachmentPolicy(pol.MaxPayload),
			HasMultipleSessionSharingIdentities: new(bool),
		},
	}
	g.canvasHello(c, s, hello)
	return hello
}

// Attachment limits: a decoded attachment may take 20 MiB, and at most
// what fits base64-encoded in a frame with 256 KiB to spare; an image at
// most 6 MiB (v4's defaults).
const (
	attachmentMaxBytes  = 20 << 20
	attachmentImageMax  = 6 << 20
	attachmentFrameRoom = 256 << 10
)

// attachmentPolicy is hello-ok's policy.attachments for a frame limit.
func attachmentPolicy(maxPayload int64) *protocol.AttachmentPolicy {
	limit := min(attachmentMaxBytes, max(1, (maxPayload-attachmentFrameRoom)*3/4))
	return &protocol.AttachmentPolicy{MaxBytes: limit, MaxImageBytes: min(limit, attachmentImageMax)}
}
