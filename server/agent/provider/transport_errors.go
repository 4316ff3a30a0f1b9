package provider

import (
	"errors"
	"io"
	"net"
	"syscall"
)

// The v3 texts for failures to reach the provider or to keep its stream.
const (
	textConnRefused = "LLM request failed: connection refused by the provider endpoint."
	textInterrupted = "LLM request failed: network connection was interrupted."
	textDNS         = "LLM request failed: DNS lookup for the provider endpoint failed."
	textUnreachable = "LLM request failed: the provider endpoint is unreachable from this host."
	textNetwork     = "LLM request failed: network connection error."
)

// transportText gives v3's text for a network failure, or "" when err is not one.
func transportText(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return textConnRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF):
		return textInterrupted
	case errors.As(err, &dnsErr):
		return textDNS
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.EHOSTDOWN):
		return textUnreachable
	case errors.As(err, &opErr):
		return textNetwork
	}
	return ""
}
