/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The empty direct trampoline of the ftrace benchmark, and the two helpers
 * that measure what calling it costs when nothing else runs.
 *
 * A direct trampoline is entered from the patched callsite
 * <MOV X9, LR; BL trampoline>, or from ftrace_regs_caller with the same
 * registers: x9 holds the traced function's own LR and x30 the address at
 * which to continue the traced function.
 */
#include <linux/linkage.h>

	.text

/*
 * BTI C, because ftrace_regs_caller reaches an out-of-range trampoline with
 * BR x17.  The return puts the traced function's LR back in x30 and
 * continues the traced function.
 */
SYM_CODE_START(ftrace_bench_tramp)
	hint	34
	mov	x10, x30
	mov	x30, x9
	ret	x10
SYM_CODE_END(ftrace_bench_tramp)

/*
 * A function whose entry is an unpatched callsite: the two NOPs that
 * -fpatchable-function-entry=2 leaves in front of every traced function.
 */
SYM_CODE_START(ftrace_bench_site_nops)
	hint	34
	nop
	nop
	ret
SYM_CODE_END(ftrace_bench_site_nops)

/*
 * The same function with its callsite patched to call the trampoline
 * directly.  Its cost minus the one above is the least a direct call
 * can cost: the floor.
 */
SYM_CODE_START(ftrace_bench_site_call)
	hint	34
	mov	x9, x30
	bl	ftrace_bench_tramp
	ret
SYM_CODE_END(ftrace_bench_site_call)
