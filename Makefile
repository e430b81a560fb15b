# qdistill — the two commands a user needs:
#   make reproduce   # runs every notebook into results-quick/ (PROFILE=standard: the committed results/;
#                    # EXECUTOR=local|slurm: the runs first; NOTEBOOKS="01 07": only those notebooks)
#   make test        # runs the test suite
#   make notebook    # steps through the notebooks in a browser (Jupyter on 127.0.0.1; prints the URL)
# Each one sets up what it needs (npm packages, build, Jupyter, the project-local tslab
# kernel, the data link); re-running when nothing changed only re-checks.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

# Experiment size for the notebooks (quick | standard | paper), seen by the kernel as
# QDISTILL_PROFILE.
PROFILE ?= quick
# FRESH=1: compute every run anew in runs/fresh/<profile>/ (git-ignored) instead of reusing the
# run cache (the tracked runstore/ for standard and paper); a FRESH rerun resumes there (delete
# runs/fresh/ to start over).
FRESH ?=
# EXECUTOR=local|slurm: compute every run of the plan first ('qdistill run-plan'), then render the
# notebooks from the run cache. JOBS=N: runs at once (local); RUN_PLAN_ARGS: more run-plan options
# (e.g. RUN_PLAN_ARGS="--partition cpu --time 24:00:00 --cpus-per-task 4" for Slurm).
EXECUTOR ?=
# NOTEBOOKS="01 02 07": rebuild only these notebooks (names or their numbers): their old outputs are
# removed first, the other notebooks' outputs stay (the folder is not wiped).
NOTEBOOKS ?=
JOBS ?=
RUN_PLAN_ARGS ?=
# Per-cell timeout (seconds) for headless notebook execution; -1: none (a paper-profile cell runs for days).
CELL_TIMEOUT ?= -1
# Where a shared copy of CIFAR-10 (binary version) may be found, relative to the repo.
SHARED_CIFAR ?= ../shared/data/cifar-10-batches-bin
# Package manager used when no Python has Jupyter (Debian only).
APT_GET ?= apt-get
JUPYTER_DEBS := jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core

# Project-local Jupyter: nothing is read from or written to ~/.jupyter. Keep in sync with
# jupyterEnv() in src/tools/jupyter-env.ts (used by the notebook tests).
export JUPYTER_PATH        := $(CURDIR)/.jupyter/share/jupyter
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export IPYTHONDIR          := $(CURDIR)/.jupyter/ipython
# Silences debugpy's "frozen modules" warning printed by Debian's Python 3.11.
export PYDEVD_DISABLE_FILE_VALIDATION := 1

NODE_STAMP   := node_modules/.package-lock.json
BUILD_STAMP  := dist/.build-stamp
PYTHON_FILE  := .jupyter/python
KERNEL_JSON  := .jupyter/share/jupyter/kernels/tslab/kernel.json
TSLAB        := $(CURDIR)/node_modules/.bin/tslab
FIND_PYTHON  := node dist/tools/jupyter-env.js python

# Sources and their directories (a directory's time changes when a file is added/removed).
TS_SOURCES := $(shell find src -name '*.ts' -type f 2>/dev/null) $(shell find src -type d 2>/dev/null)

.PHONY: all deps build jupyter kernel data chromium slurm test reproduce notebook-app notebook lab clean clean-results help

all: build

help:
	@echo "make reproduce   # runs every notebook into results-$(PROFILE)/ (results/ for PROFILE=standard)"
	@echo "                 # NOTEBOOKS=\"01 07\": only those; FRESH=1: runs anew; EXECUTOR=local|slurm: runs first"
	@echo "make test        # runs the test suite"
	@echo "make notebook    # Jupyter in a browser (http://127.0.0.1:$(NOTEBOOK_PORT)/), the notebooks' kernel, PROFILE=$(PROFILE)"
	@echo "other targets: deps build jupyter kernel notebook-app data chromium clean clean-results"

# ---- npm packages -----------------------------------------------------------------------
# The optional @tensorflow/tfjs-node cannot download libtensorflow everywhere; npm then
# skips it and qdistill falls back to the wasm or cpu backend.
deps: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# ---- TypeScript build -------------------------------------------------------------------
build: $(BUILD_STAMP)

$(BUILD_STAMP): $(NODE_STAMP) tsconfig.json $(TS_SOURCES)
	npx tsc -p tsconfig.json
	@chmod +x dist/cli/main.js
	@touch $@

