.PHONY: run test lint fmt bench mypy mutants
run:
	bash scripts/run
# The whole suite in parallel (pytest-xdist, PYTEST_WORKERS=auto by default; PYTEST_WORKERS=0 = serial).
test:
	bash scripts/test
# What CI checks before the tests: ruff lint, ruff format (check only), mypy on rules/selectors/services.
lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
mypy:
	.venv/bin/mypy
fmt:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
bench:
	.venv/bin/python manage.py bench direktori
# Mutation testing of every */rules.py against the rule tests (config: pyproject [tool.mutmut];
# docs/mutasi.md). Results stay in mutants/ (git-ignored); a second run only re-tests what changed.
mutants:
	DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/mutmut run --max-children $${MUTMUT_CHILDREN:-2}
	.venv/bin/mutmut results
