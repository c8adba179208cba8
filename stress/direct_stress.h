/* SPDX-License-Identifier: GPL-2.0 */
/* What ftrace_direct_stress.c and direct_errno.c share */
#ifndef DIRECT_STRESS_H
#define DIRECT_STRESS_H

/* In tramp_$(SRCARCH).S */
void stress_count_tramp(void);
void stress_count_tramp_b(void);
void stress_empty_tramp(void);
/* Calls stress_slow_handler() (direct_killunreg.c) */
void stress_slow_tramp(void);

/* Bumped by stress_count_tramp() and stress_count_tramp_b() */
extern unsigned long stress_tramp_hits;
extern unsigned long stress_tramp_hits_b;

extern unsigned long stress_sink;
void stress_target(unsigned long i);
void stress_other(unsigned long i);

int direct_errno_run(void);

/* direct_share.c: the share= mode */
int direct_share_start(const char *api);
void direct_share_stop(void);

/* direct_kill.c: the kill=1 mode */
int direct_kill_run(void);
/* kallsyms_lookup_name(), found through a kprobe */
unsigned long stress_lookup(const char *name);

/* direct_far.c: the far=1 mode */
int direct_far_run(void);
/*
 * A counting trampoline copied into executable vmalloc() memory (x86-64),
 * or ERR_PTR(-EOPNOTSUPP); each call bumps far_hits
 */
void *far_make(void);
extern unsigned long far_hits;

/* The 512 functions that the grow phase registers */
extern void (*const stress_fns[512])(void);

/* direct_lifetime.c: the lifetime=ROUNDS mode */
int direct_lifetime_run(unsigned int rounds);

/* direct_killreg.c: the killreg=1 mode */
int direct_killreg_run(void);

/* direct_killunreg.c: the killunreg=1 mode */
int direct_killunreg_run(void);
/* ... and the killother=1 mode: ftrace dies while unregister calls wait */
int direct_killother_run(void);

/* direct_site.c: the site=1 mode */
int direct_site_run(void);

#endif /* DIRECT_STRESS_H */
