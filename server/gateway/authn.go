package gateway

// authenticator returns the connect authentication: the one Setup gives,
// else the built-in handshake.
func (g *Gateway) authenticator() (Authenticator, error) {
	if g.setup.Authenticator != nil {
		return g.setup.Authenticator, nil
	}
	return nil, errNoAuthenticator
}
