package wire

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestInboundReadsWhatTheWriterWrites decodes the frames the gateway's
// encoder writes and checks every envelope member comes back.
func TestInboundReadsWhatTheWriterWrites(t *testing.T) {
	res, err := AppendResponse(nil, "7", json.RawMessage(`{"a":1}`), Unavailable("down").WithRetry(5))
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeInbound(res)
	yes, after := true, int64(5)
	want := Inbound{Type: TypeResponse, ID: "7", Payload: json.RawMessage(`{"a":1}`),
		Error: &Error{Code: CodeUnavailable, Message: "down", Retryable: &yes, RetryAfterMs: &after}}
	if err != nil || !reflect.DeepEqual(got, want) || !got.IsResponse("7") || got.IsResponse("8") || got.IsEvent("") {
		t.Fatalf("response = %+v (%v), want %+v", got, err, want)
	}

	ev := FinishEvent(EventPrefix("presence", json.RawMessage(`[]`)), 3, &StateVersion{Presence: 2, Health: 1})
	got, err = DecodeInbound(ev)
	seq := int64(3)
	want = Inbound{Type: TypeEvent, Event: "presence", Payload: json.RawMessage(`[]`), Seq: &seq,
		StateVersion: &StateVersion{Presence: 2, Health: 1}}
	if err != nil || !reflect.DeepEqual(got, want) || !got.IsEvent("presence") || got.IsResponse("") {
		t.Fatalf("event = %+v (%v), want %+v", got, err, want)
	}

	direct, _ := DecodeInbound(FinishEvent(EventPrefix("tick", nil), -1, nil))
	if direct.Seq != nil || direct.Payload != nil {
		t.Fatalf("a direct event without payload decoded as %+v", direct)
	}
	if _, err := DecodeInbound([]byte(`{"type":"res","ok":"yes"}`)); err == nil {
		t.Fatal("a frame with a mistyped member decoded")
	}
}
