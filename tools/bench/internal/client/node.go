package client

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/deviceauth"
	"github.com/gatewire/gatewire/runtime/wire"
)

// NodeCommand is the command the benchmark's nodes declare and answer.
const NodeCommand = "system.which"

// DialNode opens a socket and connects it as a node host with the device
// identity id (the gateway pairs it silently on loopback), declaring
// NodeCommand.
func (d *Dialer) DialNode(ctx context.Context, token string, id *deviceauth.Identity) (*Conn, error) {
	c, err := d.Open(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.nodeHandshake(ctx, token, id); err != nil {
		c.CloseNow()
		return nil, err
	}
	return c, nil
}

// nodeHandshake signs the challenge's nonce with id and connects as a
// node.
func (c *Conn) nodeHandshake(ctx context.Context, token string, id *deviceauth.Identity) error {
	msg, err := c.read(ctx)
	if err != nil {
		return fmt.Errorf("waiting for connect.challenge: %w", err)
	}
	var challenge struct {
		Event   string `json:"event"`
		Payload struct {
			Nonce string `json:"nonce"`
		} `json:"payload"`
	}
	if json.Unmarshal(msg, &challenge) != nil || challenge.Event != protocol.EventConnectChallenge {
		return fmt.Errorf("first frame is not connect.challenge: %s", refusal(msg))
	}
	frame, err := nodeConnectFrame(token, id, challenge.Payload.Nonce)
	if err != nil {
		return err
	}
	if err := c.ws.Write(ctx, websocket.MessageText, frame); err != nil {
		return fmt.Errorf("sending connect: %w", err)
	}
	if _, err := c.await(ctx, []byte(connectID)); err != nil {
		return fmt.Errorf("node connect: %w", err)
	}
	return nil
}

// nodeConnectFrame is a node host's connect request with a device proof
// for nonce.
func nodeConnectFrame(token string, id *deviceauth.Identity, nonce string) ([]byte, error) {
	role := string(protocol.RoleNode)
	params := protocol.ConnectParams{
		MinProtocol: nodeProtocol, MaxProtocol: nodeProtocol,
		Client: protocol.ClientInfo{ID: protocol.ClientId("node-host"), Version: clientVersion, Platform: runtime.GOOS,
			Mode: protocol.ClientModeNode},
		Role: &role, Scopes: []string{}, Commands: []string{NodeCommand},
		Auth: &protocol.ConnectAuth{Token: &token},
	}
	p := deviceauth.Payload{
		DeviceID: id.DeviceID, ClientID: string(params.Client.ID), ClientMode: string(params.Client.Mode),
		Role: role, Scopes: params.Scopes, Token: token, Nonce: nonce, SignedAtMs: time.Now().UnixMilli(),
		Platform: params.Client.Platform,
	}
	params.Device = &protocol.DeviceProof{ID: id.DeviceID, PublicKey: deviceauth.EncodePublicKey(id.PublicKey),
		Signature: deviceauth.Sign(id.PrivateKey, p), SignedAt: p.SignedAtMs, Nonce: nonce}
	raw, err := json.Marshal(params)
	if err == nil {
		raw, err = json.Marshal(wire.Request{Type: wire.TypeRequest, ID: connectID, Method: protocol.MethodConnect, Params: raw})
	}
	if err != nil {
		return nil, fmt.Errorf("encoding node connect: %w", err)
	}
	return raw, nil
}

// ServeInvokes answers every node.invoke.request with a successful
// node.invoke.result carrying an empty payload, until the connection
// ends; it is the node's only reader.
func (c *Conn) ServeInvokes(ctx context.Context, nodeID string) error {
	for n := int64(1); ; n++ {
		msg, err := c.read(ctx)
		if err != nil {
			return err
		}
		if f := classify(msg); f.Kind != kindEvent || string(f.Event) != protocol.EventNodeInvokeRequest {
			continue
		}
		var ev struct {
			Payload struct {
				ID string `json:"id"`
			} `json:"payload"`
		}
		if err := json.Unmarshal(msg, &ev); err != nil {
			return fmt.Errorf("node.invoke.request: %w", err)
		}
		params, _ := json.Marshal(map[string]any{"id": ev.Payload.ID, "nodeId": nodeID, "ok": true, "payload": map[string]any{}})
		c.id = fmt.Appendf(c.id[:0], "r%d", n)
		c.out = appendRequest(c.out[:0], c.id, protocol.MethodNodeInvokeResult, string(params))
		if err := c.ws.Write(ctx, websocket.MessageText, c.out); err != nil {
			return err
		}
	}
}
