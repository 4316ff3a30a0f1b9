// Package wire is the frame codec of the gateway protocol: the request,
// response and event envelopes, the error shape carried in responses, the
// protocol's error codes and the WebSocket close codes and reasons.
//
// It knows nothing about individual methods or events; generated code in
// gen/go and the hand-written server build on it.
package wire