# ---- Jupyter (Python side) --------------------------------------------------------------
# Finds a Python that imports nbconvert, nbclient, ipykernel and jupyter_client
# ($$QDISTILL_JUPYTER_PYTHON, else /usr/bin/python3, python3, python); installs Debian's
# packages when none does and we may; records the choice in .jupyter/python.
jupyter: build
	@mkdir -p .jupyter
	@if ! py=$$($(FIND_PYTHON) 2>/dev/null); then \
	  if [ -z "$${QDISTILL_JUPYTER_PYTHON:-}" ] && command -v $(APT_GET) >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then sudo=""; \
	    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	    else sudo="none"; fi; \
	    if [ "$$sudo" != none ]; then \
	      echo "jupyter: no Python with Jupyter; installing Debian packages: $(JUPYTER_DEBS)"; \
	      $$sudo $(APT_GET) update; \
	      $$sudo env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends $(JUPYTER_DEBS) </dev/null; \
	    fi; \
	  fi; \
	  if ! py=$$($(FIND_PYTHON)); then \
	    echo "jupyter: cannot continue without Jupyter (see above)." >&2; exit 1; \
	  fi; \
	fi; \
	if [ "$$(cat $(PYTHON_FILE) 2>/dev/null)" != "$$py" ]; then \
	  echo "$$py" > $(PYTHON_FILE); echo "jupyter: using $$py"; \
	fi

# ---- project-local tslab kernelspec -----------------------------------------------------
# Installed under .jupyter/share/jupyter/kernels/tslab (found through JUPYTER_PATH only);
# re-installed when missing, when it starts another checkout's tslab, or when the Python
# or node_modules changed. Also writes .jupyter/config/jupyter_nbconvert_config.py, which
# makes nbconvert print a failing cell's output (tslab's error reply is a bare '<Error>').
kernel: jupyter
	@node dist/tools/jupyter-env.js write-config >/dev/null; \
	py=$$(cat $(PYTHON_FILE)); \
	if [ ! -f $(KERNEL_JSON) ] || ! grep -qF '"$(TSLAB)"' $(KERNEL_JSON) \
	   || [ $(PYTHON_FILE) -nt $(KERNEL_JSON) ] || [ $(NODE_STAMP) -nt $(KERNEL_JSON) ]; then \
	  rm -rf .jupyter/share/jupyter/kernels/tslab .jupyter/share/jupyter/kernels/jslab; \
	  $(TSLAB) install --python="$$py" --binary=$(TSLAB) --prefix=$(CURDIR)/.jupyter; \
	  touch $(KERNEL_JSON); \
	  specs=$$("$$py" -m jupyter kernelspec list); echo "$$specs"; \
	  if ! grep -qF "$(CURDIR)/.jupyter/share/jupyter/kernels/tslab" <<<"$$specs"; then \
	    echo "kernel: tslab kernelspec not visible to Jupyter under JUPYTER_PATH=$(JUPYTER_PATH)" >&2; exit 1; \
	  fi; \
	fi

# ---- data ---------------------------------------------------------------------------------
# Links a shared CIFAR-10 (binary version) into data/ when one exists; MNIST needs nothing.
data:
	@link=data/cifar-10-batches-bin; \
	if [ -e "$$link" ] && [ ! -L "$$link" ]; then \
	  :; \
	elif [ -d "$(SHARED_CIFAR)" ]; then \
	  target=$$(realpath "$(SHARED_CIFAR)"); \
	  if [ "$$(readlink "$$link" 2>/dev/null)" != "$$target" ]; then \
	    ln -sfn "$$target" "$$link"; echo "data: linked $$link -> $$target"; \
	  fi; \
	else \
	  echo "data: $(SHARED_CIFAR) not found; CIFAR-10 not linked (see data/README.md)"; \
	fi

# ---- Slurm (the scale-out executor's test) ----------------------------------------------------
# The Slurm executor is tested on a real one-node cluster the test starts and stops itself
# (test/scale/slurm_cluster.ts). Installs Debian's slurm-wlm and munge when missing and we may;
# otherwise that test skips and says why.
SLURM_DEBS := slurm-wlm munge
slurm:
	@if ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then \
	  if command -v $(APT_GET) >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "slurm: installing Debian's $(SLURM_DEBS) for the Slurm executor's test"; \
	    $(APT_GET) update; \
	    env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends $(SLURM_DEBS) </dev/null \
	      || echo "slurm: installation failed; the Slurm executor's test will skip" >&2; \
	  else \
	    echo "slurm: no Slurm and no root to install it; the Slurm executor's test will skip"; \
	  fi; \
	fi

