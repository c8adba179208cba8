// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace_direct_model: random sequences of direct-call and ftrace_ops API
 * calls, each checked against a reference model that the module keeps.
 *
 * The pool: MODEL_NMOD functions of this module, two of the kernel image
 * (lcm() and int_pow()), and one notrace function, which is not an ftrace
 * location; four counting trampolines (five on x86-64, where tramp4 is a
 * copy in vmalloc() memory, beyond any CALL's reach), MODEL_NDOPS direct
 * ops (the _multi API), MODEL_NFOPS plain ftrace_ops, one without flags,
 * one with SAVE_REGS, one with RECURSION, and MODEL_NKP kprobes on a
 * function's first instruction.  Each step picks an operation with a seeded
 * PRNG (the same seed gives the same sequence on the same kernel): the ip
 * API's register, unregister and modify; filter changes of an unregistered
 * direct ops, and its register, unregister and modify; filter changes of a
 * plain ops, registered or not, and its register and unregister; a
 * kprobe's register and unregister. Some are bad input on purpose: an ip
 * that is not a callsite, a function that already has a direct call, the
 * wrong trampoline, an ops that is not registered or has an empty filter.
 *
 * The model says what each call returns (the errno table of
 * Documentation/trace/ftrace-direct.rst) and, after it, which trampoline
 * each function reaches and which plain ops and kprobes see it.  After
 * every @check_every operations the module calls every function once and
 * compares the trampolines' and the callbacks' counts with the model.
 * Calls whose outcome the API leaves undefined (unregistering a plain ops
 * that is not registered, a duplicate filter entry, an ip-API call on a
 * function that a direct ops owns, leaving a registered plain ops with an
 * empty filter, which would trace every function, registering a kprobe
 * twice or unregistering one that is not registered) are never made.
 *
 * On a divergence the module prints the seed, the operation's number and
 * text, what differed, and the operations before it; then, with
 * shrink=1, it replays shorter sequences from a clean state, dropping one
 * operation at a time while the divergence stays, and prints the shortest
 * one it found, ready to become a regression test.  The last line:
 *
 *	ftrace_direct_model: seed S: ok N operations, C checks, E errors expected,
 *		T ms (R operations/s)
 *	ftrace_direct_model: seed S: fail at operation N
 *	ftrace_direct_model: seed S: error ERRNO	(could not run)
 *
 * inject=1 and inject=2 break the model on purpose (negative controls).
 * Far trampolines on arm64: boot with ftrace_direct_far, which sends every
 * trampoline through the entry.  threads=N is the concurrent mode (see
 * model_concurrent()).  Not covered yet: module load and unload.
 */
#define pr_fmt(fmt) "ftrace_direct_model: " fmt

#include <linux/ftrace.h>
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/lcm.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

static ulong seed = 1;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "the seed of the operation sequence (default 1)");

static uint nops = 300;
module_param(nops, uint, 0444);
MODULE_PARM_DESC(nops, "operations to run (default 300, at most 4096)");

static uint check_every = 1;
module_param(check_every, uint, 0444);
MODULE_PARM_DESC(check_every, "call every function and compare after this many operations (default 1)");

static uint threads;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "the concurrent mode: this many threads (2 or 3) run operations at once, each on its own part of the pool, while another calls every function; all is checked whenever each has run check_every operations (default 0: one thread)");

static bool shrink = true;
module_param(shrink, bool, 0444);
MODULE_PARM_DESC(shrink, "on a divergence, look for a shorter sequence that shows it (default 1)");

static uint inject;
module_param(inject, uint, 0444);
MODULE_PARM_DESC(inject, "a negative control, so the run must diverge: 1, the model forgets what modify_ftrace_direct_multi() does; 2, it wants -ENODEV from unregister_ftrace_direct() with the wrong trampoline");

#define MODEL_NMOD	8
#define MODEL_NT	10
#define MODEL_NTRAMP	5
#define MODEL_NKP	2
#define MODEL_NDOPS	3
#define MODEL_NFOPS	3
#define MODEL_HISTORY	20
#define MODEL_MAXOPS	4096
#define MODEL_REPLAYS	300

/*
 * In model_tramp_$(SRCARCH).S: each bumps its slot of model_tramp_hits.
 * On x86-64 a fifth, tramp4, is a copy in vmalloc() memory, beyond the
 * reach of any callsite's CALL (model_far_make()); model_ntramp says
 * whether it is there.
 */
void model_tramp0(void);
void model_tramp1(void);
void model_tramp2(void);
void model_tramp3(void);
unsigned long model_tramp_hits[MODEL_NTRAMP];

static unsigned long model_tramps[MODEL_NTRAMP] = {
	(unsigned long)model_tramp0, (unsigned long)model_tramp1,
	(unsigned long)model_tramp2, (unsigned long)model_tramp3,
};

