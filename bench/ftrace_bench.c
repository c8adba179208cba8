// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_bench: what each way of hooking a function entry costs per call.
 *
 * The module calls a traced function, ftrace_bench_target(), @loops times
 * with interrupts off, once per configuration (untraced, direct trampoline,
 * ftrace_ops callbacks, kprobe, fprobe), @runs times each, and keeps the
 * fastest run.  Time is ktime_get_ns(): under QEMU with
 * "-icount shift=0,sleep=off" a guest nanosecond is one retired
 * instruction, so the numbers are instructions per call.
 *
 * Each configuration prints one line to the kernel log,
 *
 *	ftrace_bench: <row> <instructions per call>
 *	ftrace_bench: <row> n/a		(not built into this kernel)
 *	ftrace_bench: <row> error <why>	(it is built in but failed)
 *
 * and the last line is "ftrace_bench: done".  scripts/bench.sh reads them.
 *
 * Hooks that are attached from user space, the BPF fentry row
 * (bench/bpf_bench.c), measure after init: writing a row name to the
 * parameter "measure" times the target once more, and "last" then holds
 * the instructions per call in hundredths.  The handler's count is the
 * caller's to check: it must be @loops times @runs.
 */
#define pr_fmt(fmt) "ftrace_bench: " fmt

#include <linux/errno.h>
#include <linux/fprobe.h>
#include <linux/ftrace.h>
#include <linux/irqflags.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>

#include "ftrace_bench.h"

static unsigned long loops = 50000;
module_param(loops, ulong, 0444);
MODULE_PARM_DESC(loops, "calls of the target per run (default 50000)");

static unsigned int runs = 5;
module_param(runs, uint, 0444);
MODULE_PARM_DESC(runs, "runs per configuration; the fastest counts (default 5)");

static unsigned long ftrace_bench_sink;

/*
 * The function every configuration hooks.  It is global, takes the loop
 * counter and stores it, so that the compiler neither drops the calls nor
 * redirects them to a specialised clone that ftrace would not be hooking.
 */
noinline void ftrace_bench_target(unsigned long i)
{
	WRITE_ONCE(ftrace_bench_sink, i);
}

/* Handler calls, checked after each hooked configuration. */
static unsigned long ftrace_bench_hits;

static void ftrace_bench_loop_target(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		ftrace_bench_target(i);
}

static void ftrace_bench_loop_site_nops(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		ftrace_bench_site_nops();
}

static void ftrace_bench_loop_site_call(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		ftrace_bench_site_call();
}

/*
 * ftrace_bench_measure - the fastest of @runs runs of @loop, in hundredths
 * of a nanosecond (of an instruction, under icount) per call.
 *
 * Interrupts are off while the loop runs, so a timer tick on this CPU
 * neither lands in a run nor moves it to another CPU.
 */
static u64 ftrace_bench_measure(void (*loop)(unsigned long))
{
	u64 best = U64_MAX;
	unsigned long flags;
	unsigned int r;
	u64 t0, t1;

	for (r = 0; r < runs; r++) {
		local_irq_save(flags);
		t0 = ktime_get_ns();
		loop(loops);
		t1 = ktime_get_ns();
		local_irq_restore(flags);
		best = min(best, t1 - t0);
		cond_resched();
	}
	return div64_u64(best * 100, loops);
}

static void ftrace_bench_report(const char *row, u64 centi)
{
	pr_info("%s %llu.%02llu\n", row, centi / 100, centi % 100);
}

static void __maybe_unused ftrace_bench_na(const char *row)
{
	pr_info("%s n/a\n", row);
}

static void ftrace_bench_error(const char *row, const char *what, int ret)
{
	pr_info("%s error %s %d\n", row, what, ret);
}

/*
 * Measure the target while a handler that counts its calls is attached,
 * and refuse the number if the handler did not run on every call.
 */
