"""MasteryDesk benchmarks: `python -m benchmarks [NAME ...]` runs the main() of each bench_NAME.py.

generate.py makes the shared ten-year journal; results go to benchmarks/out/ (not committed).
"""
