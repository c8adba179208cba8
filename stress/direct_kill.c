// SPDX-License-Identifier: GPL-2.0
/*
 * The ftrace_kill() mode of ftrace_direct_stress (kill=1): what happens to
 * direct calls when ftrace shuts itself down.
 *
 * ftrace_kill() is what ftrace calls on an anomaly; it is not exported,
 * so the module finds it through kallsyms (whose lookup it finds through
 * a kprobe).  Before killing ftrace the module puts a counting direct
 * trampoline on stress_target() through the ip API and another on
 * stress_other() through the ops API.  After it, one line per check,
 *
 *	ftrace_direct_stress: kill: CHECK: ok
 *	ftrace_direct_stress: kill: CHECK: fail WHAT
 *
 * both calls must still be made on every call, every direct-call API must
 * fail with -ENODEV, and the calls must still be made after that.  Then
 * it kills ftrace again, as each later FTRACE_WARN_ON() does: that must
 * take no second reference on the module, and the calls go on.  The
 * module stays loaded: ftrace_kill() pins it, which the guest checks.
 * This kills ftrace for the rest of the boot.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: kill: " fmt

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>

#include "direct_stress.h"

#define KILL_CALLS	1000

static struct ftrace_ops kill_ops;
static struct ftrace_ops kill_ops_new;

/* A function without a direct call, for the registrations after the kill */
static noinline void kill_free_target(unsigned long i)
{
	WRITE_ONCE(stress_sink, i + 2);
}

/* The address of a symbol that is not exported (direct_stress.h) */
unsigned long stress_lookup(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);

	if (register_kprobe(&kp))
		return 0;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	return lookup(name);
}

/* Both direct calls are made on each of KILL_CALLS calls */
static void kill_check_calls(const char *when)
{
	unsigned long i;

	WRITE_ONCE(stress_tramp_hits, 0);
	WRITE_ONCE(stress_tramp_hits_b, 0);
	for (i = 0; i < KILL_CALLS; i++) {
		stress_target(i);
		stress_other(i);
	}
	if (stress_tramp_hits == KILL_CALLS && stress_tramp_hits_b == KILL_CALLS)
		pr_info("%s, both direct calls are made: ok\n", when);
	else
		pr_info("%s, both direct calls are made: fail %lu and %lu of %d calls\n",
			when, stress_tramp_hits, stress_tramp_hits_b, KILL_CALLS);
}

static void kill_check_errno(const char *call, int ret)
{
	if (ret == -ENODEV)
		pr_info("%s refused with -ENODEV: ok\n", call);
	else
		pr_info("%s refused with -ENODEV: fail returned %d\n", call, ret);
}

/**
 * direct_kill_run - kill ftrace with two direct calls in place, and check
 *
 * Return: 0 once the checks ran (their lines say how they went), or the
 * errno that kept them from running, with nothing left registered.
 */
int direct_kill_run(void)
{
	unsigned long target = (unsigned long)stress_target;
	unsigned long other = (unsigned long)stress_other;
	unsigned long spare = (unsigned long)kill_free_target;
	unsigned long a = (unsigned long)stress_count_tramp;
	unsigned long b = (unsigned long)stress_count_tramp_b;
	void (*kill)(void);
	int ret, refs;

	kill = (void *)stress_lookup("ftrace_kill");
	if (!kill) {
		pr_info("error: ftrace_kill not found\n");
		return -ENOENT;
	}

	ret = register_ftrace_direct(target, a);
	if (ret)
		goto out;
	ret = ftrace_set_filter_ip(&kill_ops, other, 0, 0);
	if (!ret)
		ret = register_ftrace_direct_multi(&kill_ops, b);
	if (ret)
		goto out_direct;
	/* A filter for a registration after the kill, set while it can be */
	ret = ftrace_set_filter_ip(&kill_ops_new, spare, 0, 0);
	if (ret)
		goto out_multi;

	kill_check_calls("before ftrace_kill");
	kill();
	kill_check_calls("after ftrace_kill");

	kill_check_errno("register_ftrace_direct", register_ftrace_direct(spare, a));
	kill_check_errno("unregister_ftrace_direct", unregister_ftrace_direct(target, a));
	kill_check_errno("modify_ftrace_direct", modify_ftrace_direct(target, a, b));
	kill_check_errno("register_ftrace_direct_multi",
			 register_ftrace_direct_multi(&kill_ops_new, a));
	kill_check_errno("unregister_ftrace_direct_multi",
			 unregister_ftrace_direct_multi(&kill_ops, b));
	kill_check_errno("modify_ftrace_direct_multi",
			 modify_ftrace_direct_multi(&kill_ops, a));

	kill_check_calls("after the refused calls");

	/* ftrace_kill() runs again on each later FTRACE_WARN_ON() */
	refs = module_refcount(THIS_MODULE);
	kill();
	if (module_refcount(THIS_MODULE) == refs)
		pr_info("a second ftrace_kill() takes no more references: ok\n");
	else
		pr_info("a second ftrace_kill() takes no more references: fail %d, then %d\n",
			refs, module_refcount(THIS_MODULE));
	kill_check_calls("after a second ftrace_kill");
	return 0;

out_multi:
	unregister_ftrace_direct_multi(&kill_ops, b);
out_direct:
	ftrace_free_filter(&kill_ops);
	unregister_ftrace_direct(target, a);
out:
	pr_info("error: %d\n", ret);
	return ret;
}
