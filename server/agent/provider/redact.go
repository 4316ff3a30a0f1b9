package provider

import (
	"fmt"
	"log/slog"
)

// redacted stands in for a set API key when a Config is printed or logged.
const redacted = "[redacted]"

// String prints the config with the API key redacted, so %v and %+v never show it.
func (c Config) String() string {
	return fmt.Sprintf("{API:%s BaseURL:%s APIKey:%s Timeout:%s Retry:%+v}", c.API, c.BaseURL, c.redactedKey(), c.Timeout, c.Retry)
}

// GoString is String for %#v.
func (c Config) GoString() string { return c.String() }

// LogValue logs the config with the API key redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api", c.API), slog.String("baseUrl", c.BaseURL), slog.String("apiKey", c.redactedKey()),
		slog.Duration("timeout", c.Timeout),
	)
}

// redactedKey is "" for no key and a placeholder for any key.
func (c Config) redactedKey() string {
	if c.APIKey == "" {
		return ""
	}
	return redacted
}
