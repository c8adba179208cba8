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
 *
 *   bpf_direct nomem
 *	fentry "watch" and fexit "watch_exit" on wake_up_process(), one
 *	trampoline image calling both, then a detach of "watch" that fails
 *	with -ENOMEM: fmod_ret on should_failslab() fails the loader's next
 *	slab allocation, the first one the detach makes.  The image stays in
 *	place and still calls "watch", so the kernel must keep "watch" as
 *	long as the image stays, and free it once "watch_exit" is detached
 *	too and the image is gone.  One "PASS: ..." or "FAIL: ..." line per
 *	check; the exit status is the number of failed checks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/syscall.h>
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

/* prog_alive ID: whether the kernel still has the BPF program ID. */
static int prog_alive(__u32 id)
{
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	close(fd);
	return 1;
}

static int nomem(struct direct_test *skel)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct bpf_link *fail, *watch, *watch_exit = NULL;
	unsigned long long before, after;
	int fd, nullfd, alive, tenths;

	fail = attach(skel->progs.fail_slab);
	watch = attach(skel->progs.watch);
	if (watch)
		watch_exit = attach(skel->progs.watch_exit);
	if (!fail || !watch || !watch_exit)
		goto out;
	fd = bpf_program__fd(skel->progs.watch);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		check(0, "the id of watch: %s", strerror(errno));
		goto out;
	}
	/*
	 * Give up the loader's own reference on "watch": its link holds it,
	 * and after the detach only the kernel may.  /dev/null takes the
	 * descriptor's place, so that libbpf closes that in the end.
	 */
	nullfd = open("/dev/null", O_RDONLY);
	if (nullfd < 0 || dup2(nullfd, fd) < 0) {
		check(0, "give up the loader's reference on watch: %s", strerror(errno));
		goto out;
	}
	close(nullfd);

	skel->bss->fail_tid = syscall(SYS_gettid);
	skel->bss->fail_left = 1;
	bpf_link__destroy(watch);
	watch = NULL;
	skel->bss->fail_tid = 0;
	check(skel->bss->fail_hits == 1,
	      "the detach of watch met the injected -ENOMEM: %llu allocations failed",
	      (unsigned long long)skel->bss->fail_hits);

	before = skel->bss->watch_hits;
	sleep(1);
	after = skel->bss->watch_hits;
	check(after > before, "the image kept in place still calls watch: %llu, then %llu hits",
	      before, after);
	alive = prog_alive(info.id);
	check(alive == 1, "watch is kept while its image stays in place: %s",
	      alive == 1 ? "ok" : alive ? strerror(-alive) : "freed");

	/* The image goes after its grace periods, and "watch" with it. */
	bpf_link__destroy(watch_exit);
	watch_exit = NULL;
	for (tenths = 0; tenths < 300; tenths++) {
		alive = prog_alive(info.id);
		if (alive != 1)
			break;
		usleep(100000);
	}
	check(alive == 0, "watch is freed once its image is gone: %s after %d.%d s",
	      alive == 1 ? "still there" : alive ? strerror(-alive) : "freed",
	      tenths / 10, tenths % 10);
out:
	bpf_link__destroy(watch);
	bpf_link__destroy(watch_exit);
	bpf_link__destroy(fail);
	return failures;
}

int main(int argc, char **argv)
{
	struct direct_test *skel;
	int is_run, is_nomem, ret;

	if (argc < 2 || (strcmp(argv[1], "nomem") && argc < 3) ||
	    (strcmp(argv[1], "run") && strcmp(argv[1], "watch") && strcmp(argv[1], "nomem"))) {
		fprintf(stderr, "usage: %s run N | watch SECONDS [READY] | nomem\n", argv[0]);
		return 1;
	}
	is_run = !strcmp(argv[1], "run");
	is_nomem = !strcmp(argv[1], "nomem");
	libbpf_set_print(print_warnings);

	skel = direct_test__open();
	if (!skel) {
		check(0, "open the BPF object: %s", strerror(errno));
		return 1;
	}
	/* Load only what this mode attaches. */
	bpf_program__set_autoload(skel->progs.watch, !is_run);
	bpf_program__set_autoload(skel->progs.watch_exit, is_nomem);
	bpf_program__set_autoload(skel->progs.fail_slab, is_nomem);
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
	else if (is_nomem)
		ret = nomem(skel);
	else
		ret = watch(skel, atoi(argv[2]), argc > 3 ? argv[3] : NULL);
	direct_test__destroy(skel);
	return ret;
}
