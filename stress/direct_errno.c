// SPDX-License-Identifier: GPL-2.0
/*
 * The errno table of Documentation/trace/ftrace-direct.rst, row by row:
 * each bad input must get its documented error and change nothing.  After
 * every refused call the direct calls already in place must still be made,
 * to the same trampoline and exactly once, and the functions the call
 * named must be as they were.  At the end the right calls must work: a
 * refused call that left something behind (an entry in direct_functions,
 * a half-registered ops) shows as -EBUSY or -EINVAL there.
 *
 * One line per row:
 *
 *	ftrace_direct_stress: errno: ROW: ok
 *	ftrace_direct_stress: errno: ROW: fail WHAT
 *	ftrace_direct_stress: errno: ROW: skip WHY
 *	ftrace_direct_stress: errno: error ERRNO	(could not run)
 */
#define pr_fmt(fmt) "ftrace_direct_stress: errno: " fmt

#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>

#include "direct_stress.h"

static bool wrong_tramp = true;
module_param(wrong_tramp, bool, 0444);
MODULE_PARM_DESC(wrong_tramp,
		 "run the unregister-with-the-wrong-trampoline rows (0 on kernels that WARN there)");

static bool uninit_ops = true;
module_param(uninit_ops, bool, 0444);
MODULE_PARM_DESC(uninit_ops,
		 "run the rows with an ops never given a filter (0 on kernels that oops there)");

/* Not an ftrace location at all */
static notrace noinline void errno_untraced(unsigned long i)
{
	WRITE_ONCE(stress_sink, i);
}

/*
 * Call @fn once; true if exactly @want_a calls reached stress_count_tramp
 * and @want_b stress_count_tramp_b.
 */
static bool errno_calls(void (*fn)(unsigned long), unsigned long want_a,
			unsigned long want_b)
{
	stress_tramp_hits = 0;
	stress_tramp_hits_b = 0;
	fn(1);
	return stress_tramp_hits == want_a && stress_tramp_hits_b == want_b;
}

static unsigned int errno_failed;

/*
 * Report one row: @got is what the call returned, @want the documented
 * error, @same whether everything was as before afterwards.
 */
static void errno_row(const char *row, int got, int want, bool same)
{
	if (got == want && same) {
		pr_info("%s: ok\n", row);
		return;
	}
	errno_failed++;
	pr_info("%s: fail returned %d, want %d; %s\n", row, got, want,
		same ? "nothing changed" : "state changed");
}

static void errno_skip(const char *row, const char *why)
{
	pr_info("%s: skip %s\n", row, why);
}

#if defined(CONFIG_DYNAMIC_FTRACE_WITH_SITE_OPS) && defined(CONFIG_KPROBES)
/*
 * register_kprobe() on the 8 bytes before @fn: with per-callsite ops
 * pointers they are the pointer, which ftrace rewrites whole, so a probe
 * there would have its BRK overwritten, then write its saved half back
 * into a live pointer. It must be refused (-EINVAL, as for any address a
 * kprobe may not use), and @fn must still make @want_a and @want_b calls.
 * Where no symbol covers the pointer (clang may put @fn first in its
 * section, so that its pointer is the section's first 8 bytes), kprobes
 * refuses the address itself, with -ENOENT, before asking the arch.
 * If the probe is taken, it is removed at once, before ftrace writes the
 * pointer again.
 */
static void errno_kprobe_row(const char *row, void (*fn)(unsigned long),
			     unsigned long want_a, unsigned long want_b)
{
	unsigned long ptr = (unsigned long)fn - 8;
	struct kprobe kp = { .addr = (kprobe_opcode_t *)ptr };
	char sym[KSYM_SYMBOL_LEN];
	int want = -EINVAL;
	int ret;

	/* sprint_symbol() prints a bare address where no symbol covers it */
	sprint_symbol(sym, ptr);
	if (!strncmp(sym, "0x", 2)) {
		/* not an "errno: " line, which the plan reads as a row */
		printk(KERN_INFO KBUILD_MODNAME ": %ps is first in its section: no symbol covers its ops pointer\n",
		       fn);
		want = -ENOENT;
	}
	ret = register_kprobe(&kp);
	if (!ret)
		unregister_kprobe(&kp);
	errno_row(row, ret, want, errno_calls(fn, want_a, want_b));
}
#else
static void errno_kprobe_row(const char *row, void (*fn)(unsigned long),
			     unsigned long want_a, unsigned long want_b)
{
	errno_skip(row, "no per-callsite ops pointers, or no kprobes");
}
#endif

