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
 * Where a direct trampoline is attached, a line
 *
 *	ftrace_bench: where <row> dist=<bytes> call=<trampoline|symbol+off>
 *
 * says how far the trampoline is from the traced function and what the
 * patched callsite calls: the trampoline itself when it is in reach, or
 * an ftrace entry (ftrace_caller, ftrace_regs_caller, a module PLT to
 * one) that goes on to it.
 *
 * The rows direct, direct_ops, ops1 and ops2 are measured a second time,
 * with a suffix "_k30", while 30 other ftrace_ops are registered, each on
 * a function of its own that the loop never calls: a system where other
 * ftrace users exist elsewhere.  Writing 1 to the parameter "others"
 * registers them for user space's rows too, and 0 takes them away.
 *
 * The module builds against 6.1 and against 6.6 and later (the peer that
 * make bench measures, Debian's 6.12), where the direct-call API takes an
 * ftrace_ops instead of an address.
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
#include <linux/string.h>
#include <linux/version.h>

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

/*
 * Appended to every row name: "" on the first pass, "_k30" while the 30
 * other ftrace_ops are registered.
 */
static const char *ftrace_bench_sfx = "";

static void ftrace_bench_report(const char *row, u64 centi)
{
	pr_info("%s%s %llu.%02llu\n", row, ftrace_bench_sfx, centi / 100, centi % 100);
}

static void __maybe_unused ftrace_bench_na(const char *row)
{
	pr_info("%s%s n/a\n", row, ftrace_bench_sfx);
}

static void ftrace_bench_error(const char *row, const char *what, int ret)
{
	pr_info("%s%s error %s %d\n", row, ftrace_bench_sfx, what, ret);
}

/*
 * ftrace_bench_call_dest - where the patched callsite at the entry of
 * @func calls, or 0 if its first instructions hold no call.
 *
 * arm64: the BL of <MOV X9, LR; BL>, after a BTI C if there is one.
 * x86-64: the CALL at the function's start, after an ENDBR64 if there is
 * one.
 */
static unsigned long __maybe_unused ftrace_bench_call_dest(unsigned long func)
{
#if defined(CONFIG_ARM64)
	unsigned int i;
	u32 insn;

	for (i = 0; i < 3; i++) {
		insn = le32_to_cpu(((const __le32 *)func)[i]);
		/* BL: 100101 imm26, the offset in instructions. */
		if ((insn & 0xfc000000) == 0x94000000)
			return func + 4 * i + ((long)(s32)(insn << 6) >> 4);
	}
#elif defined(CONFIG_X86_64)
	const u8 *p = (const u8 *)func;
	unsigned int i;
	s32 rel;

	for (i = 0; i <= 4; i += 4) {
		/* CALL rel32, relative to the next instruction. */
		if (p[i] == 0xe8) {
			memcpy(&rel, p + i + 1, sizeof(rel));
			return func + i + 5 + rel;
		}
	}
#endif
	return 0;
}

/* One "where" line (see the top of the file) for @row. */
static void __maybe_unused ftrace_bench_where(const char *row, unsigned long func,
					      unsigned long tramp)
{
	unsigned long dest = ftrace_bench_call_dest(func);

	if (dest == tramp)
		pr_info("where %s%s dist=%ld call=trampoline\n", row, ftrace_bench_sfx,
			(long)(tramp - func));
	else if (dest)
		pr_info("where %s%s dist=%ld call=%pS\n", row, ftrace_bench_sfx,
			(long)(tramp - func), (void *)dest);
	else
		pr_info("where %s%s dist=%ld call=none\n", row, ftrace_bench_sfx,
			(long)(tramp - func));
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
		pr_info("%s%s error handler ran %lu times, not %lu\n",
			row, ftrace_bench_sfx, ftrace_bench_hits, want);
		return;
	}
	ftrace_bench_report(row, centi);
}

/*
 * The pass: 0 for the first, 1 for the one with the 30 others registered.
 * Each pass has ftrace_ops of its own: none is registered a second time
 * after it was unregistered.
 */
static unsigned int ftrace_bench_pass;

#ifdef CONFIG_DYNAMIC_FTRACE
/* A callback like the function tracer's, minus the ring buffer. */
static void ftrace_bench_func(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	ftrace_bench_hits++;
}

static struct ftrace_ops ftrace_bench_ops_one[2] = {
	{ .func = ftrace_bench_func },
	{ .func = ftrace_bench_func },
};

static struct ftrace_ops ftrace_bench_ops_two[2][2] = {
	{ { .func = ftrace_bench_func }, { .func = ftrace_bench_func } },
	{ { .func = ftrace_bench_func }, { .func = ftrace_bench_func } },
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

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_one[ftrace_bench_pass]);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		return;
	}
	ftrace_bench_hooked(row, 1);
	ftrace_bench_ops_off(&ftrace_bench_ops_one[ftrace_bench_pass]);
}

