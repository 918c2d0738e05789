# backprop-lessons: the two commands in README.md are `make lab` and `make test`.
# Every target creates the virtual environment first when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The exact versions we test with, on the Python the machines have (see constraints.txt).
PYVER  := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PINS   := $(if $(filter 3.11,$(PYVER)),-c constraints.txt,)

.PHONY: lab test check venv notebooks homework links slides site present bench capacity clean-venv student-release answers class-report

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PINS) -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## Open the courseware: JupyterLab on notebooks/.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root,)

## Run the whole test suite: unit tests, nbval on every notebook, browser tests, the course hub.
test: $(STAMP)
	@bash scripts/ensure-browser.sh
	@bash scripts/ensure-hub.sh
	@bash scripts/ensure-sandbox.sh
	-@bash scripts/ensure-site-tools.sh   # without it the site tests skip (fail under CI=true)
	$(BIN)/python -m pytest -p tests.timings -n 2 --dist loadfile --durations=30

## The core only, in about a minute: the package's own tests, without the slow suites
## (browser, hub, site, nbgrader, notebooks; tests/suites.py marks them). `make test` runs everything.
check: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow" tests

## Re-execute every notebook in place (after changing code they use), homework included.
notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py
	$(BIN)/python scripts/make_student_copies.py --execute

## Regenerate the homework: run the solution notebooks, then write and run the student copies
## (nbgrader preprocessors, notebooks/homework/source -> notebooks/homework), then the README links.
homework: $(STAMP)
	$(BIN)/python scripts/make_student_copies.py --execute
	$(BIN)/python scripts/update_links.py

## After `nbgrader autograde`: the lecturer's page (scores per exercise, causes reproduced, submissions
## flagged for review) from the course's gradebook. `make class-report COURSE=path/to/course [ASSIGNMENT=homework]`.
class-report: $(STAMP)
	@test -n "$(COURSE)" || { echo "usage: make class-report COURSE=path/to/nbgrader/course [ASSIGNMENT=name]"; exit 2; }
	$(BIN)/python -m backprop_lessons.grading.class_report "$(COURSE)" $(if $(ASSIGNMENT),--assignment "$(ASSIGNMENT)",)

## The student release, to push as the public course repository (docs/teaching.md): lessons,
## student copies and the package, with no solution and no hidden test.
## `make student-release DIR=../backprop-lessons-course` (DIR new or empty, outside the repository).
## DIR reaches the script through the environment, never the shell line: quotes or backticks in it are a name.
student-release: export RELEASE_DIR = $(value DIR)
student-release: $(STAMP)
	@test -n "$$RELEASE_DIR" || { echo "usage: make student-release DIR=path/to/a/new/folder"; exit 2; }
	$(BIN)/python scripts/student_release.py -- "$$RELEASE_DIR"

## The lecturer's edition: every notebook question's computed answer, in docs/answers.md (not released).
answers: $(STAMP)
	$(BIN)/python scripts/answers.py

## Refresh the Binder links in README.md (new notebook, or a fork edited binder/repository.txt).
links: $(STAMP)
	$(BIN)/python scripts/update_links.py

## A reveal.js slide deck per lecture notebook, in build/slides/ (cells carry slideshow metadata).
## Offline: reveal.js, MathJax and the widget manager come from npm into build/slides/assets/;
## the check cells and the test runner's markers are left out of the decks.
slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

## The course site in build/site/ from the committed notebooks, not run again (docs/site.md).
site: $(STAMP)
	@bash scripts/ensure-site-tools.sh
	$(BIN)/python scripts/build_site.py

## Lecture mode: Voila on a copy of the lecture notebooks only (scripts/lecture_tree.py: no homework,
## no solution), code hidden, panels live; open the URL it prints.
PORT ?= 8866
present: $(STAMP)
	$(BIN)/python scripts/lecture_tree.py build/lecture
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila build/lecture --no-browser --port=$(PORT) --Voila.ip=127.0.0.1

## Benchmarks P1-P6 (a few minutes): ratios against their goals, then docs/benchmarks.md and .png.
## The torch and micrograd comparisons need `.venv/bin/pip install -e '.[bench]'` and are skipped
## without it. `make bench BENCH_ARGS=--with-test-suite` also times `make test` for P6.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## Capacity of one course server (a few minutes): 20 simulated students on the course hub each run
## a lecture notebook and move a slider panel at once; memory per student and update times go to
## build/capacity/capacity.json and docs/capacity.md. `make capacity CAPACITY_ARGS="--students 10"`.
capacity: $(STAMP)
	@bash scripts/ensure-hub.sh
	$(BIN)/python scripts/measure_capacity.py $(CAPACITY_ARGS)

clean-venv:
	rm -rf $(VENV)