static void ftrace_bench_hooked(const char *row, unsigned long calls_per_call)
{
	unsigned long want = calls_per_call * loops * runs;
	u64 centi;

	ftrace_bench_hits = 0;
	centi = ftrace_bench_measure(ftrace_bench_loop_target);
	if (ftrace_bench_hits != want) {
		pr_info("%s error handler ran %lu times, not %lu\n",
			row, ftrace_bench_hits, want);
		return;
	}
	ftrace_bench_report(row, centi);
}

#ifdef CONFIG_DYNAMIC_FTRACE
/* A callback like the function tracer's, minus the ring buffer. */
static void ftrace_bench_func(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	ftrace_bench_hits++;
}

static struct ftrace_ops ftrace_bench_ops_one = {
	.func = ftrace_bench_func,
};

static struct ftrace_ops ftrace_bench_ops_two[2] = {
	{ .func = ftrace_bench_func },
	{ .func = ftrace_bench_func },
};

/* Filter @ops on the target and register it; undo the filter on failure. */
static int ftrace_bench_ops_on(struct ftrace_ops *ops)
{
	unsigned long ip = (unsigned long)ftrace_bench_target;
	int ret;

	ret = ftrace_set_filter_ip(ops, ip, 0, 0);
	if (ret)
		return ret;
	ret = register_ftrace_function(ops);
	if (ret)
		ftrace_set_filter_ip(ops, ip, 1, 0);
	return ret;
}

static void ftrace_bench_ops_off(struct ftrace_ops *ops)
{
	unregister_ftrace_function(ops);
	ftrace_set_filter_ip(ops, (unsigned long)ftrace_bench_target, 1, 0);
}

/* One callback: the site calls a trampoline made for the ops (x86-64). */
static void ftrace_bench_row_ops1(void)
{
	const char *row = "ops1";
	int ret;

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_one);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		return;
	}
	ftrace_bench_hooked(row, 1);
	ftrace_bench_ops_off(&ftrace_bench_ops_one);
}

/* Two callbacks on one site: the site calls the list function. */
static void ftrace_bench_row_ops2(void)
{
	const char *row = "ops2";
	int ret;

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_two[0]);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		return;
	}
	ret = ftrace_bench_ops_on(&ftrace_bench_ops_two[1]);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		goto out_first;
	}
	ftrace_bench_hooked(row, 2);
	ftrace_bench_ops_off(&ftrace_bench_ops_two[1]);
out_first:
	ftrace_bench_ops_off(&ftrace_bench_ops_two[0]);
}
#else
static void ftrace_bench_row_ops1(void)
{
	ftrace_bench_na("ops1");
}

static void ftrace_bench_row_ops2(void)
{
	ftrace_bench_na("ops2");
}
#endif /* CONFIG_DYNAMIC_FTRACE */

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS
static struct ftrace_ops ftrace_bench_ops_shared = {
	.func = ftrace_bench_func,
};

/*
 * The empty trampoline alone on the target ("direct"; on arm64 booted with
 * ftrace_direct_far it is reached through ftrace_regs_caller), then sharing
 * the site with a function-tracer-like callback ("direct_ops").
 */
static void ftrace_bench_row_direct(void)
{
	unsigned long ip = (unsigned long)ftrace_bench_target;
	unsigned long tramp = (unsigned long)ftrace_bench_tramp;
	int ret;

	ret = register_ftrace_direct(ip, tramp);
	if (ret) {
		ftrace_bench_error("direct", "register_ftrace_direct", ret);
		ftrace_bench_error("direct_ops", "register_ftrace_direct", ret);
		return;
	}
	ftrace_bench_report("direct",
			    ftrace_bench_measure(ftrace_bench_loop_target));

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_shared);
	if (ret) {
		ftrace_bench_error("direct_ops", "register_ftrace_function", ret);
		goto out_direct;
	}
	ftrace_bench_hooked("direct_ops", 1);
	ftrace_bench_ops_off(&ftrace_bench_ops_shared);
out_direct:
	unregister_ftrace_direct(ip, tramp);
}
#else
static void ftrace_bench_row_direct(void)
{
	ftrace_bench_na("direct");
	ftrace_bench_na("direct_ops");
}
#endif /* CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS */

