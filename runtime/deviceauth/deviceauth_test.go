package deviceauth

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

func TestPayloadStrings(t *testing.T) {
	p := Payload{
		DeviceID: "abc", ClientID: "cli", ClientMode: "cli", Role: "operator",
		Scopes: []string{"operator.write", "operator.read"}, SignedAtMs: 1763712000000,
		Token: "tok", Nonce: "n-1", Platform: " Linux ", DeviceFamily: "MacBookPro",
	}
	if got, want := p.V3(), "v3|abc|cli|cli|operator|operator.write,operator.read|1763712000000|tok|n-1|linux|macbookpro"; got != want {
		t.Errorf("V3 = %q\nwant %q", got, want)
	}
	if got, want := p.V2(), "v2|abc|cli|cli|operator|operator.write,operator.read|1763712000000|tok|n-1"; got != want {
		t.Errorf("V2 = %q\nwant %q", got, want)
	}
	empty := Payload{DeviceID: "d", ClientID: "c", ClientMode: "m", Role: "node", SignedAtMs: 1, Nonce: "n"}
	if got := empty.V3(); got != "v3|d|c|m|node||1||n||" {
		t.Errorf("empty fields = %q", got)
	}
}

func TestNormalizeMetadataLowersOnlyASCII(t *testing.T) {
	if got := NormalizeMetadata("  ÄPPLE iOS 18 "); got != "Äpple ios 18" {
		t.Fatalf("got %q", got)
	}
}

func TestSignVerify(t *testing.T) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	p := Payload{DeviceID: DeviceID(pub), ClientID: "cli", ClientMode: "cli", Role: "operator", SignedAtMs: 5, Nonce: "n"}
	sig := Sign(priv, p)
	if got := Verify(pub, p, sig); got != "v3" {
		t.Fatalf("Verify = %q, want v3", got)
	}
	v2 := base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(p.V2()))) // padded standard base64
	if got := Verify(pub, p, v2); got != "v2" {
		t.Fatalf("Verify(v2 signature) = %q", got)
	}
	tampered := p
	tampered.Nonce = "other"
	if got := Verify(pub, tampered, sig); got != "" {
		t.Fatalf("Verify(tampered) = %q", got)
	}
	if got := Verify(pub, p, "not base64 !!"); got != "" {
		t.Fatalf("Verify(garbage) = %q", got)
	}
}

func TestParsePublicKeyForms(t *testing.T) {
	pub := testKey().Public().(ed25519.PublicKey)
	der, _ := x509.MarshalPKIXPublicKey(pub)
	forms := map[string]string{
		"base64url":     EncodePublicKey(pub),
		"std padded":    base64.StdEncoding.EncodeToString(pub),
		"spki base64":   base64.StdEncoding.EncodeToString(der),
		"spki pem":      string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
		"url padded ws": " " + base64.URLEncoding.EncodeToString(pub) + "\n",
	}
	for name, s := range forms {
		got, err := ParsePublicKey(s)
		if err != nil || EncodePublicKey(got) != EncodePublicKey(pub) {
			t.Errorf("%s: ParsePublicKey = %q, %v", name, EncodePublicKey(got), err)
		}
	}
	for _, bad := range []string{"", "AAAA", "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
	if id := DeviceID(pub); len(id) != 64 {
		t.Fatalf("DeviceID length %d", len(id))
	}
}

func TestIdentityFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "identity", "device.json")
	now := time.UnixMilli(1763712000000)
	a, err := LoadOrCreateIdentity(path, now)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("identity file mode %v (%v)", info.Mode(), err)
	}
	b, err := LoadOrCreateIdentity(path, now.Add(time.Hour))
	if err != nil || b.DeviceID != a.DeviceID || !b.PrivateKey.Equal(a.PrivateKey) || b.CreatedAtMs != a.CreatedAtMs {
		t.Fatalf("reloaded identity differs: %+v %v", b, err)
	}
	if err := os.WriteFile(path, []byte(`{"version":1,"privateKeyPem":"nope"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateIdentity(path, now); err == nil {
		t.Fatal("a corrupt identity file must be an error, not silently replaced")
	}
}

func TestSignedTokenIsTheFirstGiven(t *testing.T) {
	for _, tc := range []struct{ token, device, bootstrap, want string }{
		{"t", "d", "b", "t"},
		{"", "d", "b", "d"},
		{"", "", "b", "b"},
		{"", "", "", ""},
	} {
		if got := SignedToken(tc.token, tc.device, tc.bootstrap); got != tc.want {
			t.Errorf("SignedToken(%q, %q, %q) = %q, want %q", tc.token, tc.device, tc.bootstrap, got, tc.want)
		}
	}
}