# ---- tests --------------------------------------------------------------------------------
# Test files run TEST_CONCURRENCY at a time (Node's default on 2 cores is 1). Every test makes its
# own temporary folders, ports and services, so files do not share state. On the 2-core machine
# (fresh clone, 2026-12-07): idle, 8.6 min of tests (9.0 with setup) against 13.4 serially; beside
# 6 niced runs, 9.6-10.2 min against 16.4.
TEST_CONCURRENCY ?= 2
test: deps build jupyter kernel data slurm notebook-app chromium
	npx tsc -p test/tsconfig.json
	@files=$$(find test -type f -name '*.test.ts' | LC_ALL=C sort); \
	QDISTILL_JUPYTER_PYTHON=$$(cat $(PYTHON_FILE)) node --import tsx --import ./test/setup.ts --test \
	  --test-concurrency=$(TEST_CONCURRENCY) $$files

# ---- Chromium (PNG figures) ---------------------------------------------------------------
# The results writer renders PNG figures with a headless Chromium (playwright-core). Installs
# Debian's chromium when none is found and we may; otherwise figures are written as HTML only
# (each notebook says why the PNG is missing).
CHROMIUM_DEBS := chromium
chromium: build
	@if ! node dist/tools/reproduce.js chromium >/dev/null 2>&1; then \
	  if command -v $(APT_GET) >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	    sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	    echo "chromium: none found; installing Debian's $(CHROMIUM_DEBS) for PNG figures"; \
	    $$sudo $(APT_GET) update; \
	    $$sudo env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends $(CHROMIUM_DEBS) </dev/null \
	      || echo "chromium: installation failed; figures will be HTML only" >&2; \
	  else \
	    echo "chromium: $$(node dist/tools/reproduce.js chromium 2>&1); figures will be HTML only" >&2; \
	  fi; \
	fi

# ---- notebooks ----------------------------------------------------------------------------
# Wipes the profile's results folder (results/ for standard, results-<profile>/ otherwise; with
# NOTEBOOKS="01 07" only those notebooks' own outputs go, and only they run: src/results/notebook_select.ts) and
# executes every notebook in name order (PROFILE → QDISTILL_PROFILE; the notebook's file name →
# QDISTILL_NOTEBOOK, which picks its results folder: a notebook that is not one of the committed
# ones, such as 99-template-variant.ipynb or a copy, writes to results-copies/<profile>/<name>/).
# Experiment runs are cached in runstore/<profile>/ (standard, paper: tracked) or
# runs/reproduce/<profile>/ (quick), so a rerun after an interruption
# resumes them; `make clean-results` deletes the results folders and the quick run cache (runs/reproduce/;
# the tracked run store runstore/ stays).
reproduce: deps build jupyter kernel data chromium
	@py=$$(cat $(PYTHON_FILE)); \
	if [ -n "$(FRESH)" ]; then \
	  export QDISTILL_RUNS_DIR=$(CURDIR)/runs/fresh; \
	  echo "reproduce: FRESH=1: runs computed in runs/fresh/$(PROFILE)/ (the run store is not used)"; \
	fi; \
	nbs=$$(find notebooks -maxdepth 1 -type f -name '*.ipynb' -printf '%f\n' | LC_ALL=C sort); \
	if [ -n "$(NOTEBOOKS)" ]; then nbs=$$(node dist/tools/reproduce.js select $(NOTEBOOKS)); fi; \
	QDISTILL_PROFILE=$(PROFILE) node dist/tools/reproduce.js plan $(if $(NOTEBOOKS),$$nbs); \
	if [ -n "$(EXECUTOR)" ]; then \
	  echo "reproduce: EXECUTOR=$(EXECUTOR): computing the plan's runs first (qdistill run-plan)"; \
	  node dist/cli/main.js run-plan --profile $(PROFILE) --executor $(EXECUTOR) $(if $(JOBS),--jobs $(JOBS)) \
	    $(if $(NOTEBOOKS),--notebooks $$(printf '%s\n' $$nbs | cut -d- -f1 | paste -sd,)) $(RUN_PLAN_ARGS); \
	fi; \
	out=$$(QDISTILL_PROFILE=$(PROFILE) node dist/tools/reproduce.js dir); \
	if [ -n "$(NOTEBOOKS)" ]; then \
	  echo "reproduce: outputs of profile $(PROFILE) go to $$out (only those of $$(echo $$nbs) are replaced)"; \
	  QDISTILL_PROFILE=$(PROFILE) node dist/tools/reproduce.js forget $$nbs; mkdir -p "$$out/executed"; \
	else \
	  echo "reproduce: outputs of profile $(PROFILE) go to $$out (wiped first)"; \
	  find "$$out" -mindepth 1 -delete 2>/dev/null || true; mkdir -p "$$out/executed"; \
	fi; \
	log=$$(mktemp); progress=$$(mktemp); trap 'rm -f "$$log" "$$progress"; kill $$tailer 2>/dev/null || true' EXIT; \
	tail -n 0 -F "$$progress" 2>/dev/null | sed -u 's/^/reproduce:   /' & tailer=$$!; \
	for name in $$nbs; do \
	  nb=notebooks/$$name; start=$$SECONDS; \
	  executed=$$(QDISTILL_PROFILE=$(PROFILE) node dist/tools/reproduce.js executed-dir "$$name"); mkdir -p "$$executed"; \
	  echo "reproduce: executing $$nb (PROFILE=$(PROFILE))"; \
	  if ! QDISTILL_PROFILE=$(PROFILE) QDISTILL_NOTEBOOK="$$name" QDISTILL_PROGRESS_FILE="$$progress" "$$py" -m nbconvert --to notebook --execute \
	        --ExecutePreprocessor.timeout=$(CELL_TIMEOUT) \
	        --output-dir "$$executed" --output "$${name%.ipynb}" "$$nb" >"$$log" 2>&1; then \
	    echo "reproduce: notebook $$name failed" >&2; \
	    if grep -q '^qdistill: output of the failing cell' "$$log"; then \
	      sed -n '/^qdistill: output of the failing cell/,/^qdistill: end of the failing cell output/p' "$$log" >&2; \
	      sed -n '/An error occurred while executing the following cell/,$$p' "$$log" >&2; \
	    else \
	      cat "$$log" >&2; \
	    fi; \
	    echo "reproduce: stopped at $$nb (the notebooks before it are in $$out/executed/)" >&2; \
	    exit 1; \
	  fi; \
	  echo "reproduce: wrote $$executed/$$name ($$((SECONDS - start)) s)"; \
	done; \
	QDISTILL_PROFILE=$(PROFILE) node dist/tools/reproduce.js readme

