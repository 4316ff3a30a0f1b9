package engine

import (
	"context"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// Control frames between the engine's messages, both ways: the client's
// pings while the gateway broadcasts, and the pongs that answer the
// gateway's own pings, which the slim socket drops before the WebSocket
// library sees them.

func TestBroadcastsInterleaveCleanlyWithControlFrames(t *testing.T) {
	overEachTransport(t, func(t *testing.T, tr connPath) {
		h := newHarnessOver(t, tr, nil)
		c := h.open("operator", "operator.read")
		const events = 2000
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := range events {
				h.srv.Broadcast(Event{Name: "open.event", Payload: i})
			}
		})
		pings := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			for range 50 {
				if err := c.WS().Ping(ctx); err != nil {
					pings <- err
					return
				}
			}
			pings <- nil
		}()
		for i := range events {
			f := c.read()
			if f.Event != "open.event" || f.Seq == nil || *f.Seq != int64(i+1) || string(f.Payload) != strconv.Itoa(i) {
				t.Fatalf("event %d: %+v", i, f)
			}
		}
		wg.Wait()
		go func() { // pongs are read by the reader: keep reading until the pings are done
			for {
				if _, err := c.tryRead(5 * time.Second); err != nil {
					return
				}
			}
		}()
		if err := <-pings; err != nil {
			t.Fatalf("pings while broadcasting: %v", err)
		}
	})
}

func TestPongsToTheGatewaysPingsNeverReachTheLibrary(t *testing.T) {
	accepted := make(chan net.Conn, 1)
	h := newHarnessWith(t, transports[0], func(c *Config) { c.PingInterval = 10 * time.Millisecond },
		func(l net.Listener) net.Listener { return recordAccepts{l, accepted} })
	r := h.rawOpen("operator.read")
	for pings := 0; pings < 3; {
		f := r.next()
		if f.opcode == opPing {
			pings++
			r.write(clientFrame(opPong, true, f.payload))
			r.write(clientFrame(opText, true, []byte(`{"type":"req","id":"h","method":"health"}`)))
		}
	}
	// The last thing the gateway reads is a pong. Once it has read it,
	// its reader must be waiting for input outside the library, not in
	// the library's read of the next frame.
	r.write(clientFrame(opPong, true, nil))
	sock := (<-accepted).(*net.TCPConn)
	eventually(t, "the pong read and the reader waiting in awaitInput", func() bool {
		stacks := readerStacks()
		return unread(t, sock) == 0 && len(stacks) == 1 && strings.Contains(stacks[0], "awaitInput") &&
			strings.Contains(stacks[0], "slimSocket).fill") && !strings.Contains(stacks[0], "coder/websocket")
	})
}

// unread returns the bytes waiting in the socket's receive queue.
func unread(t *testing.T, s *net.TCPConn) int {
	raw, err := s.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n int32
	var errno syscall.Errno
	err = raw.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	})
	if err != nil || errno != 0 {
		t.Fatalf("TIOCINQ: %v %v", err, errno)
	}
	return int(n)
}

// readerStacks returns the stacks of the goroutines reading open
// connections.
func readerStacks() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "engine.(*Server).readLoop") {
			out = append(out, g)
		}
	}
	return out
}