static unsigned int model_ntramp = 4;

static unsigned long model_sink;

#define MODEL_TARGET(n) \
	static noinline void model_target##n(void) { WRITE_ONCE(model_sink, n); }
MODEL_TARGET(0) MODEL_TARGET(1) MODEL_TARGET(2) MODEL_TARGET(3)
MODEL_TARGET(4) MODEL_TARGET(5) MODEL_TARGET(6) MODEL_TARGET(7)

/*
 * Two functions of the kernel image, lcm() and int_pow(), which nothing
 * calls after boot in the guests here; the module calls them through a
 * notrace wrapper each.
 */
static noinline notrace void model_lcm(void)
{
	WRITE_ONCE(model_sink, lcm((READ_ONCE(model_sink) & 7) + 1, 6));
}

static noinline notrace void model_int_pow(void)
{
	WRITE_ONCE(model_sink, int_pow(3, (READ_ONCE(model_sink) & 7) + 1));
}

/* Target i: the call that reaches it, the function traced, its name */
static void (*const model_calls[MODEL_NT])(void) = {
	model_target0, model_target1, model_target2, model_target3,
	model_target4, model_target5, model_target6, model_target7,
	model_lcm, model_int_pow,
};

static void *const model_fns[MODEL_NT] = {
	model_target0, model_target1, model_target2, model_target3,
	model_target4, model_target5, model_target6, model_target7,
	lcm, int_pow,
};

static const char * const model_names[MODEL_NT + 1] = {
	"target0", "target1", "target2", "target3",
	"target4", "target5", "target6", "target7",
	"lcm", "int_pow", "untraced",
};

/* Not an ftrace location: target number MODEL_NT in an operation */
static noinline notrace void model_untraced(void)
{
	WRITE_ONCE(model_sink, MODEL_NT);
}

/* Each function's callsite, ftrace_location() of it; [MODEL_NT] untraced */
static unsigned long model_ip[MODEL_NT + 1];

static unsigned long fops_hits[MODEL_NFOPS][MODEL_NT];
static unsigned long fops_stray;
static struct ftrace_ops dops[MODEL_NDOPS];
static struct ftrace_ops fops[MODEL_NFOPS];

static void fops_func(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *op, struct ftrace_regs *fregs)
{
	long k = op - fops;
	int i;

	if (k < 0 || k >= MODEL_NFOPS) {
		fops_stray++;
		return;
	}
	for (i = 0; i < MODEL_NT; i++) {
		if (model_ip[i] != ip)
			continue;
		/* A kernel function's other callers are not the model's */
		if (i < MODEL_NMOD || within_module(parent_ip, THIS_MODULE))
			fops_hits[k][i]++;
		return;
	}
	fops_stray++;
}

static const unsigned long fops_flags[MODEL_NFOPS] = {
	0, FTRACE_OPS_FL_SAVE_REGS, FTRACE_OPS_FL_RECURSION,
};

/*
 * Kprobes on a function's first instruction: on x86-64 that is the
 * callsite, and the probe is one more SAVE_REGS ops of ftrace's; on arm64
 * it is the instruction before the BL, and the probe is a BRK.
 * kp_live[k] is what the kernel said: the last register_kprobe() of
 * kps[k] returned 0 and no unregister_kprobe() came after it.
 */
static struct kprobe kps[MODEL_NKP];
static bool kp_live[MODEL_NKP];
static unsigned long kp_hits[MODEL_NKP];

static int kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	long k = p - kps;

	if (k >= 0 && k < MODEL_NKP)
		kp_hits[k]++;
	return 0;
}

/* Operations */
enum {
	OP_IP_REG, OP_IP_UNREG, OP_IP_MOD,
	OP_D_FILTER, OP_D_REG, OP_D_UNREG, OP_D_MOD,
	OP_F_FILTER, OP_F_REG, OP_F_UNREG,
	OP_K_REG, OP_K_UNREG,
	OP_KINDS,
};

/* Weights of the operation kinds, out of their sum */
static const unsigned int op_weight[OP_KINDS] = {
	[OP_IP_REG] = 10, [OP_IP_UNREG] = 8, [OP_IP_MOD] = 6,
	[OP_D_FILTER] = 12, [OP_D_REG] = 8, [OP_D_UNREG] = 6, [OP_D_MOD] = 6,
	[OP_F_FILTER] = 10, [OP_F_REG] = 6, [OP_F_UNREG] = 5,
	[OP_K_REG] = 4, [OP_K_UNREG] = 3,
};

/*
 * An operation: @kind, and its arguments: @k an ops, @i a function
 * (MODEL_NT: the untraced one), @t and @t2 trampolines, @rm a removal.
 */
struct model_op {
	u8 kind, k, i, t, t2, rm;
};

