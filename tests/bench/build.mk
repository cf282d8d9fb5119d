# Benchmarks run by `make bench` (scripts/bench runs each target).
BENCH_TARGETS += tests/bench/boot.py tests/bench/pv.py
# dom0 as `make run` boots it against the same kernel natively (needs
# `make linux` first, like tests/bench/linux.py).
BENCH_TARGETS += tests/bench/dom0.py
