package client

import (
	"runtime"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		name  string
		msg   string
		kind  frameKind
		id    string
		ok    bool
		event string
	}{
		{"canonical ok", `{"type":"res","id":"17","ok":true,"payload":{}}`, kindResponse, "17", true, ""},
		{"canonical refused", `{"type":"res","id":"18","ok":false,"error":{"code":"INVALID_REQUEST","message":"x"}}`, kindResponse, "18", false, ""},
		{"other key order", `{"ok":true,"id":"19","type":"res"}`, kindResponse, "19", true, ""},
		{"escaped id", `{"type":"res","id":"a\"b","ok":true}`, kindResponse, `a"b`, true, ""},
		{"event", `{"type":"event","event":"tick","payload":{"ts":1},"seq":3}`, kindEvent, "", false, "tick"},
		{"event other order", `{"event":"presence","type":"event"}`, kindEvent, "", false, "presence"},
		{"not json", `hello`, kindOther, "", false, ""},
		{"request", `{"type":"req","id":"1","method":"health"}`, kindOther, "", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := classify([]byte(tc.msg))
			if f.Kind != tc.kind || string(f.ID) != tc.id || f.OK != tc.ok || string(f.Event) != tc.event {
				t.Fatalf("classify = {%v %q %v %q}, want {%v %q %v %q}", f.Kind, f.ID, f.OK, f.Event, tc.kind, tc.id, tc.ok, tc.event)
			}
		})
	}
}

func TestAppendRequestIsTheRequestFrame(t *testing.T) {
	got := string(appendRequest(nil, []byte("42"), "system-presence", `{}`))
	want := `{"type":"req","id":"42","method":"system-presence","params":{}}`
	if got != want {
		t.Fatalf("appendRequest = %s, want %s", got, want)
	}
}

func TestConnectFrameAsksAsTheBackendHelper(t *testing.T) {
	b, err := connectFrame("tok", []string{"operator.admin"}, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"req","id":"connect","method":"connect","params":{"minProtocol":3,"maxProtocol":3,` +
		`"client":{"id":"gateway-client","version":"gatewire-bench","platform":"` + runtime.GOOS + `","mode":"backend"},` +
		`"role":"operator","scopes":["operator.admin"],"auth":{"token":"tok"}}}`
	if string(b) != want {
		t.Fatalf("connect frame:\n got %s\nwant %s", b, want)
	}
	noAuth, _ := connectFrame("", nil, "", 3)
	if want := `"role":"operator","scopes":[]}}`; string(noAuth[len(noAuth)-len(want):]) != want {
		t.Fatalf("connect without token: %s", noAuth)
	}
}

func TestConnectFrameSharesTheInstanceID(t *testing.T) {
	b, err := connectFrame("tok", nil, "bench-1", 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"mode":"backend","instanceId":"bench-1"}`; !strings.Contains(string(b), want) {
		t.Fatalf("connect frame %s lacks %s", b, want)
	}
}

func TestConnectFrameOffersExactlyTheVersion(t *testing.T) {
	b, err := connectFrame("tok", nil, "", 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"params":{"minProtocol":4,"maxProtocol":4,`; !strings.Contains(string(b), want) {
		t.Fatalf("connect frame %s lacks %s", b, want)
	}
}
