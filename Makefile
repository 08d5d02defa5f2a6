# Two commands on a fresh machine:  make demo   (render every sample into outputs/)
#                                    make test   (run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install blank clean bench serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@for f in inputs/*.json; do $(BIN)/shenbao render "$$f" -o outputs || exit 1; done
	@for form in $$($(BIN)/shenbao forms | cut -f1); do $(BIN)/shenbao blank "$$form" -o outputs/blank || exit 1; done

test: $(STAMP)
	$(BIN)/python -m pytest tests

clean:
	rm -rf $(VENV) outputs/*.pdf outputs/*.docx outputs/blank

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# The web workbench (填写 / 检查 / 汇总) on http://127.0.0.1:8000; HOST=0.0.0.0 serves a whole office.
HOST ?= 127.0.0.1
PORT ?= 8000
serve: $(STAMP)
	$(BIN)/shenbao serve --host $(HOST) --port $(PORT)
