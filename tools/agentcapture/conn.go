package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// frame is the part of a received frame the script waits on.
type frame struct {
	Type    string          `json:"type"`
	ID      string          `json:"id"`
	Event   string          `json:"event"`
	OK      bool            `json:"ok"`
	Payload json.RawMessage `json:"payload"`
}

// recorder writes every frame of every connection to one JSON-lines file.
type recorder struct {
	mu    sync.Mutex
	f     *os.File
	start time.Time
}

// write records one frame: ms since the start, connection, direction.
func (r *recorder) write(conn, dir string, raw []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	line, _ := json.Marshal(map[string]any{
		"ms": time.Since(r.start).Milliseconds(), "conn": conn, "dir": dir, "frame": json.RawMessage(raw),
	})
	_, _ = r.f.Write(append(line, '\n'))
}

// conn is one recorded operator connection.
type conn struct {
	name string
	ws   *websocket.Conn
	rec  *recorder
	next int

	mu     sync.Mutex
	frames []frame
	grew   chan struct{}
	done   chan struct{}
}

// dial opens a connection and starts recording what it receives.
func dial(ctx context.Context, url, name string, rec *recorder) (*conn, error) {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(64 << 20)
	c := &conn{name: name, ws: ws, rec: rec, grew: make(chan struct{}, 1), done: make(chan struct{})}
	go c.read()
	return c, nil
}

// read records frames until the socket ends.
func (c *conn) read() {
	defer close(c.done)
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.rec.write(c.name, "end", []byte(strconv.Quote(err.Error())))
			return
		}
		c.rec.write(c.name, "<", data)
		var f frame
		_ = json.Unmarshal(data, &f)
		c.mu.Lock()
		c.frames = append(c.frames, f)
		c.mu.Unlock()
		select {
		case c.grew <- struct{}{}:
		default:
		}
	}
}

// wait returns the first frame from index from on that match accepts,
// or an error after d.
func (c *conn) wait(from int, d time.Duration, match func(frame) bool) (frame, int, error) {
	deadline := time.After(d)
	for {
		c.mu.Lock()
		for i := from; i < len(c.frames); i++ {
			if match(c.frames[i]) {
				f := c.frames[i]
				c.mu.Unlock()
				return f, i + 1, nil
			}
		}
		c.mu.Unlock()
		select {
		case <-c.grew:
		case <-c.done:
			return frame{}, 0, fmt.Errorf("%s: socket closed", c.name)
		case <-deadline:
			return frame{}, 0, fmt.Errorf("%s: nothing matched in %s", c.name, d)
		}
	}
}

// mark is the index the next received frame will get.
func (c *conn) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.frames)
}

// send writes a request and returns its id.
func (c *conn) send(method string, params any) string {
	c.next++
	id := "r" + strconv.Itoa(c.next)
	raw, _ := json.Marshal(map[string]any{"type": "req", "id": id, "method": method, "params": params})
	c.rec.write(c.name, ">", raw)
	_ = c.ws.Write(context.Background(), websocket.MessageText, raw)
	return id
}

// call sends a request and waits for its (first) response.
func (c *conn) call(method string, params any, d time.Duration) (frame, error) {
	from := c.mark()
	id := c.send(method, params)
	f, _, err := c.wait(from, d, func(f frame) bool { return f.Type == "res" && f.ID == id })
	return f, err
}

// connect answers the challenge as an operator cli with scopes at lo..hi;
// below 4 it signs with a fresh device (the v3 gateways clear the scopes
// of a device-less cli).
func (c *conn) connect(token string, lo, hi int, scopes []string) error {
	ch, _, err := c.wait(0, 30*time.Second, func(f frame) bool { return f.Event == "connect.challenge" })
	if err != nil {
		return err
	}
	var nonce struct{ Nonce string }
	_ = json.Unmarshal(ch.Payload, &nonce)
	client := map[string]any{"id": "cli", "version": "2026.9.6", "platform": "linux", "deviceFamily": "Linux", "mode": "cli", "instanceId": "capture-" + c.name}
	params := map[string]any{
		"minProtocol": lo, "maxProtocol": hi, "client": client, "caps": []string{"tool-events"},
		"auth": map[string]any{"token": token}, "role": "operator", "scopes": scopes,
	}
	if hi < 4 {
		params["device"] = proof(token, nonce.Nonce, scopes)
	}
	res, err := c.call("connect", params, 60*time.Second)
	if err == nil && !res.OK {
		err = fmt.Errorf("%s: connect refused: %s", c.name, res.Payload)
	}
	return err
}

// proof is a device member signed by a fresh identity.
func proof(token, nonce string, scopes []string) map[string]any {
	id, _ := deviceauth.NewIdentity(time.Now())
	p := deviceauth.Payload{
		DeviceID: id.DeviceID, ClientID: "cli", ClientMode: "cli", Role: "operator", Scopes: scopes,
		SignedAtMs: time.Now().UnixMilli(), Token: token, Nonce: nonce, Platform: "linux", DeviceFamily: "Linux",
	}
	return map[string]any{
		"id": id.DeviceID, "publicKey": deviceauth.EncodePublicKey(id.PublicKey),
		"signature": deviceauth.Sign(id.PrivateKey, p), "signedAt": p.SignedAtMs, "nonce": nonce,
	}
}
