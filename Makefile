# Two commands matter: `make run` and `make test` (see README.md).
.PHONY: run test tier1 tier2 lint bench-issue bench-verify vendor

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

tier1:
	@bash scripts/test.sh --tier1-only

lint:
	@python3 -m ruff check .

bench-issue:
	@bash scripts/bench.sh issue

bench-verify:
	@bash scripts/bench.sh verify
