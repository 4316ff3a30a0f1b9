// Package client is the benchmark's load client: one small WebSocket client
// used unchanged against the gatewire gateway and the raw echo baseline. It
// dials from a spread of loopback source addresses, completes the protocol
// handshake (wait for connect.challenge, send connect with the shared
// token as a gateway-client/backend client, wait for the reply), makes
// request-response calls with reusable buffers, and watches idle
// connections for tick and presence events.
package client
