package transport

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (server, client *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { s.Close(); c.Close() })
	return s.(*net.TCPConn), c.(*net.TCPConn)
}

func newSlim(t *testing.T, conn *net.TCPConn) *slimSocket {
	t.Helper()
	raw, err := conn.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	return &slimSocket{Conn: conn, raw: raw}
}

// recordingConn records what reaches the socket, one entry per Write.
type recordingConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
}

func (r *recordingConn) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (r *recordingConn) sent() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Join(r.writes, nil)
}

func TestSlimSocketHoldsTheHeaderUntilThePayload(t *testing.T) {
	for _, size := range []int{0, 1, 125, 126, 0xffff, 0x10000} {
		for _, mask := range []bool{false, true} {
			rec := &recordingConn{}
			s := &slimSocket{Conn: rec}
			header, body := frameBytes(bytes.Repeat([]byte{'x'}, size), mask)
			if _, err := s.Write(header[:1]); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Write(header[1:]); err != nil {
				t.Fatal(err)
			}
			if size > 0 && len(rec.sent()) != 0 {
				t.Fatalf("size %d mask %v: header sent before its payload", size, mask)
			}
			if _, err := s.Write(body); err != nil {
				t.Fatal(err)
			}
			want := append(append([]byte(nil), header...), body...)
			if got := rec.sent(); !bytes.Equal(got, want) {
				t.Fatalf("size %d mask %v: sent %d bytes, want %d", size, mask, len(got), len(want))
			}
		}
	}
}

func TestSlimSocketFramesAnyWriteSplit(t *testing.T) {
	var stream []byte
	for _, size := range []int{3, 0, 200, 70000, 1} {
		h, b := frameBytes(bytes.Repeat([]byte{byte(size)}, size), false)
		stream = append(append(stream, h...), b...)
	}
	for _, chunk := range []int{1, 2, 3, 7, 1000, len(stream)} {
		rec := &recordingConn{}
		s := &slimSocket{Conn: rec}
		for p := stream; len(p) > 0; {
			n := min(chunk, len(p))
			if w, err := s.Write(p[:n]); err != nil || w != n {
				t.Fatalf("chunk %d: Write = %d, %v", chunk, w, err)
			}
			p = p[n:]
		}
		if !bytes.Equal(rec.sent(), stream) {
			t.Fatalf("chunk %d: the stream arrived altered", chunk)
		}
		if s.headerLen != 0 || s.payloadLeft != 0 {
			t.Fatalf("chunk %d: left mid-frame (%d header bytes, %d payload)", chunk, s.headerLen, s.payloadLeft)
		}
	}
}

func TestSlimSocketWritesThroughWritev(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	header, body := frameBytes([]byte("hello"), false)
	if _, err := s.Write(header); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(body); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(header)+len(body))
	if _, err := io.ReadFull(client, got); err != nil {
		t.Fatal(err)
	}
	if want := append(header, body...); !bytes.Equal(got, want) {
		t.Fatalf("peer got %q, want %q", got, want)
	}
	if s.iovSlots[1] != nil {
		t.Fatal("the socket keeps a reference to the written frame")
	}
}

func TestSlimSocketReadsIntoAPooledBufferOnlyWhileDataWaits(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	got := make(chan []byte)
	go func() {
		if err := s.awaitInput(); err != nil {
			got <- nil
			return
		}
		got <- append([]byte(nil), s.pending...)
	}()
	sent := strings.Repeat("abcdefghij", 4)
	if _, err := client.Write([]byte(sent)); err != nil {
		t.Fatal(err)
	}
	if p := <-got; string(p) != sent || s.pooled == nil {
		t.Fatalf("awaitInput buffered %q (pooled %v)", p, s.pooled != nil)
	}
	p := make([]byte, 30)
	if n, err := s.Read(p); err != nil || string(p[:n]) != sent[:30] {
		t.Fatalf("Read = %q, %v", p[:n], err)
	}
	if n, err := s.Read(p); err != nil || string(p[:n]) != sent[30:] {
		t.Fatalf("Read = %q, %v", p[:n], err)
	}
	if s.pooled != nil || s.pending != nil {
		t.Fatal("the pool buffer is held after everything was consumed")
	}
	client.Close()
	if _, err := s.Read(p); !errors.Is(err, io.EOF) {
		t.Fatalf("Read after the peer closed = %v, want io.EOF", err)
	}
}

