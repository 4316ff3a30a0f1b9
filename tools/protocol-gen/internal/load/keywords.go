package load

import "sort"

// valueKind is the JSON shape a keyword's value must have.
type valueKind int

const (
	anyValue       valueKind = iota // default, examples, const, x-…
	stringValue                     // $ref, title, description, …
	boolValue                       // uniqueItems, readOnly, …
	numberValue                     // minimum, maximum, …
	positiveNumber                  // multipleOf
	countValue                      // minLength, maxItems, … (non-negative integer)
	numberOrBool                    // exclusiveMinimum/Maximum (number, or boolean in draft-04)
	typeValue                       // type: a type name or a list of them
	enumValue                       // enum: an array
	stringList                      // required
	schemaValue                     // not, if, additionalProperties, …
	schemaList                      // allOf, anyOf, oneOf, prefixItems
	schemaMap                       // properties, patternProperties, $defs, …
	itemsValue                      // items: a schema, or an array of schemas (draft-07 tuples)
	dependencyMap                   // dependencies: schemas or string lists
	stringListMap                   // dependentRequired
	objectValue                     // $vocabulary, discriminator
)

// keywords lists every keyword of JSON Schema draft-04 to 2020-12 (plus
// OpenAPI's nullable and discriminator) with the shape of its value.
var keywords = map[string]valueKind{
	"$schema": stringValue, "$id": stringValue, "$ref": stringValue,
	"$anchor": stringValue, "$dynamicAnchor": stringValue, "$dynamicRef": stringValue,
	"$recursiveRef": stringValue, "$recursiveAnchor": boolValue, "$comment": stringValue,
	"$vocabulary": objectValue, "$defs": schemaMap, "definitions": schemaMap,

	"type": typeValue, "enum": enumValue, "const": anyValue,
	"title": stringValue, "description": stringValue, "default": anyValue, "examples": anyValue,
	"deprecated": boolValue, "readOnly": boolValue, "writeOnly": boolValue,
	"format": stringValue, "contentEncoding": stringValue, "contentMediaType": stringValue,
	"contentSchema": schemaValue,

	"multipleOf": positiveNumber, "minimum": numberValue, "maximum": numberValue,
	"exclusiveMinimum": numberOrBool, "exclusiveMaximum": numberOrBool,
	"minLength": countValue, "maxLength": countValue, "pattern": stringValue,

	"items": itemsValue, "prefixItems": schemaList, "additionalItems": schemaValue,
	"unevaluatedItems": schemaValue, "contains": schemaValue, "minContains": countValue,
	"maxContains": countValue, "minItems": countValue, "maxItems": countValue, "uniqueItems": boolValue,

	"properties": schemaMap, "patternProperties": schemaMap, "additionalProperties": schemaValue,
	"unevaluatedProperties": schemaValue, "propertyNames": schemaValue, "required": stringList,
	"minProperties": countValue, "maxProperties": countValue, "dependencies": dependencyMap,
	"dependentRequired": stringListMap, "dependentSchemas": schemaMap,

	"allOf": schemaList, "anyOf": schemaList, "oneOf": schemaList, "not": schemaValue,
	"if": schemaValue, "then": schemaValue, "else": schemaValue,

	"nullable": boolValue, "discriminator": anyValue,
}

// typingKeywords are the keywords whose presence says something about the
// type or shape of a value.
var typingKeywords = map[string]bool{
	"$ref": true, "$dynamicRef": true, "$recursiveRef": true, "type": true, "enum": true,
	"const": true, "properties": true, "patternProperties": true, "additionalProperties": true,
	"items": true, "prefixItems": true, "allOf": true, "anyOf": true, "oneOf": true,
}

// typeNames are the values "type" may take.
var typeNames = map[string]bool{
	"null": true, "boolean": true, "object": true, "array": true,
	"number": true, "string": true, "integer": true,
}

// suggest returns the known keyword closest to an unknown one, or "" when
// none is close enough to be a likely typo.
func suggest(word string) string {
	best, bestDist := "", 3
	names := make([]string, 0, len(keywords))
	for k := range keywords {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if d := editDistance(word, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
