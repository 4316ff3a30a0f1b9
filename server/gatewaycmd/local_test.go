package gatewaycmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocalGatewayReadsTheSecretTheGatewayChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Only the generated token file.
	tokenFile := write("gateway.token", "generated\n")
	l, err := LocalGateway(dir, "")
	if err != nil || l.Token != "generated" || l.Port != 0 || l.Source != "the token file "+tokenFile {
		t.Fatalf("token file only: %+v (%v)", l, err)
	}
	// A configured token wins over a stale token file; the port is read.
	cfg := write("gatewire.json", `{ gateway: { port: 20555, auth: { token: "configured" } } }`)
	l, err = LocalGateway(dir, "")
	if err != nil || l.Token != "configured" || l.Port != 20555 || l.Source != "gateway.auth.token in "+cfg {
		t.Fatalf("configured token: %+v (%v)", l, err)
	}
	// Password mode gives the password.
	other := write("other.json", `{ gateway: { auth: { mode: "password", password: "pw" } } }`)
	l, err = LocalGateway(dir, other)
	if err != nil || l.Password != "pw" || l.Token != "" || !strings.Contains(l.Source, "gateway.auth.password in "+other) {
		t.Fatalf("password: %+v (%v)", l, err)
	}
	// A broken file is an error naming it; a missing explicit one too.
	broken := write("broken.json", `{ gateway: { port: "x" } }`)
	if _, err := LocalGateway(dir, broken); err == nil || !strings.Contains(err.Error(), "broken.json") {
		t.Fatalf("broken config: %v", err)
	}
	if _, err := LocalGateway(dir, filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("a missing explicit config file was accepted")
	}
}
