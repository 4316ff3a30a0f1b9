package gatewire

import (
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// connectAuth holds the credentials of one connect attempt; empty
// fields are not sent.
type connectAuth struct {
	Token          string
	BootstrapToken string
	DeviceToken    string
	Password       string
}

// credentials is what one connect attempt sends, decided by plan.
type credentials struct {
	auth connectAuth
	// scopes are the scopes to ask for.
	scopes []string
	// storedToken is the cached device token in use (empty for none).
	storedToken string
}

// planCredentials chooses the credentials of a connect attempt the way
// the reference client does: an explicit shared token or password is
// sent alone; without one, the stored device token is sent as both
// auth.token and auth.deviceToken and its scopes are asked for when the
// caller asked for none in particular. retryWithStored adds the stored
// device token beside the shared token (the one retry after a mismatch).
func planCredentials(o *Options, stored StoredToken, haveStored, retryWithStored bool) credentials {
	a := o.Auth
	c := credentials{auth: connectAuth{Token: a.Token, Password: a.Password, DeviceToken: a.DeviceToken}, scopes: o.Scopes}
	switch {
	case a.DeviceToken != "":
		if c.auth.Token == "" {
			c.auth.Token = a.DeviceToken
		}
	case retryWithStored && haveStored && a.Token != "":
		c.auth.DeviceToken = stored.Token
		c.storedToken = stored.Token
	case haveStored && a.Token == "" && a.Password == "":
		c.auth.Token = stored.Token
		c.auth.DeviceToken = stored.Token
		c.storedToken = stored.Token
	}
	if c.auth.Token == "" && c.auth.DeviceToken == "" && a.Password == "" {
		c.auth.BootstrapToken = a.BootstrapToken
	}
	if c.scopes == nil && c.storedToken != "" && len(stored.Scopes) > 0 {
		c.scopes = stored.Scopes
	}
	if c.scopes == nil {
		c.scopes = []string{}
	}
	return c
}

// signatureToken is the token the device payload signs: the first
// non-empty of auth.token, auth.deviceToken and auth.bootstrapToken.
func (a connectAuth) signatureToken() string {
	return deviceauth.SignedToken(a.Token, a.DeviceToken, a.BootstrapToken)
}

// empty reports whether no credential is set.
func (a connectAuth) empty() bool { return a == connectAuth{} }

// buildConnect returns the connect params of one attempt offering the
// protocol range r, signing the device proof over nonce when a device
// identity is configured.
func buildConnect(o *Options, r protocolRange, c credentials, nonce string) *protocol.ConnectParams {
	role := o.Role
	p := &protocol.ConnectParams{
		MinProtocol: int64(r.min),
		MaxProtocol: int64(r.max),
		Client: protocol.ClientInfo{
			ID: protocol.ClientId(o.Client.ID), DisplayName: optional(o.Client.DisplayName), Version: o.Client.Version,
			Platform: o.Client.Platform, DeviceFamily: optional(o.Client.DeviceFamily),
			ModelIdentifier: optional(o.Client.ModelIdentifier), Mode: protocol.ClientMode(o.Client.Mode),
			InstanceID: optional(o.Client.InstanceID),
		},
		Caps: o.Caps, Commands: o.Commands, Permissions: o.Permissions, PathEnv: optional(o.PathEnv),
		Role: &role, Scopes: c.scopes, Locale: optional(o.Locale), UserAgent: optional(o.UserAgent),
	}
	if !c.auth.empty() {
		p.Auth = &protocol.ConnectAuth{
			Token: optional(c.auth.Token), BootstrapToken: optional(c.auth.BootstrapToken),
			DeviceToken: optional(c.auth.DeviceToken), Password: optional(c.auth.Password),
		}
	}
	if o.Device != nil && o.Device.Identity != nil {
		p.Device = signDevice(o, c, nonce)
	}
	return p
}

// signDevice returns the device proof of an attempt: the v3 payload
// signed now.
func signDevice(o *Options, c credentials, nonce string) *protocol.DeviceProof {
	id := o.Device.Identity
	signedAt := o.Now().UnixMilli()
	sig := deviceauth.Sign(id.PrivateKey, deviceauth.Payload{
		DeviceID: id.DeviceID, ClientID: o.Client.ID, ClientMode: o.Client.Mode, Role: o.Role,
		Scopes: c.scopes, SignedAtMs: signedAt, Token: c.auth.signatureToken(), Nonce: nonce,
		Platform: o.Client.Platform, DeviceFamily: o.Client.DeviceFamily,
	})
	return &protocol.DeviceProof{
		ID: id.DeviceID, PublicKey: deviceauth.EncodePublicKey(id.PublicKey),
		Signature: sig, SignedAt: signedAt, Nonce: nonce,
	}
}

// optional returns a pointer to s, or nil for the empty string.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// tickInterval returns the gateway's tick interval, or the protocol
// default when hello-ok did not give a positive one.
func tickInterval(p protocol.HelloPolicy) time.Duration {
	if p.TickIntervalMs <= 0 {
		return DefaultTickInterval
	}
	return time.Duration(p.TickIntervalMs) * time.Millisecond
}
