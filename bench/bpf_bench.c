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
 * The exit status is 0 for a number and 1 for an error.
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

static int param_write(const char *name, const char *val)
{
	FILE *f = param_open(name, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int main(void)
{
	unsigned long long loops, runs, last;
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

	skel->bss->hits = 0;
	if (param_write("measure", ROW) || param_read("last", &last)) {
		printf(ROW " error measure %d\n", -errno);
		err = -1;
		goto out;
	}
	if (skel->bss->hits != loops * runs) {
		printf(ROW " error handler ran %llu times, not %llu\n",
		       (unsigned long long)skel->bss->hits, loops * runs);
		err = -1;
		goto out;
	}
	printf(ROW " %llu.%02llu\n", last / 100, last % 100);
out:
	bench_fentry__destroy(skel);
	return err ? 1 : 0;
}
