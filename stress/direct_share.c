// SPDX-License-Identifier: GPL-2.0
/*
 * The sharing mode of ftrace_direct_stress (share=ip or share=ops).
 *
 * Instead of its phases the module puts a counting direct trampoline
 * (registered through the API @share names) and a counting ftrace_ops
 * without SAVE_REGS on stress_target(), and leaves them there while it is
 * loaded, so that the guest can add the function tracer, function_graph
 * and a kprobe to the same site.  Writing N to the parameter "call" calls
 * stress_target() N times from the writer; "direct_hits" and "ops_hits"
 * then hold what the trampoline and the ftrace_ops counted during those N
 * calls.  The guest compares them, and what the tracers it added counted,
 * with N: a user of the site that went silent shows as a short count.
 *
 * share=lp puts the direct call, through the ops API, on
 * cmdline_proc_show() instead, the function samples/livepatch replaces,
 * and no ftrace_ops.  Its ops_func answers the first
 * ENABLE_SHARE_IPMODIFY_SELF with -EAGAIN, as a BPF trampoline does when it
 * must be rebuilt to share its function with a livepatch, and the module
 * then registers the same ops again.  That retry must succeed: a failed
 * registration may leave nothing behind, neither in direct_functions nor
 * in the ops.  "eagain", "self_calls" and "peer_calls" say what happened.
 */
#define pr_fmt(fmt) "ftrace_direct_stress: share: " fmt

#include <linux/ftrace.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "direct_stress.h"

static unsigned long share_ops_hits;
static bool share_multi;
static bool share_lp;
static bool share_on;

static unsigned int eagain;
module_param(eagain, uint, 0444);
MODULE_PARM_DESC(eagain, "share=lp: registrations that failed with -EAGAIN");
static unsigned int self_calls;
module_param(self_calls, uint, 0444);
MODULE_PARM_DESC(self_calls, "share=lp: ops_func(ENABLE_SHARE_IPMODIFY_SELF) calls");
static unsigned int peer_calls;
module_param(peer_calls, uint, 0444);
MODULE_PARM_DESC(peer_calls, "share=lp: ops_func(ENABLE_SHARE_IPMODIFY_PEER) calls");

module_param_named(direct_hits, stress_tramp_hits, ulong, 0444);
MODULE_PARM_DESC(direct_hits, "share: the direct trampoline's count of the last \"call\"");
module_param_named(ops_hits, share_ops_hits, ulong, 0444);
MODULE_PARM_DESC(ops_hits, "share: the ftrace_ops' count of the last \"call\"");

static void share_ops_func(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	share_ops_hits++;
}

/* Like the function tracer's ops: no SAVE_REGS */
static struct ftrace_ops share_ops = {
	.func	= share_ops_func,
};

/* The direct call when it is made through the ops API */
static struct ftrace_ops share_direct_ops;

/* The first SHARE_IPMODIFY_SELF asks the caller to try again */
static int share_ops_cmd(struct ftrace_ops *op, enum ftrace_ops_cmd cmd)
{
	switch (cmd) {
	case FTRACE_OPS_CMD_ENABLE_SHARE_IPMODIFY_SELF:
		return self_calls++ ? 0 : -EAGAIN;
	case FTRACE_OPS_CMD_ENABLE_SHARE_IPMODIFY_PEER:
		peer_calls++;
		return 0;
	default:
		return 0;
	}
}

static int share_direct_on(unsigned long ip, unsigned long tramp)
{
	static char lp_func[] = "cmdline_proc_show";
	int ret;

	if (!share_multi)
		return register_ftrace_direct(ip, tramp);
	if (share_lp) {
		share_direct_ops.ops_func = share_ops_cmd;
		ret = ftrace_set_filter(&share_direct_ops, lp_func, strlen(lp_func), 0);
	} else {
		ret = ftrace_set_filter_ip(&share_direct_ops, ip, 0, 0);
	}
	if (!ret)
		ret = register_ftrace_direct_multi(&share_direct_ops, tramp);
	if (ret == -EAGAIN) {
		eagain++;
		pr_info("lp: registration: -EAGAIN, registering again\n");
		ret = register_ftrace_direct_multi(&share_direct_ops, tramp);
	}
	if (ret)
		ftrace_free_filter(&share_direct_ops);
	return ret;
}

static void share_direct_off(unsigned long ip, unsigned long tramp)
{
	if (!share_multi) {
		unregister_ftrace_direct(ip, tramp);
		return;
	}
	unregister_ftrace_direct_multi(&share_direct_ops, tramp);
	ftrace_free_filter(&share_direct_ops);
}

/**
 * direct_share_start - put the direct call and the ftrace_ops in place
 * @api: "ip" for register_ftrace_direct(), "ops" for the _multi API,
 *	"lp" for the _multi API on cmdline_proc_show()
 *
 * Return: 0, -EINVAL for another @api, or the errno of the registration
 * that failed, with nothing left registered.
 */
int direct_share_start(const char *api)
{
	unsigned long ip = (unsigned long)stress_target;
	unsigned long tramp = (unsigned long)stress_count_tramp;
	int ret;

	if (!strcmp(api, "ops") || !strcmp(api, "lp"))
		share_multi = true;
	else if (strcmp(api, "ip"))
		return -EINVAL;
	share_lp = !strcmp(api, "lp");

	ret = share_direct_on(ip, tramp);
	if (ret) {
		pr_info("%s: direct registration failed: %d\n", api, ret);
		return ret;
	}
	if (share_lp) {
		share_on = true;
		pr_info("lp: a direct trampoline on cmdline_proc_show\n");
		return 0;
	}
	ret = ftrace_set_filter_ip(&share_ops, ip, 0, 0);
	if (!ret)
		ret = register_ftrace_function(&share_ops);
	if (ret) {
		pr_info("%s: ftrace_ops registration failed: %d\n", api, ret);
		ftrace_free_filter(&share_ops);
		share_direct_off(ip, tramp);
		return ret;
	}
	share_on = true;
	pr_info("%s API: a direct trampoline and an ftrace_ops on stress_target\n", api);
	return 0;
}

void direct_share_stop(void)
{
	if (!share_on)
		return;
	if (!share_lp) {
		unregister_ftrace_function(&share_ops);
		ftrace_free_filter(&share_ops);
	}
	share_direct_off((unsigned long)stress_target, (unsigned long)stress_count_tramp);
	share_on = false;
}

/* "call": N calls of stress_target(), counted afresh */
static int share_call_set(const char *val, const struct kernel_param *kp)
{
	unsigned long n, i;
	int ret;

	ret = kstrtoul(val, 0, &n);
	if (ret)
		return ret;
	if (!share_on || share_lp)
		return -ENODEV;
	/* Only this writer calls stress_target() now */
	WRITE_ONCE(stress_tramp_hits, 0);
	WRITE_ONCE(share_ops_hits, 0);
	for (i = 0; i < n; i++)
		stress_target(i);
	pr_info("calls %lu direct %lu ops %lu\n", n, READ_ONCE(stress_tramp_hits),
		READ_ONCE(share_ops_hits));
	return 0;
}

static const struct kernel_param_ops share_call_ops = {
	.set = share_call_set,
};
module_param_cb(call, &share_call_ops, NULL, 0200);
MODULE_PARM_DESC(call, "share: write N to call stress_target() N times");
