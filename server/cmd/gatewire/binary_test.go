package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// binary is the gatewire binary built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gatewire-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "gatewire")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building gatewire:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// process is a running gatewire binary.
type process struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan error
}

// launch starts the binary with args and a clean environment.
func launch(t *testing.T, args ...string) *process {
	t.Helper()
	return launchEnv(t, nil, args...)
}

// launchEnv starts the binary with args and a clean environment plus env.
func launchEnv(t *testing.T, env []string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(binary, args...), done: make(chan error, 1)}
	p.cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		p.done <- nil
	})
	return p
}

// exitCode waits (at most a generous bound, so a hang fails the test) for
// the process to exit and returns its exit code.
func (p *process) exitCode(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(within):
		t.Fatalf("gatewire still running after %s\nstdout: %s\nstderr: %s", within, &p.stdout, &p.stderr)
		return -1
	}
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitLive polls GET /health until the gateway answers.
func waitLive(t *testing.T, port int, p *process) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/health"
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("gatewire exited: %v\nstderr: %s", err, &p.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("gatewire not live on port %d\nstderr: %s", port, &p.stderr)
}

func TestBrokenConfigIsFatalAndNamesFileLineAndKey(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gatewire.json")
	os.WriteFile(cfg, []byte("{\n  gateway: {\n    prot: 1\n  }\n}\n"), 0o600)
	p := launch(t, "gateway", "--state-dir", dir)
	if code := p.exitCode(t, 10*time.Second); code != 1 {
		t.Fatalf("exit %d", code)
	}
	msg := p.stderr.String()
	for _, want := range []string{cfg, "line 3", "gateway.prot", "unknown key"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr %q lacks %q", msg, want)
		}
	}
}

func TestNonLoopbackWithoutCredentialIsRefused(t *testing.T) {
	p := launch(t, "gateway", "--state-dir", t.TempDir(), "--bind", "lan", "--auth", "none", "--port", strconv.Itoa(freePort(t)))
	if code := p.exitCode(t, 10*time.Second); code != 1 || !strings.Contains(p.stderr.String(), "refusing to listen on a non-loopback address") {
		t.Fatalf("exit %d, stderr %s", code, &p.stderr)
	}
}

func TestSigtermSendsShutdownAndExitsZeroWithinTwoSeconds(t *testing.T) {
	stopsGracefully(t, syscall.SIGTERM, "terminated signal received")
}

// Closing the terminal a foreground gateway runs in sends SIGHUP; it must
// stop the gateway like SIGTERM, not kill it with exit 129.
func TestSighupStopsLikeSigterm(t *testing.T) {
	stopsGracefully(t, syscall.SIGHUP, "hangup signal received")
}

// stopsGracefully sends sig to a running gateway with one connected
// client and checks the shutdown event, the 1012 close, exit 0 and the log
// line that names the signal.
func stopsGracefully(t *testing.T, sig syscall.Signal, logged string) {
	port := freePort(t)
	p := launch(t, "gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port), "--token", "sig-token")
	waitLive(t, port, p)
	c := gatewaytest.Dial(t, "ws://127.0.0.1:"+strconv.Itoa(port))
	c.MustConnect(gatewaytest.ConnectParams("sig-token", "operator", "operator.read"))
	p.cmd.Process.Signal(sig)
	if code := p.exitCode(t, 2*time.Second); code != 0 {
		t.Fatalf("exit %d after %v\nstderr: %s", code, sig, &p.stderr)
	}
	ev := c.NextEvent("shutdown")
	if string(ev.Payload) != `{"reason":"gateway stopping","restartExpectedMs":null}` {
		t.Fatalf("shutdown = %s", ev.Raw)
	}
	if code, reason := c.Closed(); code != 1012 || reason != "service restart" {
		t.Fatalf("close %d %q", code, reason)
	}
	if out := p.stdout.String(); !strings.Contains(out, `msg="gateway stopping" reason="`+logged+`"`) {
		t.Fatalf("stdout lacks the stop line with %q:\n%s", logged, out)
	}
}

// A client on this host refused by the per-address cap learns which
// limit, which address and how to change it; the limit comes from the
// environment.
func TestPerAddressCapSaysWhyAndHowToChangeIt(t *testing.T) {
	port := freePort(t)
	p := launchEnv(t, []string{"GATEWIRE_MAX_PREAUTH_CONNECTIONS_PER_IP=2"},
		"gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port))
	waitLive(t, port, p)
	http.DefaultClient.CloseIdleConnections()
	for i := range 3 {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			continue
		}
		// (waitLive's own keep-alive socket may not have been seen closing
		// yet, so the refusal can come one socket early.)
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("socket %d: %d %s", i+1, resp.StatusCode, body)
		}
		for _, want := range []string{"Too many unauthenticated sockets", "127.0.0.1 already holds 2 sockets",
			"GATEWIRE_MAX_PREAUTH_CONNECTIONS_PER_IP"} {
			if !strings.Contains(string(body), want) {
				t.Fatalf("503 body %q lacks %q", body, want)
			}
		}
		return
	}
	t.Fatal("no socket was refused with a cap of 2")
}