static void errno_ops_func(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

/* An ops for the _multi rows; each row sets it up afresh */
static struct ftrace_ops errno_ops;

static void errno_ops_reset(void)
{
	ftrace_free_filter(&errno_ops);
	memset(&errno_ops, 0, sizeof(errno_ops));
}

/* Filter errno_ops on @ip1 and, unless 0, @ip2; false if that failed */
static bool errno_ops_filter(unsigned long ip1, unsigned long ip2)
{
	return !ftrace_set_filter_ip(&errno_ops, ip1, 0, 0) &&
	       (!ip2 || !ftrace_set_filter_ip(&errno_ops, ip2, 0, 0));
}

/* 0 if every row passed, 1 if one failed, or an errno if it could not run */
int direct_errno_run(void)
{
	unsigned long target = (unsigned long)stress_target;
	unsigned long other = (unsigned long)stress_other;
	unsigned long a = (unsigned long)stress_count_tramp;
	unsigned long b = (unsigned long)stress_count_tramp_b;
	unsigned long flags;
	bool ok;
	int ret;

	/* stress_target calls a, stress_other nothing */
	ret = register_ftrace_direct(target, a);
	if (ret) {
		pr_info("error %d\n", ret);
		return ret;
	}
	if (!errno_calls(stress_target, 1, 0)) {
		pr_info("error %d\n", -EIO);
		unregister_ftrace_direct(target, a);
		return -EIO;
	}

	/* register_ftrace_direct */
	ret = register_ftrace_direct((unsigned long)errno_untraced, b);
	errno_row("register_ftrace_direct: not an ftrace location", ret, -ENODEV,
		  errno_calls(errno_untraced, 0, 0) && errno_calls(stress_target, 1, 0));
	/* Past the callsite, inside the function's body */
	ret = register_ftrace_direct(other + 12, b);
	errno_row("register_ftrace_direct: an address inside a function", ret, -ENODEV,
		  errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));
	ret = register_ftrace_direct(target, a);
	errno_row("register_ftrace_direct: the same ip and trampoline twice", ret, -EBUSY,
		  errno_calls(stress_target, 1, 0));
	ret = register_ftrace_direct(target, b);
	errno_row("register_ftrace_direct: another trampoline on a direct ip", ret, -EBUSY,
		  errno_calls(stress_target, 1, 0));

	/* unregister_ftrace_direct */
	ret = unregister_ftrace_direct((unsigned long)errno_untraced, a);
	errno_row("unregister_ftrace_direct: not an ftrace location", ret, -ENODEV,
		  errno_calls(stress_target, 1, 0));
	ret = unregister_ftrace_direct(other, a);
	errno_row("unregister_ftrace_direct: an ip without a direct call", ret, -ENODEV,
		  errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));
	if (wrong_tramp) {
		ret = unregister_ftrace_direct(target, b);
		errno_row("unregister_ftrace_direct: the wrong trampoline", ret, -EINVAL,
			  errno_calls(stress_target, 1, 0));
	} else {
		errno_skip("unregister_ftrace_direct: the wrong trampoline",
			   "this kernel removes the call and WARNs");
	}

	/* modify_ftrace_direct */
	ret = modify_ftrace_direct(other, a, b);
	errno_row("modify_ftrace_direct: an ip without a direct call", ret, -ENODEV,
		  errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));
	ret = modify_ftrace_direct(target, b, a);
	errno_row("modify_ftrace_direct: the wrong old trampoline", ret, -EINVAL,
		  errno_calls(stress_target, 1, 0));

	/* register_ftrace_direct_multi */
	errno_ops_reset();
	ret = register_ftrace_direct_multi(&errno_ops, b);
	errno_row("register_ftrace_direct_multi: an ops never given a filter", ret, -EINVAL,
		  !errno_ops.func && !(errno_ops.flags & FTRACE_OPS_FL_ENABLED));
	/* A filter can be set up (ok), or the row fails with -EIO */
	ok = errno_ops_filter(other, 0) && !ftrace_set_filter_ip(&errno_ops, other, 1, 0);
	flags = errno_ops.flags;
	ret = ok ? register_ftrace_direct_multi(&errno_ops, b) : -EIO;
	errno_row("register_ftrace_direct_multi: an empty filter", ret, -EINVAL,
		  errno_ops.flags == flags && !errno_ops.func && errno_calls(stress_other, 0, 0));
	errno_ops_reset();
	errno_ops.func = errno_ops_func;
	ok = errno_ops_filter(other, 0);
	ret = ok ? register_ftrace_direct_multi(&errno_ops, b) : -EIO;
	errno_row("register_ftrace_direct_multi: ops->func already set", ret, -EINVAL,
		  errno_ops.func == errno_ops_func && errno_calls(stress_other, 0, 0));
	errno_ops_reset();
	ok = errno_ops_filter(other, target);
	flags = errno_ops.flags;
	ret = ok ? register_ftrace_direct_multi(&errno_ops, b) : -EIO;
	errno_row("register_ftrace_direct_multi: a function that has a direct call", ret, -EBUSY,
		  errno_ops.flags == flags && !errno_ops.func &&
		  errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));

	/* unregister and modify an ops that is not registered */
	ret = unregister_ftrace_direct_multi(&errno_ops, b);
	errno_row("unregister_ftrace_direct_multi: an ops that is not registered", ret,
		  -EINVAL, errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));
	ret = modify_ftrace_direct_multi(&errno_ops, b);
	errno_row("modify_ftrace_direct_multi: an ops that is not registered", ret,
		  -EINVAL, errno_calls(stress_other, 0, 0) && errno_calls(stress_target, 1, 0));

	/* An ops never given a filter has no func_hash yet */
	errno_ops_reset();
	if (uninit_ops) {
		ret = unregister_ftrace_direct_multi(&errno_ops, b);
		errno_row("unregister_ftrace_direct_multi: an ops never given a filter", ret,
			  -EINVAL, errno_calls(stress_other, 0, 0) &&
			  errno_calls(stress_target, 1, 0));
		ret = modify_ftrace_direct_multi(&errno_ops, b);
		errno_row("modify_ftrace_direct_multi: an ops never given a filter", ret,
			  -EINVAL, errno_calls(stress_other, 0, 0) &&
			  errno_calls(stress_target, 1, 0));
	} else {
		errno_skip("unregister_ftrace_direct_multi: an ops never given a filter",
			   "this kernel reads the ops' func_hash before checking it");
		errno_skip("modify_ftrace_direct_multi: an ops never given a filter",
			   "not run with the row before it");
	}

	/* The same ops, on stress_other alone, registers: nothing was left */
	errno_ops_reset();
	ret = errno_ops_filter(other, 0) ? register_ftrace_direct_multi(&errno_ops, b) : -EIO;
	errno_row("register_ftrace_direct_multi: after the refused calls, a good one", ret, 0,
		  errno_calls(stress_other, 0, 1) && errno_calls(stress_target, 1, 0));
	if (!ret) {
		if (wrong_tramp) {
			ret = unregister_ftrace_direct_multi(&errno_ops, a);
			errno_row("unregister_ftrace_direct_multi: the wrong trampoline", ret,
				  -EINVAL, errno_calls(stress_other, 0, 1) &&
				  (errno_ops.flags & FTRACE_OPS_FL_ENABLED));
		} else {
			errno_skip("unregister_ftrace_direct_multi: the wrong trampoline",
				   "this kernel leaves the functions listed as direct");
		}
		ret = unregister_ftrace_direct_multi(&errno_ops, b);
		errno_row("unregister_ftrace_direct_multi: the right trampoline", ret, 0,
			  errno_calls(stress_other, 0, 0));
	}
	errno_ops_reset();

	/* A kprobe on a callsite's ops pointer, traced and not */
	errno_kprobe_row("register_kprobe: the ops pointer of a traced function",
			 stress_target, 1, 0);
	errno_kprobe_row("register_kprobe: the ops pointer of an untraced function",
			 stress_other, 0, 0);

	/* The ip API: the right calls work, and leave nothing behind */
	ret = unregister_ftrace_direct(target, a);
	errno_row("unregister_ftrace_direct: the right trampoline", ret, 0,
		  errno_calls(stress_target, 0, 0));
	ret = register_ftrace_direct(other, b);
	errno_row("register_ftrace_direct: after the refused calls, a good one", ret, 0,
		  errno_calls(stress_other, 0, 1));
	if (!ret) {
		ret = unregister_ftrace_direct(other, b);
		errno_row("unregister_ftrace_direct: and away again", ret, 0,
			  errno_calls(stress_other, 0, 0));
	}
	return errno_failed ? 1 : 0;
}
