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
 * callsite left calling its trampoline would call freed code.  For the
 * same reason no task may still be inside the trampoline when the call
 * returns: while it runs, a thread calls the earlier function in a loop,
 * and the trampoline (stress_slow_tramp) calls a handler that stays
 * (long enough to be preempted on a PREEMPT kernel), so that a task is in
 * it when the callsite is taken back.  This kills ftrace for the rest of
 * the boot.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: killunreg: " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/ftrace.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "direct_stress.h"

#define KILLUNREG_CALLS	1000

static struct ftrace_ops killunreg_ops;
static struct ftrace_ops probe_ops;

#ifdef CONFIG_ARM64
/* mov x9, x30: what the first slot of the callsite holds, so harmless */
static const u32 killunreg_insn = 0xaa1e03e9;

static int (*killunreg_patch)(void *addr, u32 insn);

/*
 * Find the helper (not exported) before the poke: stress_lookup() registers
 * a kprobe, which on some kernels waits for direct_mutex.
 */
static int killunreg_poke_prepare(void)
{
	if (!killunreg_patch)
		killunreg_patch = (void *)stress_lookup("aarch64_insn_patch_text_nosync");
	return killunreg_patch ? 0 : -ENOENT;
}

/* Overwrite the instruction at @ip */
static int killunreg_poke(unsigned long ip)
{
	int ret = killunreg_poke_prepare();

	return ret ? ret : killunreg_patch((void *)ip, killunreg_insn);
}
#elif defined(CONFIG_X86_64)
/*
 * Overwrite the CALL at @ip with a CALL to the empty trampoline, which
 * text_poke_bp() can emulate (a NOP other than the one ftrace writes it
 * cannot) and which counts nothing; text_poke_bp() wants text_mutex.
 */
static void (*killunreg_text_poke)(void *addr, const void *opcode, size_t len,
				   const void *emulate);
static struct mutex *killunreg_text_mutex;

/*
 * Find both (not exported) before the poke: stress_lookup() registers a
 * kprobe, which on x86-64 is an ftrace user and waits for direct_mutex.
 */
static int killunreg_poke_prepare(void)
{
	if (!killunreg_text_poke)
		killunreg_text_poke = (void *)stress_lookup("text_poke_bp");
	if (!killunreg_text_mutex)
		killunreg_text_mutex = (void *)stress_lookup("text_mutex");
	return killunreg_text_poke && killunreg_text_mutex ? 0 : -ENOENT;
}

static int killunreg_poke(unsigned long ip)
{
	s32 rel = (long)stress_empty_tramp - (long)(ip + 5);
	u8 insn[5] = { 0xe8 };
	int ret = killunreg_poke_prepare();

	if (ret)
		return ret;
	memcpy(&insn[1], &rel, sizeof(rel));
	mutex_lock(killunreg_text_mutex);
	killunreg_text_poke((void *)ip, insn, sizeof(insn), NULL);
	mutex_unlock(killunreg_text_mutex);
	return 0;
}
#else
static int killunreg_poke_prepare(void)
{
	return -EOPNOTSUPP;
}

static int killunreg_poke(unsigned long ip)
{
	return -EOPNOTSUPP;
}
#endif

/* Calls of stress_slow_tramp, and the tasks inside its handler now */
static atomic_long_t slow_hits;
static atomic_t slow_inside;
/*
 * While slow_stay is set, the handler stays for SLOW_SPINS turns of its
 * own loop, and once it sees the earlier callsite (slow_site) no longer
 * hold the call it held (slow_call), SLOW_SPINS more: far longer than the
 * unregister call takes to return after it wrote the NOP, and bounded,
 * because a kernel that waits for the tasks in the trampoline waits for
 * it. It counts its own work, not time: under QEMU TCG a vCPU that is not
 * running sees time pass all the same.
 */
#define SLOW_SPINS	5000000UL
static bool slow_stay;
static unsigned long slow_site;
static u8 slow_call[MCOUNT_INSN_SIZE];

