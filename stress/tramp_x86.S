/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Direct trampolines of the direct_functions stress test.  A trampoline is
 * entered from the patched __fentry__ callsite, or from ftrace_caller or
 * ftrace_regs_caller, with the traced function's arguments in registers and
 * the address at which to continue it on top of the stack.
 */
#include <linux/linkage.h>

	.text

/*
 * Each counts its calls; only the hammer thread calls them, from one CPU,
 * so no lock.  The flags need not survive: this is a function entry.
 */
SYM_FUNC_START(stress_count_tramp)
	incq	stress_tramp_hits(%rip)
	RET
SYM_FUNC_END(stress_count_tramp)

SYM_FUNC_START(stress_count_tramp_b)
	incq	stress_tramp_hits_b(%rip)
	RET
SYM_FUNC_END(stress_count_tramp_b)

/* For the many functions that are registered only to grow the hash. */
SYM_FUNC_START(stress_empty_tramp)
	RET
SYM_FUNC_END(stress_empty_tramp)

/*
 * stress_slow_tramp: calls stress_slow_handler(), which may stay long
 * enough to be preempted (direct_killunreg.c), keeping the traced
 * function's argument registers.  With the return address and %rbp
 * pushed, six pushes leave the stack 16-byte aligned for the call.
 */
SYM_FUNC_START(stress_slow_tramp)
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%r8
	pushq	%r9
	call	stress_slow_handler
	popq	%r9
	popq	%r8
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rbp
	RET
SYM_FUNC_END(stress_slow_tramp)
