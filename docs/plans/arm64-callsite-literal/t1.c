int g;
int hot_fn(int a) { return a * 3 + g; }
__attribute__((cold)) int cold_fn(int a) { g = a; return a + 1; }
__attribute__((hot)) int hot2(int a) { return a ^ g; }
__attribute__((section(".init.text"))) int init_fn(int a) { return a - g; }
static inline int inl(int a) { g += a; return g; }
int (*fp)(int) = inl;
__attribute__((noinline)) static int only_cold_caller(int x) { g = x*7; return g; }
__attribute__((cold)) void cold_path(int x) { only_cold_caller(x); }
void user(int x) { if (__builtin_expect(x == 42, 0)) cold_path(x); }
char c1(char x) { return x; }
void e(void) {}
