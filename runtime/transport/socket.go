package transport

import (
	"io"
	"time"
)

// Socket is one accepted WebSocket connection: its reading, writing and
// closing sides and a ping. Every method may be called from any
// goroutine; what may run at the same time as what is written down in
// the package documentation.
type Socket interface {
	Reader
	Writer
	Closer

	// Ping sends a ping without waiting for its pong. A missing pong
	// closes nothing (clients watch the protocol's ticks for liveness);
	// a socket busy writing may skip the ping. timeout bounds a ping
	// that must wait for the socket.
	Ping(timeout time.Duration)
}

// Reader is the reading side of a Socket; one goroutine reads.
type Reader interface {
	// AwaitInput blocks until input is waiting, or the socket failed.
	// The reader calls it before NextReader so that an idle connection
	// waits in a shallow call stack and holds no read buffer. Pongs that
	// answer Ping are dropped here where the implementation can.
	AwaitInput() error

	// NextReader returns the next data message: whether it is text,
	// and a reader of its payload that ends with the message. Control
	// frames are answered on the way. There is no size limit: the
	// caller reads as much as it accepts.
	NextReader() (text bool, r io.Reader, err error)
}

// Writer is the writing side of a Socket: a message is written whole,
// waiting (Write, WriteJoined) or only when it need not wait (TryWrite).
type Writer interface {
	// Write writes msg as one text message, waiting as long as it takes.
	Write(msg []byte) error

	// WriteJoined writes prefix followed by msg as one text message,
	// without copying prefix where the implementation can (a broadcast's
	// prefix is shared by every connection's message).
	WriteJoined(prefix, msg []byte) error

	// Direct reports whether TryWrite can ever write; when it cannot,
	// callers go straight to Write.
	Direct() bool

	// TryWrite writes msg as one text message if that needs no waiting:
	// no other message is being written and the socket takes the bytes
	// at once. After WrittenPart the socket stays reserved until
	// FinishWrite has sent the rest.
	TryWrite(msg []byte) Result

	// FinishWrite sends the rest of the message TryWrite began, waiting
	// as long as it takes, and frees the socket for other messages. It
	// must be called exactly once after each WrittenPart, and only then.
	FinishWrite() error
}

// Closer ends a Socket, with or without the close handshake.
type Closer interface {
	// Close runs the close handshake with code and reason on the calling
	// goroutine: it waits for the writes in progress, sends the close
	// frame and waits for the peer's. Kill cuts it short.
	Close(code int, reason string) error

	// CloseNow closes the connection without a close handshake and
	// releases what the WebSocket library holds; it may wait for a
	// write in progress, so Kill comes first when that must not wait.
	CloseNow() error

	// Kill closes the network connection at once (under TLS, the TCP
	// connection, so that no close alert waits for a peer that does not
	// read). Reads, writes and a close handshake in progress fail.
	Kill()
}

// Result tells what became of a TryWrite.
type Result int

const (
	// NotWritten means nothing went out; write the message with Write.
	NotWritten Result = iota
	// WrittenWhole means the message is out.
	WrittenWhole
	// WrittenPart means part of the message went out; FinishWrite must
	// send the rest.
	WrittenPart
)
