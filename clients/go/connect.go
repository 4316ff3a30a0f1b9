package gatewire

import (
	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// ProtocolVersion is the protocol version this client speaks; connect
// offers exactly this version (minProtocol = maxProtocol).
const ProtocolVersion = 3

// connectParams is the wire form of the connect request's params.
type connectParams struct {
	MinProtocol int             `json:"minProtocol"`
	MaxProtocol int             `json:"maxProtocol"`
	Client      connectClient   `json:"client"`
	Caps        []string        `json:"caps,omitempty"`
	Commands    []string        `json:"commands,omitempty"`
	Permissions map[string]bool `json:"permissions,omitempty"`
	PathEnv     string          `json:"pathEnv,omitempty"`
	Role        string          `json:"role"`
	Scopes      []string        `json:"scopes"`
	Device      *connectDevice  `json:"device,omitempty"`
	Auth        *connectAuth    `json:"auth,omitempty"`
	Locale      string          `json:"locale,omitempty"`
	UserAgent   string          `json:"userAgent,omitempty"`
}

type connectClient struct {
	ID              string `json:"id"`
	DisplayName     string `json:"displayName,omitempty"`
	Version         string `json:"version"`
	Platform        string `json:"platform"`
	DeviceFamily    string `json:"deviceFamily,omitempty"`
	ModelIdentifier string `json:"modelIdentifier,omitempty"`
	Mode            string `json:"mode"`
	InstanceID      string `json:"instanceId,omitempty"`
}

type connectDevice struct {
	ID        string `json:"id"`
	PublicKey string `json:"publicKey"`
	Signature string `json:"signature"`
	SignedAt  int64  `json:"signedAt"`
	Nonce     string `json:"nonce"`
}

type connectAuth struct {
	Token          string `json:"token,omitempty"`
	BootstrapToken string `json:"bootstrapToken,omitempty"`
	DeviceToken    string `json:"deviceToken,omitempty"`
	Password       string `json:"password,omitempty"`
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
	for _, t := range []string{a.Token, a.DeviceToken, a.BootstrapToken} {
		if t != "" {
			return t
		}
	}
	return ""
}

// empty reports whether no credential is set.
func (a connectAuth) empty() bool { return a == connectAuth{} }

// buildConnect returns the connect params of one attempt, signing the
// device proof over nonce when a device identity is configured.
func buildConnect(o *Options, c credentials, nonce string) connectParams {
	p := connectParams{
		MinProtocol: ProtocolVersion,
		MaxProtocol: ProtocolVersion,
		Client: connectClient{
			ID: o.Client.ID, DisplayName: o.Client.DisplayName, Version: o.Client.Version,
			Platform: o.Client.Platform, DeviceFamily: o.Client.DeviceFamily,
			ModelIdentifier: o.Client.ModelIdentifier, Mode: o.Client.Mode, InstanceID: o.Client.InstanceID,
		},
		Caps: o.Caps, Commands: o.Commands, Permissions: o.Permissions, PathEnv: o.PathEnv,
		Role: o.Role, Scopes: c.scopes, Locale: o.Locale, UserAgent: o.UserAgent,
	}
	if !c.auth.empty() {
		auth := c.auth
		p.Auth = &auth
	}
	if o.Device != nil && o.Device.Identity != nil {
		p.Device = signDevice(o, &p, nonce)
	}
	return p
}

// signDevice returns the device proof of p: the v3 payload signed now.
func signDevice(o *Options, p *connectParams, nonce string) *connectDevice {
	id := o.Device.Identity
	signedAt := o.Now().UnixMilli()
	token := ""
	if p.Auth != nil {
		token = p.Auth.signatureToken()
	}
	sig := deviceauth.Sign(id.PrivateKey, deviceauth.Payload{
		DeviceID: id.DeviceID, ClientID: p.Client.ID, ClientMode: p.Client.Mode, Role: p.Role,
		Scopes: p.Scopes, SignedAtMs: signedAt, Token: token, Nonce: nonce,
		Platform: p.Client.Platform, DeviceFamily: p.Client.DeviceFamily,
	})
	return &connectDevice{
		ID: id.DeviceID, PublicKey: deviceauth.EncodePublicKey(id.PublicKey),
		Signature: sig, SignedAt: signedAt, Nonce: nonce,
	}
}
