package config

// SecretValues returns the non-empty values of every key of c that the
// config schema marks secret (x-secret): the gateway token and password,
// every models.providers.<id>.apiKey. The log redactor cuts them out.
func SecretValues(c Config) []string {
	doc := ToDoc(c)
	var out []string
	for _, key := range secretKeys(doc, schemaMarks().secret) {
		if s, ok := lookup(doc, key).(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}