/* What the model knows; owner: 0 none, 1 the ip API, 2 + k direct ops k */
struct model_state {
	s8 direct[MODEL_NT];
	u8 owner[MODEL_NT];
	bool dreg[MODEL_NDOPS];
	u8 dtramp[MODEL_NDOPS];
	u32 dfilter[MODEL_NDOPS];
	bool freg[MODEL_NFOPS];
	u32 ffilter[MODEL_NFOPS];
	bool kreg[MODEL_NKP];
	u8 ktarget[MODEL_NKP];
};

static struct model_state model;
static struct model_op *oplog;
static unsigned int oplog_len;
static unsigned int checks, expected_errors;

static void model_clear(struct model_state *m)
{
	memset(m, 0, sizeof(*m));
	memset(m->direct, -1, sizeof(m->direct));
}

static int op_str(char *buf, size_t len, const struct model_op *op)
{
	static const char * const name[OP_KINDS] = {
		"register_ftrace_direct", "unregister_ftrace_direct",
		"modify_ftrace_direct", "ftrace_set_filter_ip(direct ops)",
		"register_ftrace_direct_multi", "unregister_ftrace_direct_multi",
		"modify_ftrace_direct_multi", "ftrace_set_filter_ip(ops)",
		"register_ftrace_function", "unregister_ftrace_function",
		"register_kprobe", "unregister_kprobe",
	};
	const char *fn = model_names[op->i];

	switch (op->kind) {
	case OP_IP_REG:
	case OP_IP_UNREG:
		return scnprintf(buf, len, "%s(%s, tramp%u)", name[op->kind], fn, op->t);
	case OP_IP_MOD:
		return scnprintf(buf, len, "%s(%s, tramp%u, tramp%u)", name[op->kind],
				 fn, op->t, op->t2);
	case OP_D_FILTER:
	case OP_F_FILTER:
		return scnprintf(buf, len, "%s(%u, %s, remove=%u)", name[op->kind],
				 op->k, fn, op->rm);
	case OP_D_REG:
	case OP_D_UNREG:
	case OP_D_MOD:
		return scnprintf(buf, len, "%s(dops%u, tramp%u)", name[op->kind], op->k, op->t);
	case OP_K_REG:
		return scnprintf(buf, len, "%s(kp%u, %s)", name[op->kind], op->k, fn);
	case OP_K_UNREG:
		return scnprintf(buf, len, "%s(kp%u)", name[op->kind], op->k);
	default:
		return scnprintf(buf, len, "%s(fops%u)", name[op->kind], op->k);
	}
}

/*
 * Whether the API defines what @op does in state @m; the sequences make
 * only such calls, and a replay skips the others.
 */
static bool op_defined(const struct model_state *m, const struct model_op *op)
{
	bool traced = op->i < MODEL_NT;

	switch (op->kind) {
	case OP_IP_UNREG:
	case OP_IP_MOD:
		if (op->kind == OP_IP_MOD && op->t == op->t2)
			return false;
		/* Not an ip-API call on a function that a direct ops owns */
		return !traced || m->owner[op->i] < 2;
	case OP_D_FILTER:
		if (m->dreg[op->k])
			return false;
		return !traced || op->rm || !(m->dfilter[op->k] & BIT(op->i));
	case OP_F_FILTER:
		if (!traced)
			return !op->rm;
		if (!op->rm)
			return !(m->ffilter[op->k] & BIT(op->i));
		/* A registered plain ops with an empty filter traces everything */
		return !m->freg[op->k] || (m->ffilter[op->k] & ~BIT(op->i));
	case OP_F_REG:
		return !m->freg[op->k] && m->ffilter[op->k];
	case OP_F_UNREG:
		return m->freg[op->k];
	/*
	 * A second register_kprobe() of a registered kprobe WARNs, and
	 * unregister_kprobe() of one that is not registered returns nothing.
	 */
	case OP_K_REG:
		return !m->kreg[op->k];
	case OP_K_UNREG:
		return m->kreg[op->k];
	default:
		return true;
	}
}

