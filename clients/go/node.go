package gatewire

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/rpc"
)

// DefaultMaxConcurrentInvokes bounds how many commands a Node runs at
// once; a request beyond it is answered at once with ErrNodeBusy's error.
const DefaultMaxConcurrentInvokes = 64

// NodeOptions configure a Node. Role, client id and mode are set by the
// Node (node, node-host, node); ClientOptions.Options.Commands is
// replaced by the registered commands.
type NodeOptions struct {
	// ClientOptions are the connection's options (credentials, device,
	// display name, caps, backoff, callbacks).
	ClientOptions
	// MaxConcurrentInvokes bounds the commands running at once
	// (DefaultMaxConcurrentInvokes).
	MaxConcurrentInvokes int
	// OnPending receives the gateway's pending work for this node
	// (node.pending.drain) after every connect, on its own goroutine. A
	// gateway that does not serve node.pending.drain is not an error.
	OnPending func(ctx context.Context, items []protocol.NodePendingItem)
}

// Node is a node program's side of the protocol: it keeps a connection
// as role node (a Client), declares the commands registered with Handle,
// answers every node.invoke.request with node.invoke.result, sends
// node.event, and drains the pending queue after each connect. It
// survives reconnects: the commands are declared again on every connect.
type Node struct {
	client *Client
	url    string
	opts   NodeOptions
	log    *slog.Logger

	mu       sync.Mutex
	handlers map[string]Handler
	started  bool
	misuse   error // the first Handle misuse, returned by Run

	slots    chan struct{} // one per running invoke
	ctx      context.Context
	cancel   context.CancelFunc
	inflight sync.WaitGroup
}

// NewNode returns a Node for the gateway at url; register commands with
// Handle, then call Run.
func NewNode(url string, opts NodeOptions) *Node {
	if opts.MaxConcurrentInvokes <= 0 {
		opts.MaxConcurrentInvokes = DefaultMaxConcurrentInvokes
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := &Node{url: url, opts: opts, handlers: map[string]Handler{}, slots: make(chan struct{}, opts.MaxConcurrentInvokes),
		ctx: ctx, cancel: cancel}
	n.log = opts.Logger
	if n.log == nil {
		n.log = slog.New(slog.DiscardHandler)
	}
	co := opts.ClientOptions
	co.Role = RoleNode
	co.Client.ID, co.Client.Mode = ClientIDNodeHost, ClientModeNode
	if co.Scopes == nil {
		co.Scopes = []string{}
	}
	userEvent, userConnect := co.OnEvent, co.OnConnect
	co.OnEvent = func(ev Event) {
		if ev.Name == protocol.EventNodeInvokeRequest {
			n.dispatch(ev)
		}
		if userEvent != nil {
			userEvent(ev)
		}
	}
	co.OnConnect = func(c *Conn) {
		n.inflight.Add(1)
		go n.drain(c)
		if userConnect != nil {
			userConnect(c)
		}
	}
	n.opts.ClientOptions = co
	return n
}

// Handle registers the handler of a command. It must be called before
// Run, once per command: a later or second registration is ignored, and
// Run then fails with an error naming it.
func (n *Node) Handle(command string, h Handler) {
	n.mu.Lock()
	defer n.mu.Unlock()
	_, dup := n.handlers[command]
	switch {
	case n.started:
		n.misuseLocked(errors.New("gatewire: Node.Handle after Run: " + command))
	case dup || h == nil:
		n.misuseLocked(errors.New("gatewire: command registered twice or without a handler: " + command))
	default:
		n.handlers[command] = h
	}
}

// misuseLocked keeps the first misuse of Handle; n.mu must be held.
func (n *Node) misuseLocked(err error) {
	if n.misuse == nil {
		n.misuse = err
	}
}

// Commands returns the registered commands, sorted.
func (n *Node) Commands() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.commandsLocked()
}

// Run connects and serves until ctx ends or Close is called, redialing
// with backoff whenever the connection ends (see Client.Run). When it
// returns, running commands have been cancelled and have answered or
// given up.
func (n *Node) Run(ctx context.Context) error {
	n.mu.Lock()
	if n.started {
		n.mu.Unlock()
		return errors.New("gatewire: Node.Run called twice")
	}
	n.started = true
	if n.misuse != nil {
		n.mu.Unlock()
		return n.misuse
	}
	if n.ctx.Err() != nil { // closed before it ran
		n.mu.Unlock()
		return nil
	}
	n.opts.Commands = n.commandsLocked()
	n.client = NewClient(n.url, n.opts.ClientOptions)
	n.mu.Unlock()
	err := n.client.Run(ctx)
	n.cancel()
	n.inflight.Wait()
	return err
}

// Close stops the Node: running commands are cancelled, the connection
// is closed and Run returns. It may be called more than once.
func (n *Node) Close() error {
	n.cancel()
	n.mu.Lock()
	c := n.client
	n.mu.Unlock()
	if c != nil {
		return c.Close()
	}
	return nil
}

// Client returns the Node's Client once Run has started (nil before).
func (n *Node) Client() *Client {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.client
}

// SendEvent sends node.event with payload encoded as payloadJSON (as
// v3's node host sends it); a nil payload sends payloadJSON null. It
// waits for a connection like any Client call.
func (n *Node) SendEvent(ctx context.Context, event string, payload any) (*protocol.NodeEventResult, error) {
	c := n.Client()
	if c == nil {
		return nil, ErrNotConnected
	}
	p := &protocol.NodeEventParams{Event: event}
	if payload != nil {
		text, err := marshalText(payload)
		if err != nil {
			return nil, err
		}
		p.PayloadJSON = &text
	}
	var res protocol.NodeEventResult
	if err := c.Call(ctx, protocol.MethodNodeEvent, p, &res, rpc.CallOptions{}); err != nil {
		return nil, err
	}
	return &res, nil
}

func (n *Node) commandsLocked() []string {
	names := make([]string, 0, len(n.handlers))
	for name := range n.handlers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

func (n *Node) handler(command string) (Handler, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	h, ok := n.handlers[command]
	return h, ok
}
