package transport

import (
	"bytes"
	"io"
	"testing"
	"time"
)

// A reply or a broadcast event written by the server and read by a
// client, per implementation: the cost per message, and that no write
// allocates.

func BenchmarkWrite(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			sock, drain := benchPair(b, im)
			msg := bytes.Repeat([]byte{'r'}, 200)
			b.ReportAllocs()
			for b.Loop() {
				if err := sock.Write(msg); err != nil {
					b.Fatal(err)
				}
			}
			drain()
		})
	}
}

func BenchmarkTryWrite(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			sock, drain := benchPair(b, im)
			msg := bytes.Repeat([]byte{'e'}, 200)
			b.ReportAllocs()
			for b.Loop() {
				switch sock.TryWrite(msg) {
				case NotWritten:
					if err := sock.Write(msg); err != nil {
						b.Fatal(err)
					}
				case WrittenPart:
					if err := sock.FinishWrite(); err != nil {
						b.Fatal(err)
					}
				}
			}
			drain()
		})
	}
}

// benchPair returns a server socket whose client discards everything it
// receives, and a function that ends the client.
func benchPair(b *testing.B, im impl) (Socket, func()) {
	conn, _, sock := serve(b, im, nil).rawDial()
	_ = conn.SetDeadline(time.Time{})
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, conn)
		close(done)
	}()
	return sock, func() {
		b.StopTimer()
		sock.Kill()
		conn.Close()
		<-done
	}
}
