// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_direct_stress: every call reaches its direct trampoline while
 * direct_functions grows and shrinks under it.
 *
 * stress_target() has a counting direct trampoline and shares its site with
 * a plain ftrace_ops, so each call goes through the ftrace entry, whose
 * callback looks the trampoline up in direct_functions without a lock.  A
 * thread on another CPU calls it in a loop.  Meanwhile the module registers
 * a direct trampoline on each of @funcs functions of its own, one by one,
 * which grows direct_functions several times on the first round, and then
 * unregisters them, @rounds times.  At the end the calls, the trampoline's
 * count and the ops' count must be equal: a lookup that missed would leave
 * the trampoline behind.
 *
 * The module prints one line and stays loaded:
 *
 *	ftrace_direct_stress: result: ok calls N trampoline N ops N ...
 *	ftrace_direct_stress: result: fail ...
 *	ftrace_direct_stress: result: error ...	(could not run)
 */
#define pr_fmt(fmt) "ftrace_direct_stress: " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/ftrace.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>

static unsigned int funcs = 512;
module_param(funcs, uint, 0444);
MODULE_PARM_DESC(funcs, "functions registered per round (default and at most 512)");

static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "register/unregister rounds (default 3)");

/* In tramp_$(SRCARCH).S */
void stress_count_tramp(void);
void stress_empty_tramp(void);

/* Bumped by stress_count_tramp() */
unsigned long stress_tramp_hits;

static unsigned long stress_sink;
static unsigned long stress_calls;
static unsigned long stress_ops_hits;
static bool stress_stop;

noinline void stress_target(unsigned long i)
{
	WRITE_ONCE(stress_sink, i);
}

static void stress_ops_func(unsigned long ip, unsigned long parent_ip,
			    struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	stress_ops_hits++;
}

/* No SAVE_REGS: the site may go through ftrace_caller */
static struct ftrace_ops stress_ops = {
	.func	= stress_ops_func,
};

/*
 * 512 distinct functions, only ever registered, never called.  Each stores
 * its own number, so that the compiler cannot fold them into one.
 */
#define FN1(n)	static noinline void stress_fn_##n(void) { WRITE_ONCE(stress_sink, n); }
#define FN2(n)	FN1(n##0) FN1(n##1)
#define FN4(n)	FN2(n##0) FN2(n##1)
#define FN8(n)	FN4(n##0) FN4(n##1)
#define FN16(n)	FN8(n##0) FN8(n##1)
#define FN32(n)	FN16(n##0) FN16(n##1)
#define FN64(n)	FN32(n##0) FN32(n##1)
#define FN128(n) FN64(n##0) FN64(n##1)
#define FN256(n) FN128(n##0) FN128(n##1)
#define FN512(n) FN256(n##0) FN256(n##1)
FN512(1)

#define P1(n)	stress_fn_##n,
#define P2(n)	P1(n##0) P1(n##1)
#define P4(n)	P2(n##0) P2(n##1)
#define P8(n)	P4(n##0) P4(n##1)
#define P16(n)	P8(n##0) P8(n##1)
#define P32(n)	P16(n##0) P16(n##1)
#define P64(n)	P32(n##0) P32(n##1)
#define P128(n)	P64(n##0) P64(n##1)
#define P256(n)	P128(n##0) P128(n##1)
#define P512(n)	P256(n##0) P256(n##1)
static void (*const stress_fns[])(void) = { P512(1) };

static int stress_hammer(void *arg)
{
	while (!READ_ONCE(stress_stop)) {
		stress_target(stress_calls);
		stress_calls++;
		if (!(stress_calls & 255))
			cond_resched();
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Register the filler functions, then unregister them; 0 or an errno. */
static int stress_round(unsigned int n)
{
	unsigned long tramp = (unsigned long)stress_empty_tramp;
	unsigned int i, done;
	int ret = 0, err;

	for (done = 0; done < n; done++) {
		ret = register_ftrace_direct((unsigned long)stress_fns[done], tramp);
		if (ret) {
			pr_info("register_ftrace_direct(%ps) returned %d\n",
				stress_fns[done], ret);
			break;
		}
		/* Let the hammer run, if it shares this CPU */
		cond_resched();
	}
	for (i = 0; i < done; i++) {
		err = unregister_ftrace_direct((unsigned long)stress_fns[i], tramp);
		if (err) {
			pr_info("unregister_ftrace_direct(%ps) returned %d\n",
				stress_fns[i], err);
			ret = ret ?: err;
		}
		cond_resched();
	}
	return ret;
}

static int __init stress_init(void)
{
	unsigned long ip = (unsigned long)stress_target;
	struct task_struct *hammer;
	unsigned int cpu, r;
	int ret;

	if (funcs > ARRAY_SIZE(stress_fns))
		funcs = ARRAY_SIZE(stress_fns);

	ret = register_ftrace_direct(ip, (unsigned long)stress_count_tramp);
	if (ret) {
		pr_info("result: error: register_ftrace_direct() on the target returned %d\n",
			ret);
		return 0;
	}
	ret = ftrace_set_filter_ip(&stress_ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_function(&stress_ops);
	if (ret) {
		pr_info("result: error: the ftrace_ops on the target returned %d\n", ret);
		unregister_ftrace_direct(ip, (unsigned long)stress_count_tramp);
		return 0;
	}

	/* The hammer runs on another CPU than the registrations, if any */
	cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	if (cpu >= nr_cpu_ids)
		cpu = raw_smp_processor_id();
	hammer = kthread_create(stress_hammer, NULL, "direct-stress");
	if (IS_ERR(hammer)) {
		ret = PTR_ERR(hammer);
		pr_info("result: error: kthread_create() returned %d\n", ret);
		unregister_ftrace_function(&stress_ops);
		unregister_ftrace_direct(ip, (unsigned long)stress_count_tramp);
		return 0;
	}
	kthread_bind(hammer, cpu);
	wake_up_process(hammer);
	while (!READ_ONCE(stress_calls))
		msleep(1);

	for (r = 0; r < rounds && !ret; r++)
		ret = stress_round(funcs);

	WRITE_ONCE(stress_stop, true);
	kthread_stop(hammer);

	unregister_ftrace_function(&stress_ops);
	unregister_ftrace_direct(ip, (unsigned long)stress_count_tramp);
	if (ret) {
		pr_info("result: error: a round failed with %d\n", ret);
		return 0;
	}

	pr_info("result: %s calls %lu trampoline %lu ops %lu funcs %u rounds %u hammer-cpu %u of %u\n",
		stress_calls && stress_tramp_hits == stress_calls &&
		stress_ops_hits == stress_calls ? "ok" : "fail",
		stress_calls, stress_tramp_hits, stress_ops_hits, funcs, rounds,
		cpu, num_online_cpus());
	return 0;
}

static void __exit stress_exit(void)
{
}

module_init(stress_init);
module_exit(stress_exit);
MODULE_AUTHOR("ftrace-direct team");
MODULE_DESCRIPTION("direct_functions stress: no call may miss its direct trampoline");
MODULE_LICENSE("GPL");
