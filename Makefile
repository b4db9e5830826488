.PHONY: run test lint fmt bench
run:
	bash scripts/run
test:
	bash scripts/test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
fmt:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
bench:
	.venv/bin/python manage.py bench direktori
