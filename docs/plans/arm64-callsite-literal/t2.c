int g;
int f(int a) { return a * 3 + g; }
static int s(int a) { return a + g; }
int (*p)(int) = s;
