# gatewire — common tasks. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules
.DELETE_ON_ERROR:

GO ?= go
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT := $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
BIN := bin/gatewire
# Where go test -artifacts keeps what failed tests leave (browser screenshots and console logs).
TEST_ARTIFACTS := .cache/test-artifacts
VERSION ?= 0.1.0-dev+$(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X github.com/gatewire/gatewire/server/version.Version=$(VERSION)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

.PHONY: protocol-gen
protocol-gen: ## Regenerate gen/ from schema/
	$(GO) run ./tools/protocol-gen gen --schema schema --out gen

.PHONY: protocol-check
protocol-check: ## Fail if gen/ is not exactly what schema/ generates, or is uncommitted
	$(GO) run ./tools/protocol-gen check --schema schema --out gen
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  dirty=$$(git status --porcelain -- gen schema); \
	  if [[ -n "$$dirty" ]]; then echo "protocol-check: uncommitted changes under gen/ or schema/:"; echo "$$dirty"; exit 1; fi; \
	fi

.PHONY: swift-check
swift-check: ## Parse every file of gen/swift with tree-sitter-swift
	tools/swift-check/run gen/swift

.PHONY: js-check
js-check: ## Type-check gen/js and the Control UI (server/controlui/web) with the TypeScript compiler (JSDoc, no output)
	tools/js-check/run gen/js server/controlui/web

.PHONY: build
build: ## Build bin/gatewire
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./server/cmd/gatewire

.PHONY: run
run: build ## Run the gateway on loopback with embedded defaults
	$(BIN) gateway

.PHONY: vet
vet: ## go vet
	$(GO) vet ./...

.PHONY: fmt-check
fmt-check: ## Fail if any Go file in the module is not gofmt'd (fix: gofmt -w .)
	@files=$$(if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	    git ls-files --cached --others --exclude-standard -- '*.go' \
	      | while IFS= read -r f; do [[ -e "$$f" ]] && printf '%s\n' "$$f"; done | xargs -r -d '\n' gofmt -l; \
	  else gofmt -l .; fi); \
	if [[ -n "$$files" ]]; then \
	  echo "fmt-check: these files are not gofmt'd; run 'gofmt -w .' (gen/: 'make protocol-gen'):"; echo "$$files"; exit 1; \
	fi

.PHONY: tidy-check
tidy-check: ## Fail if go.mod/go.sum are not what 'go mod tidy' writes (fix: go mod tidy)
	@if ! out=$$($(GO) mod tidy -diff 2>&1); then \
	  echo "tidy-check: go.mod/go.sum are not tidy; run 'go mod tidy' and commit the result:"; echo "$$out"; exit 1; \
	fi

.PHONY: lint
lint: vet ## go vet and golangci-lint (pinned; .golangci.yml says which linters run and why the others do not)
	$(GOLANGCI_LINT) run ./...

.PHONY: deps
deps: ## Install what the tests need beyond Go (chromium, systemd, the OpenClaw UI bundle): tools/ci/deps
	tools/ci/deps

.PHONY: unit
unit: deps ## Go tests only (race detector on; failed browser tests leave artifacts in .cache/test-artifacts)
	mkdir -p $(TEST_ARTIFACTS)
	$(GO) test -race -count=1 -artifacts -outputdir=$(CURDIR)/$(TEST_ARTIFACTS) ./...

.PHONY: test
test: deps fmt-check tidy-check protocol-check swift-check js-check lint unit ## Everything CI runs

.PHONY: bench
bench: build ## Benchmarks against a local gateway and a raw echo baseline; writes BENCHMARKS.md
	$(GO) run ./tools/bench --gateway $(BIN) --out BENCHMARKS.md

.PHONY: clean
clean: ## Remove build output and tool caches
	rm -rf bin .cache
