// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_direct: attach the programs of direct_test.bpf.c and check that they
 * fire exactly as often as their functions are called.
 *
 *   bpf_direct run N
 *	fentry and fexit on bpf_fentry_test1(), fmod_ret and fexit on
 *	bpf_modify_return_test(); BPF_PROG_TEST_RUN calls them.  Prints one
 *	"PASS: ..." or "FAIL: ..." line per check; the exit status is the
 *	number of failed checks.
 *
 *   bpf_direct watch SECONDS [READY]
 *	fentry on wake_up_process(), for the sharing tests.  Creates the file
 *	READY once attached, prints "watch hits N" after SECONDS and exits 0.
 *	If the attach fails it prints "attach failed: ERRNO (text)" and exits 2.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "direct_test.skel.h"

/* The test-run value of bpf_modify_return_test(1, &b) with b == 2. */
#define MODRET_UNCHANGED	((1 << 16) | 4)
#define MODRET_VALUE		1234

static int failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failures++;
}

static int print_warnings(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static struct bpf_link *attach(struct bpf_program *prog)
{
	struct bpf_link *link = bpf_program__attach(prog);
	int err = errno;

	check(link != NULL, "attach %s: %s", bpf_program__name(prog),
	      link ? "ok" : strerror(err));
	if (!link)
		printf("attach failed: %d (%s)\n", -err, strerror(err));
	return link;
}

static int test_run(struct bpf_program *prog, unsigned int *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	*retval = opts.retval;
	return err;
}

static int run(struct direct_test *skel, long n)
{
	struct bpf_link *links[4] = {};
	unsigned int retval;
	long i, runs = 0;
	int j, err;

	links[0] = attach(skel->progs.fentry_test1);
	links[1] = attach(skel->progs.fexit_test1);
	links[2] = attach(skel->progs.fmod_ret_test);
	links[3] = attach(skel->progs.fexit_mod);
	for (j = 0; j < 4; j++)
		if (!links[j])
			goto out;

	for (i = 0; i < n; i++) {
		err = test_run(skel->progs.fentry_test1, &retval);
		if (err) {
			check(0, "test run %ld of bpf_fentry_test1: %s", i, strerror(-err));
			break;
		}
		runs++;
	}
	check(skel->bss->fentry_hits == runs && runs == n,
	      "fentry on bpf_fentry_test1: %llu hits for %ld calls",
	      (unsigned long long)skel->bss->fentry_hits, runs);
	check(skel->bss->fexit_hits == runs && runs == n,
	      "fexit on bpf_fentry_test1: %llu hits for %ld calls",
	      (unsigned long long)skel->bss->fexit_hits, runs);
	check(skel->bss->fexit_bad_ret == 0,
	      "fexit on bpf_fentry_test1 saw the right return value: %llu wrong",
	      (unsigned long long)skel->bss->fexit_bad_ret);

	skel->bss->fmod_ret_value = 0;
	err = test_run(skel->progs.fmod_ret_test, &retval);
	check(!err && retval == MODRET_UNCHANGED && skel->bss->fexit_mod_ret == 4,
	      "fmod_ret returning 0 leaves bpf_modify_return_test alone: retval %#x, fexit saw %d",
	      retval, skel->bss->fexit_mod_ret);
	skel->bss->fmod_ret_value = MODRET_VALUE;
	err = test_run(skel->progs.fmod_ret_test, &retval);
	check(!err && retval == MODRET_VALUE && skel->bss->fexit_mod_ret == MODRET_VALUE,
	      "fmod_ret returning %d replaces bpf_modify_return_test: retval %#x, fexit saw %d",
	      MODRET_VALUE, retval, skel->bss->fexit_mod_ret);
	check(skel->bss->fmod_ret_hits == 2 && skel->bss->fexit_mod_hits == 2,
	      "fmod_ret and fexit on bpf_modify_return_test: %llu and %llu hits for 2 calls",
	      (unsigned long long)skel->bss->fmod_ret_hits,
	      (unsigned long long)skel->bss->fexit_mod_hits);
out:
	for (j = 0; j < 4; j++)
		bpf_link__destroy(links[j]);
	return failures;
}

static int watch(struct direct_test *skel, int seconds, const char *ready)
{
	struct bpf_link *link;
	int fd;

	link = attach(skel->progs.watch);
	if (!link)
		return 2;
	if (ready) {
		fd = open(ready, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
	}
	sleep(seconds);
	printf("watch hits %llu\n", (unsigned long long)skel->bss->watch_hits);
	bpf_link__destroy(link);
	return 0;
}

int main(int argc, char **argv)
{
	struct direct_test *skel;
	int is_run, ret;

	if (argc < 3 || (strcmp(argv[1], "run") && strcmp(argv[1], "watch"))) {
		fprintf(stderr, "usage: %s run N | watch SECONDS [READY]\n", argv[0]);
		return 1;
	}
	is_run = !strcmp(argv[1], "run");
	libbpf_set_print(print_warnings);

	skel = direct_test__open();
	if (!skel) {
		check(0, "open the BPF object: %s", strerror(errno));
		return 1;
	}
	/* Load only what this mode attaches. */
	bpf_program__set_autoload(skel->progs.watch, !is_run);
	bpf_program__set_autoload(skel->progs.fentry_test1, is_run);
	bpf_program__set_autoload(skel->progs.fexit_test1, is_run);
	bpf_program__set_autoload(skel->progs.fmod_ret_test, is_run);
	bpf_program__set_autoload(skel->progs.fexit_mod, is_run);
	ret = direct_test__load(skel);
	if (ret) {
		check(0, "load the BPF object: %s", strerror(-ret));
		direct_test__destroy(skel);
		return 1;
	}
	if (is_run)
		ret = run(skel, strtol(argv[2], NULL, 0));
	else
		ret = watch(skel, atoi(argv[2]), argc > 3 ? argv[3] : NULL);
	direct_test__destroy(skel);
	return ret;
}