/* What @op returns in state @m, and the state after it, in @m */
static int op_expect(struct model_state *m, const struct model_op *op)
{
	bool traced = op->i < MODEL_NT;
	u32 f;
	int i;

	switch (op->kind) {
	case OP_IP_REG:
		if (!traced)
			return -ENODEV;
		if (m->direct[op->i] >= 0)
			return -EBUSY;
		m->direct[op->i] = op->t;
		m->owner[op->i] = 1;
		return 0;
	case OP_IP_UNREG:
		if (!traced || m->direct[op->i] < 0)
			return -ENODEV;
		if (m->direct[op->i] != op->t)
			return inject == 2 ? -ENODEV : -EINVAL;
		m->direct[op->i] = -1;
		m->owner[op->i] = 0;
		return 0;
	case OP_IP_MOD:
		if (!traced || m->direct[op->i] < 0)
			return -ENODEV;
		if (m->direct[op->i] != op->t)
			return -EINVAL;
		m->direct[op->i] = op->t2;
		return 0;
	case OP_D_FILTER:
		if (!traced)
			return -EINVAL;
		if (op->rm) {
			if (!(m->dfilter[op->k] & BIT(op->i)))
				return -ENOENT;
			m->dfilter[op->k] &= ~BIT(op->i);
		} else {
			m->dfilter[op->k] |= BIT(op->i);
		}
		return 0;
	case OP_D_REG:
		f = m->dfilter[op->k];
		if (m->dreg[op->k] || !f)
			return -EINVAL;
		for (i = 0; i < MODEL_NT; i++)
			if (f & BIT(i) && m->direct[i] >= 0)
				return -EBUSY;
		m->dreg[op->k] = true;
		m->dtramp[op->k] = op->t;
		for (i = 0; i < MODEL_NT; i++) {
			if (f & BIT(i)) {
				m->direct[i] = op->t;
				m->owner[i] = 2 + op->k;
			}
		}
		return 0;
	case OP_D_UNREG:
		if (!m->dreg[op->k] || m->dtramp[op->k] != op->t)
			return -EINVAL;
		m->dreg[op->k] = false;
		for (i = 0; i < MODEL_NT; i++) {
			if (m->dfilter[op->k] & BIT(i)) {
				m->direct[i] = -1;
				m->owner[i] = 0;
			}
		}
		return 0;
	case OP_D_MOD:
		if (!m->dreg[op->k])
			return -EINVAL;
		m->dtramp[op->k] = op->t;
		for (i = 0; i < MODEL_NT && inject != 1; i++)
			if (m->dfilter[op->k] & BIT(i))
				m->direct[i] = op->t;
		return 0;
	case OP_F_FILTER:
		if (!traced)
			return -EINVAL;
		if (op->rm) {
			if (!(m->ffilter[op->k] & BIT(op->i)))
				return -ENOENT;
			m->ffilter[op->k] &= ~BIT(op->i);
		} else {
			m->ffilter[op->k] |= BIT(op->i);
		}
		return 0;
	case OP_F_REG:
		m->freg[op->k] = true;
		return 0;
	case OP_F_UNREG:
		m->freg[op->k] = false;
		return 0;
	case OP_K_REG:
		m->kreg[op->k] = true;
		m->ktarget[op->k] = op->i;
		return 0;
	case OP_K_UNREG:
		m->kreg[op->k] = false;
		return 0;
	}
	return -EIO;
}

/* A probe on the first instruction of function @i */
static int kp_register(unsigned int k, unsigned int i)
{
	int ret;

	memset(&kps[k], 0, sizeof(kps[k]));
	kps[k].addr = i == MODEL_NT ? (void *)model_untraced : model_fns[i];
	kps[k].pre_handler = kp_pre;
	ret = register_kprobe(&kps[k]);
	kp_live[k] = !ret;
	return ret;
}

static void kp_unregister(unsigned int k)
{
	if (kp_live[k])
		unregister_kprobe(&kps[k]);
	kp_live[k] = false;
}

static int op_do(const struct model_op *op)
{
	unsigned long ip = model_ip[op->i];

	switch (op->kind) {
	case OP_IP_REG:
		return register_ftrace_direct(ip, model_tramps[op->t]);
	case OP_IP_UNREG:
		return unregister_ftrace_direct(ip, model_tramps[op->t]);
	case OP_IP_MOD:
		return modify_ftrace_direct(ip, model_tramps[op->t], model_tramps[op->t2]);
	case OP_D_FILTER:
		return ftrace_set_filter_ip(&dops[op->k], ip, op->rm, 0);
	case OP_D_REG:
		return register_ftrace_direct_multi(&dops[op->k], model_tramps[op->t]);
	case OP_D_UNREG:
		return unregister_ftrace_direct_multi(&dops[op->k], model_tramps[op->t]);
	case OP_D_MOD:
		return modify_ftrace_direct_multi(&dops[op->k], model_tramps[op->t]);
	case OP_F_FILTER:
		return ftrace_set_filter_ip(&fops[op->k], ip, op->rm, 0);
	case OP_F_REG:
		return register_ftrace_function(&fops[op->k]);
	case OP_F_UNREG:
		return unregister_ftrace_function(&fops[op->k]);
	case OP_K_REG:
		return kp_register(op->k, op->i);
	case OP_K_UNREG:
		kp_unregister(op->k);
		return 0;
	}
	return -EIO;
}

