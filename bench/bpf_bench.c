// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_bench: the BPF fentry row of the ftrace hook benchmark.
 *
 * With ftrace-bench.ko loaded, attach bench_fentry.bpf.c's fentry program
 * to ftrace_bench_target(), have the module time the target (its
 * "measure" parameter), check that the program ran once per call, and
 * print the row as the module prints the others:
 *
 *	bpf_fentry <instructions per call>
 *	bpf_fentry error <what> <errno or count>
 *
 * then the same once more as bpf_fentry_k30, with the module's 30 other
 * ftrace_ops registered elsewhere (its "others" parameter).  Before them,
 *
 *	where bpf_fentry dist=<bytes>
 *
 * says how far the BPF trampoline (the bpf_trampoline_* symbol in
 * /proc/kallsyms) is from the traced function; the module's own "where"
 * line says what the callsite calls.
 *
 * The exit status is 0 for numbers and 1 for an error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bench_fentry.skel.h"

#define PARAMS	"/sys/module/ftrace_bench/parameters/"
#define ROW	"bpf_fentry"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static FILE *param_open(const char *name, const char *mode)
{
	char path[128];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	return fopen(path, mode);
}

/* Read one unsigned number from a module parameter; -1 on failure. */
static int param_read(const char *name, unsigned long long *val)
{
	FILE *f = param_open(name, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%llu", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/*
 * The address of ftrace_bench_target and of the first BPF trampoline in
 * /proc/kallsyms; 0 when one is not there.
 */
static void kallsyms_find(unsigned long long *target, unsigned long long *tramp)
{
	char line[512], name[256];
	unsigned long long addr;
	FILE *f = fopen("/proc/kallsyms", "r");
	char type;

	*target = *tramp = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (!strcmp(name, "ftrace_bench_target"))
			*target = addr;
		else if (!*tramp && !strncmp(name, "bpf_trampoline_", 15))
			*tramp = addr;
	}
	fclose(f);
}

static int param_write(const char *name, const char *val)
{
	FILE *f = param_open(name, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Time the target as ROW and print the row; 0 or -1. */
static int measure(struct bench_fentry *skel, const char *row,
		   unsigned long long want)
{
	unsigned long long last;

	skel->bss->hits = 0;
	if (param_write("measure", row) || param_read("last", &last)) {
		printf("%s error measure %d\n", row, -errno);
		return -1;
	}
	if (skel->bss->hits != want) {
		printf("%s error handler ran %llu times, not %llu\n", row,
		       (unsigned long long)skel->bss->hits, want);
		return -1;
	}
	printf("%s %llu.%02llu\n", row, last / 100, last % 100);
	return 0;
}

int main(void)
{
	unsigned long long loops, runs, target, tramp;
	struct bench_fentry *skel;
	int err;

	libbpf_set_print(quiet);
	if (param_read("loops", &loops) || param_read("runs", &runs)) {
		printf(ROW " error ftrace-bench.ko is not loaded\n");
		return 1;
	}

	skel = bench_fentry__open_and_load();
	if (!skel) {
		printf(ROW " error load %d\n", -errno);
		return 1;
	}
	err = bench_fentry__attach(skel);
	if (err) {
		printf(ROW " error attach %d\n", err);
		goto out;
	}

	kallsyms_find(&target, &tramp);
	if (target && tramp)
		printf("where " ROW " dist=%lld\n", (long long)(tramp - target));

	err = measure(skel, ROW, loops * runs);
	if (err)
		goto out;
	if (param_write("others", "1")) {
		printf(ROW "_k30 error others %d\n", -errno);
		err = -1;
		goto out;
	}
	err = measure(skel, ROW "_k30", loops * runs);
	if (param_write("others", "0")) {
		printf(ROW "_k30 error others off %d\n", -errno);
		err = -1;
	}
out:
	bench_fentry__destroy(skel);
	return err ? 1 : 0;
}
