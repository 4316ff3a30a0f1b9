package echoserver_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/testclient"
	"github.com/gatewire/gatewire/tools/bench/internal/echoserver"
)

func TestEchoGreetsThenAnswersEveryTextFrame(t *testing.T) {
	srv := httptest.NewServer(echoserver.Handler{})
	defer srv.Close()
	c := testclient.Dial(t, "ws"+strings.TrimPrefix(srv.URL, "http"), testclient.Options{})
	if first := string(c.Challenge.Raw); !strings.HasPrefix(first, `{"type":"event","event":"connect.challenge","payload":{"nonce":"`) {
		t.Fatalf("first frame = %s", first)
	}
	c.Send(`not json`)
	c.SendBinary([]byte(`{"type":"req","id":"bin","method":"health"}`))
	c.Send(`{"type":"req","id":"q\"1","method":"health","params":{}}`)
	if reply, want := string(c.Read().Raw), `{"type":"res","id":"q\"1","ok":true,"payload":{}}`; reply != want {
		t.Fatalf("reply = %s, want %s (bad frames must get no reply)", reply, want)
	}
}