/* A random operation; the same state and PRNG state give the same one */
static void op_pick(struct rnd_state *rnd, struct model_op *op)
{
	unsigned int sum = 0, r, kind;

	for (kind = 0; kind < OP_KINDS; kind++)
		sum += op_weight[kind];
	r = prandom_u32_state(rnd) % sum;
	for (kind = 0; r >= op_weight[kind]; kind++)
		r -= op_weight[kind];
	op->kind = kind;
	op->k = prandom_u32_state(rnd) % (kind >= OP_K_REG ? MODEL_NKP :
					  kind >= OP_F_FILTER ? MODEL_NFOPS : MODEL_NDOPS);
	/* One in 16 names the untraced function */
	op->i = prandom_u32_state(rnd) % 16 ? prandom_u32_state(rnd) % MODEL_NT : MODEL_NT;
	op->t = prandom_u32_state(rnd) % model_ntramp;
	op->t2 = prandom_u32_state(rnd) % model_ntramp;
	op->rm = prandom_u32_state(rnd) % 3 == 0;
}

/*
 * Call every function once, the untraced one too; compare what each
 * trampoline, plain ops and kprobe counted with @m. Return true if all
 * agree, else describe the first difference in @why.
 */
static bool model_check(const struct model_state *m, char *why, size_t len)
{
	void (*fn)(void);
	unsigned long got;
	int i, t, k, want;

	checks++;
	for (i = 0; i <= MODEL_NT; i++) {
		fn = i < MODEL_NT ? model_calls[i] : model_untraced;
		memset(model_tramp_hits, 0, sizeof(model_tramp_hits));
		memset(fops_hits, 0, sizeof(fops_hits));
		memset(kp_hits, 0, sizeof(kp_hits));
		fops_stray = 0;
		fn();
		for (t = 0; t < model_ntramp; t++) {
			want = i < MODEL_NT && m->direct[i] == t;
			got = READ_ONCE(model_tramp_hits[t]);
			if (got != want) {
				scnprintf(why, len,
					  "%s: tramp%d called %lu times, want %d (model: tramp%d)",
					  model_names[i], t, got, want,
					  i < MODEL_NT ? m->direct[i] : -1);
				return false;
			}
		}
		for (k = 0; k < MODEL_NFOPS && i < MODEL_NT; k++) {
			want = m->freg[k] && (m->ffilter[k] & BIT(i));
			got = READ_ONCE(fops_hits[k][i]);
			if (got != want) {
				scnprintf(why, len, "%s: fops%d called %lu times, want %d",
					  model_names[i], k, got, want);
				return false;
			}
		}
		for (k = 0; k < MODEL_NKP; k++) {
			want = m->kreg[k] && m->ktarget[k] == i;
			got = READ_ONCE(kp_hits[k]);
			if (got != want) {
				scnprintf(why, len, "%s: kp%d hit %lu times, want %d",
					  model_names[i], k, got, want);
				return false;
			}
		}
		if (fops_stray) {
			scnprintf(why, len, "%s: %lu calls of a plain ops for an unknown ip",
				  model_names[i], fops_stray);
			return false;
		}
	}
	return true;
}

/*
 * Back to nothing registered and no filters, in the kernel and the model.
 * What the kernel has registered is asked of the kernel, not the model,
 * which may be wrong after a divergence: an ops is registered while
 * FTRACE_OPS_FL_ENABLED is set, and every trampoline is tried in turn
 * (a wrong one is refused with -EINVAL), the direct ops before the ip API
 * so that the latter finds only its own calls.
 */
static void model_reset(void)
{
	int i, k, t;

	for (k = 0; k < MODEL_NDOPS; k++) {
		for (t = 0; t < model_ntramp && dops[k].flags & FTRACE_OPS_FL_ENABLED; t++)
			unregister_ftrace_direct_multi(&dops[k], model_tramps[t]);
		if (dops[k].flags & FTRACE_OPS_FL_ENABLED)
			pr_warn("seed %lu: dops%d stays registered\n", seed, k);
		ftrace_free_filter(&dops[k]);
		memset(&dops[k], 0, sizeof(dops[k]));
	}
	for (k = 0; k < MODEL_NFOPS; k++) {
		if (fops[k].flags & FTRACE_OPS_FL_ENABLED)
			unregister_ftrace_function(&fops[k]);
		ftrace_free_filter(&fops[k]);
		memset(&fops[k], 0, sizeof(fops[k]));
		fops[k].func = fops_func;
		fops[k].flags = fops_flags[k];
	}
	for (i = 0; i < MODEL_NT; i++)
		for (t = 0; t < model_ntramp; t++)
			if (!unregister_ftrace_direct(model_ip[i], model_tramps[t]))
				break;
	for (k = 0; k < MODEL_NKP; k++)
		kp_unregister(k);
	model_clear(&model);
}

/*
 * Run @n operations of @ops from a clean state, skipping those that are
 * not defined there, checking each as run() does. Return the index of the
 * first divergence, or -1; @why and @ret say what it was.
 */
