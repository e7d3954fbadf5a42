# The two quick-start commands (see README.md) and a few helpers.
.PHONY: quickstart test down

quickstart: ## bring up the local control plane with the CRDs and examples/quickstart
	e2e/scripts/quickstart

test: ## build what the tests need (cached under $HOME) and run every test
	e2e/scripts/test

down: ## stop the local control plane (and the real node, where make quickstart started one)
	e2e/testenv/testenv down
	if [ -d e2e/target/realnode/realnode ]; then e2e/testenv/real-node down; fi
