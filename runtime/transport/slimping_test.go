package transport

import (
	"bytes"
	"io"
	"testing"
)

func TestPongLength(t *testing.T) {
	pong := clientFrame(opPong, true, []byte("abc"))
	cases := []struct {
		name string
		b    []byte
		want int
	}{
		{"whole pong", pong, len(pong)},
		{"pong then more", append(append([]byte(nil), pong...), 0x81), len(pong)},
		{"pong cut short", pong[:len(pong)-1], 0},
		{"empty", nil, 0},
		{"ping", clientFrame(opPing, true, nil), 0},
		{"unmasked pong", unmaskedFrame(opPong, true, nil), 0},
		{"fragmented pong", clientFrame(opPong, false, nil), 0},
		{"reserved bit", append([]byte{0x80 | 0x40 | opPong}, pong[1:]...), 0},
		{"oversized pong", clientFrame(opPong, true, bytes.Repeat([]byte{'x'}, 126)), 0},
		{"largest pong", clientFrame(opPong, true, bytes.Repeat([]byte{'x'}, 125)), 2 + 4 + 125},
	}
	for _, tc := range cases {
		if got := pongLength(tc.b); got != tc.want {
			t.Errorf("%s: pongLength = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestAwaitInputDropsPongsAndWaitsForInput(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	data := clientFrame(opText, true, []byte(`{"x":1}`))
	done := make(chan error, 1)
	go func() { done <- s.awaitInput() }()
	pong := clientFrame(opPong, true, []byte("1"))
	for _, part := range [][]byte{pong, append(append([]byte(nil), pong...), pong...), data} {
		if _, err := client.Write(part); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.pending, data) {
		t.Fatalf("pending %q, want only the message after the pongs", s.pending)
	}
	// A pong not complete yet is input: the library will read the rest.
	s.discard(len(s.pending))
	if _, err := client.Write(pong[:3]); err != nil {
		t.Fatal(err)
	}
	if err := s.awaitInput(); err != nil || !bytes.Equal(s.pending, pong[:3]) {
		t.Fatalf("awaitInput = %v with %q pending, want the start of the pong", err, s.pending)
	}
}

func TestTryPingWritesAPingOnlyOnAFreeSocket(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	if !s.tryPing() {
		t.Fatal("no ping on an idle socket")
	}
	got := make([]byte, 2)
	if _, err := io.ReadFull(client, got); err != nil || !bytes.Equal(got, pingFrame[:]) {
		t.Fatalf("peer got %x, %v; want a ping", got, err)
	}
	header, _ := frameBytes([]byte("hello"), false)
	if _, err := s.Write(header); err != nil { // the library is mid-message
		t.Fatal(err)
	}
	if s.tryPing() {
		t.Fatal("a ping went out in the middle of a message")
	}
	if _, err := s.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write([]byte{0x88, 0}); err != nil { // close frame
		t.Fatal(err)
	}
	if s.tryPing() {
		t.Fatal("a ping went out after the close frame")
	}
}