static int model_replay(const struct model_op *ops, unsigned int n, char *why,
			size_t len)
{
	struct model_state next;
	unsigned int j;
	int want, got;

	model_reset();
	for (j = 0; j < n; j++) {
		if (!op_defined(&model, &ops[j]))
			continue;
		next = model;
		want = op_expect(&next, &ops[j]);
		got = op_do(&ops[j]);
		if (got != want) {
			scnprintf(why, len, "returned %d, want %d", got, want);
			return j;
		}
		if (!got)
			model = next;
		if (!model_check(&model, why, len))
			return j;
	}
	return -1;
}

static void print_ops(const char *what, const struct model_op *ops, unsigned int from,
		      unsigned int to)
{
	char buf[96];
	unsigned int j;

	for (j = from; j < to; j++) {
		op_str(buf, sizeof(buf), &ops[j]);
		pr_info("seed %lu: %s %u: %s\n", seed, what, j, buf);
	}
}

/* Drop operations one at a time while the divergence stays */
static void model_shrink(unsigned int len)
{
	struct model_op *cand;
	unsigned int n = len, j = 0, replays = 0;
	char why[160];
	int at;

	cand = kmemdup(oplog, len * sizeof(*cand), GFP_KERNEL);
	if (!cand)
		return;
	while (j < n && replays < MODEL_REPLAYS) {
		struct model_op dropped = cand[j];

		memmove(&cand[j], &cand[j + 1], (n - j - 1) * sizeof(*cand));
		replays++;
		at = model_replay(cand, n - 1, why, sizeof(why));
		if (at >= 0) {
			n = at + 1;
			continue;
		}
		memmove(&cand[j + 1], &cand[j], (n - j - 1) * sizeof(*cand));
		cand[j] = dropped;
		j++;
	}
	at = model_replay(cand, n, why, sizeof(why));
	if (at >= 0) {
		pr_info("seed %lu: shortest sequence found: %u operations (%u replays): %s\n",
			seed, at + 1, replays, why);
		print_ops("minimal", cand, 0, at + 1);
	} else {
		pr_info("seed %lu: the divergence did not replay from a clean state\n", seed);
	}
	kfree(cand);
}

/*
 * The concurrent mode (threads=N): N workers run operations at the same
 * time, each on its own part of the pool (function i, trampoline t and
 * ops or kprobe k belong to worker i % N, t % N and k % N; the notrace
 * function to all), with its own model and its own PRNG, so that each
 * return value is still predicted exactly while the kernel takes the
 * calls in any order.  Meanwhile a hammer thread calls every function
 * without pause.  A round ends when each worker has run check_every
 * operations (at least MODEL_ROUND_MIN); then the hammer stops, the
 * workers' models are merged, and model_check() compares all.  Without
 * a fixed interleaving a divergence cannot be replayed, so there is no
 * shrinking: the seed, the round, the worker and the operation are
 * printed.
 */
#define MODEL_MAXTHREADS	3
#define MODEL_ROUND_MIN		20

struct model_worker {
	struct task_struct *task;
	struct completion done;
	struct rnd_state rnd;
	struct model_state m;
	struct model_op op;
	unsigned int w, n, ops, errors;
	bool failed;
	char why[64];
};

static struct model_worker workers[MODEL_MAXTHREADS];

/* Whether worker @w may make @op: all it names is its own */
static bool model_owns(unsigned int w, const struct model_op *op)
{
	bool fn = op->i == MODEL_NT || op->i % threads == w;

	switch (op->kind) {
	case OP_IP_REG:
	case OP_IP_UNREG:
		return fn && op->t % threads == w;
	case OP_IP_MOD:
		return fn && op->t % threads == w && op->t2 % threads == w;
	case OP_D_FILTER:
	case OP_F_FILTER:
	case OP_K_REG:
		return fn && op->k % threads == w;
	case OP_D_REG:
	case OP_D_UNREG:
	case OP_D_MOD:
		return op->k % threads == w && op->t % threads == w;
	default:
		return op->k % threads == w;
	}
}

/* The whole state: each part from the worker it belongs to */
static void model_merge(struct model_state *all)
{
	const struct model_state *m;
	int i, k;

	model_clear(all);
	for (i = 0; i < MODEL_NT; i++) {
		m = &workers[i % threads].m;
		all->direct[i] = m->direct[i];
		all->owner[i] = m->owner[i];
	}
	for (k = 0; k < MODEL_NDOPS; k++) {
		m = &workers[k % threads].m;
		all->dreg[k] = m->dreg[k];
		all->dtramp[k] = m->dtramp[k];
		all->dfilter[k] = m->dfilter[k];
	}
	for (k = 0; k < MODEL_NFOPS; k++) {
		m = &workers[k % threads].m;
		all->freg[k] = m->freg[k];
		all->ffilter[k] = m->ffilter[k];
	}
	for (k = 0; k < MODEL_NKP; k++) {
		m = &workers[k % threads].m;
		all->kreg[k] = m->kreg[k];
		all->ktarget[k] = m->ktarget[k];
	}
}

