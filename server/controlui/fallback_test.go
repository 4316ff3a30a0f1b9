package controlui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/gatewire/gatewire/internal/browsertest"
	"github.com/gatewire/gatewire/server/controlui"
)

// v3OnlyGateway serves the Control UI and, on WebSocket upgrades, plays a
// gateway that speaks protocol 3 only: an offer that reaches above 3 is
// refused with PROTOCOL_MISMATCH naming 3 (as a v3-only peer of a v4
// world answers), an offer of exactly 3 gets hello-ok at 3. Each socket
// it accepted is closed by the test through kick.
type v3OnlyGateway struct {
	mu     sync.Mutex
	offers [][2]int
	kick   chan struct{}
}

func (g *v3OnlyGateway) serveSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer ws.CloseNow()
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	_ = wsjson.Write(ctx, ws, map[string]any{"type": "event", "event": "connect.challenge",
		"payload": map[string]any{"nonce": "n-1", "ts": time.Now().UnixMilli()}})
	for {
		var req struct {
			ID     string `json:"id"`
			Method string `json:"method"`
			Params struct {
				Min int `json:"minProtocol"`
				Max int `json:"maxProtocol"`
			} `json:"params"`
		}
		if wsjson.Read(ctx, ws, &req) != nil {
			return
		}
		if req.Method != "connect" {
			_ = wsjson.Write(ctx, ws, answer(req.ID, req.Method))
			continue
		}
		g.mu.Lock()
		g.offers = append(g.offers, [2]int{req.Params.Min, req.Params.Max})
		g.mu.Unlock()
		if req.Params.Max != 3 {
			_ = wsjson.Write(ctx, ws, map[string]any{"type": "res", "id": req.ID, "ok": false, "error": map[string]any{
				"code": "INVALID_REQUEST", "message": "protocol mismatch",
				"details": map[string]any{"code": "PROTOCOL_MISMATCH", "expectedProtocol": 3}}})
			_, _, _ = ws.Read(ctx) // the page closes
			return
		}
		_ = wsjson.Write(ctx, ws, map[string]any{"type": "res", "id": req.ID, "ok": true, "payload": helloV3()})
		go func() {
			select {
			case <-g.kick:
				ws.Close(websocket.StatusServiceRestart, "restart")
			case <-ctx.Done():
			}
		}()
	}
}

// answer is a minimal real answer to the calls the overview makes.
func answer(id, method string) map[string]any {
	var payload any = map[string]any{}
	switch method {
	case "health":
		payload = map[string]any{"ok": true, "ts": time.Now().UnixMilli(), "durationMs": 0, "channels": map[string]any{},
			"channelOrder": []string{}, "channelLabels": map[string]any{}, "heartbeatSeconds": 0, "defaultAgentId": "main",
			"agents": []any{}, "sessions": map[string]any{"path": "", "count": 0, "recent": []any{}}}
	case "system-presence":
		payload = []any{}
	}
	return map[string]any{"type": "res", "id": id, "ok": true, "payload": payload}
}

func helloV3() map[string]any {
	return map[string]any{
		"type": "hello-ok", "protocol": 3,
		"server":   map[string]any{"version": "v3-only", "connId": "c-1"},
		"features": map[string]any{"methods": []string{"health", "system-presence"}, "events": []string{"tick"}},
		"snapshot": map[string]any{"presence": []any{}, "health": map[string]any{}, "stateVersion": map[string]any{"presence": 1, "health": 1},
			"uptimeMs": 1000},
		"auth":   map[string]any{"role": "operator", "scopes": []string{"operator.admin"}},
		"policy": map[string]any{"maxPayload": 1 << 20, "maxBufferedBytes": 1 << 21, "tickIntervalMs": 30000},
	}
}

// TestProtocolFallbackAndReconnect: offered 3..4 and refused with a
// mismatch naming 3, the page connects once more offering exactly 3;
// after the gateway closes the socket it reconnects by itself.
func TestProtocolFallbackAndReconnect(t *testing.T) {
	ui, err := controlui.New(controlui.Embedded(), "")
	if err != nil {
		t.Fatal(err)
	}
	g := &v3OnlyGateway{kick: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			g.serveSocket(w, r)
			return
		}
		ui.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := browsertest.New(t).Page(t, srv.URL+"/#token=t")
	p.WaitEval(`window.__gatewire.gw.state === "connected" && window.__gatewire.gw.protocol === 3`)
	p.WaitText("#overview-version", "v3-only")
	g.mu.Lock()
	first := append([][2]int(nil), g.offers...)
	g.mu.Unlock()
	if len(first) != 2 || first[0] != [2]int{3, 4} || first[1] != [2]int{3, 3} {
		t.Fatalf("offers %v, want [3 4] then [3 3]", first)
	}
	g.kick <- struct{}{} // the connected socket takes it and closes
	p.WaitEval(`window.__gatewire.gw.state !== "connected"`)
	p.WaitEval(`window.__gatewire.gw.state === "connected"`)
	p.WaitText("#overview-version", "v3-only")
	g.mu.Lock()
	n := len(g.offers)
	g.mu.Unlock()
	if n < 4 {
		t.Fatalf("%d connects after the restart, want the page to have connected again", n)
	}
}
