package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
)

// benchFrames are frames as real v3 clients send them: the CLI's health
// call and a node's connect with a device proof.
var benchFrames = []struct {
	name, method, frame string
}{
	{"health", "health", `{"type":"req","id":"6f1c2a9e-3b7d-4c55-9e8a-0d2f4b6a8c1e","method":"health","params":{}}`},
	{"connect", "connect", `{"type":"req","id":"0b8e4f2a-91c3-4d6e-a7b5-3c2d1e0f9a8b","method":"connect","params":{` +
		`"minProtocol":3,"maxProtocol":3,` +
		`"client":{"id":"node-host","displayName":"build-box","version":"2026.5.7","platform":"linux","mode":"node","instanceId":"5d7c9b1a-2e4f-4a6b-8c0d-e1f2a3b4c5d6"},` +
		`"caps":["system","browser","file"],"commands":["browser.proxy","system.run","system.run.prepare","system.which"],` +
		`"role":"node","scopes":[],"locale":"en-US","userAgent":"openclaw-node/2026.5.7",` +
		`"device":{"id":"c0ffee5e7d1b2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4","publicKey":"MCowBQYDK2VwAyEAq1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=",` +
		`"signature":"x9y8z7w6v5u4t3s2r1q0p9o8n7m6l5k4j3i2h1g0f9e8d7c6b5a4z3y2x1w0v9u8t7s6r5q4p3o2n1m0l9k8j7i6h5g4f3e2d1c0b9a8","signedAt":1778150400000,"nonce":"2c4e6a8b-0d1f-4b3c-9e5a-7f6d8c0b2a4e"},` +
		`"auth":{"token":"3f7a9c1e5b2d8f4a6c0e9b7d5f3a1c8e"}}}`},
}

func benchValidator(b *testing.B) *validate.Validator {
	b.Helper()
	m := &rpc.Manifest{Methods: []rpc.MethodSpec{
		{Name: "health", Params: "system.json#/$defs/HealthParams"},
		{Name: "connect", Params: "handshake.json#/$defs/ConnectParams"},
	}}
	v, err := validate.New(schema.FS, m)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// eachFrame runs one sub-benchmark per bench frame, each timing check on
// that frame.
func eachFrame(b *testing.B, check func(frame []byte) error) {
	for _, bf := range benchFrames {
		frame := []byte(bf.frame)
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := check(frame); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnmarshal is the baseline: a plain json.Unmarshal of the frame,
// as a server without validation would do.
func BenchmarkUnmarshal(b *testing.B) {
	eachFrame(b, func(frame []byte) error {
		var req wire.Request
		return json.Unmarshal(frame, &req)
	})
}

// BenchmarkRequest measures the envelope check of an inbound frame.
func BenchmarkRequest(b *testing.B) {
	v := benchValidator(b)
	eachFrame(b, func(frame []byte) error {
		_, err := v.Request(frame)
		return err
	})
}

// BenchmarkParams measures the params check of the same frames.
func BenchmarkParams(b *testing.B) {
	v := benchValidator(b)
	for _, bf := range benchFrames {
		req, err := v.Request([]byte(bf.frame))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bf.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Params(bf.method, req.Params); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInbound measures what the gateway does per frame: Request,
// then Params.
func BenchmarkInbound(b *testing.B) {
	v := benchValidator(b)
	eachFrame(b, func(frame []byte) error {
		req, err := v.Request(frame)
		if err != nil {
			return err
		}
		return v.Params(req.Method, req.Params)
	})
}

// BenchmarkNew measures compiling the real schema folder, part of the
// gateway's start-up time.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchValidator(b)
	}
}