/* Sleep until kthread_stop(), so that the task is still there for it */
static void model_wait_stop(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static int model_work(void *data)
{
	struct model_worker *wk = data;
	struct model_state next;
	unsigned int j;
	int want, got;

	for (j = 0; j < wk->n; j++) {
		do {
			op_pick(&wk->rnd, &wk->op);
		} while (!model_owns(wk->w, &wk->op) || !op_defined(&wk->m, &wk->op));
		next = wk->m;
		want = op_expect(&next, &wk->op);
		got = op_do(&wk->op);
		wk->ops++;
		if (want)
			wk->errors++;
		if (got != want) {
			scnprintf(wk->why, sizeof(wk->why), "returned %d, want %d", got, want);
			wk->failed = true;
			break;
		}
		if (!got)
			wk->m = next;
		cond_resched();
	}
	complete(&wk->done);
	model_wait_stop();
	return 0;
}

static int model_hammer(void *data)
{
	unsigned long *calls = data;
	unsigned int i;

	while (!kthread_should_stop()) {
		for (i = 0; i < MODEL_NT; i++)
			model_calls[i]();
		model_untraced();
		(*calls)++;
		cond_resched();
	}
	return 0;
}

/* The concurrent mode's run; the last line as model_init()'s */
static void model_concurrent(void)
{
	unsigned int per = max_t(uint, check_every, MODEL_ROUND_MIN);
	unsigned int round, w, done = 0, errors = 0;
	struct task_struct *hammer;
	struct model_state all;
	unsigned long calls = 0;
	char buf[96], why[160];
	u64 t0 = ktime_get_ns(), ms;

	for (w = 0; w < threads; w++) {
		workers[w].w = w;
		model_clear(&workers[w].m);
		prandom_seed_state(&workers[w].rnd, seed ^ ((u64)(w + 1) << 32));
	}
	for (round = 0; done < nops; round++) {
		hammer = kthread_run(model_hammer, &calls, "model_hammer");
		if (IS_ERR(hammer)) {
			pr_info("seed %lu: error %ld\n", seed, PTR_ERR(hammer));
			break;
		}
		for (w = 0; w < threads; w++) {
			workers[w].n = min(per, nops - done);
			workers[w].failed = false;
			init_completion(&workers[w].done);
			workers[w].task = kthread_run(model_work, &workers[w], "model_work%u", w);
		}
		for (w = 0; w < threads; w++) {
			if (IS_ERR(workers[w].task))
				continue;
			wait_for_completion(&workers[w].done);
			kthread_stop(workers[w].task);
		}
		kthread_stop(hammer);
		for (w = 0; w < threads; w++) {
			if (IS_ERR(workers[w].task)) {
				pr_info("seed %lu: error %ld\n", seed, PTR_ERR(workers[w].task));
				goto out;
			}
			if (!workers[w].failed)
				continue;
			op_str(buf, sizeof(buf), &workers[w].op);
			pr_info("seed %lu: divergence in round %u, thread %u, its operation %u: %s: %s\n",
				seed, round, w, workers[w].ops - 1, buf, workers[w].why);
			pr_info("seed %lu: fail at operation %u\n", seed, done + workers[w].n);
			goto out;
		}
		done += workers[0].n;
		model_merge(&all);
		if (!model_check(&all, why, sizeof(why))) {
			pr_info("seed %lu: divergence after round %u: %s\n", seed, round, why);
			pr_info("seed %lu: fail at operation %u\n", seed, done);
			goto out;
		}
	}
	for (w = 0; w < threads; w++)
		errors += workers[w].errors;
	ms = max_t(u64, div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC), 1);
	pr_info("seed %lu: ok %u operations (%u threads, %lu hammer rounds), %u checks, %u errors expected, %llu ms (%llu operations/s)\n",
		seed, done * threads, threads, calls, checks, errors, ms,
		div64_u64((u64)done * threads * MSEC_PER_SEC, ms));
out:
	model_reset();
}

/* The address of a symbol that is not exported, or 0 */
static unsigned long model_lookup(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);

	if (register_kprobe(&kp))
		return 0;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	return lookup(name);
}

#ifdef CONFIG_X86_64
/*
 * tramp4: "movabs $&model_tramp_hits[4], %r11; incq (%r11); ret", as
 * bytes, copied into vmalloc() memory, tens of TiB from any callsite.
 * r11 and the flags are free at a function entry.
 */
static const u8 model_far_code[] = {
	0x49, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0,	/* movabs $imm64, %r11 */
	0x49, 0xff, 0x03,			/* incq (%r11) */
	0xc3,					/* ret */
};

static void *model_far;

