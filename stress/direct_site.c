// SPDX-License-Identifier: GPL-2.0
/*
 * The site mode of ftrace_direct_stress (site=1): one ftrace_ops alone on a
 * function of this module, once plain and once with FTRACE_OPS_FL_SAVE_REGS.
 *
 * On arm64 with per-callsite ops pointers, such a callsite enters through
 * ftrace_site_caller, or ftrace_site_regs_caller for a SAVE_REGS ops, and a
 * module whose text is out of BL range of them gets there through one of
 * its own ftrace PLTs.  The module reads the BL that ftrace wrote, follows
 * the PLT if the BL leads to one, and prints where the callsite ends up, for
 * the plan to compare with what the kernel's configuration asks for:
 *
 *	ftrace_direct_stress: site: CHECK: ok
 *	ftrace_direct_stress: site: CHECK: fail WHAT
 *	ftrace_direct_stress: site: entry MODE: SYMBOL via plt|bl
 *
 * Every call must reach the callback once, no call once the ops is gone,
 * and a SAVE_REGS callback must get a pt_regs whose first argument
 * register holds the argument of the call.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: site: " fmt

#include <linux/bitops.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/ptrace.h>

#ifdef CONFIG_ARM64
#include <asm/insn.h>
#endif

#include "direct_stress.h"

#define SITE_CALLS	1000

static unsigned long site_hits, site_no_regs, site_bad_arg, site_arg;

static noinline void site_target(unsigned long i)
{
	WRITE_ONCE(stress_sink, i + 5);
}

static void site_func(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	WRITE_ONCE(site_hits, site_hits + 1);
}

static void site_regs_func(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = ftrace_get_regs(fregs);

	WRITE_ONCE(site_hits, site_hits + 1);
	if (!regs)
		WRITE_ONCE(site_no_regs, site_no_regs + 1);
	else if (regs_get_kernel_argument(regs, 0) != READ_ONCE(site_arg))
		WRITE_ONCE(site_bad_arg, site_bad_arg + 1);
}

static struct ftrace_ops site_ops = {
	.func	= site_func,
};

static struct ftrace_ops site_regs_ops = {
	.func	= site_regs_func,
	.flags	= FTRACE_OPS_FL_SAVE_REGS,
};

#ifdef CONFIG_ARM64
/* Where the BL at @pc branches to, or 0 if it is no BL */
static unsigned long site_bl_target(unsigned long pc)
{
	u32 insn = le32_to_cpu(*(__le32 *)pc);

	if ((insn & 0xfc000000) != 0x94000000)
		return 0;
	return pc + sign_extend64((u64)(insn & 0x03ffffff) << 2, 27);
}

/*
 * Where the module PLT at @plt branches to: ADRP X16, page; ADD X16, X16,
 * #offset; BR X16, as get_plt_entry() writes it.  0 if it is not that.
 */
static unsigned long site_plt_target(unsigned long plt)
{
	u32 adrp = le32_to_cpu(((__le32 *)plt)[0]);
	u32 add = le32_to_cpu(((__le32 *)plt)[1]);
	u64 page;

	if ((adrp & 0x9f00001f) != 0x90000010 || (add & 0xffc003ff) != 0x91000210)
		return 0;
	/* immhi is bits 5-23, immlo bits 29-30: a signed count of 4 KiB pages */
	page = ((adrp >> 5) & 0x7ffff) << 2 | ((adrp >> 29) & 3);
	return (plt & ~0xfffUL) + (sign_extend64(page, 20) << 12) + ((add >> 10) & 0xfff);
}

/*
 * Print where the callsite of @func enters ftrace, following a module PLT.
 * The BL is the second instruction of the function, after MOV X9, LR, or
 * the third after a BTI C.
 */
static void site_show_entry(const char *mode, unsigned long func)
{
	struct plt_entry *plts = NULL;
	unsigned long ip, to;

#ifdef CONFIG_ARM64_MODULE_PLTS
	/* Without module PLTs every callsite reaches ftrace with its BL */
	plts = THIS_MODULE->arch.ftrace_trampolines;
#endif

	ip = func + AARCH64_INSN_SIZE;
	if (le32_to_cpu(*(__le32 *)func) == 0xd503245f)	/* BTI C */
		ip += AARCH64_INSN_SIZE;
	to = site_bl_target(ip);

	if (!to) {
		pr_info("%s callsite: fail no BL at %pS\n", mode, (void *)ip);
		return;
	}
	if (plts && to >= (unsigned long)plts &&
	    to < (unsigned long)(plts + NR_FTRACE_PLTS)) {
		to = site_plt_target(to);
		if (!to) {
			pr_info("%s callsite: fail a PLT that is not ADRP, ADD, BR\n", mode);
			return;
		}
		pr_info("entry %s: %pS via plt\n", mode, (void *)to);
		return;
	}
	pr_info("entry %s: %pS via bl\n", mode, (void *)to);
}
#else
static void site_show_entry(const char *mode, unsigned long func)
{
}
#endif

/* Register @ops alone on site_target(), check its calls, unregister */
static void site_run(const char *mode, struct ftrace_ops *ops, bool regs)
{
	unsigned long ip = (unsigned long)site_target;
	unsigned long i, hits;
	int ret;

	ret = ftrace_set_filter_ip(ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_function(ops);
	if (ret) {
		pr_info("%s ops alone: fail register returned %d\n", mode, ret);
		ftrace_free_filter(ops);
		return;
	}
	site_show_entry(mode, ip);
	/*
	 * The compiler cannot see the callback that site_target() calls, so
	 * every access to what the callback counts is READ_ONCE() or
	 * WRITE_ONCE(): a plain one may be folded across the calls.
	 */
	WRITE_ONCE(site_hits, 0);
	WRITE_ONCE(site_no_regs, 0);
	WRITE_ONCE(site_bad_arg, 0);
	for (i = 0; i < SITE_CALLS; i++) {
		WRITE_ONCE(site_arg, i * 7 + 1);
		site_target(i * 7 + 1);
	}
	hits = READ_ONCE(site_hits);
	if (hits == SITE_CALLS && !READ_ONCE(site_no_regs) && !READ_ONCE(site_bad_arg))
		pr_info("%s ops alone: every call reaches it%s: ok\n", mode,
			regs ? " with pt_regs" : "");
	else
		pr_info("%s ops alone: every call reaches it%s: fail %lu of %d calls, %lu without pt_regs, %lu with a wrong argument\n",
			mode, regs ? " with pt_regs" : "", hits, SITE_CALLS,
			READ_ONCE(site_no_regs), READ_ONCE(site_bad_arg));
	ret = unregister_ftrace_function(ops);
	ftrace_free_filter(ops);
	if (ret) {
		pr_info("%s ops alone: unregistered: fail returned %d\n", mode, ret);
		return;
	}
	for (i = 0; i < SITE_CALLS; i++)
		site_target(i);
	if (READ_ONCE(site_hits) == hits)
		pr_info("%s ops alone: unregistered, no call reaches it: ok\n", mode);
	else
		pr_info("%s ops alone: unregistered, no call reaches it: fail %lu calls\n",
			mode, READ_ONCE(site_hits) - hits);
}

/**
 * direct_site_run - one ftrace_ops alone on a module function, plain and
 * with FTRACE_OPS_FL_SAVE_REGS
 *
 * Return: 0; the lines printed say how the checks went.
 */
int direct_site_run(void)
{
	site_run("plain", &site_ops, false);
	site_run("regs", &site_regs_ops, true);
	return 0;
}
