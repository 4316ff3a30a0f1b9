package client

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/gatewire/gatewire/runtime/wire"
)

// Kind is what a received frame is.
type Kind int

// Frame kinds.
const (
	KindOther    Kind = iota // not a protocol frame the client understands
	KindResponse             // a res frame
	KindEvent                // an event frame
)

// Frame is what Classify learned from a received frame. ID and Event
// point into the classified message and are valid only as long as it is.
type Frame struct {
	Kind  Kind
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

// Classify reads the type, id, ok and event name of a frame. Frames laid
// out the way gatewire and the echo server write them are read without
// decoding; anything else is decoded as JSON.
func Classify(msg []byte) Frame {
	if f, ok := classifyFast(msg); ok {
		return f
	}
	return classifyJSON(msg)
}

// classifyFast reads frames whose first keys are in the canonical order.
func classifyFast(msg []byte) (Frame, bool) {
	if rest, ok := bytes.CutPrefix(msg, responsePrefix); ok {
		end := bytes.IndexByte(rest, '"')
		if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
			return Frame{}, false
		}
		switch tail := rest[end:]; {
		case bytes.HasPrefix(tail, okTrue):
			return Frame{Kind: KindResponse, ID: rest[:end], OK: true}, true
		case bytes.HasPrefix(tail, okFalse):
			return Frame{Kind: KindResponse, ID: rest[:end]}, true
		}
		return Frame{}, false
	}
	if rest, ok := bytes.CutPrefix(msg, eventPrefix); ok {
		end := bytes.IndexByte(rest, '"')
		if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
			return Frame{}, false
		}
		return Frame{Kind: KindEvent, Event: rest[:end]}, true
	}
	return Frame{}, false
}

// classifyJSON decodes the envelope of a frame in any key order.
func classifyJSON(msg []byte) Frame {
	var env struct {
		Type  string `json:"type"`
		ID    string `json:"id"`
		OK    bool   `json:"ok"`
		Event string `json:"event"`
	}
	if json.Unmarshal(msg, &env) != nil {
		return Frame{}
	}
	switch env.Type {
	case wire.TypeResponse:
		return Frame{Kind: KindResponse, ID: []byte(env.ID), OK: env.OK}
	case wire.TypeEvent:
		return Frame{Kind: KindEvent, Event: []byte(env.Event)}
	}
	return Frame{}
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
