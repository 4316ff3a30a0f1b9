package handshake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
	"github.com/gatewire/gatewire/server/statedir"
	"github.com/gatewire/gatewire/server/store"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// TestMain removes the binary the tests built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// gatewireBinary builds the gatewire binary once per test run.
func gatewireBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gatewire-pairing-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "gatewire")
		out, err := exec.Command("go", "build", "-o", binary, "github.com/gatewire/gatewire/server/cmd/gatewire").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building gatewire: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// gatewayProcess is a running gatewire binary.
type gatewayProcess struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

// launchGateway starts `gatewire gateway` on a free loopback port over
// stateDir and waits until it answers /health.
func launchGateway(t *testing.T, stateDir string) *gatewayProcess {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(gatewireBinary(t), "gateway", "--port", strconv.Itoa(port), "--bind", "loopback",
		"--token", gatewayToken, "--state-dir", stateDir)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &gatewayProcess{cmd: cmd, url: fmt.Sprintf("ws://127.0.0.1:%d", port), done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-p.done; p.done <- nil })
	health := fmt.Sprintf("http://127.0.0.1:%d/health", port)
	for start := time.Now(); time.Since(start) < gatewaytest.Wait; time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get(health); err == nil {
			res.Body.Close()
			return p
		}
	}
	t.Fatalf("gateway on port %d did not come up", port)
	return nil
}

// pendingRequests has n new devices ask to pair (auto-approval is off)
// and returns their request ids by device id.
func pendingRequests(t *testing.T, url string, n int) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; i < n; i++ {
		dev := gatewaytest.NewDevice(t)
		c := gatewaytest.Dial(t, url)
		p := cliParams("operator", "operator.read")
		c.Sign(p, dev)
		res, hello := c.Connect(p)
		var d struct{ RequestID string }
		if hello != nil || res.Error == nil || res.Error.Code != "NOT_PAIRED" || json.Unmarshal(mustJSON(res.Error.Details), &d) != nil {
			t.Fatalf("device %d: %s", i, res.Raw)
		}
		if code, _ := c.Closed(); code != 1008 { // and its socket is released
			t.Fatalf("device %d: refused connect closed with %d, want 1008", i, code)
		}
		out[dev.DeviceID] = d.RequestID
	}
	return out
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// adminSocket opens an operator.admin connection as the local backend.
func adminSocket(t *testing.T, url string) *gatewaytest.Client {
	t.Helper()
	c := gatewaytest.Dial(t, url)
	c.MustConnect(gatewaytest.ConnectParams(gatewayToken, "operator", "operator.admin"))
	return c
}

// TestKill9DuringAnApprovalBurst fires approvals of many pending devices
// at a real gatewire process, kills it with SIGKILL once a number of them
// were acknowledged, restarts it on the same state directory and checks
// that every acknowledged approval is there and the database is intact.
func TestKill9DuringAnApprovalBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the gatewire binary")
	}
	stateDir := t.TempDir()
	if err := os.WriteFile(statedir.Dir(stateDir).ConfigFile(),
		[]byte(`{ gateway: { pairing: { autoApproveLocal: false } } }`), 0o600); err != nil {
		t.Fatal(err)
	}
	first := launchGateway(t, stateDir)
	requests := pendingRequests(t, first.url, 60)
	acked := burstThenKill(t, first, requests, 25)

	second := launchGateway(t, stateDir)
	c := gatewaytest.Dial(t, second.url)
	p := gatewaytest.ConnectParams(gatewayToken, "operator", "operator.pairing")
	p.Client.ID, p.Client.Mode = "gateway-client", "backend"
	c.MustConnect(p)
	var list protocol.DevicePairListResult
	c.Result(protocol.MethodDevicePairList, map[string]any{}, &list)
	paired := map[string]bool{}
	for _, d := range list.Paired {
		if len(d.Tokens) == 1 {
			paired[d.DeviceID] = true
		}
	}
	for id := range acked {
		if !paired[id] {
			t.Errorf("acknowledged approval of %s lost after kill -9", id)
		}
	}
	t.Logf("%d approvals acknowledged before kill -9, %d devices paired after restart", len(acked), len(paired))
	_ = second.cmd.Process.Signal(syscall.SIGTERM)
	<-second.done
	second.done <- nil

	dbPath := store.PathIn(stateDir)
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dbPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state.db mode %v (%v)", info.Mode().Perm(), err)
	}
}

// burstThenKill sends every approval at once and kills the process with
// SIGKILL after killAfter successful replies; it returns the device ids
// whose approval was acknowledged.
func burstThenKill(t *testing.T, p *gatewayProcess, requests map[string]string, killAfter int) map[string]bool {
	t.Helper()
	c := adminSocket(t, p.url)
	byRequest := map[string]string{}
	for deviceID, requestID := range requests {
		byRequest[requestID] = deviceID
		c.RequestID("approve:"+requestID, protocol.MethodDevicePairApprove, map[string]string{"requestId": requestID})
	}
	acked := map[string]bool{}
	for {
		f, ok := c.TryRead(gatewaytest.Wait)
		if !ok {
			break
		}
		requestID, ok := strings.CutPrefix(f.ID, "approve:")
		if f.Type != wire.TypeResponse || !ok {
			continue
		}
		if !f.OK {
			t.Fatalf("approval refused: %s", f.Raw)
		}
		acked[byRequest[requestID]] = true
		if len(acked) == killAfter {
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(acked) < killAfter {
		t.Fatalf("only %d approvals acknowledged", len(acked))
	}
	<-p.done
	p.done <- nil
	return acked
}
