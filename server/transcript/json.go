package transcript

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// messageJSON is a message's JSON form, fields in v3's order.
type messageJSON struct {
	Role           string     `json:"role"`
	ToolCallID     string     `json:"toolCallId,omitempty"`
	ToolName       string     `json:"toolName,omitempty"`
	Content        []Part     `json:"content"`
	IsError        *bool      `json:"isError,omitempty"`
	API            string     `json:"api,omitempty"`
	Provider       string     `json:"provider,omitempty"`
	Model          string     `json:"model,omitempty"`
	Usage          *usageJSON `json:"usage,omitempty"`
	StopReason     string     `json:"stopReason,omitempty"`
	ErrorMessage   string     `json:"errorMessage,omitempty"`
	Timestamp      int64      `json:"timestamp"`
	ResponseID     string     `json:"responseId,omitempty"`
	IdempotencyKey string     `json:"idempotencyKey,omitempty"`
}

// knownMessageKeys are the keys messageJSON owns; Extra never repeats them.
var knownMessageKeys = map[string]bool{"role": true, "toolCallId": true, "toolName": true, "content": true,
	"isError": true, "api": true, "provider": true, "model": true, "usage": true, "stopReason": true,
	"errorMessage": true, "timestamp": true, "responseId": true, "idempotencyKey": true}

// usageJSON is v3's usage object; cost is an object whose total is the
// dollar cost.
type usageJSON struct {
	Input       int64    `json:"input"`
	Output      int64    `json:"output"`
	CacheRead   int64    `json:"cacheRead"`
	CacheWrite  int64    `json:"cacheWrite"`
	TotalTokens int64    `json:"totalTokens"`
	Cost        costJSON `json:"cost"`
}

// costJSON reads v3's cost object ({input, output, cacheRead, cacheWrite,
// total}) or a bare number, and writes {total}.
type costJSON struct{ Total float64 }

// MarshalJSON writes {"total": x}.
func (c costJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Total float64 `json:"total"`
	}{c.Total})
}

// UnmarshalJSON accepts a number or an object with total.
func (c *costJSON) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var v struct {
			Total float64 `json:"total"`
		}
		err := json.Unmarshal(b, &v)
		c.Total = v.Total
		return err
	}
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &c.Total)
}

// MarshalJSON writes m in OpenClaw's transcript shape; Extra's keys
// follow the known ones, sorted. Hidden is not written.
func (m Message) MarshalJSON() ([]byte, error) {
	w := messageJSON{Role: m.Role, ToolCallID: m.ToolCallID, ToolName: m.ToolName, Content: m.Content,
		API: m.API, Provider: m.Provider, Model: m.Model, StopReason: m.StopReason, ErrorMessage: m.ErrorMessage,
		Timestamp: m.Timestamp, ResponseID: m.ResponseID, IdempotencyKey: m.IdempotencyKey}
	if w.Content == nil {
		w.Content = []Part{}
	}
	if m.Role == RoleToolResult || m.IsError {
		w.IsError = &m.IsError
	}
	if u := m.Usage; u != nil {
		w.Usage = &usageJSON{Input: u.Input, Output: u.Output, CacheRead: u.CacheRead, CacheWrite: u.CacheWrite,
			TotalTokens: u.TotalTokens, Cost: costJSON{u.Cost}}
	}
	b, err := json.Marshal(w)
	if err != nil || len(m.Extra) == 0 {
		return b, err
	}
	return appendExtra(b, m.Extra, knownMessageKeys)
}

// appendExtra adds extra's members (sorted, known keys skipped) to the
// JSON object b.
func appendExtra(b []byte, extra map[string]json.RawMessage, known map[string]bool) ([]byte, error) {
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1])
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		v := extra[k]
		if known[k] || !json.Valid(v) {
			continue
		}
		name, _ := json.Marshal(k) // a string always encodes
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		buf.Write(name)
		buf.WriteByte(':')
		if err := json.Compact(&buf, v); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads OpenClaw's transcript shape: content may be a
// string (one text part), unknown members go to Extra. The text is
// scanned once into members, each then decoded on its own.
func (m *Message) UnmarshalJSON(b []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	*m = Message{}
	var err error
	for k, v := range members {
		switch k {
		case "content":
			m.Content, err = decodeContent(v)
		case "usage":
			err = m.decodeUsage(v)
		case "isError":
			err = json.Unmarshal(v, &m.IsError)
		case "timestamp":
			err = json.Unmarshal(v, &m.Timestamp)
		default:
			if dst := m.stringMember(k); dst != nil {
				err = json.Unmarshal(v, dst)
			} else {
				if m.Extra == nil {
					m.Extra = map[string]json.RawMessage{}
				}
				m.Extra[k] = v
			}
		}
		if err != nil {
			return fmt.Errorf("message %s: %w", k, err)
		}
	}
	return nil
}

