package gatewire

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/runtime/deviceauth"
)

// openDevice returns a device in a fresh state directory.
func openDevice(t *testing.T) (*Device, string) {
	t.Helper()
	dir := t.TempDir()
	d, err := OpenDevice(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d, dir
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func TestOpenDeviceKeepsOnePrivateIdentity(t *testing.T) {
	d, dir := openDevice(t)
	if m := fileMode(t, filepath.Join(dir, "identity", "device.json")); m != 0o600 {
		t.Errorf("identity file mode = %o, want 600", m)
	}
	if m := fileMode(t, filepath.Join(dir, "identity")); m != 0o700 {
		t.Errorf("identity dir mode = %o, want 700", m)
	}
	again, err := OpenDevice(dir)
	if err != nil || again.ID() != d.ID() {
		t.Fatalf("reopened identity %v (%v), want %s", again, err, d.ID())
	}
	if d.ID() != deviceauth.DeviceID(d.Identity.PublicKey) {
		t.Fatal("device id is not derived from the key")
	}
}

func TestDialWithDeviceSignsAndKeepsTheIssuedToken(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, dir := openDevice(t)
	c := dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d, Scopes: []string{ScopeRead, ScopeWrite},
		Client: ClientInfo{ID: ClientIDCLI, Mode: ClientModeCLI, Platform: "Linux", DeviceFamily: "Desktop"}})

	p := g.lastConnect()
	if p.Device == nil || p.Device.ID != d.ID() || p.Device.Nonce == "" || p.Device.SignedAt == 0 {
		t.Fatalf("device proof = %+v", p.Device)
	}
	path := filepath.Join(dir, "identity", "device-auth.json")
	if m := fileMode(t, path); m != 0o600 {
		t.Errorf("token cache mode = %o, want 600", m)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version  int    `json:"version"`
		DeviceID string `json:"deviceId"`
		Tokens   map[string]struct {
			Token       string   `json:"token"`
			Role        string   `json:"role"`
			Scopes      []string `json:"scopes"`
			UpdatedAtMs int64    `json:"updatedAtMs"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	op := f.Tokens["operator"]
	if f.Version != 1 || f.DeviceID != d.ID() || op.Token != *c.Hello().Auth.DeviceToken || op.Role != "operator" ||
		!slices.Equal(op.Scopes, []string{ScopeRead, ScopeWrite}) || op.UpdatedAtMs == 0 {
		t.Fatalf("token cache = %s", data)
	}
}

func TestDialReusesTheStoredDeviceToken(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, _ := openDevice(t)
	first := dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d, Scopes: []string{ScopePairing}})
	issued := *first.Hello().Auth.DeviceToken
	_ = first.Close()

	// No shared token and no scopes: the stored token and its scopes.
	dialTest(t, g.url, Options{Device: d})
	p := g.lastConnect()
	if p.Auth == nil || p.Auth.Token != issued || p.Auth.DeviceToken != issued || p.Auth.Password != "" {
		t.Fatalf("auth = %+v, want the stored token as token and deviceToken", p.Auth)
	}
	if !slices.Equal(p.Scopes, []string{ScopePairing}) {
		t.Fatalf("scopes = %v, want the stored scopes", p.Scopes)
	}

	// Explicit scopes win over the stored ones.
	dialTest(t, g.url, Options{Device: d, Scopes: []string{ScopeRead}})
	if p := g.lastConnect(); !slices.Equal(p.Scopes, []string{ScopeRead}) {
		t.Fatalf("scopes = %v, want the explicit ones", p.Scopes)
	}

	// An explicit shared token is sent alone.
	dialTest(t, g.url, Options{Device: d, Auth: Auth{Token: "secret"}})
	if p := g.lastConnect(); p.Auth == nil || *p.Auth != (wireAuth{Token: "secret"}) || len(p.Scopes) != 0 {
		t.Fatalf("auth = %+v scopes %v, want only the shared token and no scopes", p.Auth, p.Scopes)
	}
}

func TestDialRetriesOnceWithTheStoredTokenOnLoopback(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, _ := openDevice(t)
	issued := *dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d}).Hello().Auth.DeviceToken

	before := g.connectCount()
	c := dialTest(t, g.url, Options{Auth: Auth{Token: "stale"}, Device: d})
	if g.connectCount()-before != 2 {
		t.Fatalf("connects = %d, want the refused one and one retry", g.connectCount()-before)
	}
	p := g.lastConnect()
	if p.Auth == nil || p.Auth.Token != "stale" || p.Auth.DeviceToken != issued {
		t.Fatalf("retry auth = %+v, want the shared token plus the stored device token", p.Auth)
	}
	if *c.Hello().Auth.DeviceToken != issued {
		t.Fatal("retry did not connect with the device token")
	}
}

func TestDeviceTokenRetryIsBounded(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, _ := openDevice(t)
	dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d})
	g.mu.Lock()
	g.deviceTokens[d.ID()] = "the gateway forgot it"
	g.mu.Unlock()

	before := g.connectCount()
	_, err := Dial(context.Background(), g.url, Options{Auth: Auth{Token: "stale"}, Device: d})
	if Details(err).Code == "" {
		t.Fatalf("Dial error = %v, want a refusal", err)
	}
	if n := g.connectCount() - before; n != 2 {
		t.Fatalf("connects = %d, want exactly one retry", n)
	}
}

func TestNoDeviceTokenRetryForRemoteEndpoints(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, _ := openDevice(t)
	dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d})

	// The same gateway under a name that is not loopback.
	port := g.url[strings.LastIndex(g.url, ":")+1:]
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
	}}}
	before := g.connectCount()
	_, err := Dial(context.Background(), "ws://gateway.example:"+port, Options{Auth: Auth{Token: "stale"}, Device: d, HTTPClient: client})
	if Details(err).Code != DetailAuthTokenMismatch {
		t.Fatalf("Dial error = %v, want the token mismatch", err)
	}
	if n := g.connectCount() - before; n != 1 {
		t.Fatalf("connects = %d, want no retry towards a remote plaintext endpoint", n)
	}
}

func TestRejectedDeviceTokenIsForgotten(t *testing.T) {
	checkLeaks(t)
	g := newGateway(t, "secret", nil)
	d, _ := openDevice(t)
	dialTest(t, g.url, Options{Auth: Auth{Token: "secret"}, Device: d})
	g.mu.Lock()
	delete(g.deviceTokens, d.ID())
	g.deviceTokens[d.ID()] = "reissued elsewhere"
	g.mu.Unlock()

	_, err := Dial(context.Background(), g.url, Options{Device: d})
	if Details(err).Code != DetailAuthDeviceTokenMismatch {
		t.Fatalf("Dial error = %v, want a device token mismatch", err)
	}
	if _, ok, err := d.Tokens.Get(d.ID(), RoleOperator); ok || err != nil {
		t.Fatalf("rejected token still stored (%v)", err)
	}
}

func TestTokenStoreFile(t *testing.T) {
	dir := t.TempDir()
	s := NewTokenStore(filepath.Join(dir, "identity", "device-auth.json"))
	if _, ok, err := s.Get("dev1", "operator"); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	tok := StoredToken{Token: "t1", Role: "operator", Scopes: []string{ScopeRead}, UpdatedAtMs: 5}
	if err := s.Put("dev1", tok); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Get("dev1", "operator"); !ok || err != nil || got.Token != "t1" || got.UpdatedAtMs != 5 {
		t.Fatalf("Get = %+v %v %v", got, ok, err)
	}
	if _, ok, _ := s.Get("dev2", "operator"); ok {
		t.Fatal("token returned for another device id")
	}
	// A new identity replaces the file's tokens.
	if err := s.Put("dev2", StoredToken{Token: "t2", Role: "node"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Get("dev1", "operator"); ok {
		t.Fatal("tokens of the old device id kept")
	}
	if err := s.Remove("dev2", "node"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Get("dev2", "node"); ok {
		t.Fatal("removed token still there")
	}
}

func TestTokenStoreRejectsBrokenFiles(t *testing.T) {
	for name, content := range map[string]string{
		"not json":      "{",
		"other version": `{"version":2,"deviceId":"d","tokens":{}}`,
	} {
		path := filepath.Join(t.TempDir(), "device-auth.json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := NewTokenStore(path).Get("d", "operator")
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: Get error = %v, want one naming the file", name, err)
		}
		// The cache is rewritten when the next token is issued.
		s := NewTokenStore(path)
		if err := s.Put("d", StoredToken{Token: "x", Role: "operator"}); err != nil {
			t.Errorf("%s: Put over a broken file: %v", name, err)
		}
		if got, ok, err := s.Get("d", "operator"); !ok || err != nil || got.Token != "x" {
			t.Errorf("%s: Get after rewrite = %+v %v %v", name, got, ok, err)
		}
	}
}
