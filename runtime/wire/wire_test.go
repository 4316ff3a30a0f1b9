package wire

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCloseReasonTruncatesOnRuneBoundary(t *testing.T) {
	if got := CloseReason(""); got != "invalid handshake" {
		t.Fatalf("empty reason = %q", got)
	}
	long := strings.Repeat("é", 100) // 200 bytes
	got := CloseReason(long)
	if len(got) > MaxCloseReasonBytes || !utf8.ValidString(got) || len(got) < MaxCloseReasonBytes-1 {
		t.Fatalf("truncated to %d bytes, valid=%v", len(got), utf8.ValidString(got))
	}
	if got := CloseReason("short"); got != "short" {
		t.Fatalf("short reason changed: %q", got)
	}
}

func TestAppendResponseIsValidJSON(t *testing.T) {
	cases := []struct {
		id      string
		payload json.RawMessage
		err     *Error
		want    string
	}{
		{"1", json.RawMessage(`{"ok":true}`), nil, `{"type":"res","id":"1","ok":true,"payload":{"ok":true}}`},
		{"q\"<&>\n", nil, InvalidRequest("unknown method: x"),
			`{"type":"res","id":"q\"<&>\n","ok":false,"error":{"code":"INVALID_REQUEST","message":"unknown method: x"}}`},
		{"2", json.RawMessage(`{"status":"error"}`), Unavailable("boom").WithRetry(500),
			`{"type":"res","id":"2","ok":false,"payload":{"status":"error"},"error":{"code":"UNAVAILABLE","message":"boom","retryable":true,"retryAfterMs":500}}`},
	}
	for _, tc := range cases {
		got, err := AppendResponse(nil, tc.id, tc.payload, tc.err)
		if err != nil || string(got) != tc.want {
			t.Errorf("AppendResponse = %s (%v)\nwant %s", got, err, tc.want)
		}
		if !json.Valid(got) {
			t.Errorf("not JSON: %s", got)
		}
	}
}

func TestEventFrames(t *testing.T) {
	prefix := EventPrefix("presence", json.RawMessage(`{"presence":[]}`))
	got := FinishEvent(append([]byte(nil), prefix...), 7, &StateVersion{Presence: 3, Health: 1})
	want := `{"type":"event","event":"presence","payload":{"presence":[]},"seq":7,"stateVersion":{"presence":3,"health":1}}`
	if string(got) != want {
		t.Fatalf("event = %s", got)
	}
	direct := FinishEvent(EventPrefix("tick", nil), -1, nil)
	if string(direct) != `{"type":"event","event":"tick"}` {
		t.Fatalf("direct event = %s", direct)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"plain", "ünïcode", "tab\there", "\u2028", "a<b>&c", `q"\`} {
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Errorf("appendString(%q) = %s, round trip %q %v", s, got, back, err)
		}
	}
}

func TestNewUUIDIsVersion4(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := NewUUID()
		if len(id) != 36 || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) || seen[id] {
			t.Fatalf("NewUUID() = %q", id)
		}
		seen[id] = true
	}
}
