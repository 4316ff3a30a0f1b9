package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatewire/gatewire/server/gateway/gatewaytest"
)

// doctorReport is what the test reads of `doctor --json`.
type doctorReport struct {
	OK       bool `json:"ok"`
	Findings []struct {
		Check, Level, Message, Fix string
	} `json:"findings"`
}

func TestDoctorOnARunningGateway(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state") // the gateway creates it, 0700
	port := freePort(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("{ gateway: { port: %d } }\n", port)
	if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	p := launch(t, "gateway", "--state-dir", dir)
	waitLive(t, port, p)
	// A connection that pairs nothing still leaves the store in use.
	c := gatewaytest.Dial(t, "ws://127.0.0.1:"+strconv.Itoa(port))
	c.CloseNow()

	d := launch(t, "doctor", "--state-dir", dir, "--json")
	if code := d.exitCode(t, 30*time.Second); code != 0 {
		t.Fatalf("doctor exit %d\n%s\n%s", code, &d.stdout, &d.stderr)
	}
	var r doctorReport
	if err := json.Unmarshal(d.stdout.Bytes(), &r); err != nil {
		t.Fatal(err, d.stdout.String())
	}
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.Check] += f.Level + ": " + f.Message + "\n"
	}
	for check, want := range map[string]string{
		"permissions": "ok: nothing in",
		"port":        "ok: a gatewire gateway",
		"auth":        "ok: the gateway token is 43 characters",
		"store":       "ok: the device and session store passes PRAGMA integrity_check",
		"bind":        "ok: the gateway listens on loopback only",
	} {
		if !strings.Contains(got[check], want) {
			t.Errorf("%s: %q, want %q", check, got[check], want)
		}
	}
	if !r.OK {
		t.Errorf("report not ok: %+v", r)
	}

	// For people: one line per finding and a summary.
	h := launch(t, "doctor", "--state-dir", dir)
	if code := h.exitCode(t, 30*time.Second); code != 0 || !strings.Contains(h.stdout.String(), "0 error(s)") {
		t.Fatalf("doctor: exit %d\n%s", code, &h.stdout)
	}

	// A token file others can read is an error: exit status 1, with the fix.
	if err := os.Chmod(filepath.Join(dir, "gateway.token"), 0o644); err != nil {
		t.Fatal(err)
	}
	h = launch(t, "doctor", "--state-dir", dir)
	if code := h.exitCode(t, 30*time.Second); code != 1 || !strings.Contains(h.stdout.String(), "fix: chmod 600 "+filepath.Join(dir, "gateway.token")) ||
		!strings.Contains(h.stderr.String(), "doctor found 1 error(s)") {
		t.Fatalf("doctor with a readable token file: exit %d\n%s\n%s", code, &h.stdout, &h.stderr)
	}
}

func TestDoctorOnAGatewayServingTLS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	port := freePort(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("{ gateway: { port: %d, tls: { enabled: true } } }\n", port)
	if err := os.WriteFile(filepath.Join(dir, "gatewire.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	p := launch(t, "gateway", "--state-dir", dir)
	// The gateway generates its certificate before it listens; wait for
	// the port through doctor itself.
	deadline := time.Now().Add(15 * time.Second)
	for {
		d := launch(t, "doctor", "--state-dir", dir, "--json")
		code := d.exitCode(t, 30*time.Second)
		var r doctorReport
		if err := json.Unmarshal(d.stdout.Bytes(), &r); err != nil {
			t.Fatal(err, d.stdout.String())
		}
		got := map[string]string{}
		for _, f := range r.Findings {
			got[f.Check] += f.Level + ": " + f.Message + "\n"
		}
		if strings.Contains(got["port"], "ok: a gatewire gateway") {
			if code != 0 || !strings.Contains(got["tls"], "ok: the certificate") || !strings.Contains(got["tls"], "self-signed") ||
				!strings.Contains(got["tls"], "fingerprint ") {
				t.Fatalf("doctor on a TLS gateway (exit %d): %v", code, got)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("doctor never saw the TLS gateway: %v\ngateway stderr: %s", got, &p.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
