package swift

import (
	"fmt"

	"github.com/gatewire/gatewire/tools/protocol-gen/internal/doctext"
)

// anyCodableSource is the Swift type for untyped JSON: a value enum that
// decodes any JSON document and encodes it back unchanged.
const anyCodableSource = `
/// AnyCodable holds a JSON value whose shape the schema leaves open. It
/// decodes any JSON value and encodes it back as it was; integers that fit
/// in Int stay integers.
public enum AnyCodable: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([AnyCodable])
    case object([String: AnyCodable])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AnyCodable].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: AnyCodable].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null:
            try container.encodeNil()
        case .bool(let value):
            try container.encode(value)
        case .int(let value):
            try container.encode(value)
        case .double(let value):
            try container.encode(value)
        case .string(let value):
            try container.encode(value)
        case .array(let value):
            try container.encode(value)
        case .object(let value):
            try container.encode(value)
        }
    }
}
`

// packageManifest is Package.swift for a library made of one target. The
// tools-version comment must be the file's first line.
func packageManifest(name, sourcesDir, source string) string {
	return fmt.Sprintf(`// swift-tools-version:5.9
// %s
// Source: %s

import PackageDescription

let package = Package(
    name: %s,
    products: [
        .library(name: %s, targets: [%s]),
    ],
    targets: [
        .target(name: %s, path: %s),
    ]
)
`, doctext.Header, doctext.Escape(source), literal(name), literal(name), literal(name), literal(name), literal(sourcesDir))
}
