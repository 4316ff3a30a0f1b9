package pairing

import (
	"strings"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/wire"
)

// SignatureSkew is how far device.signedAt may be from the gateway clock.
const SignatureSkew = 2 * time.Minute

// Proof is the device block of a connect request.
type Proof struct {
	ID        string
	PublicKey string
	Signature string
	SignedAt  int64
	Nonce     string
}

// ProofContext is what the signature must cover besides the device
// fields, and what it is checked against.
type ProofContext struct {
	ClientID, ClientMode string
	// Role is the connect role ("operator" when omitted); Scopes are the
	// requested scopes exactly as sent.
	Role   string
	Scopes []string
	// Token is the first non-empty of auth.token, auth.deviceToken and
	// auth.bootstrapToken.
	Token                  string
	Platform, DeviceFamily string
	// ChallengeNonce is the nonce this socket was challenged with.
	ChallengeNonce string
	Now            time.Time
}

// VerifiedDevice is a device whose proof checked out.
type VerifiedDevice struct {
	ID string
	// PublicKey is the canonical (base64url) form of the key.
	PublicKey string
	// PayloadVersion is the payload the signature matched: "v3" or "v2".
	PayloadVersion string
}

// ProofFailure is a failed device proof: INVALID_REQUEST with the message,
// then close 1008 with the same text.
type ProofFailure struct {
	Message string
	Code    protocol.ConnectErrorDetailCode  // details.code
	Reason  protocol.DeviceAuthFailureReason // details.reason
}

// Reply returns the connect reply.
func (f *ProofFailure) Reply() *wire.Error {
	return wire.InvalidRequest("%s", f.Message).WithDetails(protocol.DeviceAuthErrorDetails{Code: f.Code, Reason: f.Reason})
}

// Proof failures in the order they are checked.
var (
	errDeviceIDMismatch = &ProofFailure{"device identity mismatch",
		protocol.ConnectErrorDetailCodeDeviceAuthDeviceIDMismatch, protocol.DeviceAuthFailureReasonIDMismatch}
	errSignatureExpired = &ProofFailure{"device signature expired",
		protocol.ConnectErrorDetailCodeDeviceAuthSignatureExpired, protocol.DeviceAuthFailureReasonSignatureStale}
	errNonceRequired = &ProofFailure{"device nonce required",
		protocol.ConnectErrorDetailCodeDeviceAuthNonceRequired, protocol.DeviceAuthFailureReasonNonceMissing}
	errNonceMismatch = &ProofFailure{"device nonce mismatch",
		protocol.ConnectErrorDetailCodeDeviceAuthNonceMismatch, protocol.DeviceAuthFailureReasonNonceMismatch}
	errSignatureInvalid = &ProofFailure{"device signature invalid",
		protocol.ConnectErrorDetailCodeDeviceAuthSignatureInvalid, protocol.DeviceAuthFailureReasonSignature}
	signatureSkewMs = SignatureSkew.Milliseconds()
)

// VerifyProof checks a device proof: the id must be the SHA-256 of the
// key, signedAt within SignatureSkew of now, the nonce this socket's
// challenge, and the signature valid over the v3 payload or, failing
// that, the v2 one. A key that cannot be decoded has no id and fails as a
// mismatch (as in v3, where the id check comes first); since one parser
// decodes the key for every check, the protocol's later "device public
// key invalid" failure cannot occur.
func VerifyProof(p Proof, c ProofContext) (*VerifiedDevice, *ProofFailure) {
	pub, err := deviceauth.ParsePublicKey(p.PublicKey)
	if err != nil || deviceauth.DeviceID(pub) != p.ID {
		return nil, errDeviceIDMismatch
	}
	if skew := c.Now.UnixMilli() - p.SignedAt; skew > signatureSkewMs || skew < -signatureSkewMs {
		return nil, errSignatureExpired
	}
	nonce := strings.TrimSpace(p.Nonce)
	if nonce == "" {
		return nil, errNonceRequired
	}
	if nonce != c.ChallengeNonce {
		return nil, errNonceMismatch
	}
	version := deviceauth.Verify(pub, deviceauth.Payload{
		DeviceID: p.ID, ClientID: c.ClientID, ClientMode: c.ClientMode, Role: c.Role, Scopes: c.Scopes,
		SignedAtMs: p.SignedAt, Token: c.Token, Nonce: nonce, Platform: c.Platform, DeviceFamily: c.DeviceFamily,
	}, p.Signature)
	if version == "" {
		return nil, errSignatureInvalid
	}
	return &VerifiedDevice{ID: p.ID, PublicKey: deviceauth.EncodePublicKey(pub), PayloadVersion: version}, nil
}