void notrace stress_slow_handler(void);
void notrace stress_slow_handler(void)
{
	bool taken = false;
	unsigned long i;

	atomic_inc(&slow_inside);
	atomic_long_inc(&slow_hits);
	for (i = 0; i < SLOW_SPINS && READ_ONCE(slow_stay); i++) {
		if (!taken && READ_ONCE(slow_site) &&
		    memcmp((void *)slow_site, slow_call, MCOUNT_INSN_SIZE)) {
			taken = true;
			i = 0;
		}
		barrier();
	}
	atomic_dec(&slow_inside);
}

/* Make both functions run KILLUNREG_CALLS times; the trampoline's count */
static unsigned long killunreg_calls(void)
{
	unsigned long i;

	atomic_long_set(&slow_hits, 0);
	for (i = 0; i < KILLUNREG_CALLS; i++) {
		stress_fns[0]();
		stress_fns[1]();
	}
	return atomic_long_read(&slow_hits);
}

/*
 * The reader: calls @data, the earlier function, until stopped, back to
 * back, so that it is in the trampoline nearly all the time. It lets a
 * waiting CPU in at each call (cond_resched()), and sleeps after every
 * 16th call, so that a tasks-RCU grace period can end.
 */
static int killunreg_reader(void *data)
{
	void (*fn)(void) = data;
	unsigned long n = 0;

	while (!kthread_should_stop()) {
		fn();
		cond_resched();
		if (!(++n % 16))
			usleep_range(20, 50);
	}
	return 0;
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
	unsigned long tramp = (unsigned long)stress_slow_tramp;
	void (*early)(void) = a < b ? stress_fns[0] : stress_fns[1];
	unsigned long (*location)(unsigned long ip);
	unsigned long first, last, hits;
	struct task_struct *reader;
	int ret, inside, i;

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

	/* A task inside the trampoline's handler, most of the time */
	memcpy(slow_call, (void *)first, MCOUNT_INSN_SIZE);
	WRITE_ONCE(slow_site, first);
	WRITE_ONCE(slow_stay, true);
	reader = kthread_run(killunreg_reader, early, "killunreg_reader");
	if (IS_ERR(reader)) {
		pr_info("a reader runs in the trampoline: fail %ld\n", PTR_ERR(reader));
		reader = NULL;
	} else {
		for (i = 0; i < 1000 && !atomic_read(&slow_inside); i++)
			msleep(1);
		if (atomic_read(&slow_inside))
			pr_info("a reader runs in the trampoline: ok\n");
		else
			pr_info("a reader runs in the trampoline: fail not within 1 s\n");
	}

	ret = killunreg_poke(last);
	if (ret) {
		pr_info("the later callsite is overwritten: fail %d\n", ret);
		if (reader)
			kthread_stop(reader);
		WRITE_ONCE(slow_stay, false);
		unregister_ftrace_direct_multi(&killunreg_ops, tramp);
		ftrace_free_filter(&killunreg_ops);
		return ret;
	}

	ret = unregister_ftrace_direct_multi(&killunreg_ops, tramp);
	inside = atomic_read(&slow_inside);
	pr_info("the unregister call returned %d\n", ret);
	if (!inside)
		pr_info("no task is inside the trampoline when the unregister call returns: ok\n");
	else
		pr_info("no task is inside the trampoline when the unregister call returns: fail %d inside\n",
			inside);
	if (reader)
		kthread_stop(reader);
	WRITE_ONCE(slow_stay, false);

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

/*
 * The killother mode (killother=1): ftrace dies on another thread while
 * an unregister call is between its first ftrace_disabled check and the
 * update it makes.  The window kernel (tests/lifetime/window.patch) holds
 * a task named "ftrace_window" there for 200 ms.  Such a call finds ftrace
 * dead with nothing of its own written, so it must fail with -ENODEV and
 * keep everything, as it does when ftrace was dead on entry: the functions
 * keep calling the trampoline and the ops stays on ftrace's list, so its
 * owner must keep both.  A call that returned 0 with the ops still on the
 * list would let its owner free an ops that ftrace still calls.
 *
 *	ftrace_direct_stress: killother: CHECK: ok
 *	ftrace_direct_stress: killother: CHECK: fail WHAT
 */
#undef pr_fmt
#define pr_fmt(fmt) "ftrace_direct_stress: killother: " fmt

static struct ftrace_ops killother_ops;
static struct ftrace_ops killer_ops;

/* One unregister call, made by a task that the window kernel holds */
struct killother_call {
	struct completion done;
	unsigned long ip;	/* 0: unregister_ftrace_direct_multi() */
	unsigned long addr;
	int ret;
	ktime_t start, end;	/* around the call */
};

static int killother_unregister(void *data)
{
	struct killother_call *c = data;

	c->start = ktime_get();
	if (c->ip)
		c->ret = unregister_ftrace_direct(c->ip, c->addr);
	else
		c->ret = unregister_ftrace_direct_multi(&killother_ops, c->addr);
	c->end = ktime_get();
	complete(&c->done);
	return 0;
}

/* ftrace_find_rec_direct(), not exported; the ip of the ip API's call */
static unsigned long (*find_direct)(unsigned long ip);
static unsigned long killother_ip;

/* Whether ftrace still holds the ops API's ops, and the ip API's entry */
static bool killother_ops_registered(void)
{
	return killother_ops.flags & FTRACE_OPS_FL_ENABLED;
}

static bool killother_ip_registered(void)
{
	return find_direct(killother_ip) == (unsigned long)stress_count_tramp_b;
}

static void notrace killer_func(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

/*
 * Checks of one unregister call that ftrace died under: @waiting, whether
 * it was still in its window right after the kill; @registered, whether
 * ftrace still holds what it registered; @hits, the trampoline's count.
 */
static ktime_t killed;

static void killother_check(const char *api, struct killother_call *c, bool waiting,
			    bool (*registered)(void), unsigned long *hits, void (*fn)(void))
{
	unsigned long before, i;

	if (waiting)
		pr_info("%s: the call was still in its window when ftrace died: ok\n", api);
	else
		pr_info("%s: the call was still in its window when ftrace died: fail it had returned %d (no window?)\n",
			api, c->ret);
	wait_for_completion(&c->done);
	pr_info("%s: the unregister call returned %d; it ran from %lld to %lld us after the kill\n",
		api, c->ret, ktime_us_delta(c->start, killed), ktime_us_delta(c->end, killed));
	if (c->ret == -ENODEV)
		pr_info("%s: the call fails with -ENODEV: ok\n", api);
	else
		pr_info("%s: the call fails with -ENODEV: fail it returned %d\n", api, c->ret);
	if (registered())
		pr_info("%s: the ops is still on ftrace's list, as the errno says: ok\n", api);
	else
		pr_info("%s: the ops is still on ftrace's list, as the errno says: fail it is off the list\n",
			api);
	before = READ_ONCE(*hits);
	for (i = 0; i < KILLUNREG_CALLS; i++)
		fn();
	if (READ_ONCE(*hits) - before == KILLUNREG_CALLS)
		pr_info("%s: the function still calls the trampoline: ok\n", api);
	else
		pr_info("%s: the function still calls the trampoline: fail %lu of %d calls\n", api,
			READ_ONCE(*hits) - before, KILLUNREG_CALLS);
}

/**
 * direct_killother_run - kill ftrace while unregister calls wait in a window
 *
 * Registers stress_count_tramp on one function through the ops API and
 * stress_count_tramp_b on another through the ip API, starts both
 * unregister calls in tasks named "ftrace_window", and kills ftrace from
 * this task while they wait: it overwrites a third function's NOP and
 * adds that function to the filter of a plain ftrace_ops registered on a
 * fourth.
 *
 * Return: 0 once the checks ran (their lines say how they went), or the
 * errno that kept them from running.
 */
int direct_killother_run(void)
{
	unsigned long (*location)(unsigned long ip);
	struct killother_call multi = { .addr = (unsigned long)stress_count_tramp };
	struct killother_call one = { .addr = (unsigned long)stress_count_tramp_b };
	bool waiting_multi, waiting_one;
	struct task_struct *t;
	unsigned long a, b, c, d;
	int ret;

	/* Neither is exported; the second says whether the ip API keeps @b */
	location = (void *)stress_lookup("ftrace_location");
	find_direct = (void *)stress_lookup("ftrace_find_rec_direct");
	if (!location || !find_direct) {
		pr_info("ftrace_location and ftrace_find_rec_direct are found: fail\n");
		return -ENOENT;
	}
	a = location((unsigned long)stress_fns[0]);
	b = location((unsigned long)stress_fns[1]);
	c = location((unsigned long)stress_fns[2]);
	d = location((unsigned long)stress_fns[3]);
	if (!a || !b || !c || !d) {
		pr_info("the functions are ftrace locations: fail %lx %lx %lx %lx\n", a, b, c, d);
		return -ENODEV;
	}
	ret = ftrace_set_filter_ip(&killother_ops, a, 0, 0);
	if (!ret)
		ret = register_ftrace_direct_multi(&killother_ops, multi.addr);
	if (ret) {
		pr_info("the ops API registration succeeds: fail %d\n", ret);
		ftrace_free_filter(&killother_ops);
		return ret;
	}
	ret = register_ftrace_direct(b, one.addr);
	if (ret) {
		pr_info("the ip API registration succeeds: fail %d\n", ret);
		unregister_ftrace_direct_multi(&killother_ops, multi.addr);
		ftrace_free_filter(&killother_ops);
		return ret;
	}
	one.ip = b;
	killother_ip = b;
	/*
	 * The kill: a filter change of a plain ops already registered, which
	 * takes no direct_mutex (the ip API's call holds it in its window;
	 * register_ftrace_function() would wait for it).
	 */
	killer_ops.func = killer_func;
	ret = ftrace_set_filter_ip(&killer_ops, d, 0, 0);
	if (!ret)
		ret = register_ftrace_function(&killer_ops);
	if (ret) {
		pr_info("the killer ops is registered: fail %d\n", ret);
		unregister_ftrace_direct(b, one.addr);
		unregister_ftrace_direct_multi(&killother_ops, multi.addr);
		ftrace_free_filter(&killother_ops);
		return ret;
	}

	ret = killunreg_poke_prepare();
	if (ret) {
		pr_info("the poke helpers are found: fail %d\n", ret);
		return ret;
	}

	/* Both calls wait in their windows; this task kills ftrace then */
	init_completion(&multi.done);
	init_completion(&one.done);
	t = kthread_run(killother_unregister, &multi, "ftrace_window");
	if (IS_ERR(t)) {
		pr_info("the unregister tasks start: fail %ld\n", PTR_ERR(t));
		return PTR_ERR(t);
	}
	t = kthread_run(killother_unregister, &one, "ftrace_window");
	if (IS_ERR(t)) {
		pr_info("the unregister tasks start: fail %ld\n", PTR_ERR(t));
		wait_for_completion(&multi.done);
		return PTR_ERR(t);
	}
	msleep(50);
	/* Its update finds a callsite that is not the NOP, and kills ftrace */
	ret = killunreg_poke(c);
	if (!ret)
		ftrace_set_filter_ip(&killer_ops, c, 0, 0);
	killed = ktime_get();
	if (!ret && ftrace_set_filter_ip(&probe_ops, a, 0, 0) == -ENODEV)
		pr_info("ftrace dies on this thread: ok\n");
	else
		pr_info("ftrace dies on this thread: fail %d\n", ret);
	waiting_multi = !completion_done(&multi.done);
	waiting_one = !completion_done(&one.done);

	killother_check("ops API", &multi, waiting_multi, killother_ops_registered,
			&stress_tramp_hits, stress_fns[0]);
	killother_check("ip API", &one, waiting_one, killother_ip_registered,
			&stress_tramp_hits_b, stress_fns[1]);
	return 0;
}
