package transcript

import (
	"encoding/json"
	"testing"
)

// FuzzMessageJSON feeds arbitrary text to the transcript message
// decoder: it never panics, and what it accepts encodes and decodes back
// to the same message.
func FuzzMessageJSON(f *testing.F) {
	for _, seed := range []string{
		`{"role":"user","content":"hi","timestamp":1}`,
		`{"role":"assistant","content":[{"type":"toolCall","id":"c","name":"read","arguments":{"path":"x"}}],"usage":{"input":1,"cost":{"total":0.5}}}`,
		`{"role":"toolResult","toolCallId":"c","toolName":"read","content":[{"type":"text","text":"x"}],"isError":true,"x":[1]}`,
		`{"role":"assistant","content":[{"type":"thinking","thinking":"t","thinkingSignature":"s"}],"usage":null}`,
		`{"content":null}`, `[]`, `{"usage":{"cost":3}}`, `{"content":[{"type":"text","text":null}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Message
		if json.Unmarshal(b, &m) != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("a decoded message does not encode: %v (%+v)", err, m)
		}
		var again Message
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("its encoding does not decode: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(again)
		if string(out) != string(out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}
