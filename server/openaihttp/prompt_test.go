package openaihttp

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestChatPromptAsV3BuildsIt(t *testing.T) {
	var msgs []chatMessage
	if err := json.Unmarshal([]byte(`[
  {"role":"system","content":"Be brief."},
  {"role":"developer","content":[{"type":"text","text":"Use metric units."}]},
  {"role":"user","content":"what is 2+2?"},
  {"role":"assistant","content":"4"},
  {"role":"tool","name":"calc","content":"6"},
  {"role":"user","content":[{"type":"text","text":"and 3+3?"},{"type":"image_url","image_url":{"url":"x"}}]},
  {"role":"assistant","content":"dropped: after the current turn"},
  {"role":"narrator","content":"ignored"},
  {"role":"user","content":""}
]`), &msgs); err != nil {
		t.Fatal(err)
	}
	p := chatPrompt(msgs)
	if p.extraSystem != "Be brief.\n\nUse metric units." {
		t.Fatalf("system = %q", p.extraSystem)
	}
	want := historyMarker + "\nUser: what is 2+2?\nAssistant: 4\nTool:calc: 6\n\n" + currentMarker + "\nUser: and 3+3?"
	if p.message != want {
		t.Fatalf("message =\n%s\nwant\n%s", p.message, want)
	}
	if p := chatPrompt([]chatMessage{{Role: "user", Content: json.RawMessage(`"  hi  "`)}}); p.message != "hi" {
		t.Fatalf("a lone user turn = %q", p.message)
	}
}

func TestResponsesPromptAsV3BuildsIt(t *testing.T) {
	model := "openclaw"
	p, msg := responsesPrompt(responsesRequest{Model: &model, Instructions: "Be French.", Input: json.RawMessage(`[
  {"type":"message","role":"system","content":"Short answers."},
  {"role":"user","content":[{"type":"input_text","text":"hi"}]},
  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"salut"}]},
  {"type":"function_call_output","call_id":"c1","output":"42"}
]`)})
	if msg != "" || p.extraSystem != "Be French.\n\nShort answers." ||
		p.message != historyMarker+"\nUser: hi\nAssistant: salut\n\n"+currentMarker+"\nTool:c1: 42" {
		t.Fatalf("prompt = %+v (%s)", p, msg)
	}
	for body, want := range map[string]string{
		`{"input":"x"}`:                  "model: Invalid input: expected string, received undefined",
		`{"model":"openclaw"}`:           "input: Invalid input",
		`{"model":"openclaw","input":5}`: "input: Invalid input",
		`{"model":"openclaw","input":"x","tools":[{"type":"function","name":"f"}]}`: "invalid tool configuration",
	} {
		var req responsesRequest
		if err := json.Unmarshal([]byte(body), &req); err != nil {
			t.Fatal(err)
		}
		if _, msg := responsesPrompt(req); !strings.HasPrefix(msg, want) {
			t.Errorf("%s: %q, want %q", body, msg, want)
		}
	}
}

// FuzzPrompts feeds arbitrary request bodies to both prompt builders: they
// answer or refuse, never panic.
func FuzzPrompts(f *testing.F) {
	f.Add(`{"messages":[{"role":"user","content":"hi"}]}`)
	f.Add(`{"model":"openclaw","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"x"}]}]}`)
	f.Add(`{"messages":[{"role":"tool","content":[{"input_text":"y"}]},{"role":"function","name":"f","content":null}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		var chat chatRequest
		if json.Unmarshal([]byte(body), &chat) == nil {
			chatPrompt(chat.Messages)
		}
		var resp responsesRequest
		if json.Unmarshal([]byte(body), &resp) == nil {
			responsesPrompt(resp)
		}
	})
}
