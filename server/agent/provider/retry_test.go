package provider

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	p := RetryPolicy{}.withDefaults()
	cases := []struct {
		name    string
		header  http.Header
		attempt int
		want    time.Duration
	}{
		{"backoff after the first attempt", nil, 1, 2 * time.Second},
		{"backoff doubles", nil, 3, 8 * time.Second},
		{"backoff is capped", nil, 30, 60 * time.Second},
		{"Retry-After seconds", http.Header{"Retry-After": {"3"}}, 1, 3 * time.Second},
		{"Retry-After date", http.Header{"Retry-After": {now.Add(5 * time.Second).Format(http.TimeFormat)}}, 1, 5 * time.Second},
		{"Retry-After in the past", http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 1, 0},
		{"retry-after-ms wins", http.Header{"Retry-After": {"3"}, "Retry-After-Ms": {"250"}}, 1, 250 * time.Millisecond},
		{"Retry-After is capped", http.Header{"Retry-After": {"3600"}}, 1, 60 * time.Second},
		{"unreadable Retry-After falls back", http.Header{"Retry-After": {"soon"}}, 2, 4 * time.Second},
	}
	for _, c := range cases {
		if got := p.delay(c.attempt, c.header, now); got != c.want {
			t.Errorf("%s: delay = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEnvAPIKey(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-openai")
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant")
	for api, want := range map[string][2]string{
		APIOpenAICompletions: {"sk-openai", "OPENAI_API_KEY"},
		APIOpenAIResponses:   {"sk-openai", "OPENAI_API_KEY"},
		APIAnthropicMessages: {"sk-ant", "ANTHROPIC_API_KEY"},
		"google-gemini":      {"", ""},
	} {
		if key, name := EnvAPIKey(api); key != want[0] || name != want[1] {
			t.Errorf("EnvAPIKey(%q) = %q, %q; want %q, %q", api, key, name, want[0], want[1])
		}
	}
}

func TestNewRejectsAnUnknownAPI(t *testing.T) {
	if _, err := New(Config{API: "google-gemini"}); err == nil {
		t.Fatal("New accepted an unknown api")
	}
}
