# SPDX-License-Identifier: GPL-2.0
# Patch-queue harness for the ftrace direct-call series on Debian's
# linux-source-6.1.  "make help" lists the targets.

ARCH ?= x86_64
VARIANT ?= series
PLAN ?= check
# FLAVOUR=debug|bti|bpf adds configs/FLAVOUR.config; DEBUG=1 means debug.
FLAVOUR ?= $(if $(DEBUG),debug)
export FLAVOUR
S := scripts

.PHONY: help check demo deps source tree export kernel initramfs boot report \
	checkpatch test-harness results results-status bisect-check bpf bpf-selftests bti race lifetime fullsuite extmod model model-bug bench lava lava-check clean

help:
	@echo "make check          apply, checkpatch, build and boot both arches, run the plan"
	@echo "make demo           boot the series kernel and show the ftrace-direct sample firing"
	@echo "make tree           materialise build/linux: the series as commits on 'base'"
	@echo "make export         write patches/ back from build/linux"
	@echo "make kernel ARCH=x86_64|arm64 VARIANT=series|base|dev [FLAVOUR=debug|bti|bpf]"
	@echo "make boot ARCH=... VARIANT=... [FTRACETEST_DIRS='test.d/direct']"
	@echo "make report         tables and KTAP from the last boots"
	@echo "make checkpatch     checkpatch --strict on every patch"
	@echo "make test-harness   host-side tests of the harness"
	@echo "make results        copy the last runs' summaries (build/results/) to results/"
	@echo "make results-status per committed result: its date, patches and series; current or stale"
	@echo "make bisect-check   build every prefix of the series on both arches"
	@echo "make bench          per-call cost of direct calls, ftrace_ops, kprobes (bench/results.*)"
	@echo "make bpf            BPF fentry/fexit/fmod_ret on the FLAVOUR=bpf kernels"
	@echo "make bpf-selftests  the kernel's own test_progs trampoline tests, base and series, both arches"
	@echo "make bti            arm64 with BTI and pointer auth enforced (clang), plus a negative control"
	@echo "make race           1000 race rounds on the debug kernels (lockdep, kmemleak), both arches"
	@echo "make lifetime       direct calls unregistered under preemptible readers (PREEMPT, KASAN)"
	@echo "make fullsuite      every ftracetest directory on base and series, both arches: no new FAIL"
	@echo "make extmod         out-of-tree modules against the series' linux-headers package (arm64)"
	@echo "make model          random API sequences checked against a reference model (model/)"
	@echo "make model-bug      the model against a kernel with a deliberate bookkeeping bug: it must diverge"
	@echo "make lava [PLAN=check] [LAVA_URL=https://...]  LAVA jobs and artifacts for make check's boots (build/lava/PLAN)"
	@echo "make lava-check     run the qemu LAVA jobs under lava-run, compare with make check's verdicts"

# make check ends with the status of the committed results (information
# only: its exit status is make check's own).
check:
	@$(S)/record.sh check $(S)/check.sh; rc=$$?; $(S)/results-status.sh; exit $$rc

demo:
	$(S)/demo.sh

deps:
	$(S)/install-deps.sh

source: deps
	$(S)/prepare-trees.sh

tree: deps
	$(S)/materialise.sh

# STRICT=1: fail on a cover-letter block recorded on another series.
export:
	$(S)/export-series.sh

results-status:
	$(S)/results-status.sh

kernel: source
	$(S)/build-kernel.sh $(ARCH) $(VARIANT)

initramfs:
	$(S)/make-initramfs.sh $(ARCH) $(VARIANT)

boot: kernel initramfs
	$(S)/boot.sh $(ARCH) $(VARIANT) $(PLAN)
	$(S)/report.sh $(ARCH)-$(VARIANT)$(if $(FLAVOUR),-$(FLAVOUR))

report:
	$(S)/report.sh

checkpatch: source
	$(S)/checkpatch-series.sh

test-harness:
	tests/run.sh

bisect-check: source
	$(S)/record.sh bisect-check $(S)/bisect-check.sh

bpf:
	$(S)/record.sh bpf $(S)/bpf-check.sh

bpf-selftests:
	$(S)/record.sh bpf-selftests $(S)/bpf-selftests-check.sh

bti:
	$(S)/record.sh bti $(S)/bti-check.sh

race:
	$(S)/record.sh race $(S)/race-check.sh

extmod:
	$(S)/record.sh extmod $(S)/extmod-check.sh

model:
	$(S)/record.sh model $(S)/model-check.sh

# The model's kernel-side negative control: a kernel with a deliberate
# bookkeeping bug (tests/model/site-ops-bug.patch) must diverge.
model-bug:
	$(S)/record.sh model-bug env MODEL_BUG=1 $(S)/model-check.sh

lifetime:
	$(S)/record.sh lifetime $(S)/lifetime-check.sh

fullsuite:
	$(S)/record.sh fullsuite $(S)/fullsuite-check.sh

bench:
	$(S)/record.sh bench $(S)/bench.sh

# LAVA jobs for the boots of make check (or RUNS), with PLAN; LAVA_URL:
# where the directory will be served from (docs/lava.md).
lava:
	$(S)/lava.sh --plan $(PLAN) $(if $(LAVA_URL),--url '$(LAVA_URL)') $(RUNS)

lava-check:
	$(S)/record.sh lava-check $(S)/lava-check.sh

# The summaries of the last runs (build/results/, scripts/record.sh) into
# results/, to be committed; "make export" then pastes them into the
# cover letter.
results:
	@ls build/results/*.txt >/dev/null 2>&1 || { echo "no summaries in build/results/"; exit 1; }
	mkdir -p results
	cp build/results/*.txt results/
	$(S)/results-status.sh --write-readme

clean:
	rm -rf build/out build/worktrees