func TestSlimSocketFeedsTheLibrarysSmallBufferOneByteAtATime(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	if _, err := client.Write([]byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	if err := s.awaitInput(); err != nil {
		t.Fatal(err)
	}
	p := make([]byte, minBufioReader)
	if n, err := s.Read(p); err != nil || string(p[:n]) != "0" {
		t.Fatalf("small Read = %q, %v; want one byte", p[:n], err)
	}
	if string(s.pending) != "123456789" {
		t.Fatalf("pending %q: the rest must stay where awaitInput sees it", s.pending)
	}
	if n, err := s.Read(make([]byte, minBufioReader+1)); err != nil || n != 9 {
		t.Fatalf("larger Read = %d, %v; want the 9 pending bytes", n, err)
	}
}

func TestSlimSocketReadUnblocksOnClose(t *testing.T) {
	server, _ := tcpPair(t)
	s := newSlim(t, server)
	done := make(chan error, 1)
	go func() { done <- s.awaitInput() }()
	time.Sleep(10 * time.Millisecond) // let it block; the assertion does not depend on it
	server.Close()
	if err := <-done; err == nil {
		t.Fatal("awaitInput on a closed socket returned no error")
	}
}

func TestSlimHijackerKeepsBytesReadAheadByTheHTTPServer(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sock, err := Accept(w, r)
		if err != nil {
			got <- "accept: " + err.Error()
			return
		}
		defer sock.CloseNow()
		if !sock.Direct() {
			got <- "no slim socket"
			return
		}
		msg, err := readMessage(sock)
		if err != nil {
			got <- "read: " + err.Error()
			return
		}
		got <- string(msg)
		_ = sock.Write(msg)
	}))
	defer srv.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	upgrade := "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	// The upgrade request and the first frame leave in one write, so the
	// HTTP server reads the frame ahead with the request.
	if _, err := conn.Write(append([]byte(upgrade), clientFrame(opText, true, []byte("early"))...)); err != nil {
		t.Fatal(err)
	}
	if msg := <-got; msg != "early" {
		t.Fatalf("server read %q, want the frame sent with the upgrade", msg)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade response %v, %v", resp, err)
	}
	echo := make([]byte, 7)
	if _, err := io.ReadFull(br, echo); err != nil || string(echo) != "\x81\x05early" {
		t.Fatalf("echo = %q, %v", echo, err)
	}
}

func TestSlimSocketSendsAFragmentedMessageWhole(t *testing.T) {
	rec := &recordingConn{}
	s := &slimSocket{Conn: rec}
	prefix := bytes.Repeat([]byte{'p'}, 20000)
	suffix := []byte(`,"seq":7}`)
	first := unmaskedFrame(opText, false, prefix)
	second := unmaskedFrame(opContinuation, false, suffix)
	last := unmaskedFrame(opContinuation, true, nil)
	for _, f := range [][]byte{first, second} {
		if _, err := s.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if len(rec.sent()) != 0 {
		t.Fatal("a fragment was sent before its message was complete")
	}
	want := bytes.Join([][]byte{first, second, last}, nil)
	copy(second[2:], "XXXXXXXXX") // small pieces must have been copied
	if _, err := s.Write(last); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.sent(), want) {
		t.Fatal("the fragmented message arrived altered")
	}
	if s.held != nil || s.heldBytes != nil {
		t.Fatal("the socket keeps references to a sent message")
	}
}

func TestSlimSocketSendsAControlFrameAfterHeldFragments(t *testing.T) {
	rec := &recordingConn{}
	s := &slimSocket{Conn: rec}
	first := unmaskedFrame(opText, false, bytes.Repeat([]byte{'a'}, 100))
	ping := unmaskedFrame(opPing, true, []byte("p"))
	rest := append(unmaskedFrame(opContinuation, false, []byte("b")), unmaskedFrame(opContinuation, true, nil)...)
	for _, f := range [][]byte{first, ping} {
		if _, err := s.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := rec.sent(), append(append([]byte(nil), first...), ping...); !bytes.Equal(got, want) {
		t.Fatalf("after a ping between fragments the peer has %d bytes, want %d", len(got), len(want))
	}
	if _, err := s.Write(rest); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.sent(), bytes.Join([][]byte{first, ping, rest}, nil); !bytes.Equal(got, want) {
		t.Fatal("the stream arrived altered")
	}
}
