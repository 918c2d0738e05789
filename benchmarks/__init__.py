"""Benchmarks P1-P6 of backprop-lessons, timed side by side: run `make bench` (benchmarks/run.py)."""
