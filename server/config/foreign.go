package config

// sortForeign sorts the keys gatewire's schema does not define: those
// OpenClaw's own config defines (with everything below them) are accepted,
// listed in notImplemented and left out of the returned document; any
// other is an issue at the first path that neither schema defines (a
// typo). Issues of other kinds pass through.
func sortForeign(doc map[string]any, issues []Issue) (rest []Issue, notImplemented []string, kept map[string]any) {
	kept = doc
	copied := false
	var oc *openClawData
	for _, is := range issues {
		if !is.unknown {
			rest = append(rest, is)
			continue
		}
		if oc == nil {
			d := openClawKeys()
			oc = &d
		}
		fk := oc.classify(doc, is.pointer)
		if fk.unknown != nil {
			rest = append(rest, Issue{Key: dottedKey(fk.unknown), Message: "unknown key", pointer: fk.unknown, unknown: true})
			continue
		}
		if !copied {
			kept, _ = deepCopy(doc).(map[string]any)
			copied = true
		}
		remove(kept, is.pointer)
		notImplemented = append(notImplemented, notImplementedKeys(doc, is.pointer)...)
	}
	return rest, sortedUnique(notImplemented), kept
}

// remove deletes the object member at key from a JSON tree.
func remove(doc map[string]any, key []string) {
	if m, ok := lookup(doc, key[:len(key)-1]).(map[string]any); ok {
		delete(m, key[len(key)-1])
	}
}
