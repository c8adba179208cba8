extern void die(const char *) __attribute__((noreturn));
extern int ext(int);
int g;
void pad0(void) { g = 1; }           /* size: shift following funcs by odd words */
__attribute__((noreturn)) void my_noreturn(int x) { ext(x); for (;;) ext(0); }
void pad1(void) { g = 2; }
static __attribute__((noinline)) void callee_of_noreturn(int x) { g = ext(x) * 3; }
__attribute__((noreturn)) void my_panic(int x) { callee_of_noreturn(x); die("p"); }
void pad2(void) { g = 3; }
void bugfn(int x) { if (x) { ext(x); __builtin_trap(); } g = x; }
void pad3(void) { g = 4; }
static __attribute__((noinline)) void callee_unreach(int x) { g = ext(x) * 11; }
void unreach(int x) { if (x == 3) { callee_unreach(x); __builtin_unreachable(); } g = x + 1; }
void pad4(void) { g = 5; }
static __attribute__((noinline)) void callee_expect0(int x) { g = ext(x) * 13; }
void ex0(int x) { if (__builtin_expect_with_probability(x == 3, 1, 0.0)) callee_expect0(x); g = 6; }
void pad5(void) { g = 7; }
static __attribute__((noinline)) void callee_in_noreturn_path(int x) { g = ext(x) * 17; }
void nrpath(int x) { if (x == 9) { callee_in_noreturn_path(x); die("q"); } g = 8; }
void abort(void) { die("abort"); }
void pad6(void) { g = 9; }
