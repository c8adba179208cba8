// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF fentry row of the benchmark: a BPF trampoline on the module's
 * ftrace_bench_target(), which the kernel attaches through the ftrace
 * direct-call API, running a program that counts its calls the way the
 * module's own handlers do (a plain increment: the module times the
 * target on one CPU with interrupts off).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 hits;

SEC("fentry/ftrace_bench_target")
int BPF_PROG(bench_fentry, unsigned long i)
{
	hits++;
	return 0;
}
