/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Direct trampolines of the direct_functions stress test.  A trampoline is
 * entered from the patched callsite <MOV X9, LR; BL trampoline>, or from
 * the ftrace entry with the same registers: x9 holds the traced function's
 * own LR, x30 the address at which to continue it, x10-x17 are free.
 * Both start with BTI C, as the entry reaches them with BR x17.
 */
#include <linux/linkage.h>

	.text

/*
 * Each counts its calls in @counter; only the hammer thread calls them,
 * from one CPU, so no lock.
 */
	.macro	count_tramp name, counter
SYM_CODE_START(\name)
	hint	34
	adrp	x10, \counter
	ldr	x11, [x10, :lo12:\counter]
	add	x11, x11, #1
	str	x11, [x10, :lo12:\counter]
	mov	x10, x30		/* where to continue the function */
	mov	x30, x9			/* its own return address */
	ret	x10
SYM_CODE_END(\name)
	.endm

	count_tramp	stress_count_tramp, stress_tramp_hits
	count_tramp	stress_count_tramp_b, stress_tramp_hits_b

/* For the many functions that are registered only to grow the hash. */
SYM_CODE_START(stress_empty_tramp)
	hint	34
	mov	x10, x30
	mov	x30, x9
	ret	x10
SYM_CODE_END(stress_empty_tramp)

/*
 * stress_slow_tramp: calls stress_slow_handler(), which may stay long
 * enough to be preempted (direct_killunreg.c).  The traced function's
 * arguments, x9 and x30 are kept in a frame of our own across the call.
 */
SYM_CODE_START(stress_slow_tramp)
	hint	34			/* BTI C: the entry may come with BR x17 */
	stp	x29, x30, [sp, #-96]!	/* a frame record: fp, and where to continue */
	mov	x29, sp			/* so that a preempted task unwinds */
	stp	x0, x1, [sp, #16]	/* the traced function's arguments */
	stp	x2, x3, [sp, #32]
	stp	x4, x5, [sp, #48]
	stp	x6, x7, [sp, #64]
	stp	x8, x9, [sp, #80]	/* x8, and x9: the function's own LR */
	bl	stress_slow_handler
	ldp	x0, x1, [sp, #16]	/* the arguments back */
	ldp	x2, x3, [sp, #32]
	ldp	x4, x5, [sp, #48]
	ldp	x6, x7, [sp, #64]
	ldp	x8, x9, [sp, #80]	/* x9: the function's own LR again */
	ldp	x29, x30, [sp], #96	/* x30: where to continue the function */
	mov	x10, x30		/* where to continue the function */
	mov	x30, x9			/* its own return address */
	ret	x10
SYM_CODE_END(stress_slow_tramp)