#ifdef CONFIG_KPROBES
static int ftrace_bench_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	ftrace_bench_hits++;
	return 0;
}

/* At the function's address; on x86-64 that is the __fentry__ site. */
static struct kprobe ftrace_bench_kprobe = {
	.pre_handler = ftrace_bench_kprobe_pre,
};

static void ftrace_bench_row_kprobe(void)
{
	int ret;

	ftrace_bench_kprobe.addr = (kprobe_opcode_t *)ftrace_bench_target;
	ret = register_kprobe(&ftrace_bench_kprobe);
	if (ret) {
		ftrace_bench_error("kprobe", "register_kprobe", ret);
		return;
	}
	ftrace_bench_hooked("kprobe", 1);
	unregister_kprobe(&ftrace_bench_kprobe);
}
#else
static void ftrace_bench_row_kprobe(void)
{
	ftrace_bench_na("kprobe");
}
#endif /* CONFIG_KPROBES */

#ifdef CONFIG_FPROBE
static void ftrace_bench_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
				      struct pt_regs *regs, void *entry_data)
{
	ftrace_bench_hits++;
}

static struct fprobe ftrace_bench_fprobe = {
	.entry_handler = ftrace_bench_fprobe_entry,
};

static void ftrace_bench_row_fprobe(void)
{
	int ret;

	ret = register_fprobe(&ftrace_bench_fprobe, "ftrace_bench_target", NULL);
	if (ret) {
		ftrace_bench_error("fprobe", "register_fprobe", ret);
		return;
	}
	ftrace_bench_hooked("fprobe", 1);
	unregister_fprobe(&ftrace_bench_fprobe);
}
#else
static void ftrace_bench_row_fprobe(void)
{
	ftrace_bench_na("fprobe");
}
#endif /* CONFIG_FPROBE */

static u64 last;
module_param(last, ullong, 0444);
MODULE_PARM_DESC(last, "the last \"measure\", in hundredths of an instruction per call");

/* Time the target with whatever user space has attached to it. */
static int ftrace_bench_measure_set(const char *val, const struct kernel_param *kp)
{
	last = ftrace_bench_measure(ftrace_bench_loop_target);
	pr_info("measured %.*s\n", (int)strcspn(val, "\n"), val);
	return 0;
}

static const struct kernel_param_ops ftrace_bench_measure_ops = {
	.set = ftrace_bench_measure_set,
};
module_param_cb(measure, &ftrace_bench_measure_ops, NULL, 0200);
MODULE_PARM_DESC(measure, "write a row name: time the target as it is hooked now");

static int __init ftrace_bench_init(void)
{
	u64 untraced, site_nops, site_call;

	if (!loops || !runs)
		return -EINVAL;
	pr_info("loops %lu runs %u\n", loops, runs);

	untraced = ftrace_bench_measure(ftrace_bench_loop_target);
	ftrace_bench_report("untraced", untraced);

	/*
	 * The floor: the untraced cost plus what patching a callsite to call
	 * the empty trampoline adds to a function, measured on the two
	 * helpers that differ only in their callsite.
	 */
	site_nops = ftrace_bench_measure(ftrace_bench_loop_site_nops);
	site_call = ftrace_bench_measure(ftrace_bench_loop_site_call);
	ftrace_bench_report("site_nops", site_nops);
	ftrace_bench_report("site_call", site_call);
	if (site_call < site_nops)
		pr_info("floor error the patched site ran faster than the NOPs\n");
	else
		ftrace_bench_report("floor", untraced + site_call - site_nops);

	ftrace_bench_row_direct();
	ftrace_bench_row_ops1();
	ftrace_bench_row_ops2();
	ftrace_bench_row_kprobe();
	ftrace_bench_row_fprobe();

	pr_info("done\n");
	return 0;
}

static void __exit ftrace_bench_exit(void)
{
}

module_init(ftrace_bench_init);
module_exit(ftrace_bench_exit);

MODULE_DESCRIPTION("Per-call cost of direct trampolines, ftrace_ops, kprobes and fprobes");
MODULE_LICENSE("GPL");
