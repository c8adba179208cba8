// SPDX-License-Identifier: GPL-2.0
/*
 * The killunreg mode of ftrace_direct_stress (killunreg=1): ftrace kills
 * itself in the middle of a direct-call unregister call.
 *
 * The module puts a counting direct trampoline on two of its functions
 * with register_ftrace_direct_multi() and checks that both call it.  Then
 * it overwrites the call at the later callsite (by address, the order in
 * which ftrace patches) with a harmless instruction (arm64: the callsite's
 * own first instruction; x86-64: a call to the empty trampoline), so that
 * ftrace finds a callsite that does not hold what it expects when the
 * unregister call patches, and kills itself.  One line per check,
 *
 *	ftrace_direct_stress: killunreg: CHECK: ok
 *	ftrace_direct_stress: killunreg: CHECK: fail WHAT
 *
 * After the unregister call neither function may call the trampoline:
 * a module that unregisters in its exit function is freed whatever the
 * call returned, and being on its way out it cannot be pinned, so a
 * callsite left calling its trampoline would call freed code.  This kills
 * ftrace for the rest of the boot.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: killunreg: " fmt

#include <linux/ftrace.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "direct_stress.h"

#define KILLUNREG_CALLS	1000

static struct ftrace_ops killunreg_ops;
static struct ftrace_ops probe_ops;

#ifdef CONFIG_ARM64
/* mov x9, x30: what the first slot of the callsite holds, so harmless */
static const u32 killunreg_insn = 0xaa1e03e9;

/* Overwrite the instruction at @ip; neither helper is exported */
static int killunreg_poke(unsigned long ip)
{
	int (*patch)(void *addr, u32 insn);

	patch = (void *)stress_lookup("aarch64_insn_patch_text_nosync");
	if (!patch)
		return -ENOENT;
	return patch((void *)ip, killunreg_insn);
}
#elif defined(CONFIG_X86_64)
/*
 * Overwrite the CALL at @ip with a CALL to the empty trampoline, which
 * text_poke_bp() can emulate (a NOP other than the one ftrace writes it
 * cannot) and which counts nothing; text_poke_bp() wants text_mutex.
 */
static int killunreg_poke(unsigned long ip)
{
	void (*poke)(void *addr, const void *opcode, size_t len, const void *emulate);
	s32 rel = (long)stress_empty_tramp - (long)(ip + 5);
	u8 insn[5] = { 0xe8 };
	struct mutex *text;

	poke = (void *)stress_lookup("text_poke_bp");
	text = (void *)stress_lookup("text_mutex");
	if (!poke || !text)
		return -ENOENT;
	memcpy(&insn[1], &rel, sizeof(rel));
	mutex_lock(text);
	poke((void *)ip, insn, sizeof(insn), NULL);
	mutex_unlock(text);
	return 0;
}
#else
static int killunreg_poke(unsigned long ip)
{
	return -EOPNOTSUPP;
}
#endif

/* Make both functions run KILLUNREG_CALLS times; the trampoline's count */
static unsigned long killunreg_calls(void)
{
	unsigned long i;

	WRITE_ONCE(stress_tramp_hits, 0);
	for (i = 0; i < KILLUNREG_CALLS; i++) {
		stress_fns[0]();
		stress_fns[1]();
	}
	return READ_ONCE(stress_tramp_hits);
}

/**
 * direct_killunreg_run - kill ftrace inside unregister_ftrace_direct_multi()
 *
 * Return: 0 once the checks ran (their lines say how they went), or the
 * errno that kept them from running.
 */
int direct_killunreg_run(void)
{
	unsigned long a = (unsigned long)stress_fns[0];
	unsigned long b = (unsigned long)stress_fns[1];
	unsigned long tramp = (unsigned long)stress_count_tramp;
	unsigned long (*location)(unsigned long ip);
	unsigned long first, last, hits;
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
	ret = ftrace_set_filter_ip(&killunreg_ops, first, 0, 0);
	if (!ret)
		ret = ftrace_set_filter_ip(&killunreg_ops, last, 0, 0);
	if (!ret)
		ret = register_ftrace_direct_multi(&killunreg_ops, tramp);
	if (ret) {
		pr_info("the registration succeeds: fail %d\n", ret);
		ftrace_free_filter(&killunreg_ops);
		return ret;
	}
	hits = killunreg_calls();
	if (hits == 2 * KILLUNREG_CALLS)
		pr_info("both functions call the trampoline: ok\n");
	else
		pr_info("both functions call the trampoline: fail %lu of %d calls\n",
			hits, 2 * KILLUNREG_CALLS);

	ret = killunreg_poke(last);
	if (ret) {
		pr_info("the later callsite is overwritten: fail %d\n", ret);
		unregister_ftrace_direct_multi(&killunreg_ops, tramp);
		ftrace_free_filter(&killunreg_ops);
		return ret;
	}

	ret = unregister_ftrace_direct_multi(&killunreg_ops, tramp);
	pr_info("the unregister call returned %d\n", ret);

	/* Any ftrace call fails with -ENODEV once ftrace is dead */
	ret = ftrace_set_filter_ip(&probe_ops, first, 0, 0);
	if (ret == -ENODEV)
		pr_info("ftrace died in the unregister call: ok\n");
	else
		pr_info("ftrace died in the unregister call: fail a filter call returned %d\n", ret);

	hits = killunreg_calls();
	if (!hits)
		pr_info("no function calls the trampoline after the unregister call: ok\n");
	else
		pr_info("no function calls the trampoline after the unregister call: fail %lu of %d calls\n",
			hits, 2 * KILLUNREG_CALLS);
	return 0;
}
