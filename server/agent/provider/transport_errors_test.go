package provider

import (
	"net"
	"net/http"
	"testing"
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
			_, srv := newFakeLLM(t, func(w http.ResponseWriter, r *http.Request) {
				sseReply(a.first)(w, r)
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					_ = conn.Close() // mid-chunk: the client sees the stream end without its terminator
				}
			})
			p, _ := newTestProvider(t, a.api, srv.URL+a.suffix, Config{})
			events := collect(t.Context(), p, hello())
			if e := lastError(t, events); e.Error() != textInterrupted || events[0].Text != "Hel" {
				t.Fatalf("error = %q, events %+v", e.Error(), events)
			}
		})
	}
}
