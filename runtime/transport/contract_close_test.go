package transport

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestContractCloseHandshakeCarriesCodeAndReason(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		closed := make(chan error, 1)
		go func() { closed <- sock.Close(4001, "device removed") }()
		_, _, err := ws.Read(context.Background()) // answers the close
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != 4001 || ce.Reason != "device removed" {
			t.Fatalf("client read %v, want close 4001 \"device removed\"", err)
		}
		if err := <-closed; err != nil {
			t.Fatalf("Close after the peer answered: %v", err)
		}
		if sock.TryWrite([]byte("late")) != NotWritten {
			t.Fatal("a direct write went out after the close frame")
		}
		if err := sock.Write([]byte("late")); err == nil {
			t.Fatal("a write after the close succeeded")
		}
	})
}

func TestContractAPeersCloseEndsReading(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		go func() { _ = ws.Close(websocket.StatusGoingAway, "bye") }()
		if err := readToError(sock); closeStatus(err) != websocket.StatusGoingAway {
			t.Fatalf("server read %v, want the peer's close 1001", err)
		}
	})
}

func TestContractKillEndsABlockedWriteAndAHangingClose(t *testing.T) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			e := serve(t, im, smallBuffers)
			_, sock := e.dial(nil) // the client never reads
			wrote := make(chan error, 1)
			go func() { wrote <- sock.Write(payload(16<<20, 2)) }()
			select {
			case err := <-wrote:
				t.Fatalf("a 16 MiB write to a peer that does not read returned %v", err)
			case <-time.After(200 * time.Millisecond):
			}
			// A close handshake cannot get through either (the library
			// may cut the write short itself); Kill must end both.
			closed := make(chan error, 1)
			go func() { closed <- sock.Close(1000, "") }()
			sock.Kill()
			if err := <-wrote; err == nil {
				t.Fatal("the write went on after Kill")
			}
			<-closed
			_ = sock.CloseNow() // already closed: it must return, whatever it says
		})
	}
}
