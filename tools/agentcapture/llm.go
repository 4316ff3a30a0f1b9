package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/gatewire/gatewire/internal/fakellm"
)

// serveLLM runs the scripted provider until SIGINT/SIGTERM, its base URL
// written to urlFile.
func serveLLM(urlFile string) error {
	s := fakellm.New()
	defer s.Close()
	s.Respond(func(r fakellm.Request) fakellm.Reply {
		logRequest(urlFile+".requests", r)
		return reply(r)
	})
	if err := os.WriteFile(urlFile, []byte(s.BaseURL(fakellm.APIOpenAICompletions)), 0o600); err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return nil
}

// reply picks the scripted answer by a keyword in the last user message:
// "slow" streams 30 chunks 400 ms apart (for chat.abort), "multi" four
// chunks 300 ms apart (several deltas), "fail" a 400, and anything else,
// a summary request included, one short text with usage.
func reply(r fakellm.Request) fakellm.Reply {
	text := turnText(r)
	usage := &fakellm.Usage{Input: 120, Output: 7, CacheRead: 3}
	switch {
	case strings.Contains(text, "slow"):
		chunks := make([]string, 30)
		for i := range chunks {
			chunks[i] = "slow-" + string(rune('a'+i%26)) + " "
		}
		return fakellm.Reply{Chunks: chunks, Interval: 400 * time.Millisecond, Usage: usage}
	case strings.Contains(text, "multi"):
		return fakellm.Reply{Chunks: []string{"Hello", " there,", " dear", " friend."}, Interval: 300 * time.Millisecond, Usage: usage}
	case strings.Contains(text, "fail"):
		return fakellm.Fail(http.StatusBadRequest, "scripted rejection")
	}
	return fakellm.Reply{Chunks: []string{"FAKE-REPLY-OK"}, Usage: usage}
}

// turnText joins the user messages after the last assistant message: the
// v4 gateway follows the user's text with a metadata message of its own.
func turnText(r fakellm.Request) string {
	var b strings.Builder
	for _, m := range r.Messages() {
		switch m[0] {
		case "assistant":
			b.Reset()
		case "user":
			b.WriteString(m[1] + "\n")
		}
	}
	return b.String()
}

// logRequest appends the request's path and messages to file.
func logRequest(file string, r fakellm.Request) {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	line, _ := json.Marshal(map[string]any{"path": r.Path, "model": r.Model(), "messages": r.Messages(), "keys": keys(r.Body)})
	_, _ = f.Write(append(line, '\n'))
}

// keys lists a body's top-level keys.
func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
