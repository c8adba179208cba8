// SPDX-License-Identifier: GPL-2.0
/*
 * The far mode of ftrace_direct_stress (far=1): a direct trampoline that
 * the callsite cannot reach with a call instruction.
 *
 * An x86-64 callsite's CALL reaches +/-2 GiB.  Module text lies within that
 * of every callsite, but vmalloc() memory lies tens of TiB away, and any
 * user may hand ftrace a trampoline there.  The module copies a small
 * counting trampoline into executable vmalloc() memory and registers it on
 * far_target(), through the ip API and through the ops API.  One line per
 * check,
 *
 *	ftrace_direct_stress: far: CHECK: ok
 *	ftrace_direct_stress: far: CHECK: fail WHAT
 *	ftrace_direct_stress: far: CHECK: skip WHY
 *
 * the trampoline must be called on every call, across a modify to a near
 * trampoline and back, and no more once unregistered.  A kernel that
 * writes a truncated CALL to it crashes on the first call instead.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: far: " fmt

#include <linux/ftrace.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#include "direct_stress.h"

#define FAR_CALLS	1000

/* Bumped by the copied trampoline */
unsigned long far_hits;
static struct ftrace_ops far_ops;

static noinline void far_target(unsigned long i)
{
	WRITE_ONCE(stress_sink, i + 3);
}

#ifdef CONFIG_X86_64
/*
 * "movabs $&far_hits, %r11; incq (%r11); ret", as bytes, so that it runs
 * wherever it is copied.  r11 is call-clobbered and carries no argument, so
 * it is free at a function entry, as are the flags.
 */
static const u8 far_code[] = {
	0x49, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0,	/* movabs $imm64, %r11 */
	0x49, 0xff, 0x03,			/* incq (%r11) */
	0xc3,					/* ret */
};

#define FAR_CODE_IMM	2
#define FAR_REACH	SZ_2G

void *far_make(void)
{
	int (*set_x)(unsigned long addr, int numpages);
	unsigned long counter = (unsigned long)&far_hits;
	void *p;

	/* set_memory_x() is not exported */
	set_x = (void *)stress_lookup("set_memory_x");
	if (!set_x)
		return ERR_PTR(-ENOENT);
	p = __vmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	memcpy(p, far_code, sizeof(far_code));
	memcpy(p + FAR_CODE_IMM, &counter, sizeof(counter));
	if (set_x((unsigned long)p, 1)) {
		vfree(p);
		return ERR_PTR(-EPERM);
	}
	return p;
}
#else
void *far_make(void)
{
	return ERR_PTR(-EOPNOTSUPP);
}

#define FAR_REACH	SZ_128M
#endif

/* Each of FAR_CALLS calls reached the far (or, with @near, the near) one */
static void far_check_calls(const char *when, bool near)
{
	unsigned long far0 = far_hits, near0 = stress_tramp_hits;
	unsigned long i, far_n, near_n;

	for (i = 0; i < FAR_CALLS; i++)
		far_target(i);
	far_n = READ_ONCE(far_hits) - far0;
	near_n = READ_ONCE(stress_tramp_hits) - near0;
	if (far_n == (near ? 0 : FAR_CALLS) && near_n == (near ? FAR_CALLS : 0))
		pr_info("%s: ok\n", when);
	else
		pr_info("%s: fail far %lu, near %lu of %d calls\n", when, far_n, near_n,
			FAR_CALLS);
}

/* After unregistering: neither trampoline is called any more */
static void far_check_none(const char *when)
{
	unsigned long far0 = far_hits, near0 = stress_tramp_hits;
	unsigned long i;

	for (i = 0; i < FAR_CALLS; i++)
		far_target(i);
	if (far_hits == far0 && stress_tramp_hits == near0)
		pr_info("%s: ok\n", when);
	else
		pr_info("%s: fail far %lu, near %lu calls\n", when, far_hits - far0,
			stress_tramp_hits - near0);
}

static void far_check_ret(const char *call, int ret)
{
	if (ret)
		pr_info("%s: fail returned %d\n", call, ret);
}

static void far_ip_api(unsigned long ip, unsigned long far)
{
	unsigned long near = (unsigned long)stress_count_tramp;
	int ret;

	ret = register_ftrace_direct(ip, far);
	far_check_ret("ip API: register_ftrace_direct", ret);
	if (ret)
		return;
	far_check_calls("ip API: every call reaches the far trampoline", false);
	ret = modify_ftrace_direct(ip, far, near);
	far_check_ret("ip API: modify_ftrace_direct to near", ret);
	if (!ret) {
		far_check_calls("ip API: modified to a near one, every call reaches it", true);
		ret = modify_ftrace_direct(ip, near, far);
		far_check_ret("ip API: modify_ftrace_direct back to far", ret);
		if (ret)
			far = near;
		else
			far_check_calls("ip API: modified back, every call reaches the far one",
					false);
	}
	ret = unregister_ftrace_direct(ip, far);
	far_check_ret("ip API: unregister_ftrace_direct", ret);
	if (!ret)
		far_check_none("ip API: unregistered, no call reaches a trampoline");
}

static void far_ops_api(unsigned long ip, unsigned long far)
{
	int ret;

	ret = ftrace_set_filter_ip(&far_ops, ip, 0, 0);
	far_check_ret("ops API: ftrace_set_filter_ip", ret);
	if (ret)
		return;
	ret = register_ftrace_direct_multi(&far_ops, far);
	far_check_ret("ops API: register_ftrace_direct_multi", ret);
	if (!ret) {
		far_check_calls("ops API: every call reaches the far trampoline", false);
		ret = unregister_ftrace_direct_multi(&far_ops, far);
		far_check_ret("ops API: unregister_ftrace_direct_multi", ret);
		if (!ret)
			far_check_none("ops API: unregistered, no call reaches a trampoline");
	}
	ftrace_free_filter(&far_ops);
}

/**
 * direct_far_run - register a trampoline out of the callsite's reach
 *
 * Return: 0 once the checks ran or were skipped (their lines say how they
 * went), or the errno that kept them from running.
 */
int direct_far_run(void)
{
	unsigned long ip = (unsigned long)far_target;
	long distance;
	void *far;

	far = far_make();
	if (IS_ERR(far)) {
		if (PTR_ERR(far) == -EOPNOTSUPP) {
			pr_info("a trampoline out of reach: skip no code to copy on this arch\n");
			return 0;
		}
		pr_info("a trampoline out of reach: fail no trampoline: %ld\n", PTR_ERR(far));
		return PTR_ERR(far);
	}
	distance = (long)far - (long)ip;
	pr_info("trampoline at %px, %ld GiB from far_target()\n", far, distance / SZ_1G);
	if (distance > -FAR_REACH && distance < FAR_REACH) {
		pr_info("a trampoline out of reach: skip vmalloc() memory is in reach\n");
	} else {
		far_ip_api(ip, (unsigned long)far);
		far_ops_api(ip, (unsigned long)far);
	}
	/* No task may still be inside the trampoline when it is freed */
	synchronize_rcu_tasks();
	vfree(far);
	return 0;
}
