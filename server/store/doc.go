// Package store is gatewire's embedded, crash-safe state: paired devices
// and their role tokens, paired nodes, and the pairing requests of both
// (one table; a Kind per family of requests). It is one SQLite database (modernc.org/sqlite, pure Go)
// in the state directory, opened in WAL mode with synchronous=FULL, so a
// write that Update has returned from survives a crash or kill -9. One
// connection serializes every transaction: the store has a single writer.
//
// The store holds records and knows nothing about the pairing rules; the
// pairing package reads and writes them inside Update and View.
package store
