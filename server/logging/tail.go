package logging

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits of logs.tail.
const (
	DefaultTailLimit    = 500
	MaxTailLimit        = 5000
	DefaultTailMaxBytes = 250_000
	MaxTailMaxBytes     = 1_000_000
)

// TailRequest is one logs.tail read.
type TailRequest struct {
	// Cursor is the byte offset to continue from; nil reads the end of
	// the file.
	Cursor *int64
	// Limit is the most lines returned (the last ones); 0 means default.
	Limit int
	// MaxBytes is the most bytes read; 0 means default.
	MaxBytes int64
}

// TailResult is a slice of the log file.
type TailResult struct {
	// File is the log file read.
	File string
	// Cursor is the offset to pass next time: the end of the last
	// complete line read (a line still being written is read next time).
	Cursor int64
	// Size is the file's size when it was read.
	Size int64
	// Lines are the complete lines read, oldest first, never nil.
	Lines []string
	// Truncated is true when maxBytes or limit left lines out.
	Truncated bool
	// Reset is true when the cursor was past the end of the file (it was
	// rotated or truncated) and reading restarted from the end.
	Reset bool
	// SkippedBytes is how many bytes after the cursor were skipped because
	// more than maxBytes followed it (0 otherwise).
	SkippedBytes int64
}

// Tail reads complete lines of a JSON-lines log file. Without a cursor it
// returns the last lines within maxBytes; with one, the lines after it.
// When more than maxBytes follow the cursor, the most recent maxBytes are
// read and Truncated is set; when more than limit lines were read, the
// last limit are kept and Truncated is set. scrub, when not nil, redacts
// every line. A missing file reads as empty.
func Tail(path string, req TailRequest, scrub func(string) string) (*TailResult, error) {
	limit, maxBytes := clampLimits(req)
	res := &TailResult{File: path, Lines: []string{}}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		res.Reset = req.Cursor != nil && *req.Cursor > 0
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("opening log file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading log file: %w", err)
	}
	res.Size = info.Size()
	start := startOffset(res, req.Cursor, maxBytes)
	if start >= res.Size {
		res.Cursor = res.Size
		return res, nil
	}
	buf := make([]byte, res.Size-start)
	if _, err := f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("reading log file: %w", err)
	}
	lines, consumed := completeLines(f, buf, start)
	res.Cursor = start + consumed
	if len(lines) > limit {
		lines, res.Truncated = lines[len(lines)-limit:], true
	}
	for _, l := range lines {
		if scrub != nil {
			l = scrub(l)
		}
		res.Lines = append(res.Lines, l)
	}
	return res, nil
}

func clampLimits(req TailRequest) (int, int64) {
	limit, maxBytes := req.Limit, req.MaxBytes
	if limit <= 0 {
		limit = DefaultTailLimit
	}
	limit = min(limit, MaxTailLimit)
	if maxBytes <= 0 {
		maxBytes = DefaultTailMaxBytes
	}
	return limit, min(maxBytes, MaxTailMaxBytes)
}

// startOffset decides where to read from, setting Reset and Truncated.
func startOffset(res *TailResult, cursor *int64, maxBytes int64) int64 {
	tailStart := max(0, res.Size-maxBytes)
	switch {
	case cursor == nil:
		res.Truncated = tailStart > 0
		return tailStart
	case *cursor > res.Size:
		res.Reset, res.Truncated = true, tailStart > 0
		return tailStart
	case res.Size-*cursor > maxBytes:
		res.Truncated, res.SkippedBytes = true, tailStart-*cursor
		return tailStart
	}
	return *cursor
}

// completeLines splits buf (read from offset start) into its complete
// lines. A first line that starts before start (the read began
// mid-line) is dropped; an unterminated last line is left for the next
// read. consumed is how far the lines reach into buf.
func completeLines(f *os.File, buf []byte, start int64) (lines []string, consumed int64) {
	end := bytes.LastIndexByte(buf, '\n') + 1
	pos := 0
	if start > 0 && !precededByNewline(f, start) {
		first := bytes.IndexByte(buf[:end], '\n')
		if first < 0 {
			return nil, 0
		}
		pos = first + 1
	}
	for pos < end {
		nl := bytes.IndexByte(buf[pos:end], '\n')
		if line := bytes.TrimRight(buf[pos:pos+nl], "\r"); len(line) > 0 {
			lines = append(lines, string(line))
		}
		pos += nl + 1
	}
	return lines, int64(end)
}

// precededByNewline reports whether the byte before offset is a newline.
func precededByNewline(f *os.File, offset int64) bool {
	var b [1]byte
	_, err := f.ReadAt(b[:], offset-1)
	return err == nil && b[0] == '\n'
}
