// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_direct_stress: every call reaches its direct trampoline while
 * direct_functions changes under it, and while the trampoline is switched.
 *
 * stress_target() gets a counting direct trampoline.  A thread on another
 * CPU (if there is one) calls it in a loop while the module runs one phase:
 *
 *  grow:          the site is shared with a plain ftrace_ops, so each call
 *                 looks the trampoline up in direct_functions without a
 *                 lock, while the module registers a direct trampoline on
 *                 each of @funcs functions of its own, one by one (which
 *                 grows the hash several times on the first round), and
 *                 unregisters them, @rounds times;
 *  modify-shared: the same site, switched @flips times between two counting
 *                 trampolines with modify_ftrace_direct();
 *  modify-sole:   the same without the ftrace_ops, so that each switch
 *                 repatches the callsite;
 *  modify-multi:  the same site, with the direct call made through the ops
 *                 API (register_ftrace_direct_multi()), switched @flips
 *                 times with modify_ftrace_direct_multi().
 *
 * Before them, direct_errno.c checks the errno table of the direct-call
 * documentation (its own lines, "errno: ROW: ...").
 *
 * With share=ip, ops or lp the module runs none of this and only puts a
 * counting direct trampoline (and an ftrace_ops) in place for the guest's
 * sharing tests (direct_share.c); with kill=1 it kills ftrace with direct
 * calls in place and checks what is left (direct_kill.c); with far=1 it
 * registers a trampoline out of the callsite's reach (direct_far.c); with
 * lifetime=ROUNDS it unregisters direct calls under preemptible readers
 * (direct_lifetime.c); with killreg=1 ftrace kills itself inside a
 * registration (direct_killreg.c), with killunreg=1 inside an
 * unregister call, and with killother=1 on this task while unregister
 * calls wait in the window kernel's window (direct_killunreg.c).
 *
 * After each phase the calls made and the trampolines' counts (and the
 * ftrace_ops' count, where it is attached) must be equal: a lookup that
 * missed, or a call lost or doubled while switching, shows.  Each phase
 * prints one line and the module stays loaded:
 *
 *	ftrace_direct_stress: PHASE: ok calls N trampolines A+B ops N ...
 *	ftrace_direct_stress: PHASE: fail calls N trampolines A+B ops N ...
 *	ftrace_direct_stress: PHASE: error ERRNO	(could not run)
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

static unsigned int rounds = 1;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "register/unregister rounds (default 1)");

static unsigned int flips = 1000;
module_param(flips, uint, 0444);
MODULE_PARM_DESC(flips, "trampoline switches per modify phase (default 1000)");

static char *share;
module_param(share, charp, 0444);
MODULE_PARM_DESC(share, "ip, ops or lp: only set up the sharing test (direct_share.c)");

static bool kill;
module_param(kill, bool, 0444);
MODULE_PARM_DESC(kill, "only run ftrace_kill() with direct calls in place (direct_kill.c)");

static bool far;
module_param(far, bool, 0444);
MODULE_PARM_DESC(far, "only register a trampoline out of the callsite's reach (direct_far.c)");

static unsigned int lifetime;
module_param(lifetime, uint, 0444);
MODULE_PARM_DESC(lifetime, "only run this many rounds under preemptible readers (direct_lifetime.c)");

static bool killreg;
module_param(killreg, bool, 0444);
MODULE_PARM_DESC(killreg, "only kill ftrace inside a direct-call registration (direct_killreg.c)");

static bool killunreg;
module_param(killunreg, bool, 0444);
MODULE_PARM_DESC(killunreg, "only kill ftrace inside a direct-call unregister call (direct_killunreg.c)");

static bool killother;
module_param(killother, bool, 0444);
MODULE_PARM_DESC(killother, "only kill ftrace while unregister calls wait in the window kernel's window (direct_killunreg.c)");

static bool site;
module_param(site, bool, 0444);
MODULE_PARM_DESC(site, "only register one ftrace_ops alone on a module function, plain and SAVE_REGS (direct_site.c)");

