/* implicit-cold candidates */
extern void die(const char *) __attribute__((noreturn));
extern int ext(int);
int g;
/* 1: static callee only called from __cold function */
static __attribute__((noinline)) void callee_of_cold(int x) { g = ext(x) + x; }
__attribute__((cold)) void explicit_cold(int x) { callee_of_cold(x); ext(3); }
/* 2: static callee only called on unlikely path */
static __attribute__((noinline)) void callee_unlikely(int x) { g = ext(x) * 5; }
void hotpath(int x) { if (__builtin_expect(x == 7, 0)) callee_unlikely(x); g++; }
/* 3: function that only calls a noreturn function */
void only_noreturn(int x) { ext(x); die("x"); }
/* 4: static callee only called before noreturn */
static __attribute__((noinline)) void before_die(int x) { g = ext(x) - 1; }
void err_path(int x) { if (x) { before_die(x); die("y"); } g = 2; }
/* 5: abort() implementation */
void abort(void) { die("abort"); }
/* 6: global function called only from cold code in this TU */
__attribute__((noinline)) void global_callee(int x) { g = ext(x) ^ 9; }
__attribute__((cold)) void cold2(int x) { global_callee(x); }
/* 7: weak fn */
__attribute__((weak)) int weakfn(int x) { return ext(x) + 1; }
/* 8: function with cold split part */
int split(int x) { if (__builtin_expect(x > 100, 0)) { ext(1); ext(2); ext(3); return ext(x) * 3; } return x + 1; }
