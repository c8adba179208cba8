// SPDX-License-Identifier: GPL-2.0
/*
 * The killreg mode of ftrace_direct_stress (killreg=1): ftrace kills
 * itself in the middle of a direct-call registration.
 *
 * The module puts a counting direct trampoline on two of its functions
 * with register_ftrace_direct_multi(), after it has overwritten the NOP of
 * the later callsite (by address, the order in which ftrace patches) with
 * another instruction, so that ftrace finds a callsite that does not hold
 * what it expects and kills itself.  One line per check,
 *
 *	ftrace_direct_stress: killreg: CHECK: ok
 *	ftrace_direct_stress: killreg: CHECK: fail WHAT
 *	ftrace_direct_stress: killreg: CHECK: skip WHY
 *
 * the registration must fail, and neither function may call the
 * trampoline afterwards: the caller of a failed registration frees its
 * trampoline (a module whose init fails is freed whatever its refcount).
 * An update that patched the earlier callsite before it found the bad one
 * leaves it calling the trampoline.  This kills ftrace for the rest of the
 * boot.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: killreg: " fmt

#include <linux/ftrace.h>

#include "direct_stress.h"

#define KILLREG_CALLS	1000

static struct ftrace_ops killreg_ops;

#ifdef CONFIG_ARM64
/* mov x9, x30: what the first slot of the callsite holds, so harmless */
#define KILLREG_BAD_INSN	0xaa1e03e9

static int killreg_corrupt(unsigned long ip, u32 *saved)
{
	int (*patch)(void *addr, u32 insn);
	int (*read)(void *addr, u32 *insn);

	/* Neither is exported */
	patch = (void *)stress_lookup("aarch64_insn_patch_text_nosync");
	read = (void *)stress_lookup("aarch64_insn_read");
	if (!patch || !read)
		return -ENOENT;
	if (read((void *)ip, saved))
		return -EFAULT;
	return patch((void *)ip, KILLREG_BAD_INSN);
}

static void killreg_restore(unsigned long ip, u32 saved)
{
	int (*patch)(void *addr, u32 insn);

	patch = (void *)stress_lookup("aarch64_insn_patch_text_nosync");
	if (patch)
		patch((void *)ip, saved);
}
#else
static int killreg_corrupt(unsigned long ip, u32 *saved)
{
	return -EOPNOTSUPP;
}

static void killreg_restore(unsigned long ip, u32 saved) { }
#endif

/**
 * direct_killreg_run - kill ftrace inside register_ftrace_direct_multi()
 *
 * Return: 0 once the checks ran or were skipped (their lines say how they
 * went), or the errno that kept them from running.
 */
int direct_killreg_run(void)
{
	unsigned long a = (unsigned long)stress_fns[0];
	unsigned long b = (unsigned long)stress_fns[1];
	unsigned long (*location)(unsigned long ip);
	unsigned long first, last, i;
	u32 saved;
	int ret;

	/* ftrace_location() is not exported */
	location = (void *)stress_lookup("ftrace_location");
	if (!location) {
		pr_info("ftrace_location is found: fail\n");
		return -ENOENT;
	}
	first = location(min(a, b));
	last = location(max(a, b));
	if (!first || !last) {
		pr_info("the functions are ftrace locations: fail %lx %lx\n", first, last);
		return -ENODEV;
	}
	ret = ftrace_set_filter_ip(&killreg_ops, first, 0, 0);
	if (!ret)
		ret = ftrace_set_filter_ip(&killreg_ops, last, 0, 0);
	if (ret) {
		pr_info("the filter is set: fail %d\n", ret);
		ftrace_free_filter(&killreg_ops);
		return ret;
	}

	ret = killreg_corrupt(last, &saved);
	if (ret == -EOPNOTSUPP) {
		pr_info("a registration that kills ftrace: skip the module corrupts a callsite only on arm64\n");
		ftrace_free_filter(&killreg_ops);
		return 0;
	}
	if (ret) {
		pr_info("the later callsite is overwritten: fail %d\n", ret);
		ftrace_free_filter(&killreg_ops);
		return ret;
	}

	ret = register_ftrace_direct_multi(&killreg_ops, (unsigned long)stress_count_tramp);
	killreg_restore(last, saved);
	if (ret)
		pr_info("the registration fails: ok\n");
	else
		pr_info("the registration fails: fail it returned 0\n");

	WRITE_ONCE(stress_tramp_hits, 0);
	for (i = 0; i < KILLREG_CALLS; i++) {
		stress_fns[0]();
		stress_fns[1]();
	}
	if (!READ_ONCE(stress_tramp_hits))
		pr_info("no function calls the trampoline after the failed registration: ok\n");
	else
		pr_info("no function calls the trampoline after the failed registration: fail %lu of %d calls\n",
			stress_tramp_hits, 2 * KILLREG_CALLS);
	return 0;
}
