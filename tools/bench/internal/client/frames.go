package client

import (
	"bytes"
	"strconv"

	"github.com/gatewire/gatewire/runtime/wire"
)

// frameKind is what a received frame is.
type frameKind int

// Frame kinds.
const (
	kindOther    frameKind = iota // not a protocol frame the client understands
	kindResponse                  // a res frame
	kindEvent                     // an event frame
)

// envelope is what classify learned from a received frame. ID and Event
// point into the classified message and are valid only as long as it is.
type envelope struct {
	Kind  frameKind
	ID    []byte // response id
	OK    bool   // response ok
	Event []byte // event name
}

var (
	responsePrefix = []byte(`{"type":"res","id":"`)
	eventPrefix    = []byte(`{"type":"event","event":"`)
	okTrue         = []byte(`","ok":true`)
	okFalse        = []byte(`","ok":false`)
)

// classify reads the type, id, ok and event name of a frame. Frames laid
// out the way gatewire and the echo server write them are read without
// decoding; anything else is decoded as JSON.
func classify(msg []byte) envelope {
	if f, ok := classifyFast(msg); ok {
		return f
	}
	return classifyJSON(msg)
}

// classifyFast reads frames whose first keys are in the canonical order.
func classifyFast(msg []byte) (envelope, bool) {
	if rest, ok := bytes.CutPrefix(msg, responsePrefix); ok {
		end := bytes.IndexByte(rest, '"')
		if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
			return envelope{}, false
		}
		switch tail := rest[end:]; {
		case bytes.HasPrefix(tail, okTrue):
			return envelope{Kind: kindResponse, ID: rest[:end], OK: true}, true
		case bytes.HasPrefix(tail, okFalse):
			return envelope{Kind: kindResponse, ID: rest[:end]}, true
		}
		return envelope{}, false
	}
	if rest, ok := bytes.CutPrefix(msg, eventPrefix); ok {
		end := bytes.IndexByte(rest, '"')
		if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
			return envelope{}, false
		}
		return envelope{Kind: kindEvent, Event: rest[:end]}, true
	}
	return envelope{}, false
}

// classifyJSON decodes the envelope of a frame in any key order.
func classifyJSON(msg []byte) envelope {
	env, err := wire.DecodeInbound(msg)
	if err != nil {
		return envelope{}
	}
	switch env.Type {
	case wire.TypeResponse:
		return envelope{Kind: kindResponse, ID: []byte(env.ID), OK: env.OK}
	case wire.TypeEvent:
		return envelope{Kind: kindEvent, Event: []byte(env.Event)}
	}
	return envelope{}
}

// appendRequest appends a request frame; id is plain ASCII without quotes
// or backslashes and params is a JSON object.
func appendRequest(dst, id []byte, method, params string) []byte {
	dst = append(dst, `{"type":"req","id":"`...)
	dst = append(dst, id...)
	dst = append(dst, `","method":`...)
	dst = strconv.AppendQuote(dst, method)
	dst = append(dst, `,"params":`...)
	dst = append(dst, params...)
	return append(dst, '}')
}