/* Two callbacks on one site: the site calls the list function. */
static void ftrace_bench_row_ops2(void)
{
	const char *row = "ops2";
	int ret;

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_two[ftrace_bench_pass][0]);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		return;
	}
	ret = ftrace_bench_ops_on(&ftrace_bench_ops_two[ftrace_bench_pass][1]);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_function", ret);
		goto out_first;
	}
	ftrace_bench_hooked(row, 2);
	ftrace_bench_ops_off(&ftrace_bench_ops_two[ftrace_bench_pass][1]);
out_first:
	ftrace_bench_ops_off(&ftrace_bench_ops_two[ftrace_bench_pass][0]);
}

/*
 * The 30 other ftrace users: one ftrace_ops each, each filtered on a
 * function of its own that nothing calls while the rows are timed.
 */
#define FTRACE_BENCH_OTHERS 30

#define FTRACE_BENCH_OTHER(n)					\
	static noinline void ftrace_bench_other_##n(void)	\
	{							\
		WRITE_ONCE(ftrace_bench_sink, n);		\
	}

FTRACE_BENCH_OTHER(0) FTRACE_BENCH_OTHER(1) FTRACE_BENCH_OTHER(2)
FTRACE_BENCH_OTHER(3) FTRACE_BENCH_OTHER(4) FTRACE_BENCH_OTHER(5)
FTRACE_BENCH_OTHER(6) FTRACE_BENCH_OTHER(7) FTRACE_BENCH_OTHER(8)
FTRACE_BENCH_OTHER(9) FTRACE_BENCH_OTHER(10) FTRACE_BENCH_OTHER(11)
FTRACE_BENCH_OTHER(12) FTRACE_BENCH_OTHER(13) FTRACE_BENCH_OTHER(14)
FTRACE_BENCH_OTHER(15) FTRACE_BENCH_OTHER(16) FTRACE_BENCH_OTHER(17)
FTRACE_BENCH_OTHER(18) FTRACE_BENCH_OTHER(19) FTRACE_BENCH_OTHER(20)
FTRACE_BENCH_OTHER(21) FTRACE_BENCH_OTHER(22) FTRACE_BENCH_OTHER(23)
FTRACE_BENCH_OTHER(24) FTRACE_BENCH_OTHER(25) FTRACE_BENCH_OTHER(26)
FTRACE_BENCH_OTHER(27) FTRACE_BENCH_OTHER(28) FTRACE_BENCH_OTHER(29)

static void (*const ftrace_bench_other_fns[FTRACE_BENCH_OTHERS])(void) = {
	ftrace_bench_other_0, ftrace_bench_other_1, ftrace_bench_other_2,
	ftrace_bench_other_3, ftrace_bench_other_4, ftrace_bench_other_5,
	ftrace_bench_other_6, ftrace_bench_other_7, ftrace_bench_other_8,
	ftrace_bench_other_9, ftrace_bench_other_10, ftrace_bench_other_11,
	ftrace_bench_other_12, ftrace_bench_other_13, ftrace_bench_other_14,
	ftrace_bench_other_15, ftrace_bench_other_16, ftrace_bench_other_17,
	ftrace_bench_other_18, ftrace_bench_other_19, ftrace_bench_other_20,
	ftrace_bench_other_21, ftrace_bench_other_22, ftrace_bench_other_23,
	ftrace_bench_other_24, ftrace_bench_other_25, ftrace_bench_other_26,
	ftrace_bench_other_27, ftrace_bench_other_28, ftrace_bench_other_29,
};

/* Calls of the others' callback: must stay 0 while a row is timed. */
static unsigned long ftrace_bench_other_hits;

static void ftrace_bench_other_func(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	ftrace_bench_other_hits++;
}

/*
 * Two sets: one for the module's own _k30 pass, one for user space's
 * (the "others" parameter), each registered once at most.
 */
static struct ftrace_ops ftrace_bench_other_sets[2][FTRACE_BENCH_OTHERS];
static struct ftrace_ops *ftrace_bench_others;
static unsigned int ftrace_bench_others_used;
static bool ftrace_bench_others_active;

static void ftrace_bench_others_off(void)
{
	unsigned int i;

	if (!ftrace_bench_others_active)
		return;
	for (i = 0; i < FTRACE_BENCH_OTHERS; i++) {
		unregister_ftrace_function(&ftrace_bench_others[i]);
		ftrace_free_filter(&ftrace_bench_others[i]);
	}
	ftrace_bench_others_active = false;
}

