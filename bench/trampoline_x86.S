/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The empty direct trampoline of the ftrace benchmark, and the two helpers
 * that measure what calling it costs when nothing else runs.
 *
 * A direct trampoline is called from the patched __fentry__ callsite
 * <CALL trampoline> with the traced function's arguments in registers and
 * the address at which to continue it on the stack, so an empty one just
 * returns.  SYM_FUNC_START brings ENDBR with IBT and RET the return thunk
 * or the SLS INT3, as the kernel is configured.
 */
#include <linux/linkage.h>

	.text

SYM_FUNC_START(ftrace_bench_tramp)
	RET
SYM_FUNC_END(ftrace_bench_tramp)

/* A function whose entry is an unpatched callsite: the 5-byte NOP. */
SYM_FUNC_START(ftrace_bench_site_nops)
	.byte	0x0f, 0x1f, 0x44, 0x00, 0x00
	RET
SYM_FUNC_END(ftrace_bench_site_nops)

/*
 * The same function with its callsite patched to call the trampoline
 * directly.  Its cost minus the one above is the least a direct call
 * can cost: the floor.
 */
SYM_FUNC_START(ftrace_bench_site_call)
	call	ftrace_bench_tramp
	RET
SYM_FUNC_END(ftrace_bench_site_call)
