package transport

import (
	"bytes"
	"io"
	"testing"
)

// readFrame reads one frame from r, failing the test on an error.
func readFrame(t *testing.T, r io.Reader) serverFrame {
	t.Helper()
	f, err := readServerFrame(r)
	if err != nil {
		t.Fatalf("read frame: %v", err)
	}
	return f
}

func TestTryWriteSendsAWholeTextFrame(t *testing.T) {
	server, client := tcpPair(t)
	s := newSlim(t, server)
	for _, size := range []int{0, 125, 126, 70000} {
		msg := bytes.Repeat([]byte{'m'}, size)
		if res := s.tryWrite(msg); res != WrittenWhole {
			t.Fatalf("size %d: tryWrite = %v on an idle socket", size, res)
		}
		f := readFrame(t, client)
		if f.opcode != opText || !f.fin || !bytes.Equal(f.payload, msg) {
			t.Fatalf("size %d: peer got opcode %#x (fin %v) and %d bytes", size, f.opcode, f.fin, len(f.payload))
		}
	}
}

func TestTryWriteYieldsToTheLibrarysMessagesAndClose(t *testing.T) {
	server, _ := tcpPair(t)
	s := newSlim(t, server)
	header, _ := frameBytes([]byte("hello"), false)
	if _, err := s.Write(header); err != nil { // the library is mid-message
		t.Fatal(err)
	}
	if res := s.tryWrite([]byte("x")); res != NotWritten {
		t.Fatalf("tryWrite during the library's message = %v", res)
	}
	if _, err := s.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if res := s.tryWrite([]byte("x")); res != WrittenWhole {
		t.Fatalf("tryWrite after the library's message = %v", res)
	}
	if _, err := s.Write([]byte{0x88, 0}); err != nil { // close frame
		t.Fatal(err)
	}
	if res := s.tryWrite([]byte("x")); res != NotWritten {
		t.Fatalf("tryWrite after a close frame = %v", res)
	}
}

func TestAPartialDirectWriteIsFinishedBeforeAnythingElse(t *testing.T) {
	server, client := tcpPair(t)
	if err := server.SetWriteBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	if err := client.SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	s := newSlim(t, server)
	msg := bytes.Repeat([]byte("0123456789"), 800_000) // far more than the buffers hold
	res := s.tryWrite(msg)
	if res != WrittenPart {
		t.Fatalf("tryWrite of 8 MB into small buffers = %v", res)
	}
	ping := make(chan error, 1)
	go func() { // the library's ping must wait for the message
		_, err := s.Write([]byte{0x89, 1, 'p'})
		ping <- err
	}()
	done := make(chan error, 1)
	go func() { done <- s.finishWrite() }()
	f := readFrame(t, client)
	if f.opcode != opText || !f.fin || !bytes.Equal(f.payload, msg) {
		t.Fatalf("peer got opcode %#x (fin %v) and %d bytes, want the whole message first", f.opcode, f.fin, len(f.payload))
	}
	if f := readFrame(t, client); f.opcode != opPing || !f.fin || string(f.payload) != "p" {
		t.Fatalf("then opcode %#x %q, want the ping", f.opcode, f.payload)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-ping; err != nil {
		t.Fatal(err)
	}
}
