package sessions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/server/transcript"
)

// chat.history's bounds (v3's).
const (
	defaultHistoryLimit = 200
	defaultMaxChars     = 8000
	// maxHistoryBytes caps the messages of one answer.
	maxHistoryBytes = 6 << 20
	// maxMessageBytes caps one message; a larger one is replaced by a
	// placeholder.
	maxMessageBytes = 128 << 10
)

// oversizedPlaceholder is the text that stands for a message too large
// to send (v3's).
const oversizedPlaceholder = "[chat.history omitted: message too large]"

// ChatHistory answers chat.history: the session's last limit visible
// messages (default 200), oldest first, each with __openclaw {id, seq};
// user messages without the timestamp envelope the model saw, text cut
// at maxChars (default 8,000) with v3's "...(truncated)..." mark, a
// message over 128 KiB replaced by v3's placeholder, and the oldest
// dropped until the answer fits 6 MiB. An unknown session has no
// messages and no sessionId.
func (s *Service) ChatHistory(ctx context.Context, _ *rpc.Call, p *protocol.ChatHistoryParams) (*protocol.ChatHistoryResult, error) {
	key, err := s.canonical(p.SessionKey)
	if err != nil {
		return nil, err
	}
	limit := defaultHistoryLimit
	if p.Limit != nil {
		limit = int(*p.Limit)
	}
	maxChars := defaultMaxChars
	if p.MaxChars != nil {
		maxChars = int(*p.MaxChars)
	}
	e, found, err := s.d.Transcripts.Get(ctx, key)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	if !found {
		agentID, _, _ := transcript.ParseKey(key)
		e = transcript.Entry{Key: key, AgentID: agentID}
	}
	m, known := s.rowModel(e)
	res := &protocol.ChatHistoryResult{SessionKey: p.SessionKey, Messages: []protocol.ChatMessage{},
		ThinkingLevel: strPtr(cmpOr(e.ThinkingLevel, thinkingDefault(m, known)))}
	if !found {
		return res, nil
	}
	res.SessionID = &e.SessionID
	stored, err := s.d.Transcripts.HistoryRaw(ctx, key, limit)
	if err != nil {
		return nil, storeFailed(ctx, err)
	}
	if res.Messages, err = displayMessages(stored, maxChars, s.d.Now); err != nil {
		return nil, unavailable("chat history: %v", err)
	}
	return res, nil
}

// displayMessages turns stored messages into chat.history's, within
// the byte caps.
func displayMessages(stored []transcript.Raw, maxChars int, now func() time.Time) ([]protocol.ChatMessage, error) {
	out := make([]protocol.ChatMessage, len(stored))
	sizes := make([]int, len(stored))
	total := 2
	for i := range stored {
		m, size, err := displayMessage(stored[i], maxChars)
		if err != nil {
			return nil, err
		}
		if size > maxMessageBytes {
			m, size = placeholder(m.Role, deref(m.Timestamp), now)
		}
		out[i], sizes[i] = m, size
		total += size + 1
	}
	start := 0
	for total > maxHistoryBytes && start < len(out)-1 {
		total -= sizes[start] + 1
		start++
	}
	return out[start:], nil
}

// messageOverhead bounds the bytes of a message's braces and member
// punctuation beyond what displayMessage counts.
const messageOverhead = 16