/*
 * Register all 30 of the next unused set, or none: a failure takes back
 * the ones registered.  -EBUSY once both sets were used.
 */
static int ftrace_bench_others_on(void)
{
	struct ftrace_ops *ops;
	unsigned int i;
	int ret;

	if (ftrace_bench_others_active)
		return 0;
	if (ftrace_bench_others_used >= ARRAY_SIZE(ftrace_bench_other_sets))
		return -EBUSY;
	ftrace_bench_others = ftrace_bench_other_sets[ftrace_bench_others_used++];
	for (i = 0; i < FTRACE_BENCH_OTHERS; i++) {
		ops = &ftrace_bench_others[i];
		ops->func = ftrace_bench_other_func;
		ret = ftrace_set_filter_ip(ops, (unsigned long)ftrace_bench_other_fns[i], 0, 0);
		if (!ret)
			ret = register_ftrace_function(ops);
		if (ret) {
			ftrace_free_filter(ops);
			goto undo;
		}
	}
	ftrace_bench_others_active = true;
	return 0;
undo:
	while (i--) {
		unregister_ftrace_function(&ftrace_bench_others[i]);
		ftrace_free_filter(&ftrace_bench_others[i]);
	}
	return ret;
}
#else
#define FTRACE_BENCH_OTHERS 30
static unsigned long ftrace_bench_other_hits;

static int ftrace_bench_others_on(void)
{
	return -ENODEV;
}

static void ftrace_bench_others_off(void)
{
}

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
static struct ftrace_ops ftrace_bench_ops_shared[2] = {
	{ .func = ftrace_bench_func },
	{ .func = ftrace_bench_func },
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
/*
 * 6.6 and later: a direct call is an ftrace_ops filtered on the function
 * and given the trampoline.  One ops per function the module attaches to.
 */
static struct ftrace_ops ftrace_bench_direct_ops[2][2];

static int ftrace_bench_direct_on(unsigned int slot, unsigned long ip,
				  unsigned long tramp)
{
	struct ftrace_ops *ops = &ftrace_bench_direct_ops[ftrace_bench_pass][slot];
	int ret;

	ret = ftrace_set_filter_ip(ops, ip, 0, 0);
	if (ret)
		return ret;
	ret = register_ftrace_direct(ops, tramp);
	if (ret)
		ftrace_free_filter(ops);
	return ret;
}

static void ftrace_bench_direct_off(unsigned int slot, unsigned long ip,
				    unsigned long tramp)
{
	unregister_ftrace_direct(&ftrace_bench_direct_ops[ftrace_bench_pass][slot],
				 tramp, true);
}
#else
/* 6.1: the ip API. */
static int ftrace_bench_direct_on(unsigned int slot, unsigned long ip,
				  unsigned long tramp)
{
	return register_ftrace_direct(ip, tramp);
}

static void ftrace_bench_direct_off(unsigned int slot, unsigned long ip,
				    unsigned long tramp)
{
	unregister_ftrace_direct(ip, tramp);
}
#endif

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

	ret = ftrace_bench_direct_on(0, ip, tramp);
	if (ret) {
		ftrace_bench_error("direct", "register_ftrace_direct", ret);
		ftrace_bench_error("direct_ops", "register_ftrace_direct", ret);
		return;
	}
	ftrace_bench_where("direct", ip, tramp);
	ftrace_bench_report("direct",
			    ftrace_bench_measure(ftrace_bench_loop_target));

	ret = ftrace_bench_ops_on(&ftrace_bench_ops_shared[ftrace_bench_pass]);
	if (ret) {
		ftrace_bench_error("direct_ops", "register_ftrace_function", ret);
		goto out_direct;
	}
	ftrace_bench_hooked("direct_ops", 1);
	ftrace_bench_ops_off(&ftrace_bench_ops_shared[ftrace_bench_pass]);
out_direct:
	ftrace_bench_direct_off(0, ip, tramp);
}

static void ftrace_bench_loop_vmlinux(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		ftrace_bench_sink += jiffies_to_msecs(i);
}

/*
 * The empty trampoline on a function of the kernel image rather than of
 * the module: what the samples and most module users attach to, and, on a
 * kernel whose modules live far from its text (KASLR, a 2 GiB module
 * window), a trampoline out of BL range.  jiffies_to_msecs() is exported,
 * traceable and costs the same every call.  The row is given as the
 * target's untraced cost plus what the trampoline adds to that function,
 * so that the report's "cost minus untraced" is the hook's cost.
 */
