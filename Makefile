# Two commands matter: `make run` and `make test` (see README.md).
.PHONY: run test tier1 lint bench bench-sms bench-kpi load scale i18n ocr demo-history

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

tier1:
	@bash scripts/test.sh --tier1-only

lint:
	@python3 -m pre_commit run --all-files

bench:
	@bash scripts/bench.sh

bench-sms:
	@bash scripts/bench_sms.sh

load:
	@bash scripts/load.sh

bench-kpi:
	@bash scripts/bench_kpi.sh

demo-history:
	@bash scripts/demo_history.sh

ocr:
	@bash scripts/install_ocr.sh

i18n:
	@bash scripts/i18n.sh

scale:
	@bash scripts/scale.sh