// displayMessage is one stored message as chat.history shows it, with
// its __openclaw {id, seq}, and the size of its JSON (an upper bound).
// The stored JSON is split into members once; only content that needs
// changing (a user's envelope, text over maxChars, thinking signatures,
// inline images) is decoded and encoded again.
func displayMessage(st transcript.Raw, maxChars int) (protocol.ChatMessage, int, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(st.Body, &members); err != nil {
		return protocol.ChatMessage{}, 0, fmt.Errorf("message %s: %w", st.ID, err)
	}
	m := protocol.ChatMessage{Role: st.Role, Content: members["content"]}
	var ts int64
	if json.Unmarshal(members["timestamp"], &ts) == nil {
		m.Timestamp = &ts
	}
	for _, k := range []string{"role", "content", "timestamp"} {
		delete(members, k)
	}
	if needsRework(st.Role, m.Content, maxChars) {
		content, err := reworkContent(m.Content, st.Role, maxChars)
		if err != nil {
			return protocol.ChatMessage{}, 0, fmt.Errorf("message %s: %w", st.ID, err)
		}
		m.Content = content
	}
	members["__openclaw"] = raw(map[string]any{"id": st.ID, "seq": st.Seq})
	m.Extra = members
	size := len(m.Content) + len(st.Role) + 40 + messageOverhead // role, content and timestamp members
	for k, v := range members {
		size += len(k) + len(v) + 4
	}
	return m, size, nil
}

// needsRework reports whether content may need changing for display.
func needsRework(role string, content json.RawMessage, maxChars int) bool {
	return role == transcript.RoleUser || len(content) > maxChars ||
		bytes.Contains(content, []byte(`"thinkingSignature"`)) || bytes.Contains(content, []byte(`"image"`))
}

// reworkContent decodes content parts, applies displayPart and encodes
// them again.
func reworkContent(content json.RawMessage, role string, maxChars int) (json.RawMessage, error) {
	var parts []transcript.Part
	if err := json.Unmarshal(content, &parts); err != nil {
		return nil, err
	}
	for i, p := range parts {
		parts[i] = displayPart(p, role, maxChars)
	}
	return json.Marshal(parts)
}

// displayPart strips the envelope of user text, cuts long text and
// thinking, and leaves out thinking signatures and inline image data.
func displayPart(p transcript.Part, role string, maxChars int) transcript.Part {
	if p.Type == transcript.PartText {
		if role == transcript.RoleUser {
			p.Text = stripEnvelope(p.Text)
		}
		p.Text = truncateText(p.Text, maxChars)
	}
	if len(p.Extra) == 0 {
		return p
	}
	extra := make(map[string]json.RawMessage, len(p.Extra))
	for k, v := range p.Extra {
		extra[k] = v
	}
	delete(extra, "thinkingSignature")
	var thinking string
	if json.Unmarshal(extra["thinking"], &thinking) == nil && thinking != "" {
		extra["thinking"] = raw(truncateText(thinking, maxChars))
	}
	var data string
	if p.Type == "image" && json.Unmarshal(extra["data"], &data) == nil {
		delete(extra, "data")
		extra["omitted"], extra["bytes"] = raw(true), raw(len(data))
	}
	p.Extra = extra
	return p
}

// truncateText cuts text to maxChars characters with v3's mark.
func truncateText(text string, maxChars int) string {
	if len(text) <= maxChars {
		return text
	}
	r := []rune(text)
	if len(r) <= maxChars {
		return text
	}
	return string(r[:maxChars]) + "\n...(truncated)..."
}

// envelope is the "[Www YYYY-MM-DD HH:MM UTC] " prefix the model sees
// before a user's text.
var envelope = regexp.MustCompile(`^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?(?: [A-Za-z0-9+:\-/_]+)?\] `)

// stripEnvelope removes the timestamp envelope from a user's text.
func stripEnvelope(text string) string { return envelope.ReplaceAllString(text, "") }

// placeholder is v3's stand-in for an oversized message, and its size.
func placeholder(role string, ts int64, now func() time.Time) (protocol.ChatMessage, int) {
	if ts == 0 {
		ts = now().UnixMilli()
	}
	content := raw([]map[string]string{{"type": "text", "text": oversizedPlaceholder}})
	mark := raw(map[string]any{"truncated": true, "reason": "oversized"})
	m := protocol.ChatMessage{Role: cmpOr(role, transcript.RoleAssistant), Content: content, Timestamp: &ts,
		Extra: map[string]json.RawMessage{"__openclaw": mark}}
	return m, len(content) + len(mark) + messageOverhead
}

// isoDay is an epoch-ms time's UTC day, YYYY-MM-DD.
func isoDay(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.DateOnly) }
