package gatewire

import (
	"errors"
	"fmt"
	"net/url"
)

// ErrNotConnected matches (with errors.Is) the error of a Client call
// made while the Client has no connection.
var ErrNotConnected = errors.New("gatewire client not connected")

// NotConnectedError is a Client call made while the Client had no
// connection to make it on. errors.Is(err, ErrNotConnected) is true, and
// errors.Is/As also see Wait (the context's error, when the call waited
// for a connection until its context ended) and Last (why the last
// connection or dial ended: a *ClosedError, *UpgradeError, *ConnectError,
// *ScopesError, …).
type NotConnectedError struct {
	// URL is the gateway's URL, any password redacted.
	URL string
	// Last is why the last connection or dial ended; nil before the
	// first dial ended.
	Last error
	// Wait is the context error that ended a wait for a connection; nil
	// when the call failed without waiting.
	Wait error
}

// Error says that the client is not connected, and why.
func (e *NotConnectedError) Error() string {
	msg := "not connected to " + e.URL
	if e.Wait != nil {
		msg = fmt.Sprintf("%s (waited until %v)", msg, e.Wait)
	}
	if e.Last != nil {
		msg += ": " + e.Last.Error()
	}
	return msg
}

// Is reports whether target is ErrNotConnected.
func (e *NotConnectedError) Is(target error) bool { return target == ErrNotConnected }

// Unwrap returns Wait and Last.
func (e *NotConnectedError) Unwrap() []error {
	var out []error
	for _, err := range []error{e.Wait, e.Last} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// redactedURL returns raw with any password redacted.
func redactedURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return raw
}
