/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Direct trampolines of the model test.  A trampoline is entered from the
 * patched __fentry__ callsite, or from ftrace_caller or ftrace_regs_caller,
 * with the traced function's arguments in registers and the address at
 * which to continue it on top of the stack.  Each adds one to its own
 * counter: the test calls one target at a time, so no lock, and the flags
 * need not survive a function entry.
 */
#include <linux/linkage.h>

	.text

	.macro	model_tramp name, counter
SYM_FUNC_START(\name)
	incq	\counter(%rip)
	RET
SYM_FUNC_END(\name)
	.endm

	model_tramp	model_tramp0, model_tramp_hits
	model_tramp	model_tramp1, model_tramp_hits + 8
	model_tramp	model_tramp2, model_tramp_hits + 16
	model_tramp	model_tramp3, model_tramp_hits + 24
