/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Direct trampolines of the direct_functions stress test.  A trampoline is
 * entered from the patched __fentry__ callsite, or from ftrace_caller or
 * ftrace_regs_caller, with the traced function's arguments in registers and
 * the address at which to continue it on top of the stack.
 */
#include <linux/linkage.h>

	.text

/* Counts its calls; only the hammer thread's CPU calls it, so no lock. */
SYM_FUNC_START(stress_count_tramp)
	incq	stress_tramp_hits(%rip)
	RET
SYM_FUNC_END(stress_count_tramp)

/* For the many functions that are registered only to grow the hash. */
SYM_FUNC_START(stress_empty_tramp)
	RET
SYM_FUNC_END(stress_empty_tramp)
