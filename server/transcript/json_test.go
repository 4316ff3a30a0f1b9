package transcript

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestMessageJSONShape(t *testing.T) {
	m := assistantMsg("FAKE-REPLY-OK", 1796567567426)
	m.ResponseID = "chatcmpl-fake-4"
	m.Usage = &Usage{}
	b, _ := json.Marshal(m)
	want := `{"role":"assistant","content":[{"type":"text","text":"FAKE-REPLY-OK"}],"api":"openai-completions",` +
		`"provider":"fake","model":"fake-model","usage":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,` +
		`"totalTokens":0,"cost":{"total":0}},"stopReason":"stop","timestamp":1796567567426,"responseId":"chatcmpl-fake-4"}`
	if string(b) != want {
		t.Fatalf("assistant JSON\n got %s\nwant %s", b, want)
	}
	tr := Message{Role: RoleToolResult, ToolCallID: "c1", ToolName: "exec", Content: []Part{{Type: PartText}}, Timestamp: 5}
	b, _ = json.Marshal(tr)
	if want := `{"role":"toolResult","toolCallId":"c1","toolName":"exec","content":[{"type":"text","text":""}],"isError":false,"timestamp":5}`; string(b) != want {
		t.Fatalf("tool result JSON\n got %s\nwant %s", b, want)
	}
}

func TestMessageJSONReadsV3Forms(t *testing.T) {
	in := `{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","thinkingSignature":"s"},` +
		`{"type":"toolCall","id":"call_1","name":"exec","arguments":{"command":"ls"}}],` +
		`"usage":{"input":1,"output":2,"cacheRead":0,"cacheWrite":0,"totalTokens":3,"cost":{"input":0.1,"output":0.2,"total":0.3}},` +
		`"timestamp":9,"idempotencyKey":"r:assistant","openclawAbort":{"aborted":true,"origin":"rpc","runId":"r"}}`
	var m Message
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if m.Usage.Cost != 0.3 || m.Usage.TotalTokens != 3 || m.IdempotencyKey != "r:assistant" ||
		string(m.Extra["openclawAbort"]) != `{"aborted":true,"origin":"rpc","runId":"r"}` ||
		m.Content[1].Name != "exec" || string(m.Content[0].Extra["thinking"]) != `"hmm"` {
		t.Fatalf("decoded %+v", m)
	}
	b, _ := json.Marshal(m)
	var again Message
	if err := json.Unmarshal(b, &again); err != nil || !reflect.DeepEqual(again, m) {
		t.Fatalf("round trip changed the message:\n%s\n%+v", b, again)
	}
	var s Message
	if err := json.Unmarshal([]byte(`{"role":"user","content":"plain text","timestamp":1}`), &s); err != nil ||
		len(s.Content) != 1 || s.Content[0].Text != "plain text" {
		t.Fatalf("string content: %+v %v", s, err)
	}
}
