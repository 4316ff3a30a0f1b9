package auth

import (
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

func TestEqual(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"secret", "secret", true},
		{"secret", "secreT", false},
		{"secret", "secret-longer", false},
		{"", "", false},
		{"x", "", false},
	}
	for _, c := range cases {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("Equal(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestVerifyByMode(t *testing.T) {
	cases := []struct {
		name            string
		cfg             Secrets
		token, password string
		ok              bool
		method          string
		reason          protocol.AuthFailureReason
	}{
		{"none", Secrets{Mode: ModeNone}, "", "", true, "none", ""},
		{"token ok", Secrets{Mode: ModeToken, Token: "t0k"}, "t0k", "", true, "token", ""},
		{"token missing", Secrets{Mode: ModeToken, Token: "t0k"}, "", "t0k", false, "", protocol.AuthFailureReasonTokenMissing},
		{"token mismatch", Secrets{Mode: ModeToken, Token: "t0k"}, "nope", "", false, "", protocol.AuthFailureReasonTokenMismatch},
		{"token not configured", Secrets{Mode: ModeToken}, "t0k", "", false, "", protocol.AuthFailureReasonTokenMissingConfig},
		{"password ok", Secrets{Mode: ModePassword, Password: "pw"}, "", "pw", true, "password", ""},
		{"password sent as token", Secrets{Mode: ModePassword, Password: "pw"}, "pw", "", false, "", protocol.AuthFailureReasonPasswordMissing},
		{"password mismatch", Secrets{Mode: ModePassword, Password: "pw"}, "", "px", false, "", protocol.AuthFailureReasonPasswordMismatch},
		{"password not configured", Secrets{Mode: ModePassword}, "", "pw", false, "", protocol.AuthFailureReasonPasswordMissingConfig},
	}
	for _, c := range cases {
		s, err := NewShared(c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		r := s.Verify(c.token, c.password)
		if r.OK != c.ok || r.Method != c.method || r.Reason != c.reason || r.Generation != 1 {
			t.Errorf("%s: Verify = %+v", c.name, r)
		}
	}
	if _, err := NewShared(Secrets{Mode: "trusted-proxy"}); err == nil {
		t.Error("an unsupported mode was accepted")
	}
}

func TestGenerationAdvancesOnlyOnChange(t *testing.T) {
	s, _ := NewShared(Secrets{Mode: ModeToken, Token: "a"})
	if changed, _ := s.Update(Secrets{Mode: ModeToken, Token: "a"}); changed || s.Generation() != 1 {
		t.Fatalf("same secret bumped the generation to %d", s.Generation())
	}
	if changed, _ := s.Update(Secrets{Mode: ModeToken, Token: "b"}); !changed || s.Generation() != 2 {
		t.Fatalf("new token: generation %d", s.Generation())
	}
	if r := s.Verify("a", ""); r.OK {
		t.Fatal("the old token still verifies")
	}
	if changed, _ := s.Update(Secrets{Mode: ModePassword, Password: "b"}); !changed || s.Generation() != 3 {
		t.Fatalf("mode change: generation %d", s.Generation())
	}
	if _, err := s.Update(Secrets{Mode: "bogus"}); err == nil || s.Generation() != 3 {
		t.Fatal("an invalid update was applied")
	}
}

func replyJSON(t *testing.T, f Failure) map[string]any {
	t.Helper()
	b, err := json.Marshal(f.Reply())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func TestFailureReplies(t *testing.T) {
	cli := Failure{Reason: protocol.AuthFailureReasonTokenMismatch, Mode: ModeToken, Sent: Credentials{Token: true}, Client: ClientCLI}
	got := replyJSON(t, cli)
	if got["code"] != "INVALID_REQUEST" || got["message"] != "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)" {
		t.Fatalf("cli mismatch reply = %v", got)
	}
	d := got["details"].(map[string]any)
	if d["code"] != "AUTH_TOKEN_MISMATCH" || d["authReason"] != "token_mismatch" || d["canRetryWithDeviceToken"] != false || d["recommendedNextStep"] != "update_auth_credentials" {
		t.Fatalf("details = %v", d)
	}

	withDevice := cli
	withDevice.HasDevice = true
	d = replyJSON(t, withDevice)["details"].(map[string]any)
	if d["canRetryWithDeviceToken"] != true || d["recommendedNextStep"] != "retry_with_device_token" {
		t.Fatalf("device present, token only: %v", d)
	}

	ui := Failure{Reason: protocol.AuthFailureReasonTokenMissing, Mode: ModeToken, Client: KindOf("openclaw-control-ui", "webchat")}
	if m := replyJSON(t, ui)["message"]; m != "unauthorized: gateway token missing (open the dashboard URL and paste the token in Control UI settings)" {
		t.Fatalf("control ui message = %v", m)
	}
	other := Failure{Reason: protocol.AuthFailureReasonPasswordMismatch, Mode: ModePassword, Sent: Credentials{Password: true}, Client: KindOf("gateway-client", "backend")}
	if m := replyJSON(t, other)["message"]; m != "unauthorized: gateway password mismatch (provide gateway auth password)" {
		t.Fatalf("backend message = %v", m)
	}
	tui := Failure{Reason: protocol.AuthFailureReasonTokenMismatch, Mode: ModeToken, Sent: Credentials{Token: true}, Client: KindOf("openclaw-tui", "ui")}
	if m := replyJSON(t, tui)["message"]; m != "unauthorized: gateway token mismatch (provide gateway auth token)" {
		t.Fatalf("tui message = %v", m)
	}

	limited := replyJSON(t, Failure{Reason: protocol.AuthFailureReasonRateLimited, RetryAfterMs: 1234})
	if limited["retryable"] != true || limited["retryAfterMs"] != float64(1234) ||
		limited["details"].(map[string]any)["code"] != "AUTH_RATE_LIMITED" ||
		limited["details"].(map[string]any)["recommendedNextStep"] != "wait_then_retry" {
		t.Fatalf("rate limited reply = %v", limited)
	}

	none := replyJSON(t, Failure{Mode: ModeToken, Sent: Credentials{DeviceToken: true}})
	if none["message"] != "unauthorized: device token rejected (pair/repair this device, or provide gateway token)" {
		t.Fatalf("fallback = %v", none)
	}
	if d := none["details"].(map[string]any); d["code"] != "AUTH_REQUIRED" || d["authReason"] != nil || d["recommendedNextStep"] != "review_auth_configuration" {
		t.Fatalf("fallback details = %v", d)
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestLimiterLocksOutAfterTenFailures(t *testing.T) {
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := NewLimiter(LimitSettings{}, c.now)
	subj := SubjectOf(netip.MustParseAddr("203.0.113.9"), "", false)
	for i := 0; i < 9; i++ {
		l.Fail(subj, ClassSharedSecret)
		c.advance(time.Second)
	}
	if ok, _ := l.Check(subj, ClassSharedSecret); !ok {
		t.Fatal("locked out after nine failures")
	}
	l.Fail(subj, ClassSharedSecret)
	ok, after := l.Check(subj, ClassSharedSecret)
	if ok || after != 5*time.Minute {
		t.Fatalf("after ten failures: allowed=%v retryAfter=%v", ok, after)
	}
	if ok, _ := l.Check(subj, ClassDeviceToken); !ok {
		t.Fatal("the device-token class shares the shared-secret counter")
	}
	other := SubjectOf(netip.MustParseAddr("::ffff:203.0.113.10"), "", false)
	if ok, _ := l.Check(other, ClassSharedSecret); !ok {
		t.Fatal("another address is locked out too")
	}
	if ok, _ := l.Check(SubjectOf(netip.MustParseAddr("::ffff:203.0.113.9"), "", false), ClassSharedSecret); ok {
		t.Fatal("the IPv4-mapped form of a locked-out address is a fresh subject")
	}
	c.advance(5*time.Minute - time.Second)
	if ok, after := l.Check(subj, ClassSharedSecret); ok || after != time.Second {
		t.Fatalf("lockout ended early: %v %v", ok, after)
	}
	c.advance(time.Second)
	if ok, _ := l.Check(subj, ClassSharedSecret); !ok {
		t.Fatal("lockout did not end after five minutes")
	}
}

func TestLimiterWindowSlidesAndResetForgets(t *testing.T) {
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := NewLimiter(LimitSettings{MaxAttempts: 3, Window: time.Minute, Lockout: time.Hour}, c.now)
	subj := SubjectOf(netip.MustParseAddr("198.51.100.1"), "", false)
	l.Fail(subj, ClassDeviceToken)
	l.Fail(subj, ClassDeviceToken)
	c.advance(61 * time.Second)
	l.Fail(subj, ClassDeviceToken)
	if ok, _ := l.Check(subj, ClassDeviceToken); !ok {
		t.Fatal("failures outside the window still counted")
	}
	l.Fail(subj, ClassDeviceToken)
	l.Reset(subj, ClassDeviceToken)
	l.Fail(subj, ClassDeviceToken)
	if ok, _ := l.Check(subj, ClassDeviceToken); !ok {
		t.Fatal("Reset did not forget earlier failures")
	}
}

func TestLoopbackExemptionExceptForBrowsers(t *testing.T) {
	l := NewLimiter(LimitSettings{MaxAttempts: 1}, nil)
	local := SubjectOf(netip.MustParseAddr("127.0.0.1"), "", true)
	l.Fail(local, ClassSharedSecret)
	if ok, _ := l.Check(local, ClassSharedSecret); !ok || l.tracked() != 0 {
		t.Fatal("a direct local client was rate limited")
	}
	browser := SubjectOf(netip.MustParseAddr("127.0.0.1"), "http://evil.example", true)
	l.Fail(browser, ClassSharedSecret)
	if ok, _ := l.Check(browser, ClassSharedSecret); ok {
		t.Fatal("a browser page on loopback got the loopback exemption")
	}
	if ok, _ := l.Check(SubjectOf(netip.MustParseAddr("127.0.0.1"), "http://other.evil.example", true), ClassSharedSecret); ok {
		t.Fatal("a page on another origin got a fresh budget on the same address")
	}
	proxied := SubjectOf(netip.MustParseAddr("127.0.0.1"), "", false)
	l.Fail(proxied, ClassSharedSecret)
	if ok, _ := l.Check(proxied, ClassSharedSecret); ok {
		t.Fatal("a loopback peer with proxy headers got the loopback exemption")
	}
}

func TestLimiterStaysBounded(t *testing.T) {
	l := NewLimiter(LimitSettings{}, nil)
	base := netip.MustParseAddr("2001:db8::")
	addr := base
	for i := 0; i < maxTracked+500; i++ {
		addr = addr.Next()
		l.Fail(SubjectOf(addr, "", false), ClassSharedSecret)
	}
	if n := l.tracked(); n > maxTracked {
		t.Fatalf("limiter holds %d entries, more than %d", n, maxTracked)
	}
}
