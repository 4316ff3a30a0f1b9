package transport

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The contract every Socket keeps, whatever lies under it. Each test runs
// against every implementation over real loopback sockets: a server
// accepts with Accept and the test drives the server's Socket from one
// side and a client (the WebSocket library, or hand-written frames) from
// the other.

// impl is one way a server socket comes to be.
type impl struct {
	name string
	tls  bool // served over TLS with a self-signed certificate
	slim bool // the connection can be slim (plain TCP, or TLS through Listener)
}

var impls = []impl{
	{"slim-tcp", false, true},
	{"slim-tls", true, true},
	{"library-tcp", false, false},
	{"library-tls", true, false},
}

// forEachImpl runs test against every implementation.
func forEachImpl(t *testing.T, test func(t *testing.T, e *endpoint)) {
	for _, im := range impls {
		t.Run(im.name, func(t *testing.T) { test(t, serve(t, im, nil)) })
	}
}

// endpoint is a server that hands over the sockets it accepts.
type endpoint struct {
	t        testing.TB
	im       impl
	addr     string
	socks    chan Socket
	accepted chan net.Conn // the TCP connections under the sockets
	client   *tls.Config   // trusts the server's certificate
}

// serve starts a server for im; tune, when set, adjusts each accepted TCP
// connection.
func serve(t testing.TB, im impl, tune func(*net.TCPConn)) *endpoint {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &endpoint{t: t, im: im, addr: ln.Addr().String(), socks: make(chan Socket, 4), accepted: make(chan net.Conn, 4)}
	var l net.Listener = tapListener{ln, tune, e.accepted}
	if !im.slim {
		l = hideDescriptors{l}
	}
	if im.tls {
		cert, pool := testCertificate(t)
		if im.slim {
			l = Listener(l)
		}
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		e.client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sock, err := Accept(w, r)
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		e.socks <- sock
	}), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return e
}

// tapListener hands each accepted TCP connection to accepted, after tune.
type tapListener struct {
	net.Listener
	tune     func(*net.TCPConn)
	accepted chan<- net.Conn
}

func (l tapListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return c, err
	}
	if tc, ok := c.(*net.TCPConn); ok && l.tune != nil {
		l.tune(tc)
	}
	select {
	case l.accepted <- c:
	default:
	}
	return c, nil
}

// hideDescriptors hides the accepted connections' file descriptors, so
// that Accept must take the library path.
type hideDescriptors struct{ net.Listener }

func (l hideDescriptors) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return c, err
	}
	return struct{ net.Conn }{c}, nil
}

var (
	certOnce sync.Once
	certPair tls.Certificate
	certPool *x509.CertPool
	certErr  error
)

// testCertificate returns a self-signed certificate for 127.0.0.1,
// generated once per test binary, and a pool that trusts it.
func testCertificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	certOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			certErr = err
			return
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(1),
			Subject:               pkix.Name{CommonName: "transport test"},
			NotBefore:             time.Now().Add(-time.Hour),
			NotAfter:              time.Now().Add(24 * time.Hour),
			IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			certErr = err
			return
		}
		leaf, err := x509.ParseCertificate(der)
		if err != nil {
			certErr = err
			return
		}
		certPool = x509.NewCertPool()
		certPool.AddCert(leaf)
		certPair = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	})
	if certErr != nil {
		t.Fatal(certErr)
	}
	return certPair, certPool
}

// dial connects a library client and returns it with the server's socket.
func (e *endpoint) dial(opts *websocket.DialOptions) (*websocket.Conn, Socket) {
	e.t.Helper()
	if opts == nil {
		opts = &websocket.DialOptions{}
	}
	scheme := "ws://"
	if e.im.tls {
		scheme = "wss://"
		opts.HTTPClient = &http.Client{Transport: &http.Transport{TLSClientConfig: e.client}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, scheme+e.addr, opts)
	if err != nil {
		e.t.Fatal(err)
	}
	ws.SetReadLimit(-1)
	e.t.Cleanup(func() { _ = ws.CloseNow() })
	return ws, e.socket()
}

// socket returns the server's socket of the last connection.
func (e *endpoint) socket() Socket {
	e.t.Helper()
	select {
	case s := <-e.socks:
		if s.Direct() != e.im.slim {
			e.t.Fatalf("%s: Direct() = %v", e.im.name, s.Direct())
		}
		e.t.Cleanup(func() { s.Kill(); _ = s.CloseNow() })
		return s
	case <-time.After(10 * time.Second):
		e.t.Fatal("no socket accepted")
		return nil
	}
}

// rawDial connects over TCP (and TLS), upgrades by hand and returns the
// connection with a reader of what the server sends, and the server's
// socket.
func (e *endpoint) rawDial() (net.Conn, *bufio.Reader, Socket) {
	e.t.Helper()
	var conn net.Conn
	var err error
	if e.im.tls {
		conn, err = tls.Dial("tcp", e.addr, e.client)
	} else {
		conn, err = net.Dial("tcp", e.addr)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: transport\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")); err != nil {
		e.t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		e.t.Fatalf("upgrade: %v, %v", resp, err)
	}
	return conn, br, e.socket()
}

// clientRead reads the next message the client receives.
func clientRead(t *testing.T, ws *websocket.Conn) (websocket.MessageType, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	typ, b, err := ws.Read(ctx)
	if err != nil {
		t.Fatalf("client read: %v", err)
	}
	return typ, b
}

// closeStatus returns the close code err carries, or -1.
func closeStatus(err error) websocket.StatusCode {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return -1
}
