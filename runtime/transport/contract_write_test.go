package transport

import (
	"bytes"
	"context"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// messageSizes cross every frame-length encoding and the buffer sizes.
var messageSizes = []int{0, 1, 125, 126, 4095, 4096, 4097, 0xffff, 0x10000, 1 << 20}

// payload returns n bytes that vary with seed.
func payload(n, seed int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte((i+seed)%26)
	}
	return b
}

func TestContractWriteFramesEachMessageWhole(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		for i, n := range messageSizes {
			msg := payload(n, i)
			if err := sock.Write(msg); err != nil {
				t.Fatal(err)
			}
			if typ, got := clientRead(t, ws); typ != websocket.MessageText || !bytes.Equal(got, msg) {
				t.Fatalf("size %d: client got a %v message of %d bytes", n, typ, len(got))
			}
		}
	})
}

func TestContractWriteJoinedSendsOneMessage(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		for i, n := range messageSizes {
			prefix, own := payload(n, i), []byte(`,"seq":`+strconv.Itoa(i)+`}`)
			if err := sock.WriteJoined(prefix, own); err != nil {
				t.Fatal(err)
			}
			want := append(append([]byte(nil), prefix...), own...)
			if _, got := clientRead(t, ws); !bytes.Equal(got, want) {
				t.Fatalf("prefix of %d bytes: client got %d bytes, want %d", n, len(got), len(want))
			}
		}
	})
}

func TestContractTryWrite(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		for i, n := range []int{0, 125, 126, 16 << 10} {
			msg := payload(n, i)
			res := sock.TryWrite(msg)
			want := WrittenWhole
			if !sock.Direct() {
				want = NotWritten
			}
			if res != want {
				t.Fatalf("size %d: TryWrite on an idle socket = %v, want %v", n, res, want)
			}
			if res == NotWritten {
				if err := sock.Write(msg); err != nil {
					t.Fatal(err)
				}
			}
			if _, got := clientRead(t, ws); !bytes.Equal(got, msg) {
				t.Fatalf("size %d: client got %d bytes", n, len(got))
			}
		}
	})
}

// smallBuffers gives the server's TCP connections small send buffers, so
// that a client that does not read fills them quickly.
func smallBuffers(c *net.TCPConn) { _ = c.SetWriteBuffer(16 << 10) }

func TestContractAPartialTryWriteHoldsTheSocketUntilFinished(t *testing.T) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) {
			e := serve(t, im, smallBuffers)
			ws, sock := e.dial(nil)
			msg := payload(4<<20, 1) // far more than the buffers hold
			res := sock.TryWrite(msg)
			if !sock.Direct() {
				if res != NotWritten {
					t.Fatalf("TryWrite on the library = %v", res)
				}
				return
			}
			if res != WrittenPart {
				t.Fatalf("TryWrite of 4 MiB into small buffers = %v", res)
			}
			if again := sock.TryWrite([]byte("x")); again != NotWritten {
				t.Fatalf("TryWrite while a write is unfinished = %v", again)
			}
			after := make(chan error, 1)
			go func() { after <- sock.Write([]byte("after")) }() // must wait for the rest
			finished := make(chan error, 1)
			go func() { finished <- sock.FinishWrite() }()
			if _, got := clientRead(t, ws); !bytes.Equal(got, msg) {
				t.Fatalf("client got %d bytes first, want the whole message", len(got))
			}
			if _, got := clientRead(t, ws); string(got) != "after" {
				t.Fatalf("then %q", got)
			}
			for _, ch := range []chan error{finished, after} {
				if err := <-ch; err != nil {
					t.Fatal(err)
				}
			}
			if res := sock.TryWrite([]byte("free")); res != WrittenWhole {
				t.Fatalf("TryWrite once finished = %v", res)
			}
			if _, got := clientRead(t, ws); string(got) != "free" {
				t.Fatalf("then %q", got)
			}
		})
	}
}

func TestContractConcurrentWritersKeepMessagesWhole(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		ws, sock := e.dial(nil)
		const writers, each = 4, 200
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					msg := []byte(strconv.Itoa(w) + ":" + strconv.Itoa(i) + ":" + string(payload(i*53%9000, w)))
					var err error
					switch i % 3 {
					case 0:
						err = sock.Write(msg)
					case 1:
						cut := len(msg) / 2
						err = sock.WriteJoined(msg[:cut], msg[cut:])
					default:
						switch sock.TryWrite(msg) {
						case NotWritten:
							err = sock.Write(msg)
						case WrittenPart:
							err = sock.FinishWrite()
						}
					}
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		next := make([]int, writers)
		for range writers * each {
			_, got := clientRead(t, ws)
			parts := bytes.SplitN(got, []byte(":"), 3)
			w, _ := strconv.Atoi(string(parts[0]))
			i, _ := strconv.Atoi(string(parts[1]))
			if len(parts) != 3 || i != next[w] || !bytes.Equal(parts[2], payload(i*53%9000, w)) {
				t.Fatalf("message %q... out of order or altered", got[:min(len(got), 20)])
			}
			next[w]++
		}
		wg.Wait()
	})
}

func TestContractPingsInterleaveWithMessages(t *testing.T) {
	forEachImpl(t, func(t *testing.T, e *endpoint) {
		pings := make(chan struct{}, 1000)
		ws, sock := e.dial(&websocket.DialOptions{OnPingReceived: func(context.Context, []byte) bool {
			pings <- struct{}{}
			return true
		}})
		// Client pings, answered by the server's reader, while the server
		// writes fragmented messages and pings the client.
		reading := make(chan error, 1)
		go func() {
			for {
				if err := sock.AwaitInput(); err != nil {
					reading <- err
					return
				}
				_, r, err := sock.NextReader()
				if err != nil {
					reading <- err
					return
				}
				var b bytes.Buffer
				if _, err := b.ReadFrom(r); err != nil {
					reading <- err
					return
				}
				if b.String() == "done" {
					reading <- nil
					return
				}
			}
		}()
		clientPings := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			for range 20 {
				if err := ws.Ping(ctx); err != nil {
					clientPings <- err
					return
				}
			}
			clientPings <- nil
		}()
		const messages = 300
		go func() {
			for i := range messages {
				if i%10 == 0 {
					sock.Ping(5 * time.Second)
				}
				if err := sock.WriteJoined(payload(i*97%20000, i), []byte(strconv.Itoa(i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		for i := range messages {
			want := append(payload(i*97%20000, i), strconv.Itoa(i)...)
			if _, got := clientRead(t, ws); !bytes.Equal(got, want) {
				t.Fatalf("message %d altered (%d bytes, want %d)", i, len(got), len(want))
			}
		}
		go func() { // pongs are read by the client's reader: go on reading
			for {
				if _, _, err := ws.Read(context.Background()); err != nil {
					return
				}
			}
		}()
		if err := <-clientPings; err != nil {
			t.Fatalf("client pings: %v", err)
		}
		if len(pings) == 0 {
			t.Fatal("the client received no ping")
		}
		if err := ws.Write(context.Background(), websocket.MessageText, []byte("done")); err != nil {
			t.Fatal(err)
		}
		if err := <-reading; err != nil {
			t.Fatalf("server reader: %v", err)
		}
	})
}
