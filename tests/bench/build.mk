# Benchmarks run by `make bench` (scripts/bench runs each target).
BENCH_TARGETS += tests/bench/boot.py tests/bench/pv.py
