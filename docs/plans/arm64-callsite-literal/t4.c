extern int ext(int);
int g;
#define __init __attribute__((section(".init.text"), cold))
#define __init_nocold __attribute__((section(".init.text")))
int __init init_a(int x) { g = ext(x); return 0; }
int __init init_b(int x) { g = ext(x) + 1; return 1; }
int __init_nocold init_c(int x) { g = ext(x) + 2; return 2; }
int __init_nocold init_d(int x) { g = ext(x) + 3; return 3; }
__attribute__((cold, aligned(8))) void cold_al(int x) { g = ext(x); }
__attribute__((cold, aligned(8))) void cold_al2(int x) { g = ext(x) + 5; }
static __attribute__((noinline)) void callee_of_cold(int x) { g = ext(x) + x; }
__attribute__((cold, aligned(8))) void explicit_cold(int x) { callee_of_cold(x); ext(3); }
__attribute__((aligned(8))) int os_al(int x) { return ext(x) + 9; }
