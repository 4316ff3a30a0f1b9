package gateway

import (
	"net"
	"net/netip"
	"strconv"
	"testing"
)

func TestLocalClientsDialLoopbackForAnUnspecifiedBind(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:18789":  "127.0.0.1:18789",
		"[::]:18789":     "127.0.0.1:18789",
		"10.0.0.7:18789": "10.0.0.7:18789",
		"[::1]:18789":    "[::1]:18789",
	} {
		if got := dialable(netip.MustParseAddrPort(in)).String(); got != want {
			t.Errorf("dialable(%s) = %s, want %s", in, got, want)
		}
	}
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Skip("cannot listen on every interface here")
	}
	defer ln.Close()
	want := "ws://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	if got := listenURL(ln, false); got != want {
		t.Fatalf("listenURL = %s, want %s", got, want)
	}
}
