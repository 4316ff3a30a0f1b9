package gatewaytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/gatewire/gatewire/gen/go/protocol"
	"github.com/gatewire/gatewire/internal/testclient"
	"github.com/gatewire/gatewire/runtime/validate"
	"github.com/gatewire/gatewire/runtime/wire"
	"github.com/gatewire/gatewire/schema"
)

// Wait bounds every wait of a Client (testclient.Wait).
const Wait = testclient.Wait

// Frame is one frame received from the gateway.
type Frame = testclient.Frame

// Client is the shared test client (internal/testclient) checking every
// frame against the protocol schema, with the protocol's typed connect.
type Client struct {
	*testclient.Client
	t testing.TB
	// Challenge is the connect.challenge payload.
	Challenge protocol.ConnectChallengeEvent
}

// validators returns the protocol validators every Client checks frames
// with (one per protocol version), compiled once.
var validators = sync.OnceValues(func() (*validate.Versions, error) {
	return validate.NewVersions(schema.FS, &protocol.Manifest)
})

// Dial opens a WebSocket to url and reads the connect challenge.
func Dial(t testing.TB, url string) *Client {
	t.Helper()
	c, err := DialHeader(t, url, nil)
	if err != nil {
		t.Fatalf("gatewaytest: dial %s: %v", url, err)
	}
	return c
}

// DialHeader is Dial with extra upgrade headers; it returns the dial
// error (e.g. a refused upgrade) instead of failing the test.
func DialHeader(t testing.TB, url string, header http.Header) (*Client, error) {
	t.Helper()
	tc, err := testclient.TryDial(t, url, testclient.Options{Header: header, Check: check})
	if err != nil {
		return nil, err
	}
	c := &Client{Client: tc, t: t}
	ch := tc.Challenge
	if err := json.Unmarshal(ch.Payload, &c.Challenge); err != nil || c.Challenge.Nonce == "" {
		t.Fatalf("gatewaytest: bad challenge %s", ch.Raw)
	}
	if ch.Seq != nil {
		t.Fatalf("gatewaytest: challenge carries seq: %s", ch.Raw)
	}
	return c, nil
}

// DialTLS is Dial over wss:// through client, an HTTP client that trusts
// the gateway's certificate.
func DialTLS(t testing.TB, url string, client *http.Client) *Client {
	t.Helper()
	tc, err := testclient.TryDial(t, url, testclient.Options{HTTPClient: client, Check: check})
	if err != nil {
		t.Fatalf("gatewaytest: dial %s: %v", url, err)
	}
	c := &Client{Client: tc, t: t}
	if err := json.Unmarshal(tc.Challenge.Payload, &c.Challenge); err != nil || c.Challenge.Nonce == "" {
		t.Fatalf("gatewaytest: bad challenge %s", tc.Challenge.Raw)
	}
	return c
}

// check validates a received frame and its payload against the schema;
// method is the method of the request a response answers.
func check(f Frame, method string, version int) error {
	vs, err := validators()
	if err != nil {
		return fmt.Errorf("gatewaytest: validator: %w", err)
	}
	v := vs.At(version)
	switch {
	case f.Type == wire.TypeResponse:
		if err := v.Response(f.Raw); err != nil {
			return fmt.Errorf("gatewaytest: invalid response frame %s: %w", f.Raw, err)
		}
		if f.OK && method != "" {
			if err := v.Result(method, f.Payload); err != nil {
				return fmt.Errorf("gatewaytest: invalid %s result %s: %w", method, f.Payload, err)
			}
		}
	case f.Type == wire.TypeEvent:
		if err := v.Event(f.Raw); err != nil {
			return fmt.Errorf("gatewaytest: invalid event frame %s: %w", f.Raw, err)
		}
		if err := v.EventPayload(f.Event, f.Payload); err != nil {
			return fmt.Errorf("gatewaytest: invalid %s payload %s: %w", f.Event, f.Payload, err)
		}
	default:
		return fmt.Errorf("gatewaytest: unexpected frame %s", f.Raw)
	}
	return nil
}
