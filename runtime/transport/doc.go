// Package transport is the gateway's WebSocket transport: it upgrades an
// HTTP request to a WebSocket connection and offers it as a Socket with a
// few operations (wait for input, read a message, write, try to write
// without waiting, ping, close). Framing, masking and the close
// handshake are github.com/coder/websocket's; the package decides what
// lies under the library.
//
// # Two implementations
//
// The library socket (library.go) is the library over the buffers
// net/http hands over at the hijack: a 4 KiB reader and a 4 KiB writer
// per connection, kept for the connection's life. The slim socket
// (slim.go, slimsocket.go and the slim*.go files by concern) replaces
// both: it holds no buffer while idle, sends each frame (each
// fragmented message) in one write, lets the caller write a message
// from its own goroutine when the socket takes it at once (TryWrite), and
// pings and drops the answering pongs without the library. Accept picks
// the slim socket for every connection that exposes its file descriptor
// (plain TCP) and for TLS over a connection accepted through Listener
// (tls.go explains why TLS needs the wrapped listener); anything else,
// such as TLS over a listener that is not wrapped, gets the library
// socket. Both pass the same contract suite (contract_test.go), over
// TCP and TLS.
//
// # Goroutines
//
// The package starts no goroutine per connection. The caller's reader
// calls AwaitInput and NextReader, one reader at a time. Writes run on
// the caller's goroutines: whichever holds a message to send, one
// message at a time per socket (the library's write lock, and the slim
// socket's frameMu, keep messages whole). A goroutine exists only:
//   - while a slim socket finishes a ping that the socket took in part
//     (slimping.go), until the rest is written;
//   - on the library socket, per Ping, until the pong or the timeout;
//   - the caller's own goroutine that calls FinishWrite after a
//     TryWrite left the socket reserved (the engine starts one for it).
//
// # Locks, outermost first
//
//  1. The library's locks: its read lock (held by NextReader's reader
//     while it reads a frame) and its write locks (held while it writes
//     a message or a control frame; a pong it owes may be written by the
//     reader between a message's frames).
//  2. slimSocket.readMu: every read from the connection (Read, called
//     under the library's read lock, and AwaitInput, called without it).
//  3. slimSocket.frameMu: held from the first byte of a message the
//     library writes to the end of its final frame, across control
//     frames written between its fragments; by a direct write (TryWrite,
//     Ping on a slim socket) from its first byte to its last, and after
//     WrittenPart until FinishWrite. Direct writes only ever TryLock it,
//     so the goroutine that broadcasts never waits for a busy socket.
//     After the library's close frame nothing more is written directly
//     (closeSent, under frameMu).
//  4. Under TLS, crypto/tls's own output lock, then underConn.mu, which
//     orders the bytes on the TCP connection: bytes a direct write kept
//     leave before anything written after them, even a record TLS writes
//     by itself from the reader (a key update).
//
// No lock is held while waiting for the peer, except that a blocking
// write holds the locks above it until the socket takes the bytes.
//
// # Who closes what
//
// The library closes the connection it was given (the slim socket, or
// net/http's hijacked connection) at the end of the close handshake or
// on CloseNow. Under TLS that close sends a close alert, which can wait
// for a peer that does not read; Kill therefore closes the network
// connection itself (the TCP connection under the TLS) at once, and
// callers call Kill before a CloseNow that must not wait. A read buffer
// from the pool goes back once its bytes are consumed; buffers of
// written messages go back to NewBuffer's pool through Recycle.
package transport
