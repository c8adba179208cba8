#ifndef KCOLD
#define KCOLD __attribute__((__cold__))
#endif
#define __init __attribute__((section(".init.text"))) KCOLD
extern void die(const char *) __attribute__((noreturn));
extern int ext(int);
int g;
static __attribute__((noinline)) void helper_of_cold(int x) { g = ext(x) + x; }
KCOLD void report_err(int x) { helper_of_cold(x); ext(3); }
void hot(int x) { if (__builtin_expect(x < 0, 0)) report_err(x); g = x; }
static __attribute__((noinline)) void helper_in_err_bb(int x) { g = ext(x) * 19; }
void hot2(int x) { if (x == 5) { helper_in_err_bb(x); report_err(x); } g = x; }
int __init init1(int x) { g = ext(x); return 0; }
int __init init2(int x) { g = ext(x) + 1; return 1; }
int __init init3(int x) { g = ext(x) + 2; return 2; }
void abort(void) { die("abort"); }
