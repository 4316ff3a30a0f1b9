package client

import (
	"encoding/json"
	"fmt"
	"runtime"
)

// Identity is how the benchmark presents itself in connect: the local
// backend helper (gateway-client/backend), which keeps the scopes it asks
// for when it proves the shared token on loopback.
const (
	ClientID      = "gateway-client"
	ClientMode    = "backend"
	ClientVersion = "gatewire-bench"
	ProtocolV3    = 3
	connectID     = "connect"
	eventConnect  = "connect.challenge"
)

// connectFrame returns the connect request sent after the challenge.
// instance, when set, is the client.instanceId every connection shares.
func connectFrame(token string, scopes []string, instance string) ([]byte, error) {
	type clientInfo struct {
		ID         string `json:"id"`
		Version    string `json:"version"`
		Platform   string `json:"platform"`
		Mode       string `json:"mode"`
		InstanceID string `json:"instanceId,omitempty"`
	}
	type authInfo struct {
		Token string `json:"token,omitempty"`
	}
	params := struct {
		MinProtocol int        `json:"minProtocol"`
		MaxProtocol int        `json:"maxProtocol"`
		Client      clientInfo `json:"client"`
		Role        string     `json:"role"`
		Scopes      []string   `json:"scopes"`
		Auth        *authInfo  `json:"auth,omitempty"`
	}{
		MinProtocol: ProtocolV3, MaxProtocol: ProtocolV3,
		Client: clientInfo{ID: ClientID, Version: ClientVersion, Platform: runtime.GOOS, Mode: ClientMode, InstanceID: instance},
		Role:   "operator", Scopes: scopes,
	}
	if params.Scopes == nil {
		params.Scopes = []string{}
	}
	if token != "" {
		params.Auth = &authInfo{Token: token}
	}
	frame := struct {
		Type   string `json:"type"`
		ID     string `json:"id"`
		Method string `json:"method"`
		Params any    `json:"params"`
	}{"req", connectID, "connect", params}
	b, err := json.Marshal(frame)
	if err != nil {
		return nil, fmt.Errorf("encoding connect: %w", err)
	}
	return b, nil
}

// refusal explains a failed response: its error code and message when
// the frame has them, else the frame itself (shortened).
func refusal(msg []byte) string {
	var res struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(msg, &res) == nil && res.Error != nil {
		return res.Error.Code + ": " + res.Error.Message
	}
	const limit = 200
	if len(msg) > limit {
		return string(msg[:limit]) + "…"
	}
	return string(msg)
}
