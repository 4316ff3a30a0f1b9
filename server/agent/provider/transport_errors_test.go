package provider

import (
	"net"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
)

func TestUnreachableProviderFailsWithV3Text(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			p, rec := newTestProvider(t, a.api, "http://"+addr+a.suffix, Config{})
			if e := lastError(t, collect(t.Context(), p, hello())); e.Error() != textConnRefused {
				t.Fatalf("error = %q", e.Error())
			}
			if len(rec.delays) != 0 {
				t.Fatalf("waits %v: a refused connection is not retried", rec.delays)
			}
		})
	}
}

func TestStreamCutOffFailsWithV3Text(t *testing.T) {
	for _, a := range apis {
		t.Run(a.api, func(t *testing.T) {
			// The connection drops mid-stream: the client sees it end without its terminator.
			fake := newFakeLLM(t, fakellm.Reply{Frames: []fakellm.Frame{a.first}, Cut: true})
			p, _ := newTestProvider(t, a.api, fake.URL+a.suffix, Config{})
			events := collect(t.Context(), p, hello())
			if e := lastError(t, events); e.Error() != textInterrupted || events[0].Text != "Hel" {
				t.Fatalf("error = %q, events %+v", e.Error(), events)
			}
		})
	}
}
