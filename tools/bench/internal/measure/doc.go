// Package measure runs the benchmark's measurements against one server
// process at a time: launch to first accepted connect and idle memory,
// handshakes per second, request-response latency and throughput on one
// and on many connections, memory per idle connection, ticks and the
// presence fan-out across thousands of connections. Every measurement
// uses the same client code whatever the target.
package measure
