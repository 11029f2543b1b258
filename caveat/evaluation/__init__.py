"""Measuring the checks: `caveat eval` on the labelled benchmarks and `caveat bench` for speed and memory."""