// stringMember is the field of a known string member, or nil.
func (m *Message) stringMember(k string) *string {
	switch k {
	case "role":
		return &m.Role
	case "toolCallId":
		return &m.ToolCallID
	case "toolName":
		return &m.ToolName
	case "api":
		return &m.API
	case "provider":
		return &m.Provider
	case "model":
		return &m.Model
	case "stopReason":
		return &m.StopReason
	case "errorMessage":
		return &m.ErrorMessage
	case "responseId":
		return &m.ResponseID
	case "idempotencyKey":
		return &m.IdempotencyKey
	}
	return nil
}

// decodeUsage reads a usage member (null leaves Usage nil).
func (m *Message) decodeUsage(v json.RawMessage) error {
	var u *usageJSON
	if err := json.Unmarshal(v, &u); err != nil || u == nil {
		return err
	}
	m.Usage = &Usage{Input: u.Input, Output: u.Output, CacheRead: u.CacheRead, CacheWrite: u.CacheWrite,
		TotalTokens: u.TotalTokens, Cost: u.Cost.Total}
	return nil
}

// Members returns m's JSON members other than role, content and
// timestamp, each encoded: what a display form adds to those three.
func (m Message) Members() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m.Extra)+8)
	for k, v := range m.Extra {
		if !knownMessageKeys[k] {
			out[k] = v
		}
	}
	str := func(k, v string) {
		if v != "" {
			out[k], _ = json.Marshal(v) // a string always encodes
		}
	}
	str("toolCallId", m.ToolCallID)
	str("toolName", m.ToolName)
	str("api", m.API)
	str("provider", m.Provider)
	str("model", m.Model)
	str("stopReason", m.StopReason)
	str("errorMessage", m.ErrorMessage)
	str("responseId", m.ResponseID)
	str("idempotencyKey", m.IdempotencyKey)
	if m.Role == RoleToolResult || m.IsError {
		out["isError"], _ = json.Marshal(m.IsError)
	}
	if u := m.Usage; u != nil {
		out["usage"], _ = json.Marshal(usageJSON{Input: u.Input, Output: u.Output, CacheRead: u.CacheRead,
			CacheWrite: u.CacheWrite, TotalTokens: u.TotalTokens, Cost: costJSON{u.Cost}})
	}
	return out
}

// decodeContent reads a content value: an array of parts, a string, or
// nothing.
func decodeContent(raw json.RawMessage) ([]Part, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return []Part{{Type: PartText, Text: s}}, nil
	}
	var parts []Part
	if err := json.Unmarshal(raw, &parts); err != nil {
		return nil, fmt.Errorf("message content: %w", err)
	}
	return parts, nil
}

// partJSON is a part's JSON form.
type partJSON struct {
	Type      string          `json:"type"`
	Text      *string         `json:"text,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
}

// knownPartKeys are the keys partJSON owns.
var knownPartKeys = map[string]bool{"type": true, "text": true, "id": true, "name": true, "arguments": true}

// MarshalJSON writes a part; a text part always has its text, other
// members of imported parts (thinking, images) follow from Extra.
func (p Part) MarshalJSON() ([]byte, error) {
	w := partJSON{Type: p.Type, ID: p.ID, Name: p.Name, Arguments: p.Arguments}
	if p.Text != "" || p.Type == PartText {
		w.Text = &p.Text
	}
	b, err := json.Marshal(w)
	if err != nil || len(p.Extra) == 0 {
		return b, err
	}
	return appendExtra(b, p.Extra, knownPartKeys)
}

// UnmarshalJSON reads a part, keeping unknown members in Extra.
func (p *Part) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	var w partJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Part{Type: w.Type, ID: w.ID, Name: w.Name, Arguments: w.Arguments}
	if w.Text != nil {
		p.Text = *w.Text
	}
	for k, v := range raw {
		if !knownPartKeys[k] {
			if p.Extra == nil {
				p.Extra = map[string]json.RawMessage{}
			}
			p.Extra[k] = v
		}
	}
	return nil
}