static void ftrace_bench_row_direct_vmlinux(u64 untraced)
{
	unsigned long ip = (unsigned long)jiffies_to_msecs;
	unsigned long tramp = (unsigned long)ftrace_bench_tramp;
	const char *row = "direct_vmlinux";
	u64 plain, hooked;
	int ret;

	plain = ftrace_bench_measure(ftrace_bench_loop_vmlinux);
	ret = ftrace_bench_direct_on(1, ip, tramp);
	if (ret) {
		ftrace_bench_error(row, "register_ftrace_direct", ret);
		return;
	}
	ftrace_bench_where(row, ip, tramp);
	hooked = ftrace_bench_measure(ftrace_bench_loop_vmlinux);
	ftrace_bench_direct_off(1, ip, tramp);
	if (hooked < plain) {
		ftrace_bench_error(row, "hooked faster than untraced", 0);
		return;
	}
	ftrace_bench_report(row, untraced + hooked - plain);
}
#else
static void ftrace_bench_row_direct(void)
{
	ftrace_bench_na("direct");
	ftrace_bench_na("direct_ops");
}

static void ftrace_bench_row_direct_vmlinux(u64 untraced)
{
	ftrace_bench_na("direct_vmlinux");
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
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
/* 6.6 and later: the handler also gets the return address, and returns. */
static int ftrace_bench_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
				     unsigned long ret_ip, struct pt_regs *regs,
				     void *entry_data)
{
	ftrace_bench_hits++;
	return 0;
}
#else
static void ftrace_bench_fprobe_entry(struct fprobe *fp, unsigned long entry_ip,
				      struct pt_regs *regs, void *entry_data)
{
	ftrace_bench_hits++;
}
#endif

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

/*
 * Time the target with whatever user space has attached to it, and say
 * what its callsite calls.
 */
static int ftrace_bench_measure_set(const char *val, const struct kernel_param *kp)
{
	unsigned long dest = ftrace_bench_call_dest((unsigned long)ftrace_bench_target);
	int len = strcspn(val, "\n");

	last = ftrace_bench_measure(ftrace_bench_loop_target);
	if (dest)
		pr_info("where %.*s call=%pS\n", len, val, (void *)dest);
	pr_info("measured %.*s\n", len, val);
	return 0;
}

static const struct kernel_param_ops ftrace_bench_measure_ops = {
	.set = ftrace_bench_measure_set,
};
module_param_cb(measure, &ftrace_bench_measure_ops, NULL, 0200);
MODULE_PARM_DESC(measure, "write a row name: time the target as it is hooked now");

/* 1: register the 30 other ftrace_ops (all or none); 0: take them away. */
static int ftrace_bench_others_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret;

	ret = kstrtobool(val, &on);
	if (ret)
		return ret;
	if (!on) {
		ftrace_bench_others_off();
		return 0;
	}
	return ftrace_bench_others_on();
}

static int ftrace_bench_others_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%d\n", ftrace_bench_others_active);
}

static const struct kernel_param_ops ftrace_bench_others_ops = {
	.set = ftrace_bench_others_set,
	.get = ftrace_bench_others_get,
};
module_param_cb(others, &ftrace_bench_others_ops, NULL, 0600);
MODULE_PARM_DESC(others, "1: 30 other ftrace_ops registered elsewhere; 0: none");

static int __init ftrace_bench_init(void)
{
	u64 untraced, site_nops, site_call;
	int ret;

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
	ftrace_bench_row_direct_vmlinux(untraced);
	ftrace_bench_row_ops1();
	ftrace_bench_row_ops2();
	ftrace_bench_row_kprobe();
	ftrace_bench_row_fprobe();

	/* The same rows with 30 other ftrace users registered elsewhere. */
	ftrace_bench_pass = 1;
	ftrace_bench_sfx = "_k30";
	ret = ftrace_bench_others_on();
	if (ret) {
		ftrace_bench_error("direct", "others", ret);
		ftrace_bench_error("direct_ops", "others", ret);
		ftrace_bench_error("ops1", "others", ret);
		ftrace_bench_error("ops2", "others", ret);
	} else {
		ftrace_bench_other_hits = 0;
		ftrace_bench_row_direct();
		ftrace_bench_row_ops1();
		ftrace_bench_row_ops2();
		if (ftrace_bench_other_hits)
			pr_info("others error their callback ran %lu times\n",
				ftrace_bench_other_hits);
		ftrace_bench_others_off();
	}
	ftrace_bench_sfx = "";

	pr_info("done\n");
	return 0;
}

static void __exit ftrace_bench_exit(void)
{
	ftrace_bench_others_off();
}

module_init(ftrace_bench_init);
module_exit(ftrace_bench_exit);

MODULE_DESCRIPTION("Per-call cost of direct trampolines, ftrace_ops, kprobes and fprobes");
MODULE_LICENSE("GPL");