# ---- Jupyter in a browser -------------------------------------------------------------------
# notebook-app: installs Debian's jupyter-notebook where the Jupyter Python cannot import
# 'notebook' and we may (as `jupyter` installs nbconvert); otherwise says what to install and
# goes on (the browser test then skips and says why).
NOTEBOOK_DEBS := jupyter-notebook
notebook-app: jupyter
	@py=$$(cat $(PYTHON_FILE)); \
	if ! "$$py" -c 'import notebook' >/dev/null 2>&1; then \
	  if [ -z "$${QDISTILL_JUPYTER_PYTHON:-}" ] && command -v $(APT_GET) >/dev/null 2>&1 \
	     && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	    sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	    echo "notebook: $$py has no Jupyter Notebook; installing Debian's $(NOTEBOOK_DEBS)"; \
	    $$sudo $(APT_GET) update; \
	    $$sudo env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y --no-install-recommends $(NOTEBOOK_DEBS) </dev/null \
	      || echo "notebook: installation failed" >&2; \
	  fi; \
	  if ! "$$py" -c 'import notebook' >/dev/null 2>&1; then \
	    echo "notebook: $$py cannot import 'notebook'; install it: apt-get install $(NOTEBOOK_DEBS) (Debian, as root)," \
	      "or $$py -m pip install notebook" >&2; \
	  fi; \
	fi

# notebook (or lab): starts the classic Jupyter Notebook on 127.0.0.1:$(NOTEBOOK_PORT) in the
# repository root, with the project-local tslab kernel and PROFILE → QDISTILL_PROFILE, and
# prints the URL to open (with a fresh token). Ctrl-C stops the server.
NOTEBOOK_PORT ?= 8888
notebook: deps build jupyter kernel data notebook-app
	@py=$$(cat $(PYTHON_FILE)); \
	"$$py" -c 'import notebook' >/dev/null 2>&1 || exit 1; \
	token=$$("$$py" -c 'import secrets; print(secrets.token_hex(24))'); root=""; [ "$$(id -u)" != 0 ] || root=--allow-root; \
	echo "notebook: profile $(PROFILE); open http://127.0.0.1:$(NOTEBOOK_PORT)/tree/notebooks?token=$$token"; \
	echo "notebook: Ctrl-C stops the server; Kernel > Interrupt stops a running cell after its current iteration; port in use: make notebook NOTEBOOK_PORT=8899"; \
	QDISTILL_PROFILE=$(PROFILE) exec "$$py" -m notebook --no-browser --ip=127.0.0.1 --port=$(NOTEBOOK_PORT) \
	  --NotebookApp.port_retries=0 --NotebookApp.token="$$token" --notebook-dir="$(CURDIR)" $$root

lab: notebook

clean:
	rm -rf dist .jupyter

# Keeps results-copies/ (the outputs of your own notebooks and copies).
clean-results:
	find results -mindepth 1 -delete 2>/dev/null || true
	find . -maxdepth 1 -type d -name 'results-*' ! -name results-copies -exec rm -rf {} +
	rm -rf runs/reproduce
