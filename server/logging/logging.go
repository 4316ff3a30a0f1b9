// Package logging sets up the gateway's logs: log/slog records go as text
// to stdout and as JSON lines to a file in the state directory (rotated at
// a size limit), with secrets redacted from both. It also reads that file
// back for the logs.tail method.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Options configure New.
type Options struct {
	// File is the JSON-lines log file (created 0600, its directory 0700).
	File string
	// Level is "debug", "info", "warn" or "error" (default "info").
	Level string
	// Stdout receives the text log; nil discards it.
	Stdout io.Writer
	// MaxFileBytes is the rotation size (default DefaultMaxFileBytes).
	MaxFileBytes int64
}

// Logs is the gateway's configured logging.
type Logs struct {
	// Logger writes to stdout and to the file.
	Logger *slog.Logger
	// Redactor holds the secret values to keep out of the logs.
	Redactor *Redactor

	level *slog.LevelVar
	file  *rotatingFile
}

// New opens the log file and returns the loggers.
func New(o Options) (*Logs, error) {
	level := new(slog.LevelVar)
	if err := setLevel(level, o.Level); err != nil {
		return nil, err
	}
	max := o.MaxFileBytes
	if max <= 0 {
		max = DefaultMaxFileBytes
	}
	file, err := openRotating(o.File, max)
	if err != nil {
		return nil, err
	}
	red := NewRedactor()
	fileOpts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		return openClawShape(groups, red.ReplaceAttr(groups, a))
	}}
	handlers := []slog.Handler{slog.NewJSONHandler(file, fileOpts)}
	if o.Stdout != nil {
		handlers = append(handlers, slog.NewTextHandler(o.Stdout, &slog.HandlerOptions{Level: level, ReplaceAttr: red.ReplaceAttr}))
	}
	return &Logs{
		Logger:   slog.New(slog.NewMultiHandler(handlers...)),
		Redactor: red,
		level:    level,
		file:     file,
	}, nil
}

// openClawShape writes the message and level of a file log line the way
// OpenClaw's log readers (`openclaw logs`, logs.tail consumers) expect
// them: the message under "0" and the level as _meta.logLevelName; "time"
// and the attributes stay as slog writes them.
func openClawShape(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.MessageKey:
		return slog.String(MessageKey, a.Value.String())
	case slog.LevelKey:
		return slog.Group(MetaKey, slog.String("logLevelName", a.Value.String()))
	}
	return a
}

// Keys of the file log's message and metadata.
const (
	MessageKey = "0"
	MetaKey    = "_meta"
)

// File returns the path of the JSON-lines log file.
func (l *Logs) File() string { return l.file.path }

// SetLevel changes the minimum level while the gateway runs.
func (l *Logs) SetLevel(name string) error { return setLevel(l.level, name) }

// Close closes the log file.
func (l *Logs) Close() error { return l.file.Close() }

// setLevel parses a level name into v; empty means info.
func setLevel(v *slog.LevelVar, name string) error {
	if name == "" {
		name = "info"
	}
	if err := v.UnmarshalText([]byte(strings.ToUpper(name))); err != nil {
		return fmt.Errorf("log level %q is not one of debug, info, warn, error", name)
	}
	return nil
}
