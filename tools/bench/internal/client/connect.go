package client

import (
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// The benchmark presents itself in connect as the local backend helper
// (gateway-client/backend), which keeps the scopes it asks for when it
// proves the shared token on loopback.
const (
	clientVersion = "gatewire-bench"
	connectID     = "connect"
)

// Protocol versions the benchmark's connections speak. Operators speak
// DefaultProtocol unless Config.Protocol says otherwise; nodes always
// speak 3, where a silently paired node's commands can be invoked at once
// (on protocol 4 its command surface waits for an operator's approval).
const (
	DefaultProtocol = 3
	nodeProtocol    = 3
)

// connectFrame returns the connect request sent after the challenge,
// offering exactly version (minProtocol = maxProtocol). instance, when
// set, is the client.instanceId every connection shares.
func connectFrame(token string, scopes []string, instance string, version int) ([]byte, error) {
	role := string(protocol.RoleOperator)
	params := protocol.ConnectParams{
		MinProtocol: int64(version), MaxProtocol: int64(version),
		Client: protocol.ClientInfo{
			ID: protocol.ClientIdGatewayClient, Version: clientVersion, Platform: runtime.GOOS,
			Mode: protocol.ClientModeBackend, InstanceID: optional(instance),
		},
		Role: &role, Scopes: scopes,
	}
	if params.Scopes == nil {
		params.Scopes = []string{}
	}
	if token != "" {
		params.Auth = &protocol.ConnectAuth{Token: &token}
	}
	raw, err := json.Marshal(params)
	if err == nil {
		raw, err = json.Marshal(wire.Request{Type: wire.TypeRequest, ID: connectID, Method: protocol.MethodConnect, Params: raw})
	}
	if err != nil {
		return nil, fmt.Errorf("encoding connect: %w", err)
	}
	return raw, nil
}

// optional returns a pointer to s, or nil for the empty string.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// refusal explains a failed response: its error code and message when
// the frame has them, else the frame itself (shortened).
func refusal(msg []byte) string {
	var res struct {
		Error *wire.Error `json:"error"`
	}
	if json.Unmarshal(msg, &res) == nil && res.Error != nil {
		return res.Error.Error()
	}
	const limit = 200
	if len(msg) > limit {
		return string(msg[:limit]) + "…"
	}
	return string(msg)
}
