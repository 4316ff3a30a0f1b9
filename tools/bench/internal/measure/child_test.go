package measure

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/tools/bench/internal/echoserver"
)

// The measurements start servers as processes; the test binary plays
// them when BENCH_CHILD names one: "echo" (the baseline) or "events" (a
// small stand-in for the gateway that answers every request, ticks every
// 100 ms and broadcasts presence on system-event).
const childEnv = "BENCH_CHILD"

func TestMain(m *testing.M) {
	if kind := os.Getenv(childEnv); kind != "" {
		serveChild(kind, os.Getenv("BENCH_CHILD_PORT"))
		return
	}
	os.Exit(m.Run())
}

// childLauncher runs the test binary as a server.
type childLauncher struct{ kind string }

func (l childLauncher) Name() string { return l.kind }

func (l childLauncher) Command(port int, _ string) (*exec.Cmd, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+l.kind, "BENCH_CHILD_PORT="+strconv.Itoa(port))
	return cmd, nil
}

func serveChild(kind, port string) {
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		os.Exit(3)
	}
	var h http.Handler = echoserver.Handler{}
	if kind == "events" {
		h = newEventServer()
	}
	srv := &http.Server{Handler: h}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		os.Exit(0)
	}()
	_ = srv.Serve(ln)
}

// eventServer answers every request ok, sends a tick to every socket
// every 100 ms and a presence event to every socket on system-event.
type eventServer struct {
	mu    sync.Mutex
	conns map[*websocket.Conn]bool
}

func newEventServer() *eventServer {
	s := &eventServer{conns: map[*websocket.Conn]bool{}}
	go func() {
		for range time.Tick(100 * time.Millisecond) {
			s.broadcast(`{"type":"event","event":"tick","payload":{"ts":1}}`)
		}
	}()
	return s
}

func (s *eventServer) broadcast(frame string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		go func() { _ = c.Write(context.Background(), websocket.MessageText, []byte(frame)) }()
	}
}

func (s *eventServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ctx := context.Background()
	_ = ws.Write(ctx, websocket.MessageText, []byte(`{"type":"event","event":"connect.challenge","payload":{"nonce":"n","ts":1}}`))
	s.mu.Lock()
	s.conns[ws] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, ws)
		s.mu.Unlock()
	}()
	for {
		_, msg, err := ws.Read(ctx)
		if err != nil {
			return
		}
		var req struct{ ID, Method string }
		_ = json.Unmarshal(msg, &req)
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"type":"res","id":"`+req.ID+`","ok":true,"payload":{}}`))
		if req.Method == "system-event" {
			s.broadcast(`{"type":"event","event":"presence","payload":{"presence":[]},"seq":1}`)
		}
	}
}

// testEnv returns an Env for a child server kind.
func testEnv(t *testing.T, kind string) *Env {
	t.Helper()
	return &Env{Launcher: childLauncher{kind}, Scratch: t.TempDir(), Token: "t", Sources: 2, Logf: t.Logf}
}
