package gatewire

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// rawGateway is a scripted WebSocket server for behaviour the engine
// never shows (missing challenges, silence, seq gaps, stray replies).
type rawGateway struct {
	t   *testing.T
	url string

	closes chan websocket.CloseError // close frames the scripts saw from clients
}

// script drives one accepted socket; it returns when done with it.
type script func(s *rawSocket)

func newRawGateway(t *testing.T, run script) *rawGateway {
	t.Helper()
	g := &rawGateway{t: t, closes: make(chan websocket.CloseError, 16)}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		closed bool
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if closed {
			mu.Unlock()
			http.Error(w, "test over", http.StatusServiceUnavailable)
			return
		}
		wg.Add(1)
		mu.Unlock()
		defer wg.Done()
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		s := &rawSocket{t: t, ws: ws, ctx: ctx, g: g}
		run(s)
		_ = ws.CloseNow()
	}))
	g.url = "ws" + strings.TrimPrefix(srv.URL, "http")
	t.Cleanup(func() {
		mu.Lock()
		closed = true
		mu.Unlock()
		srv.CloseClientConnections()
		srv.Close()
		wg.Wait()
	})
	return g
}

// nextClose waits for the next close frame a client sent.
func (g *rawGateway) nextClose() (websocket.CloseError, bool) {
	select {
	case ce := <-g.closes:
		return ce, true
	case <-time.After(5 * time.Second):
		return websocket.CloseError{}, false
	}
}

// rawSocket is one scripted server-side socket.
type rawSocket struct {
	t   *testing.T
	ws  *websocket.Conn
	ctx context.Context
	g   *rawGateway
}

// send writes a frame given as JSON text.
func (s *rawSocket) send(frame string) {
	if err := s.ws.Write(s.ctx, websocket.MessageText, []byte(frame)); err != nil {
		s.t.Logf("raw gateway write: %v", err)
	}
}

// read returns the next frame, or false once the client closed (its close
// frame is recorded).
func (s *rawSocket) read() (map[string]json.RawMessage, bool) {
	_, data, err := s.ws.Read(s.ctx)
	if err != nil {
		var ce websocket.CloseError
		if errors.As(err, &ce) {
			s.g.closes <- ce
		}
		return nil, false
	}
	var f map[string]json.RawMessage
	if err := json.Unmarshal(data, &f); err != nil {
		s.t.Errorf("client sent a frame that is not JSON: %q", data)
	}
	return f, true
}

// drain reads until the client closes.
func (s *rawSocket) drain() {
	for {
		if _, ok := s.read(); !ok {
			return
		}
	}
}

// handshake sends a challenge, reads connect and answers hello-ok with
// the given tick interval. It returns false when the client went away.
func (s *rawSocket) handshake(tickMs int) bool {
	s.send(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n-1","ts":1}}`)
	f, ok := s.read()
	if !ok {
		return false
	}
	s.send(`{"type":"res","id":"` + idOf(f) + `","ok":true,"payload":` + helloJSON(tickMs) + `}`)
	return true
}

func helloJSON(tickMs int) string {
	b, _ := json.Marshal(map[string]any{
		"type": "hello-ok", "protocol": 3,
		"server":   map[string]any{"version": "raw", "connId": "c-1"},
		"features": map[string]any{"methods": []string{}, "events": []string{}},
		"snapshot": map[string]any{"presence": []any{}, "health": map[string]any{}, "stateVersion": map[string]any{"presence": 1, "health": 1}, "uptimeMs": 5},
		"auth":     map[string]any{"role": "operator", "scopes": []string{}},
		"policy":   map[string]any{"maxPayload": 1024, "maxBufferedBytes": 1024, "tickIntervalMs": tickMs},
	})
	return string(b)
}

// idOf returns the id of a request frame.
func idOf(f map[string]json.RawMessage) string {
	var id string
	_ = json.Unmarshal(f["id"], &id)
	return id
}
