package rpc

// Failure is an error whose response carries a payload as well as the
// error shape (protocol v3 allows both, e.g. a failed agent run's final
// reply). The runtime reports a *wire.Error Err as it is and any other
// Err as UNAVAILABLE with its text, as for a plain error.
type Failure struct {
	// Err is the error the response reports.
	Err error
	// Payload is encoded as the response's payload.
	Payload any
}

// Error returns the text of the wrapped error.
func (f *Failure) Error() string { return f.Err.Error() }

// Unwrap returns the wrapped error.
func (f *Failure) Unwrap() error { return f.Err }
