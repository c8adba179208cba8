// SPDX-License-Identifier: GPL-2.0
/*
 * The lifetime mode of ftrace_direct_stress (lifetime=ROUNDS): entries of
 * direct_functions freed while a preemptible reader still stands on one.
 *
 * When direct_ops is the only ftrace_ops in the system, the ftrace entry
 * calls call_direct_funcs() itself, with preemption enabled; a callsite
 * goes through the entry when it cannot reach its trampoline (arm64 with
 * "ftrace_direct_far" on the command line, or a far trampoline on x86-64,
 * which the module copies into vmalloc() memory).  So each call of a
 * traced function looks its trampoline up in direct_functions where it
 * can be preempted.
 *
 * LIFE_HAMMERS threads call LIFE_FUNCS functions in turn while the module,
 * ROUNDS times, puts one trampoline on all of them through the ip API and
 * takes it off again one function at a time.  Because the trampoline
 * still serves the other functions, each unregister frees only the entry,
 * and nothing waits for the readers but the grace period the entry is
 * freed after.  The window between a reader finding the entry and reading
 * it is a few instructions; scripts/lifetime-check.sh builds a kernel with
 * tests/lifetime/window.patch, which holds a preemptible reader there for a
 * while, and KASAN reports the read if the entry was freed under it.  One
 * line at the end,
 *
 *	ftrace_direct_stress: lifetime: ok rounds R calls C through-entry H
 *	ftrace_direct_stress: lifetime: fail WHAT
 *
 * and "fail" when the calls never went through the entry, since then
 * nothing was tested.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: lifetime: " fmt

#include <linux/delay.h>
#include <linux/ftrace.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>

#include "direct_stress.h"

#define LIFE_FUNCS	8
#define LIFE_HAMMERS	2

static bool life_stop;
static atomic_long_t life_calls;

static int life_hammer(void *arg)
{
	unsigned int i = (unsigned long)arg;

	while (!READ_ONCE(life_stop)) {
		stress_fns[i++ % LIFE_FUNCS]();
		atomic_long_inc(&life_calls);
		/*
		 * Sleep, not cond_resched(), which is empty on a PREEMPT
		 * kernel: a task that never switches voluntarily holds up
		 * every tasks-RCU grace period, and unregister waits for one.
		 */
		usleep_range(50, 100);
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* One round: on all LIFE_FUNCS, then off them one by one; 0 or an errno */
static int life_round(unsigned long tramp)
{
	unsigned int i, done;
	int ret = 0, err;

	for (done = 0; done < LIFE_FUNCS; done++) {
		ret = register_ftrace_direct((unsigned long)stress_fns[done], tramp);
		if (ret) {
			pr_info("fail register_ftrace_direct(%ps) returned %d\n",
				stress_fns[done], ret);
			break;
		}
	}
	/* Let the hammers get into the lookups */
	msleep(20);
	for (i = 0; i < done; i++) {
		err = unregister_ftrace_direct((unsigned long)stress_fns[i], tramp);
		if (err) {
			pr_info("fail unregister_ftrace_direct(%ps) returned %d\n",
				stress_fns[i], err);
			ret = ret ?: err;
		}
	}
	return ret;
}

/**
 * direct_lifetime_run - unregister direct calls under preemptible readers
 * @rounds: how many times to put the trampoline on and take it off
 *
 * Return: 0 once the rounds ran (the last line says how they went), or
 * the errno that kept them from running.
 */
int direct_lifetime_run(unsigned int rounds)
{
	struct task_struct *hammers[LIFE_HAMMERS];
	unsigned long tramp, hits0, hits;
	unsigned long *counter;
	unsigned int r, h;
	void *far;
	int ret = 0;

	far = far_make();
	if (IS_ERR(far) && PTR_ERR(far) != -EOPNOTSUPP) {
		pr_info("fail no far trampoline: %ld\n", PTR_ERR(far));
		return PTR_ERR(far);
	}
	if (IS_ERR(far)) {
		/* arm64: ftrace_direct_far sends every call through the entry */
		far = NULL;
		tramp = (unsigned long)stress_count_tramp;
		counter = &stress_tramp_hits;
	} else {
		tramp = (unsigned long)far;
		counter = &far_hits;
	}
	hits0 = READ_ONCE(*counter);

	WRITE_ONCE(life_stop, false);
	for (h = 0; h < LIFE_HAMMERS; h++) {
		hammers[h] = kthread_run(life_hammer, (void *)(unsigned long)h,
					 "direct-life/%u", h);
		if (IS_ERR(hammers[h])) {
			ret = PTR_ERR(hammers[h]);
			break;
		}
	}
	for (r = 0; r < rounds && !ret && h == LIFE_HAMMERS; r++)
		ret = life_round(tramp);
	WRITE_ONCE(life_stop, true);
	while (h--)
		kthread_stop(hammers[h]);

	hits = READ_ONCE(*counter) - hits0;
	if (ret)
		pr_info("fail after %u rounds: %d\n", r, ret);
	else if (!hits)
		pr_info("fail no call reached the trampoline through the entry\n");
	else
		pr_info("ok rounds %u calls %ld through-entry %lu\n", r,
			atomic_long_read(&life_calls), hits);

	if (far) {
		/* No task may still be inside the trampoline when it is freed */
		synchronize_rcu_tasks();
		vfree(far);
	}
	return 0;
}
