package handshake

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSecretsNeverReachTheLog runs successful and failed connects with the
// shared token, wrong tokens and device tokens, rotates a token, and
// checks that no secret appears in the debug log.
func TestSecretsNeverReachTheLog(t *testing.T) {
	var out syncBuffer
	log := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := startLoggedHarness(t, nil, log)
	admin := h.operator("operator.admin")
	h.dial(nil).refused(withToken(params("cli", "cli", "operator", nil), "wrong-guess-secret"))
	d := newTestDevice(t)
	token := *h.pairDevice(d, "operator", "operator.admin").Auth.DeviceToken
	c := h.dial(nil)
	c.mustConnect(d.sign(withDeviceToken(params("cli", "cli", "operator", nil), token), c.nonce, time.Now()))
	c = h.dial(nil)
	c.refused(d.sign(withDeviceToken(params("cli", "cli", "operator", nil), token+"-forged"), c.nonce, time.Now()))
	f := admin.call("device.token.rotate", map[string]any{"deviceId": d.id, "role": "operator"})
	if !f.OK {
		t.Fatalf("rotate: %s", f.Raw)
	}
	rotated := h.storedToken(d.id, "operator")
	if rotated == "" || rotated == token {
		t.Fatalf("rotation left token %q", rotated)
	}
	logged := out.String()
	if !strings.Contains(logged, "connect unauthorized") || !strings.Contains(logged, "device token rotated") {
		t.Fatal("the log captured nothing; the test would prove nothing")
	}
	for _, secret := range []string{testToken, "wrong-guess-secret", token, rotated} {
		if strings.Contains(logged, secret) {
			t.Errorf("a secret reached the log: %q", secret)
		}
	}
}