static void model_far_make(void)
{
	int (*set_x)(unsigned long addr, int numpages);
	unsigned long counter = (unsigned long)&model_tramp_hits[4];
	void *p;

	set_x = (void *)model_lookup("set_memory_x");
	if (!set_x)
		return;
	p = __vmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!p)
		return;
	memcpy(p, model_far_code, sizeof(model_far_code));
	memcpy(p + 2, &counter, sizeof(counter));
	if (set_x((unsigned long)p, 1)) {
		vfree(p);
		return;
	}
	model_far = p;
	model_tramps[4] = (unsigned long)p;
	model_ntramp = 5;
}

/* Nothing is registered: no task is left in the copy once this returns */
static void model_far_free(void)
{
	int (*set_nx)(unsigned long addr, int numpages);

	if (!model_far)
		return;
	synchronize_rcu_tasks();
	set_nx = (void *)model_lookup("set_memory_nx");
	if (set_nx)
		set_nx((unsigned long)model_far, 1);
	vfree(model_far);
}
#else
/* arm64: boot with ftrace_direct_far to send every trampoline far */
static void model_far_make(void) { }
static void model_far_free(void) { }
#endif

static int __init model_init(void)
{
	unsigned long (*location)(unsigned long ip);
	struct model_state next;
	struct rnd_state rnd;
	char buf[96], why[160];
	unsigned int j;
	int want, got, i, k;
	u64 t0, ms;

	/* ftrace_location() is not exported */
	location = (void *)model_lookup("ftrace_location");
	if (!location) {
		pr_info("seed %lu: error %d\n", seed, -ENOENT);
		return 0;
	}
	for (i = 0; i < MODEL_NT; i++) {
		model_ip[i] = location((unsigned long)model_fns[i]);
		if (!model_ip[i]) {
			pr_info("seed %lu: error %d\n", seed, -ENODEV);
			return 0;
		}
	}
	model_ip[MODEL_NT] = (unsigned long)model_untraced;

	nops = min_t(uint, nops, MODEL_MAXOPS);
	oplog = kcalloc(max(nops, 1U), sizeof(*oplog), GFP_KERNEL);
	if (!oplog) {
		pr_info("seed %lu: error %d\n", seed, -ENOMEM);
		return 0;
	}
	for (k = 0; k < MODEL_NFOPS; k++) {
		fops[k].func = fops_func;
		fops[k].flags = fops_flags[k];
	}
	model_far_make();
	pr_info("seed %lu: %u trampolines%s, %u kprobes, inject=%u\n", seed, model_ntramp,
		model_ntramp > 4 ? " (tramp4 in vmalloc() memory)" : "", MODEL_NKP, inject);
	if (threads) {
		if (threads < 2 || threads > MODEL_MAXTHREADS) {
			pr_info("seed %lu: error %d\n", seed, -EINVAL);
			return 0;
		}
		model_concurrent();
		return 0;
	}
	model_clear(&model);
	prandom_seed_state(&rnd, seed);
	t0 = ktime_get_ns();

	for (j = 0; j < nops; j++) {
		struct model_op *op = &oplog[oplog_len];

		do {
			op_pick(&rnd, op);
		} while (!op_defined(&model, op));
		oplog_len++;
		next = model;
		want = op_expect(&next, op);
		got = op_do(op);
		if (want)
			expected_errors++;
		if (got != want) {
			scnprintf(why, sizeof(why), "returned %d, want %d", got, want);
		} else {
			if (!got)
				model = next;
			if (!check_every || (j + 1) % check_every)
				continue;
			if (model_check(&model, why, sizeof(why)))
				continue;
		}

		op_str(buf, sizeof(buf), op);
		pr_info("seed %lu: divergence at operation %u: %s: %s\n", seed, j, buf, why);
		print_ops("history", oplog, j >= MODEL_HISTORY ? j - MODEL_HISTORY : 0, j);
		if (shrink)
			model_shrink(oplog_len);
		model_reset();
		pr_info("seed %lu: fail at operation %u\n", seed, j);
		return 0;
	}
	/* The whole state at the end, whatever check_every was */
	if (!model_check(&model, why, sizeof(why))) {
		pr_info("seed %lu: divergence at the end: %s\n", seed, why);
		model_reset();
		pr_info("seed %lu: fail at operation %u\n", seed, nops);
		return 0;
	}
	model_reset();
	ms = max_t(u64, div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC), 1);
	pr_info("seed %lu: ok %u operations, %u checks, %u errors expected, %llu ms (%llu operations/s)\n",
		seed, nops, checks, expected_errors, ms, div64_u64((u64)nops * MSEC_PER_SEC, ms));
	return 0;
}

static void __exit model_exit(void)
{
	model_reset();
	model_far_free();
	kfree(oplog);
}

module_init(model_init);
module_exit(model_exit);
MODULE_DESCRIPTION("Model-based random test of the direct-call and ftrace_ops API");
MODULE_LICENSE("GPL");
