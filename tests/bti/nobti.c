// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of the BTI flavour ("make bti"): a direct trampoline for
 * wake_up_process() without a BTI landing pad.  Reached with BR from
 * ftrace_regs_caller (boot with ftrace_direct_far), it must take a BTI
 * exception.  If the kernel survives, BTI is not enforced, and the BTI
 * boots of the samples prove nothing.
 */
#include <linux/module.h>
#include <linux/ftrace.h>
#include <linux/sched.h>

void nobti_tramp(void);

asm(
"	.pushsection	.text, \"ax\", @progbits\n"
"	.type		nobti_tramp, @function\n"
"	.globl		nobti_tramp\n"
"nobti_tramp:\n"
"	nop\n"			/* where a BTI C would have to be */
"	mov	x10, x30\n"	/* x30: where wake_up_process() goes on */
"	mov	x30, x9\n"	/* x9: wake_up_process()'s own return address */
"	ret	x10\n"
"	.size		nobti_tramp, .-nobti_tramp\n"
"	.popsection\n"
);

static int __init nobti_init(void)
{
	return register_ftrace_direct((unsigned long)wake_up_process,
				      (unsigned long)nobti_tramp);
}

static void __exit nobti_exit(void)
{
	unregister_ftrace_direct((unsigned long)wake_up_process,
				 (unsigned long)nobti_tramp);
}

module_init(nobti_init);
module_exit(nobti_exit);
MODULE_DESCRIPTION("A direct trampoline without a BTI landing pad");
MODULE_LICENSE("GPL");
