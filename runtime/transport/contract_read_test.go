package transport

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"testing"

	"github.com/coder/websocket"
)

// serverRead reads the next message as the gateway's reader does: wait
// for input, then read the message whole.
func serverRead(t *testing.T, sock Socket) (bool, []byte) {
	t.Helper()
	if err := sock.AwaitInput(); err != nil {
		t.Fatalf("AwaitInput: %v", err)
	}
	text, r, err := sock.NextReader()
	if err != nil {
		t.Fatalf("NextReader: %v", err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("reading the message: %v", err)
	}
	return text, b
}

func TestContractReadsMessagesWholeAndTyped(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		ctx := context.Background()
		for i, n := range messageSizes {
			typ := websocket.MessageText
			if i%3 == 2 {
				typ = websocket.MessageBinary
			}
			msg := payload(n, i)
			go func() { _ = ws.Write(ctx, typ, msg) }()
			text, got := serverRead(t, sock)
			if text != (typ == websocket.MessageText) || !bytes.Equal(got, msg) {
				t.Fatalf("size %d: read text=%v with %d bytes", n, text, len(got))
			}
		}
	})
}

func TestContractReadsFragmentsWithControlFramesBetween(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		conn, br, sock := e.rawDial()
		msg := payload(50_000, 3)
		frames := [][]byte{
			clientFrame(opText, false, msg[:10]), clientFrame(opPing, true, []byte("1")),
			clientFrame(opContinuation, false, msg[10:11]), clientFrame(opPong, true, nil),
			clientFrame(opContinuation, false, nil), clientFrame(opPing, true, []byte("2")),
			clientFrame(opContinuation, true, msg[11:]),
			// A pong between messages, and one sent a byte at a time
			// (under TLS, a record per byte), then a message.
			clientFrame(opPong, true, []byte("unasked")),
		}
		for _, f := range frames {
			if _, err := conn.Write(f); err != nil {
				t.Fatal(err)
			}
		}
		for _, b := range clientFrame(opPong, true, []byte("slow")) {
			if _, err := conn.Write([]byte{b}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := conn.Write(clientFrame(opText, true, []byte("after"))); err != nil {
			t.Fatal(err)
		}
		if _, got := serverRead(t, sock); !bytes.Equal(got, msg) {
			t.Fatalf("fragmented message read as %d bytes, want %d", len(got), len(msg))
		}
		if _, got := serverRead(t, sock); string(got) != "after" {
			t.Fatalf("then %q, want the message after the pongs", got)
		}
		for _, want := range []string{"1", "2"} {
			f, err := readServerFrame(br)
			if err != nil || f.opcode != opPong || string(f.payload) != want {
				t.Fatalf("client got %+v, %v; want pong %q", f, err, want)
			}
		}
	})
}

func TestContractHostileFramesFailTheRead(t *testing.T) {
	cases := []struct {
		name  string
		frame []byte
		code  int // the close code the client gets; 0: dropped without one
	}{
		{"oversized ping", clientFrame(opPing, true, bytes.Repeat([]byte{'p'}, 126)), 1002},
		{"oversized pong", clientFrame(opPong, true, bytes.Repeat([]byte{'p'}, 126)), 1002},
		{"fragmented ping", clientFrame(opPing, false, nil), 1002},
		{"continuation first", clientFrame(opContinuation, true, []byte("x")), 1002},
		{"unmasked frame", unmaskedFrame(opText, true, []byte("x")), 0},
		{"negative length", append([]byte{0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1}, 1, 2, 3, 4), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T, e *endpoint) {
				conn, br, sock := e.rawDial()
				if _, err := conn.Write(tc.frame); err != nil {
					t.Fatal(err)
				}
				if err := readToError(sock); err == nil {
					t.Fatal("a hostile frame was read without an error")
				}
				sock.Kill() // as the gateway drops a socket whose reader failed
				if code := closeCodeOf(br); code != tc.code {
					t.Fatalf("close code %d, want %d", code, tc.code)
				}
			})
		})
	}
}

// readToError reads messages until the socket fails.
func readToError(sock Socket) error {
	for {
		if err := sock.AwaitInput(); err != nil {
			return err
		}
		_, r, err := sock.NextReader()
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
	}
}

// closeCodeOf reads frames until a close frame and returns its code, or
// 0 when the connection ends without one.
func closeCodeOf(br *bufio.Reader) int {
	for {
		f, err := readServerFrame(br)
		if err != nil {
			return 0
		}
		if f.opcode == opClose {
			if len(f.payload) < 2 {
				return 1005
			}
			return int(f.payload[0])<<8 | int(f.payload[1])
		}
	}
}

func TestContractReadsAreUnlimitedAndMayStopMidMessage(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		big := payload(4<<20, 9)
		go func() { _ = ws.Write(context.Background(), websocket.MessageText, big) }()
		if _, got := serverRead(t, sock); !bytes.Equal(got, big) {
			t.Fatalf("read %d bytes of a 4 MiB message", len(got))
		}
		// The caller enforces its own limit: it reads up to it and closes.
		go func() { _ = ws.Write(context.Background(), websocket.MessageText, big) }()
		if err := sock.AwaitInput(); err != nil {
			t.Fatal(err)
		}
		_, r, err := sock.NextReader()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(r, make([]byte, 64<<10)); err != nil {
			t.Fatal(err)
		}
		closed := make(chan error, 1)
		go func() { closed <- sock.Close(1009, "") }()
		_, _, err = ws.Read(context.Background())
		if code := closeStatus(err); code != 1009 {
			t.Fatalf("client read %v, want close 1009", err)
		}
		<-closed
	})
}

func TestContractAPeerThatLeavesFailsTheReader(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		conn, _, sock := e.rawDial()
		if _, err := conn.Write(clientFrame(opText, false, []byte("half"))); err != nil {
			t.Fatal(err)
		}
		// Under TLS close the TCP connection, without a close alert.
		if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
			tc.NetConn().Close()
		} else {
			conn.Close()
		}
		if err := readToError(sock); err == nil {
			t.Fatal("no error once the peer left")
		}
	})
}
