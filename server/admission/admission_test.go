package admission

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func request(remote string, headers map[string]string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "http://gateway.test/", nil)
	r.RemoteAddr = remote
	r.Host = "127.0.0.1:18789"
	for k, v := range headers {
		r.Header.Add(k, v)
	}
	return r
}

func TestClientAddressAndLocality(t *testing.T) {
	a, err := New(Settings{TrustedProxies: []string{"10.0.0.1", "192.168.0.0/16", "::ffff:172.16.0.0/108"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		remote  string
		headers map[string]string
		client  string
		local   bool
		via     bool
	}{
		{"direct loopback", "127.0.0.1:5000", nil, "127.0.0.1", true, false},
		{"direct loopback v6", "[::1]:5000", nil, "::1", true, false},
		{"mapped loopback is unmapped", "[::ffff:127.0.0.1]:5000", nil, "127.0.0.1", true, false},
		{"mapped remote is unmapped", "[::ffff:203.0.113.7]:5000", nil, "203.0.113.7", false, false},
		{"loopback with proxy header is not local", "127.0.0.1:5000", map[string]string{"X-Forwarded-Proto": "https"}, "127.0.0.1", false, false},
		{"untrusted peer cannot forge its address", "203.0.113.7:5000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, "203.0.113.7", false, false},
		{"trusted proxy XFF", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.9"}, "198.51.100.9", false, true},
		{"trusted proxy chain skips trusted hops", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, 198.51.100.9, 192.168.1.1"}, "198.51.100.9", false, true},
		{"mapped forwarded address", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "::ffff:198.51.100.9"}, "198.51.100.9", false, true},
		{"forwarded for= with port", "10.0.0.1:5000", map[string]string{"Forwarded": `for="[2001:db8::5]:4711";proto=https`}, "2001:db8::5", false, true},
		{"x-real-ip last", "192.168.3.3:5000", map[string]string{"X-Real-IP": "198.51.100.4:80"}, "198.51.100.4", false, true},
		{"mapped trusted prefix", "172.16.9.9:5000", map[string]string{"X-Forwarded-For": "198.51.100.1"}, "198.51.100.1", false, true},
		{"garbage hop falls back to the proxy", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "not-an-ip"}, "10.0.0.1", false, false},
		{"garbage hop ends its header only", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "198.51.100.8, not-an-ip", "X-Real-IP": "198.51.100.4"}, "198.51.100.4", false, true},
		{"forwarded from loopback via trusted proxy is still remote", "10.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1"}, "127.0.0.1", false, true},
	}
	for _, c := range cases {
		info, err := a.Inspect(request(c.remote, c.headers))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if info.ClientIP != netip.MustParseAddr(c.client) || info.DirectLocal != c.local || info.ViaTrustedProxy != c.via {
			t.Errorf("%s: client=%v local=%v via=%v, want %s %v %v", c.name, info.ClientIP, info.DirectLocal, info.ViaTrustedProxy, c.client, c.local, c.via)
		}
	}
}

func TestOriginDecisions(t *testing.T) {
	a, err := New(Settings{AllowedOrigins: []string{"https://control.example.com", "HTTP://Dash.Example:8080/"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, remote, origin string
		headers              map[string]string
		allowed              bool
	}{
		{"no origin", "203.0.113.1:1", "", nil, true},
		{"listed origin from anywhere", "203.0.113.1:1", "https://control.example.com", nil, true},
		{"listed origin default port", "203.0.113.1:1", "https://control.example.com:443", nil, true},
		{"listed origin case-insensitive", "203.0.113.1:1", "http://dash.example:8080", nil, true},
		{"unlisted origin", "203.0.113.1:1", "https://evil.example", nil, false},
		{"loopback page on a local connection", "127.0.0.1:1", "http://localhost:18789", nil, true},
		{"loopback ip page on a local connection", "[::1]:1", "http://[::1]:18789", nil, true},
		{"rebinding page on loopback", "127.0.0.1:1", "http://evil.example:18789", nil, false},
		{"loopback origin from a remote peer", "203.0.113.1:1", "http://127.0.0.1:18789", nil, false},
		{"loopback origin through a proxy", "127.0.0.1:1", "http://localhost", map[string]string{"X-Forwarded-For": "203.0.113.1"}, false},
		{"null origin", "127.0.0.1:1", "null", nil, false},
		{"file origin", "127.0.0.1:1", "file://", nil, false},
	}
	for _, c := range cases {
		h := map[string]string{}
		for k, v := range c.headers {
			h[k] = v
		}
		if c.origin != "" {
			h["Origin"] = c.origin
		}
		_, rej := a.Admit(request(c.remote, h))
		if (rej == nil) != c.allowed {
			t.Errorf("%s: rejection %+v, want allowed=%v", c.name, rej, c.allowed)
		}
		if rej != nil && (rej.Status != http.StatusForbidden || rej.Body != OriginNotAllowed) {
			t.Errorf("%s: rejection %+v, want 403", c.name, rej)
		}
	}
}

func TestAdmissionCarriesInfo(t *testing.T) {
	a, _ := New(Settings{})
	adm, rej := a.Admit(request("[::ffff:127.0.0.1]:9", map[string]string{"Origin": "http://localhost:1"}))
	if rej != nil {
		t.Fatal(rej)
	}
	info, ok := adm.Data.(*Info)
	if !ok || adm.ClientIP != netip.MustParseAddr("127.0.0.1") || info.Origin != "http://localhost:1" || !info.DirectLocal || info.Host != "127.0.0.1:18789" {
		t.Fatalf("admission = %+v, info %+v", adm, info)
	}
}

func TestSettingsValidationAndUpdate(t *testing.T) {
	for _, bad := range []Settings{
		{TrustedProxies: []string{"proxy.example"}},
		{TrustedProxies: []string{"::ffff:0.0.0.0/10"}},
		{AllowedOrigins: []string{"control.example.com"}},
		{AllowedOrigins: []string{"https://control.example.com/path"}},
	} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
	a, _ := New(Settings{})
	if _, rej := a.Admit(request("203.0.113.1:1", map[string]string{"Origin": "https://ui.example"})); rej == nil {
		t.Fatal("unlisted origin admitted")
	}
	if err := a.Update(Settings{AllowedOrigins: []string{"https://ui.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, rej := a.Admit(request("203.0.113.1:1", map[string]string{"Origin": "https://ui.example"})); rej != nil {
		t.Fatal("origin still refused after Update")
	}
	if err := a.Update(Settings{AllowedOrigins: []string{"bad"}}); err == nil {
		t.Fatal("bad update accepted")
	}
	if _, rej := a.Admit(request("203.0.113.1:1", map[string]string{"Origin": "https://ui.example"})); rej != nil {
		t.Fatal("a failed Update replaced the working settings")
	}
	if err := a.Update(Settings{AllowedOrigins: []string{"*"}}); err != nil {
		t.Fatal(err)
	}
	if _, rej := a.Admit(request("203.0.113.1:1", map[string]string{"Origin": "https://any.example"})); rej != nil {
		t.Fatal(`"*" did not allow any origin`)
	}
}
