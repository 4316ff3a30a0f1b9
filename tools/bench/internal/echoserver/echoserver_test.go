package echoserver_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/tools/bench/internal/echoserver"
)

func TestEchoGreetsThenAnswersEveryTextFrame(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler{})
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	_, first, err := ws.Read(ctx)
	if err != nil || !strings.HasPrefix(string(first), `{"type":"event","event":"connect.challenge","payload":{"nonce":"`) {
		t.Fatalf("first frame = %s (%v)", first, err)
	}
	send := func(typ websocket.MessageType, frame string) {
		if err := ws.Write(ctx, typ, []byte(frame)); err != nil {
			t.Fatal(err)
		}
	}
	send(websocket.MessageText, `not json`)
	send(websocket.MessageBinary, `{"type":"req","id":"bin","method":"health"}`)
	send(websocket.MessageText, `{"type":"req","id":"q\"1","method":"health","params":{}}`)
	_, reply, err := ws.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"res","id":"q\"1","ok":true,"payload":{}}`; string(reply) != want {
		t.Fatalf("reply = %s, want %s (bad frames must get no reply)", reply, want)
	}
}
