// SPDX-License-Identifier: GPL-2.0
/*
 * BPF trampolines on kernel functions, which the kernel attaches through
 * the ftrace direct-call API.  The loader (bpf_direct.c) triggers the
 * traced functions with BPF_PROG_TEST_RUN, which calls bpf_fentry_test1()
 * and bpf_modify_return_test() a known number of times, and checks the
 * counters below.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 fentry_hits;
__u64 fexit_hits;
__u64 fexit_bad_ret;
__u64 fmod_ret_hits;
__u64 fexit_mod_hits;
int fexit_mod_ret;
/* What fmod_ret returns; non-zero skips bpf_modify_return_test(). */
int fmod_ret_value;
__u64 watch_hits;
__u64 watch_exit_hits;
/* The nomem test: fail_left slab allocations of thread fail_tid fail. */
int fail_tid;
int fail_left;
__u64 fail_hits;

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(fentry_test1, int a)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

SEC("fexit/bpf_fentry_test1")
int BPF_PROG(fexit_test1, int a, int ret)
{
	__sync_fetch_and_add(&fexit_hits, 1);
	/* bpf_fentry_test1() returns its argument plus one. */
	if (ret != a + 1)
		__sync_fetch_and_add(&fexit_bad_ret, 1);
	return 0;
}

SEC("fmod_ret/bpf_modify_return_test")
int BPF_PROG(fmod_ret_test, int a, int *b, int ret)
{
	__sync_fetch_and_add(&fmod_ret_hits, 1);
	return fmod_ret_value;
}

SEC("fexit/bpf_modify_return_test")
int BPF_PROG(fexit_mod, int a, int *b, int ret)
{
	__sync_fetch_and_add(&fexit_mod_hits, 1);
	fexit_mod_ret = ret;
	return 0;
}

/* The function the ftrace-direct sample hooks, for the sharing tests. */
SEC("fentry/wake_up_process")
int BPF_PROG(watch, struct task_struct *p)
{
	__sync_fetch_and_add(&watch_hits, 1);
	return 0;
}

/* A second program on the trampoline of wake_up_process(). */
SEC("fexit/wake_up_process")
int BPF_PROG(watch_exit, struct task_struct *p, int ret)
{
	__sync_fetch_and_add(&watch_exit_hits, 1);
	return 0;
}

/*
 * should_failslab() is on the error-injection list, so fmod_ret may make
 * it return -ENOMEM: the slab allocation that asked then fails.  Only the
 * loader's own thread is failed, and only while it has armed fail_left.
 */
SEC("fmod_ret/should_failslab")
int BPF_PROG(fail_slab, struct kmem_cache *s, gfp_t gfpflags, int ret)
{
	if (!fail_tid || (__u32)bpf_get_current_pid_tgid() != fail_tid ||
	    fail_left <= 0)
		return 0;
	fail_left--;
	fail_hits++;
	return -12;	/* -ENOMEM */
}
