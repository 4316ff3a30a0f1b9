package gateway_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// defaultCap is the protocol's cap of unauthenticated sockets per address.
const defaultCap = 32

// rawSocket opens a TCP socket to the gateway.
func rawSocket(t *testing.T, g *gatewaytest.Gateway) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(g.URL, "ws://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// getHealth sends GET /health on c (kept alive) and reads the response.
func getHealth(t *testing.T, c net.Conn, br *bufio.Reader) (int, string) {
	t.Helper()
	c.SetDeadline(time.Now().Add(gatewaytest.Wait))
	if _, err := io.WriteString(c, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestIdleKeepAliveSocketsAreClosed(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	c := rawSocket(t, g)
	br := bufio.NewReader(c)
	if code, _ := getHealth(t, c, br); code != 200 {
		t.Fatalf("health %d", code)
	}
	// The socket stays idle: the gateway must close it (bounded wait, so a
	// socket kept for ever fails the test instead of hanging it).
	c.SetReadDeadline(time.Now().Add(gatewaytest.Wait))
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("idle keep-alive socket: read %d, %v; want EOF from the gateway", n, err)
	}
}

func TestKeepAliveSocketsCountInThePerAddressCap(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	// Authenticated WebSockets do not count.
	for range defaultCap + 2 {
		operator(t, g, read)
	}
	held := make([]net.Conn, 0, defaultCap)
	for range defaultCap {
		c := rawSocket(t, g)
		if code, _ := getHealth(t, c, bufio.NewReader(c)); code != 200 {
			t.Fatalf("socket %d: health %d", len(held)+1, code)
		}
		held = append(held, c)
	}
	over := rawSocket(t, g)
	code, body := getHealth(t, over, bufio.NewReader(over))
	for _, want := range []string{"Too many unauthenticated sockets", "127.0.0.1 already holds 32 sockets",
		"keep-alive", "GATEWIRE_MAX_PREAUTH_CONNECTIONS_PER_IP"} {
		if code != http.StatusServiceUnavailable || !strings.Contains(body, want) {
			t.Fatalf("over the cap: %d %q, want 503 with %q", code, body, want)
		}
	}
	if _, err := gatewaytest.DialHeader(t, g.URL, nil); err == nil {
		t.Fatal("a WebSocket upgrade over the cap was accepted")
	}
	held[0].Close()
	eventuallyHealthy(t, g)
}

// Sockets whose handshake failed give their place back.
func TestFailedHandshakesLeaveTheCap(t *testing.T) {
	g := gatewaytest.Start(t, gatewaytest.Options{})
	for range defaultCap + 8 {
		c := gatewaytest.Dial(t, g.URL)
		if f, _ := c.Connect(gatewaytest.ConnectParams("wrong-token", "operator", read)); f.OK {
			t.Fatal("wrong token accepted")
		}
		c.Closed()
	}
	eventuallyHealthy(t, g)
	operator(t, g, read)
}

// eventuallyHealthy waits (bounded) until a new socket gets GET /health.
func eventuallyHealthy(t *testing.T, g *gatewaytest.Gateway) {
	t.Helper()
	deadline := time.Now().Add(gatewaytest.Wait)
	for {
		c := rawSocket(t, g)
		code, body := getHealth(t, c, bufio.NewReader(c))
		c.Close()
		if code == 200 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still refused: %d %q", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
