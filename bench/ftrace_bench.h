/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FTRACE_BENCH_H
#define FTRACE_BENCH_H

/*
 * In trampoline_$(SRCARCH).S: the empty direct trampoline, and two
 * functions that differ only in their callsite, unpatched (NOPs) and
 * patched to call the trampoline.
 */
void ftrace_bench_tramp(void);
void ftrace_bench_site_nops(void);
void ftrace_bench_site_call(void);

/* In ftrace_bench.c: the function every row hooks. */
void ftrace_bench_target(unsigned long i);

#endif /* FTRACE_BENCH_H */