func TestForceRefusesToTouchOtherListeners(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx/1.25")
		w.WriteHeader(200)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	for _, args := range [][]string{{}, {"--force"}} {
		p := launch(t, append([]string{"gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port)}, args...)...)
		if code := p.exitCode(t, 15*time.Second); code != 1 || !strings.Contains(p.stderr.String(), "nginx/1.25") {
			t.Fatalf("%v: exit %d, stderr %s", args, code, &p.stderr)
		}
	}
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil || resp.Header.Get("Server") != "nginx/1.25" {
		t.Fatalf("the other listener was disturbed: %v", err)
	}
	resp.Body.Close()
}

func TestForceReplacesARunningGatewire(t *testing.T) {
	port := freePort(t)
	first := launch(t, "gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port))
	waitLive(t, port, first)
	refused := launch(t, "gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port))
	if code := refused.exitCode(t, 15*time.Second); code != 1 || !strings.Contains(refused.stderr.String(), "a gatewire gateway") {
		t.Fatalf("without --force: exit %d, stderr %s", code, &refused.stderr)
	}
	second := launch(t, "gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port), "--force")
	if code := first.exitCode(t, 10*time.Second); code != 0 {
		t.Fatalf("replaced gateway exit %d", code)
	}
	waitLive(t, port, second)
}

func TestClientCommandsUseTheGeneratedToken(t *testing.T) {
	port := freePort(t)
	dir := t.TempDir()
	gw := launch(t, "gateway", "--state-dir", dir, "--port", strconv.Itoa(port))
	waitLive(t, port, gw)
	url := "ws://127.0.0.1:" + strconv.Itoa(port)
	health := launchEnv(t, []string{"GATEWIRE_STATE_DIR=" + dir}, "health", "--url", url, "--json")
	if code := health.exitCode(t, 15*time.Second); code != 0 || !strings.Contains(health.stdout.String(), `"ok": true`) {
		t.Fatalf("health: exit %d\nstdout %s\nstderr %s", code, &health.stdout, &health.stderr)
	}
	refused := launch(t, "status", "--url", url, "--token", "wrong")
	if code := refused.exitCode(t, 15*time.Second); code != 1 || !strings.Contains(refused.stderr.String(), "gateway token mismatch") {
		t.Fatalf("wrong token: exit %d, stderr %s", code, &refused.stderr)
	}
}

// SIGUSR1 restarts the gateway in-process: clients get the shutdown
// event announcing restartExpectedMs and a 1012 close, the same process
// listens again on the same port, gatewire's node host reconnects on its
// own, and the restarted gateway still stops cleanly.
func TestSigusr1RestartsInProcessAndTheNodeHostComesBack(t *testing.T) {
	port := freePort(t)
	url := "ws://127.0.0.1:" + strconv.Itoa(port)
	gw := launch(t, "gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port), "--token", "usr1-token")
	waitLive(t, port, gw)
	node := launch(t, "node", "run", "--url", url, "--token", "usr1-token", "--state-dir", t.TempDir(), "--display-name", "usr1-node")
	scopes := []string{"operator.read", "operator.pairing", "operator.admin"}
	op := gatewaytest.Dial(t, url)
	op.MustConnect(gatewaytest.ConnectParams("usr1-token", "operator", scopes...))
	before := waitNode(t, op, node, true)

	if err := gw.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	ev := op.NextEvent("shutdown")
	if string(ev.Payload) != `{"reason":"gateway restarting","restartExpectedMs":1500}` {
		t.Fatalf("shutdown = %s", ev.Raw)
	}
	if code, reason := op.Closed(); code != 1012 || reason != "service restart" {
		t.Fatalf("close %d %q", code, reason)
	}
	waitLive(t, port, gw) // fails if the process exited
	again := gatewaytest.Dial(t, url)
	again.MustConnect(gatewaytest.ConnectParams("usr1-token", "operator", scopes...))
	if after := waitNode(t, again, node, true); after.NodeID != before.NodeID {
		t.Fatalf("node after the restart = %+v, before %+v", after, before)
	}
	gw.cmd.Process.Signal(syscall.SIGTERM)
	if code := gw.exitCode(t, 5*time.Second); code != 0 {
		t.Fatalf("exit %d after SIGTERM\nstderr: %s", code, &gw.stderr)
	}
	out := gw.stdout.String() // read once the process exited
	if !strings.Contains(out, `msg="gateway restarting" reason="SIGUSR1 received"`) || strings.Count(out, `msg="gateway listening"`) != 2 {
		t.Fatalf("stdout lacks one restart and two listening lines:\n%s", out)
	}
}

// Under the default reload mode (hybrid) an edit of gateway.port, a key
// the schema marks x-restart, restarts the gateway in-process onto the
// new port.
func TestEditedPortRestartsTheGatewayOntoIt(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gatewire.json")
	first, second := freePort(t), freePort(t)
	for second == first {
		second = freePort(t)
	}
	write := func(port int) {
		text := `{ gateway: { port: ` + strconv.Itoa(port) + `, auth: { token: "port-token" } } }`
		if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(first)
	gw := launch(t, "gateway", "--state-dir", dir)
	waitLive(t, first, gw)
	c := gatewaytest.Dial(t, "ws://127.0.0.1:"+strconv.Itoa(first))
	c.MustConnect(gatewaytest.ConnectParams("port-token", "operator", "operator.read"))
	write(second)
	if ev := c.NextEvent("shutdown"); string(ev.Payload) != `{"reason":"gateway restarting","restartExpectedMs":1500}` {
		t.Fatalf("shutdown = %s", ev.Raw)
	}
	waitLive(t, second, gw)
	if conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(first)); err == nil {
		conn.Close()
		t.Fatal("the old port still accepts connections")
	}
	gw.cmd.Process.Signal(syscall.SIGTERM)
	if code := gw.exitCode(t, 5*time.Second); code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, &gw.stderr)
	}
	if out := gw.stdout.String(); !strings.Contains(out, `reason="config change: gateway.port"`) {
		t.Fatalf("stdout lacks the restart reason:\n%s", out)
	}
}
