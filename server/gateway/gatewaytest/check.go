package gatewaytest

import "github.com/gatewire/gatewire/runtime/wire"

// check validates a received frame and its payload against the schema,
// failing the test on any violation.
func (c *Client) check(f Frame) {
	v, err := validator()
	if err != nil {
		c.t.Errorf("gatewaytest: validator: %v", err)
		return
	}
	switch f.Type {
	case wire.TypeResponse:
		if err := v.Response(f.Raw); err != nil {
			c.t.Errorf("gatewaytest: invalid response frame %s: %v", f.Raw, err)
		}
		c.mu.Lock()
		method := c.methods[f.ID]
		c.mu.Unlock()
		if f.OK && method != "" {
			if err := v.Result(method, f.Payload); err != nil {
				c.t.Errorf("gatewaytest: invalid %s result %s: %v", method, f.Payload, err)
			}
		}
	case wire.TypeEvent:
		if err := v.Event(f.Raw); err != nil {
			c.t.Errorf("gatewaytest: invalid event frame %s: %v", f.Raw, err)
		}
		if err := v.EventPayload(f.Event, f.Payload); err != nil {
			c.t.Errorf("gatewaytest: invalid %s payload %s: %v", f.Event, f.Payload, err)
		}
	default:
		c.t.Errorf("gatewaytest: unexpected frame %s", f.Raw)
	}
}