#include "direct_stress.h"

unsigned long stress_tramp_hits;
unsigned long stress_tramp_hits_b;

unsigned long stress_sink;
static unsigned long stress_calls;
static unsigned long stress_ops_hits;
static bool stress_stop;
static unsigned int stress_cpu;

noinline void stress_target(unsigned long i)
{
	WRITE_ONCE(stress_sink, i);
}

/* A second traced function, for the errno rows */
noinline void stress_other(unsigned long i)
{
	WRITE_ONCE(stress_sink, i + 1);
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
void (*const stress_fns[512])(void) = { P512(1) };

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

/* Start the hammer on stress_cpu with every count at zero */
static struct task_struct *stress_start(void)
{
	struct task_struct *hammer;

	stress_calls = 0;
	stress_tramp_hits = 0;
	stress_tramp_hits_b = 0;
	stress_ops_hits = 0;
	WRITE_ONCE(stress_stop, false);
	hammer = kthread_create(stress_hammer, NULL, "direct-stress");
	if (IS_ERR(hammer))
		return hammer;
	kthread_bind(hammer, stress_cpu);
	wake_up_process(hammer);
	while (!READ_ONCE(stress_calls))
		msleep(1);
	return hammer;
}

static void stress_halt(struct task_struct *hammer)
{
	WRITE_ONCE(stress_stop, true);
	kthread_stop(hammer);
}

static const char * const stress_phases[] = {
	"grow", "modify-shared", "modify-sole", "modify-multi"
};

static unsigned int stress_reported;

/*
 * @ops: the ftrace_ops shared the site; @both: the phase switched between
 * the trampolines, so each must have been called.
 */
static void stress_report(const char *phase, int err, bool ops, bool both)
{
	unsigned long tramps = stress_tramp_hits + stress_tramp_hits_b;
	bool ok = stress_calls && tramps == stress_calls &&
		  stress_ops_hits == (ops ? stress_calls : 0) &&
		  (!both || (stress_tramp_hits && stress_tramp_hits_b));

	stress_reported++;
	if (err) {
		pr_info("%s: error %d\n", phase, err);
		return;
	}
	pr_info("%s: %s calls %lu trampolines %lu+%lu ops %lu hammer-cpu %u of %u\n",
		phase, ok ? "ok" : "fail", stress_calls, stress_tramp_hits,
		stress_tramp_hits_b, stress_ops_hits, stress_cpu,
		num_online_cpus());
}

/*
 * Let the hammer make some calls before the next switch: on a single CPU,
 * without preemption, it would otherwise not run until all were done.
 */
static void stress_wait_calls(void)
{
	unsigned long seen = READ_ONCE(stress_calls);
	int i;

	for (i = 0; i < 100 && READ_ONCE(stress_calls) == seen; i++)
		usleep_range(100, 200);
}

/*
 * Switch the target between the two counting trampolines @flips times;
 * @change(ip, from, to) makes one switch.
 */
static int stress_flip(int (*change)(unsigned long, unsigned long, unsigned long),
		       unsigned long ip, unsigned long *cur)
{
	unsigned long a = (unsigned long)stress_count_tramp;
	unsigned long b = (unsigned long)stress_count_tramp_b;
	unsigned long next;
	unsigned int i;
	int ret;

	for (i = 0; i < flips; i++) {
		next = *cur == a ? b : a;
		ret = change(ip, *cur, next);
		if (ret) {
			pr_info("%ps() returned %d after %u switches\n", change, ret, i);
			return ret;
		}
		*cur = next;
		stress_wait_calls();
	}
	return 0;
}

/* One modify phase: switch the trampolines under the hammer, report */
static int stress_modify_phase(const char *phase, unsigned long ip,
			       unsigned long *cur, bool ops)
{
	struct task_struct *hammer;
	int ret;

	hammer = stress_start();
	if (IS_ERR(hammer))
		return PTR_ERR(hammer);
	ret = stress_flip(modify_ftrace_direct, ip, cur);
	stress_halt(hammer);
	stress_report(phase, ret, ops, true);
	return ret;
}

static struct ftrace_ops stress_multi_ops;

/* A switch for stress_flip() through the ops API: the ops knows its functions */
static int stress_change_multi(unsigned long ip, unsigned long from, unsigned long to)
{
	return modify_ftrace_direct_multi(&stress_multi_ops, to);
}

/* The modify phase through the ops API, as BPF trampolines use it */
static int stress_multi_phase(const char *phase, unsigned long ip)
{
	unsigned long cur = (unsigned long)stress_count_tramp;
	struct task_struct *hammer;
	int ret;

	ret = ftrace_set_filter_ip(&stress_multi_ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_direct_multi(&stress_multi_ops, cur);
	if (ret) {
		ftrace_free_filter(&stress_multi_ops);
		stress_report(phase, ret, false, false);
		return ret;
	}
	hammer = stress_start();
	if (IS_ERR(hammer)) {
		ret = PTR_ERR(hammer);
	} else {
		ret = stress_flip(stress_change_multi, ip, &cur);
		stress_halt(hammer);
	}
	stress_report(phase, ret, false, true);
	unregister_ftrace_direct_multi(&stress_multi_ops, cur);
	ftrace_free_filter(&stress_multi_ops);
	return ret;
}

static int __init stress_init(void)
{
	unsigned long ip = (unsigned long)stress_target;
	unsigned long cur = (unsigned long)stress_count_tramp;
	struct task_struct *hammer;
	unsigned int r;
	int ret;

	if (share)
		return direct_share_start(share);
	if (kill)
		return direct_kill_run();
	if (far)
		return direct_far_run();
	if (lifetime)
		return direct_lifetime_run(lifetime);
	if (killreg)
		return direct_killreg_run();
	if (killunreg)
		return direct_killunreg_run();
	if (killother)
		return direct_killother_run();
	if (site)
		return direct_site_run();

	if (funcs > ARRAY_SIZE(stress_fns))
		funcs = ARRAY_SIZE(stress_fns);

	/* The hammer runs on another CPU than the registrations, if any */
	stress_cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	if (stress_cpu >= nr_cpu_ids)
		stress_cpu = raw_smp_processor_id();

	/* The errno table first, while nothing else is attached */
	direct_errno_run();

	ret = register_ftrace_direct(ip, cur);
	if (ret)
		goto out_report;
	ret = ftrace_set_filter_ip(&stress_ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_function(&stress_ops);
	if (ret)
		goto out_direct;

	hammer = stress_start();
	if (IS_ERR(hammer)) {
		ret = PTR_ERR(hammer);
		goto out_ops;
	}
	for (r = 0; r < rounds && !ret; r++)
		ret = stress_round(funcs);
	stress_halt(hammer);
	stress_report(stress_phases[0], ret, true, false);
	if (ret)
		goto out_ops;

	ret = stress_modify_phase(stress_phases[1], ip, &cur, true);
	if (ret)
		goto out_ops;

	unregister_ftrace_function(&stress_ops);
	ret = stress_modify_phase(stress_phases[2], ip, &cur, false);
	unregister_ftrace_direct(ip, cur);
	if (!ret)
		ret = stress_multi_phase(stress_phases[3], ip);
	goto out_report;

out_ops:
	unregister_ftrace_function(&stress_ops);
out_direct:
	unregister_ftrace_direct(ip, cur);
out_report:
	/* Every phase that did not run says why */
	while (stress_reported < ARRAY_SIZE(stress_phases))
		stress_report(stress_phases[stress_reported], ret, false, false);
	return 0;
}

static void __exit stress_exit(void)
{
	direct_share_stop();
}

module_init(stress_init);
module_exit(stress_exit);
MODULE_AUTHOR("ftrace-direct team");
MODULE_DESCRIPTION("direct_functions stress: no call may miss its direct trampoline");
MODULE_LICENSE("GPL");
