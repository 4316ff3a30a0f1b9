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
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: red.ReplaceAttr}
	handlers := []slog.Handler{slog.NewJSONHandler(file, opts)}
	if o.Stdout != nil {
		handlers = append(handlers, slog.NewTextHandler(o.Stdout, opts))
	}
	return &Logs{
		Logger:   slog.New(slog.NewMultiHandler(handlers...)),
		Redactor: red,
		level:    level,
		file:     file,
	}, nil
}

// File returns the path of the JSON-lines log file.
func (l *Logs) File() string { return l.file.path }

// SetLevel changes the minimum level while the gateway runs.
func (l *Logs) SetLevel(name string) error { return setLevel(l.level, name) }

// Level returns the current minimum level.
func (l *Logs) Level() slog.Level { return l.level.Level() }

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
