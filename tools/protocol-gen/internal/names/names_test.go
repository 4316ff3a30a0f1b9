package names

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	cases := map[string][]string{
		"deviceId":        {"device", "Id"},
		"paramsJSON":      {"params", "JSON"},
		"HTTPServer":      {"HTTP", "Server"},
		"INVALID_REQUEST": {"INVALID", "REQUEST"},
		"io.k8s.api":      {"io", "k8s", "api"},
		"v1beta1":         {"v1beta1"},
		"--":              nil,
	}
	for in, want := range cases {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGoExported(t *testing.T) {
	cases := map[string]string{
		"deviceId":        "DeviceID",
		"paramsJSON":      "ParamsJSON",
		"url":             "URL",
		"userIds":         "UserIDs",
		"INVALID_REQUEST": "InvalidRequest",
		"webchat-ui":      "WebchatUI",
		"2fa":             "X2fa",
		"$schema":         "Schema",
		"tickIntervalMs":  "TickIntervalMs",
		"+":               "",
	}
	for in, want := range cases {
		if got := GoExported(in); got != want {
			t.Errorf("GoExported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPascalKeepsInnerCase(t *testing.T) {
	cases := map[string]string{
		"exec.approval.waitDecision": "ExecApprovalWaitDecision",
		"system-presence":            "SystemPresence",
		"connect":                    "Connect",
		"device.pair.list":           "DevicePairList",
	}
	for in, want := range cases {
		if got := Pascal(in); got != want {
			t.Errorf("Pascal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypeNameAndCamel(t *testing.T) {
	for in, want := range map[string]string{"HelloOk": "HelloOk", "io.k8s.Pod": "IoK8sPod", "foo-bar": "FooBar", "1x": "T1x", "A_b": "A_b"} {
		if got := TypeName(in); got != want {
			t.Errorf("TypeName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"minProtocol": "minProtocol", "device_id": "deviceId", "INVALID_REQUEST": "invalidRequest", "URL": "url", "hello-ok": "helloOk", "3d": "_3d", "api_URL": "apiURL"} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAllocator(t *testing.T) {
	a := NewAllocator("Client")
	if got := a.Unique("Client"); got != "Client2" {
		t.Fatalf("Unique = %s", got)
	}
	if got := a.Unique("Client"); got != "Client3" {
		t.Fatalf("Unique = %s", got)
	}
	if got := a.Unique("Other"); got != "Other" {
		t.Fatalf("Unique = %s", got)
	}
}
