extern int ext(int);
int g;
static __attribute__((noinline)) int direct_only(int a) { return ext(a) + g; }
int caller(int a) { return direct_only(a) * 2; }
