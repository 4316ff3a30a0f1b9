package chat_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// TestToolEventsGoOnlyToToolEventRequesters: a run's tool calls go
// through the built-in tools; the requester that declared tool-events
// gets the tool stream, other operators only the item stream; the result
// goes back to the model.
func TestToolEventsGoOnlyToToolEventRequesters(t *testing.T) {
	e := start(t, fakellm.APIOpenAICompletions,
		fakellm.Calls(fakellm.ToolCall{ID: "call_1", Name: "read", Arguments: `{"path":"missing.txt"}`}),
		fakellm.Text("no such file"))
	requester := e.operatorWith([]string{"tool-events"}, write)
	other := e.operatorWith([]string{"tool-events"}, write) // has the cap, did not start the run
	id := requester.Request("agent", map[string]any{"message": "read it", "idempotencyKey": "tool-1", "agentId": "main"})
	got := labels(until(t, requester, "tool-1"))
	want := []string{"agent/lifecycle:start@1", "agent/item:start@2", "agent/tool:start@3", "agent/tool:result@4", "agent/item:end@5",
		"agent/assistant@6", "chat/delta@6", "agent/lifecycle:end@7", "chat/final@7"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("requester got %q, want %q", got, want)
	}
	if fin := requester.Response(id); !fin.OK {
		t.Fatalf("final = %s", fin.Raw)
	}
	seen := labels(until(t, other, "tool-1"))
	for _, l := range seen {
		if strings.HasPrefix(l, "agent/tool:") {
			t.Fatalf("another operator got the tool stream: %q", seen)
		}
	}
	if conv := e.fake.Requests()[1].Messages(); conv[len(conv)-1][0] != "tool" || conv[len(conv)-2] != [2]string{"toolCall", "read"} {
		t.Fatalf("the model got back %q", conv)
	}
}
