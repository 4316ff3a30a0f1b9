package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/coder/websocket"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// Conn is one benchmark connection. Its methods are not safe for
// concurrent use, except CloseNow.
type Conn struct {
	ws     *websocket.Conn
	in     bytes.Buffer // the last message read
	out    []byte       // the request being written
	id     []byte       // the id of the request being written
	nextID int64
}

// ErrRefused is wrapped by the error of a call the target answered with
// ok:false.
var ErrRefused = errors.New("request refused")

// handshake waits for connect.challenge, sends the connect frame and
// waits for its successful reply.
func (c *Conn) handshake(ctx context.Context, connect []byte) error {
	msg, err := c.read(ctx)
	if err != nil {
		return fmt.Errorf("waiting for connect.challenge: %w", err)
	}
	if f := classify(msg); f.Kind != kindEvent || string(f.Event) != protocol.EventConnectChallenge {
		return fmt.Errorf("first frame is not connect.challenge: %s", refusal(msg))
	}
	if err := c.ws.Write(ctx, websocket.MessageText, connect); err != nil {
		return fmt.Errorf("sending connect: %w", err)
	}
	if _, err := c.await(ctx, []byte(connectID)); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return nil
}

// Call sends one request and waits for its response, skipping events in
// between. It returns the response frame, valid until the next read.
// params is a JSON object; method is a plain ASCII name.
func (c *Conn) Call(ctx context.Context, method, params string) ([]byte, error) {
	c.nextID++
	c.id = strconv.AppendInt(c.id[:0], c.nextID, 10)
	c.out = appendRequest(c.out[:0], c.id, method, params)
	if err := c.ws.Write(ctx, websocket.MessageText, c.out); err != nil {
		return nil, fmt.Errorf("sending %s: %w", method, err)
	}
	msg, err := c.await(ctx, c.id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return msg, nil
}

// Send writes one request without waiting for its response and returns
// its id; read the answer and the events with Next.
func (c *Conn) Send(ctx context.Context, method, params string) (string, error) {
	c.nextID++
	c.id = strconv.AppendInt(c.id[:0], c.nextID, 10)
	c.out = appendRequest(c.out[:0], c.id, method, params)
	if err := c.ws.Write(ctx, websocket.MessageText, c.out); err != nil {
		return "", fmt.Errorf("sending %s: %w", method, err)
	}
	return string(c.id), nil
}

// Next reads the next frame; it is valid until the next read.
func (c *Conn) Next(ctx context.Context) ([]byte, error) { return c.read(ctx) }

// await reads until the response with id arrives and reports a refusal
// as an error wrapping ErrRefused.
func (c *Conn) await(ctx context.Context, id []byte) ([]byte, error) {
	for {
		msg, err := c.read(ctx)
		if err != nil {
			return nil, err
		}
		f := classify(msg)
		if f.Kind != kindResponse || !bytes.Equal(f.ID, id) {
			continue
		}
		if !f.OK {
			return nil, fmt.Errorf("%w: %s", ErrRefused, refusal(msg))
		}
		return msg, nil
	}
}

// read reads the next message into the connection's buffer.
func (c *Conn) read(ctx context.Context) ([]byte, error) {
	_, r, err := c.ws.Reader(ctx)
	if err != nil {
		return nil, err
	}
	c.in.Reset()
	if _, err := c.in.ReadFrom(r); err != nil {
		return nil, err
	}
	return c.in.Bytes(), nil
}

// Close runs the WebSocket close handshake.
func (c *Conn) Close() error {
	return c.ws.Close(websocket.StatusNormalClosure, "")
}

// CloseNow drops the connection without a close handshake.
func (c *Conn) CloseNow() { _ = c.ws.CloseNow() }
