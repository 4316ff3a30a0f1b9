package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/runtime/wire"
)

// defaultHistory is how many messages chat shows when it starts.
const defaultHistory = 20

// chatFlags are `chat`'s own flags.
type chatFlags struct {
	session string
	history int64
}

// newChatCommand returns `chat`.
func (e *env) newChatCommand() *cobra.Command {
	var f connFlags
	c := chatFlags{session: "agent:main:main", history: defaultHistory}
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Chat with an agent at the terminal",
		Long: `An interactive chat with one session: it shows the session's recent history, then
sends each line you type with chat.send and prints the reply as it streams in.
Slash commands (/stop, /new, /reset, /model, /status) go to the gateway as the
Control UI sends them. Ctrl-C stops the reply being written (chat.abort); when
nothing is running it ends the chat, as do /quit and the end of the input.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return e.runChat(cmd, &f, c) },
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVar(&c.session, "session", c.session, "session key")
	cmd.Flags().Int64Var(&c.history, "history", c.history, "how many earlier messages to show on start (0: none)")
	return cmd
}

// runChat connects and runs the chat loop until the input ends, /quit,
// Ctrl-C with nothing running, or the connection ends.
func (e *env) runChat(cmd *cobra.Command, f *connFlags, c chatFlags) error {
	st, err := f.resolve(e)
	if err != nil {
		return err
	}
	dialCtx, cancel := context.WithTimeout(cmd.Context(), st.timeout)
	conn, err := dial(dialCtx, st, agentAccess, cmd.ErrOrStderr())
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close()
	events := conn.Subscribe(eventBuffer, protocol.EventChat)
	defer events.Close()
	ch := &chat{session: c.session, conn: conn, s: newSession(st, conn, cmd, e.now), out: newStreamPrinter(cmd.OutOrStdout()),
		errw: cmd.ErrOrStderr(), active: map[string]bool{}}
	if err := ch.showHistory(cmd.Context(), c.history); err != nil {
		return err
	}
	interrupts, stop := e.interruptSignals()
	defer stop()
	inputDone := make(chan struct{})
	defer close(inputDone)
	return ch.loop(cmd.Context(), readLines(cmd.InOrStdin(), inputDone), events, interrupts)
}

// chat is one interactive chat.
type chat struct {
	session string
	conn    *gatewire.Conn
	s       *session
	out     *streamPrinter
	errw    io.Writer
	// active holds the runs started here that have not ended.
	active map[string]bool
}

// showHistory prints the session's last n messages.
func (c *chat) showHistory(ctx context.Context, n int64) error {
	if n <= 0 {
		return nil
	}
	callCtx, cancel := context.WithTimeout(ctx, c.s.settings.timeout)
	defer cancel()
	h, err := c.s.api.ChatHistory(callCtx, &protocol.ChatHistoryParams{SessionKey: c.session, Limit: &n})
	if err != nil {
		return err
	}
	w := c.s.cmd.OutOrStdout()
	for _, m := range h.Messages {
		fmt.Fprintln(w, escapeLines(historyLine(m)))
	}
	if len(h.Messages) > 0 {
		fmt.Fprintln(w, "---")
	}
	return nil
}

// loop serves input lines, chat events and interrupts.
func (c *chat) loop(ctx context.Context, lines <-chan string, events *gatewire.Subscription, interrupts <-chan os.Signal) error {
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				if len(c.active) == 0 {
					return nil
				}
				lines = nil // the input ended: let the running reply finish
				continue
			}
			if quit := c.send(ctx, line); quit {
				return nil
			}
		case ev, ok := <-events.C:
			if !ok {
				return c.conn.Err()
			}
			c.event(ev)
			if lines == nil && len(c.active) == 0 {
				return nil
			}
		case <-interrupts:
			if len(c.active) == 0 {
				return nil
			}
			c.abort(ctx)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// send sends one typed line; it reports true for /quit and /exit.
func (c *chat) send(ctx context.Context, line string) bool {
	line = strings.TrimSpace(line)
	switch line {
	case "":
		return false
	case "/quit", "/exit":
		return true
	}
	callCtx, cancel := context.WithTimeout(ctx, c.s.settings.timeout)
	defer cancel()
	res, err := c.s.api.ChatSend(callCtx, &protocol.ChatSendParams{SessionKey: c.session, Message: line, IdempotencyKey: wire.NewUUID()})
	if err != nil {
		fmt.Fprintln(c.errw, "gatewire:", err)
		return false
	}
	if res.RunID != nil && (res.Status == nil || *res.Status == protocol.ChatSendResultStatusStarted) {
		c.active[*res.RunID] = true
	}
	return false
}

// event prints a chat event of this session.
func (c *chat) event(ev gatewire.Event) {
	var p protocol.ChatEvent
	if ev.Decode(&p) != nil || p.SessionKey != c.session {
		return
	}
	text := ""
	if p.Message != nil {
		text = messageText(p.Message.Content)
	}
	switch p.State {
	case protocol.ChatEventStateDelta:
		c.out.update(p.RunID, text)
		return
	case protocol.ChatEventStateFinal:
		c.out.update(p.RunID, text)
		c.out.end(p.RunID)
	case protocol.ChatEventStateAborted:
		c.out.update(p.RunID, text)
		c.out.end(p.RunID)
		fmt.Fprintln(c.s.cmd.OutOrStdout(), "[aborted]")
	case protocol.ChatEventStateError:
		c.out.end(p.RunID)
		msg := "the run failed"
		if p.ErrorMessage != nil {
			msg = *p.ErrorMessage
		}
		fmt.Fprintln(c.s.cmd.OutOrStdout(), "[error] "+msg)
	}
	delete(c.active, p.RunID)
}

// abort stops the runs started here (chat.abort of each).
func (c *chat) abort(ctx context.Context) {
	for runID := range c.active {
		callCtx, cancel := context.WithTimeout(ctx, c.s.settings.timeout)
		id := runID
		_, err := c.s.api.ChatAbort(callCtx, &protocol.ChatAbortParams{SessionKey: c.session, RunID: &id})
		cancel()
		if err != nil {
			fmt.Fprintln(c.errw, "gatewire: aborting the run failed:", err)
		}
	}
}

// interruptSignals delivers Ctrl-C and SIGTERM (or the test's stand-in)
// until stop is called.
func (e *env) interruptSignals() (<-chan os.Signal, func()) {
	if e.interrupts != nil {
		return e.interrupts()
	}
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	return ch, func() { signal.Stop(ch) }
}
