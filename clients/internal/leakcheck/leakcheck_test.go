package leakcheck

import "testing"

func TestOwnedByClient(t *testing.T) {
	conn := "goroutine 7 [select]:\ngithub.com/gatewire/gatewire/clients/go.(*Conn).readLoop(0xc000)"
	other := "goroutine 8 [IO wait]:\nnet/http.(*conn).serve(0xc000)"
	if !ownedByClient(conn) || ownedByClient(other) {
		t.Fatalf("ownedByClient: connection reader %v, HTTP server %v", ownedByClient(conn), ownedByClient(other))
	}
}

func TestRunningIgnoresOtherGoroutines(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	go func() { <-stop }()
	if leaked := Running(); leaked != "" {
		t.Fatalf("Running reported goroutines of other code:\n%s", leaked)
	}
}
