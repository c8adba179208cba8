/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Direct trampolines of the model test.  A trampoline is entered from the
 * patched callsite <MOV X9, LR; BL trampoline>, or from an ftrace entry
 * with the same registers: x9 holds the traced function's own LR, x30 the
 * address at which to continue it, x10-x17 are free.  Each starts with
 * BTI C, as an entry may reach it with BR x17, and adds one to its own
 * counter: the test calls one target at a time, so no lock.
 */
#include <linux/linkage.h>

	.text

	.macro	model_tramp name, counter
SYM_CODE_START(\name)
	hint	34			/* BTI C */
	adrp	x10, \counter		/* x10: the counter's page */
	ldr	x11, [x10, :lo12:\counter]	/* x11: its value */
	add	x11, x11, #1
	str	x11, [x10, :lo12:\counter]
	mov	x10, x30		/* x10: where to continue the function */
	mov	x30, x9			/* x30: its own return address again */
	ret	x10
SYM_CODE_END(\name)
	.endm

	model_tramp	model_tramp0, model_tramp_hits
	model_tramp	model_tramp1, model_tramp_hits + 8
	model_tramp	model_tramp2, model_tramp_hits + 16
	model_tramp	model_tramp3, model_tramp_hits + 24
