// Package configmethods serves the config methods: config.get (the file
// with its secrets redacted and the hash writes must present),
// config.set, config.patch and config.apply (validated, atomic writes
// that reload the keys that can change while the gateway runs) and
// config.schema (the config file's JSON Schema with UI hints).
package configmethods

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/server/config"
)

// Handlers implements protocol.ConfigHandler.
type Handlers struct {
	m       *config.Manager
	version string
	now     func() time.Time
}

// New returns the config handlers over the running configuration.
func New(m *config.Manager, version string, now func() time.Time) *Handlers {
	return &Handlers{m: m, version: version, now: now}
}

var _ protocol.ConfigHandler = (*Handlers)(nil)

// ConfigGet serves config.get.
func (h *Handlers) ConfigGet(context.Context, *rpc.Call, *protocol.ConfigGetParams) (*protocol.ConfigSnapshot, error) {
	s, err := h.m.Snapshot()
	if err != nil {
		return nil, wire.Unavailable("%v", err)
	}
	parsed := mustJSON(s.Parsed)
	applied := h.m.File().Hash()
	return &protocol.ConfigSnapshot{
		Path:          s.Path,
		Exists:        s.Exists,
		Raw:           s.Raw,
		Parsed:        parsed,
		SourceConfig:  parsed,
		Resolved:      parsed,
		RuntimeConfig: mustJSON(s.Runtime),
		Config:        mustJSON(s.Config),
		Valid:         s.Valid,
		Hash:          s.Hash,
		Issues:        issues(s.Issues),
		Warnings:      issues(s.Warnings),
		LegacyIssues:  []protocol.ConfigIssue{},
		// v4 additions: gatewire's config has no includes, and the running
		// revision is the file text it last loaded.
		IncludedPaths:           []string{},
		IncludeProvenance:       []json.RawMessage{},
		AgentRosterIncludeOwned: new(bool),
		BindingsIncludeOwned:    new(bool),
		ConfigRevisionHash:      &applied,
		AppliedConfigHash:       &applied,
	}, nil
}

// ConfigSet serves config.set.
func (h *Handlers) ConfigSet(_ context.Context, call *rpc.Call, p *protocol.ConfigSetParams) (*protocol.ConfigWriteResult, error) {
	return writeResult(h.m.Set(p.Raw, deref(p.BaseHash), afterReply(call)))
}

// ConfigPatch serves config.patch.
func (h *Handlers) ConfigPatch(_ context.Context, call *rpc.Call, p *protocol.ConfigPatchParams) (*protocol.ConfigWriteResult, error) {
	return writeResult(h.m.Patch(p.Raw, deref(p.BaseHash), afterReply(call)))
}

// ConfigApply serves config.apply: it replaces the whole config, as
// config.set does.
func (h *Handlers) ConfigApply(_ context.Context, call *rpc.Call, p *protocol.ConfigApplyParams) (*protocol.ConfigWriteResult, error) {
	return writeResult(h.m.Set(p.Raw, deref(p.BaseHash), afterReply(call)))
}

// afterReply delays applying a written config until the write's reply has
// been queued: applying a new gateway secret closes the connections that
// used the old one, the writer's included, and the writer must still get
// its answer first.
func afterReply(call *rpc.Call) config.Notify {
	return call.AfterReply
}

// ConfigSchema serves config.schema.
func (h *Handlers) ConfigSchema(context.Context, *rpc.Call, *protocol.ConfigSchemaParams) (*protocol.ConfigSchemaResult, error) {
	var hints map[string]protocol.ConfigUiHint
	if err := json.Unmarshal(config.UIHintsJSON(), &hints); err != nil {
		return nil, wire.Unavailable("config UI hints unreadable: %v", err)
	}
	return &protocol.ConfigSchemaResult{
		Schema:      config.SchemaJSON(),
		UIHints:     hints,
		Version:     h.version,
		GeneratedAt: h.now().UTC().Format(time.RFC3339),
	}, nil
}

// restartInfo is the restart member of a write result: gatewire does not
// restart itself, it names the changed keys that need one.
type restartInfo struct {
	Required bool     `json:"required"`
	Keys     []string `json:"keys"`
}

// writeResult maps a config write's outcome to the protocol's.
func writeResult(res *config.WriteResult, err error) (*protocol.ConfigWriteResult, error) {
	if err != nil {
		return nil, writeError(err)
	}
	out := &protocol.ConfigWriteResult{Ok: true, Path: res.Path, Config: mustJSON(res.Doc)}
	if res.Noop {
		out.Noop = &res.Noop
	}
	if len(res.Restart) > 0 {
		out.Restart = mustJSON(restartInfo{Required: true, Keys: res.Restart})
	}
	return out, nil
}

// writeError turns a failed write into INVALID_REQUEST (bad base hash,
// invalid or exposing config) or UNAVAILABLE (the file could not be
// written).
func writeError(err error) *wire.Error {
	var cerr *config.Error
	switch {
	case errors.Is(err, config.ErrBaseHashRequired), errors.Is(err, config.ErrBaseHashMismatch):
		return wire.InvalidRequest("%s", err.Error())
	case errors.As(err, &cerr):
		return wire.InvalidRequest("invalid config: %s", cerr.Summary()).WithDetails(map[string]any{"issues": issues(cerr.Issues)})
	case errors.Is(err, config.ErrInvalid):
		return wire.InvalidRequest("%s", err.Error())
	}
	return wire.Unavailable("%s", err.Error())
}

func issues(list []config.Issue) []protocol.ConfigIssue {
	out := make([]protocol.ConfigIssue, len(list))
	for i, is := range list {
		out[i] = protocol.ConfigIssue{Message: is.Message}
		if is.Key != "" {
			key := is.Key
			out[i].Path = &key
		}
	}
	return out
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v) // JSON trees and plain structs always encode
	return b
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
