// Package rpc holds the contract between generated protocol code and the
// hand-written runtime: the method and event descriptors of the protocol
// manifest, the dispatch table that maps a method name to a handler, the
// caller interface a typed client is built on, and the request context
// helpers handlers use (the interim reply of a two-phase method, work to
// run once the reply is queued, a failure that carries a payload).
package rpc
