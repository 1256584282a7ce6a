#!/usr/bin/env python3
"""Generate the 256-layer ziggurat tables of RandomStream::Normal (models/common/random.cc).

Marsaglia & Tsang (2000), "The Ziggurat Method for Generating Random Variables", J. Stat. Softw.
5(8), with f(x) = exp(-x^2/2) (unnormalised). Every layer has the area V = R f(R) + int_R^inf f;
x_1 = R, x_{i+1} = f^-1(V / x_i + f(x_i)), and R is the root that closes the top layer
(x_256 = 0). x_0 = V / f(R) is the width of the base strip's rectangle of equal area.
Computed with mpmath at 60 digits, printed as exact C hex-float literals of the nearest doubles.
Usage: /usr/bin/python3 tools/gen_ziggurat_tables.py > /tmp/zig.inc
"""
import mpmath as mp

mp.mp.dps = 60
N = 256


def f(x):
    return mp.e ** (-x * x / 2)


def finv(y):
    return mp.sqrt(-2 * mp.log(y))


def area(r):
    return r * f(r) + mp.sqrt(mp.pi / 2) * mp.erfc(r / mp.sqrt(2))


def top_excess(r):
    """f(x_255) + V / x_255 - 1: zero when the 255 layers above the base close at x = 0."""
    v = area(r)
    x = r
    for _ in range(N - 2):
        y = v / x + f(x)
        if y >= 1:
            return mp.mpf(1)  # closed below the top: r too small (layers too wide)
        x = finv(y)
    return v / x + f(x) - 1


lo, hi = mp.mpf(3.5), mp.mpf(3.8)
for _ in range(200):
    mid = (lo + hi) / 2
    if top_excess(mid) > 0:
        lo = mid
    else:
        hi = mid
r = (lo + hi) / 2
v = area(r)
xs = [v / f(r), r]
for _ in range(N - 2):
    xs.append(finv(v / xs[-1] + f(xs[-1])))
xs.append(mp.mpf(0))
fs = [f(x) for x in xs]


def lit(x):
    return float(x).hex()


print(f"// R = {mp.nstr(r, 20)}, V = {mp.nstr(v, 20)} (tools/gen_ziggurat_tables.py)")
print(f"constexpr double kZigR = {lit(r)};")
print(f"constexpr double kZigX[{N + 1}] = {{")
for i in range(0, N + 1, 4):
    print("    " + ", ".join(lit(x) for x in xs[i:i + 4]) + ",")
print("};")
print(f"constexpr double kZigF[{N + 1}] = {{")
for i in range(0, N + 1, 4):
    print("    " + ", ".join(lit(x) for x in fs[i:i + 4]) + ",")
print("};")
